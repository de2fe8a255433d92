"""The classroom in the window: the Exercise dock (predict, then reveal), and the parts
around it: the Classroom menu (worksheets and answer keys, worksheet_export.py), presenter
mode (presenter.py) and the Help menu's keyboard reference and tour (help_menu.py).

``Classroom(window)`` docks the exercise panel beside the inspector and follows the session:
the exercise set it publishes (``exercisesChanged``), and each frame, after which the panel
asks for the values of the next phase. Checking reads the typed answers (session/quiz.py),
runs that phase (``Session.step``) and marks the answers against the snapshot it published:
the engine's numbers. A typed answer that does not read stops the phase from running.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMenu

from .exercise_editing import ExerciseEditing
from .help_menu import build_help
from .lessons import Lessons
from .presenter import Presenter
from .actions import action, fill
from ..panels.exercise_panel import ExercisePanel
from ..session.exercises import phase_of
from ..session.expressions import AnswerError
from ..session.frame import FORWARD, HIDDEN_DELTA, PHASE_TITLES
from ..session.quiz import Quiz

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


def phase_title(phase, layer) -> str:
    title = PHASE_TITLES[phase]
    return f"{title} (layer {layer + 1})" if phase == HIDDEN_DELTA else title


class Classroom(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window, self.session = window, window.session
        self.quiz, self.panel, self._asked = Quiz(), ExercisePanel(), None
        self.dock = QDockWidget("Exercise", window, objectName="exerciseDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(RIGHT, self.dock)
        window.tabifyDockWidget(window.docks.inspector_dock, self.dock)
        window.docks.inspector_dock.raise_()
        window.actions_.view_menu.addAction(self.dock.toggleViewAction())
        self.dock.toggleViewAction().setStatusTip("Show or hide the exercise: predict, then reveal")
        self.session.exercisesChanged.connect(self.set_exercises)
        self.session.frameReady.connect(lambda _: self.ask())
        self.panel.checkRequested.connect(self.check)
        self._menu()
        self.presenter = Presenter(window)
        self.keyboard_reference, self.tour = build_help(window)
        self.lessons = Lessons(window, self.presenter)
        self.set_exercises(self.session.exercises)

    def _menu(self):
        """The Classroom menu, before Help: the exercise, its worksheet and answer key."""
        w, a = self.window, self.window.actions_
        self.menu = a.classroom_menu = QMenu("&Classroom", w, objectName="classroomMenu")
        w.menuBar().insertMenu(a.help_menu.menuAction(), self.menu)
        self.export_worksheet = action(w, "Export &worksheet…", lambda: export_worksheet(
            w, "worksheet"), [], "The network, the data and the blanks (Markdown or PDF)")
        self.export_key = action(w, "Export &answer key…", lambda: export_worksheet(
            w, "key"), [], "Each answer rounded as the exercise states, with its computation")
        exercise = self.dock.toggleViewAction()
        exercise.setText("&Exercise: predict, then reveal")
        fill(self.menu, [exercise, None, self.export_worksheet, self.export_key])
        self.editing = ExerciseEditing(w, self.menu)  # the teacher writes the set

    def set_exercises(self, exercises):
        self.quiz = Quiz(exercises)
        self.panel.set_title(exercises.title if exercises else None)
        self.panel.new_iteration()
        self._asked = None
        self.ask()

    def ask(self):
        """The blanks of the next phase, laid out again only when the next phase changes."""
        if self.session.playing:
            return  # nothing to predict while training runs; pausing publishes a frame
        snap = self.session.snapshot
        key = (snap.next_phase, snap.next_layer, snap.steps, snap.epoch, snap.samples.tobytes())
        if key == self._asked:
            return
        self._asked = key
        self.panel.ask(self.quiz.asking(snap, self.session.info),
                       phase_title(snap.next_phase, snap.next_layer))

    def check(self, texts: dict):
        """Mark ``texts`` ({question: typed text}) after running the phase that computes them."""
        try:
            values = self.quiz.read(texts)
        except AnswerError as e:
            self.panel.show_problem(str(e))
            return
        info = self.session.info
        phase = phase_of(next(iter(self.panel.edits)), len(info.sizes) - 1)
        self.session.step()
        snap = self.session.snapshot
        if (snap.phase, snap.layer) != phase:  # e.g. the update diverged: nothing to mark
            self.panel.show_problem("The phase did not run; nothing was marked.")
            return
        if snap.phase == FORWARD:
            self.panel.new_iteration()
        marks = self.quiz.check(values, snap, info)
        self.panel.show_marks(marks, self.quiz.score, self.quiz.exercises.digits)
        self.dock.raise_()


def export_worksheet(window, kind):
    from . import worksheet_export  # when first asked for: the first frame does not need it
    return worksheet_export.export(window, kind)
