"""Step back: the snapshots the session published, for undo, redo and the timeline slider.

``Timeline.record(snapshot)`` keeps every new snapshot ``Session`` publishes in an
``engine.snapshot_history.SnapshotHistory`` (the same snapshot is not kept twice); ``undo``,
``redo`` and ``seek`` return a recorded snapshot, which ``Stepper.restore`` returns to exactly:
weights, every intermediate, the optimizer's state and the shuffles. Recording after an undo
drops the snapshots after the cursor: the new steps are a new branch.

Memory stays bounded (``BOUND_TEXT``): the SnapshotHistory holds at most ``CAPACITY`` snapshots, all
of the newest ``RECENT`` and ever sparser older ones; engine/snapshot_history.py states the bytes.
No Qt here.
"""
from __future__ import annotations

from engine.snapshot_history import SnapshotHistory

from .loss_history import LossHistory

CAPACITY, RECENT = 1000, 500
BOUND_TEXT = (f"Undo keeps at most {CAPACITY:,} points: every one of the newest {RECENT}, "
              "older ones ever sparser (every 2nd, 4th, ...). Arrays that did not change "
              "between two points are stored once.")


class Timeline:
    def __init__(self, capacity: int = CAPACITY, recent: int = RECENT):
        self.snapshots = SnapshotHistory(capacity, recent)
        self._last = None

    def clear(self):
        self.snapshots.clear()
        self._last = None

    def record(self, snapshot) -> bool:
        """Keep ``snapshot`` unless it is the one recorded or restored last."""
        if snapshot is self._last or snapshot is self.snapshots.current:
            return False
        self.snapshots.push(snapshot)
        self._last = snapshot
        return True

    def undo(self):
        """The snapshot before the current one, or None at the start."""
        return self.snapshots.undo()

    def redo(self):
        """The snapshot after the current one, or None at the end."""
        return self.snapshots.redo()

    def seek(self, index: int):
        """The snapshot at ``index`` (0: the oldest kept), or None out of range."""
        if not 0 <= index < len(self.snapshots):
            return None
        return self.snapshots.seek(index)

    def __len__(self) -> int:
        return len(self.snapshots)

    @property
    def index(self) -> int:
        return self.snapshots.index

    def can_undo(self) -> bool:
        return self.snapshots.can_undo()

    def can_redo(self) -> bool:
        return self.snapshots.can_redo()

    def nbytes(self) -> int:
        return self.snapshots.nbytes()


def losses_until(losses: LossHistory, epoch: int) -> LossHistory:
    """A copy of the loss curve that ends at ``epoch`` (the session stepped back to it)."""
    kept = LossHistory(losses.capacity)
    kept.stride = losses.stride
    for e, train, test, penalty in zip(*losses.curve()):
        if e <= epoch:
            kept.record(int(e), float(train), float(test), float(penalty))  # skips the unkept newest point
    return kept
