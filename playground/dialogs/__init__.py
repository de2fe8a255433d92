"""Dialogs: they gather typed input and hand it back; they change nothing themselves."""
