"""Panels: controls that gather the user's choices and emit them as intents (signals)."""
