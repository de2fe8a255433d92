"""The session side: everything a session is, without Qt (run.py and its parts), and its thin
Qt face (face.py). Import ``playground.session.face.Session`` for the window; the rest is
plain Python, testable without a QApplication."""
