"""Panels: controls that gather the user's choices and emit them as intents (signals)."""


def empty(rows):
    """Take every item out of these layouts, to lay the same widgets out again."""
    for row in rows:
        while row.count():
            row.takeAt(0)
