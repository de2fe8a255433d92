"""Views: they redraw from what Session emits (Snapshots, maps, the loss curve) and never
touch the engine objects."""
