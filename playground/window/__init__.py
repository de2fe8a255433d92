"""The window side: the main window, its menus and actions, docks, file menu and exports.
It shows frames and hands intents to the session's face; it imports nothing of the engine."""
