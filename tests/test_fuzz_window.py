"""Seeded random user actions on the real MainWindow, with checks after every one.

Actions: step, finish, play for a few ms, pause, reset, randomize, every control of the
panels (skipping disabled ones, as a user must), layers and units, weight and bias edits
with good and bad text, undo, redo, the timeline slider, zoom, presets, clicks on the
decision boundary, input features, a unit's map large, Discretize, the class a click adds,
the penalty, session files (good, corrupt, unwritable) through the patched file
dialogs, CSV imports, every export, and long work (gradient checks and Finishes in slices,
their ticks, Esc and Cancel). After each: no exception in a slot, no Qt warning,
the graph has the network's shape, and weights, scores and the loss curve are finite.
300 actions by default and 2,000 with ``-m slow`` (seed 1); ``--fuzz-actions N`` and
``FUZZ_SEED`` change them. The player runs on a clock that moves a millisecond at each
reading (helpers.Clock), and the session's timer ticks only where the test counts its ticks
(``ticking``), so a seed replays the same states however loaded the machine is.
Each run ends with an outcome digest: SHA-256 of the action log (each action's name with the
epoch, step count and shape after it) and of the final parameters, epoch, loss history and
scores; ``--fuzz-digest PATH`` appends ``seed actions digest`` to PATH, so two runs of a seed
can be compared (README, "Set up and run").
"""
import contextlib
import hashlib
import os
import random
import time
import traceback

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, qInstallMessageHandler
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from playground.dialogs.csv_import import CsvImportDialog
from playground.session import run as run_module
from playground.window import check_control
from playground.window.main_window import MainWindow
from helpers import Clock

# The offscreen platform says it cannot, on every show of a window (or a field's tooltip).
IGNORED = ("does not support propagateSizeHints", "does not support raise()")
TEXTS = ["0.5", "-3", "1/3", "0", "abc", "", "1e308", "-2e6", "nan", "inf", "1e-300", "7"]


@contextlib.contextmanager
def ticking(timer):
    """Let the session's timer tick: only here, where the ticks are counted. Elsewhere its
    signal is blocked, so that no event processing (a mouse click, the paint events let through
    now and then) runs a tick of a check or a Finish under way a number of times that depends
    on the real clock."""
    timer.blockSignals(False)
    try:
        yield
    finally:
        timer.blockSignals(True)


def action_named(window, text):
    for a in window.findChildren(QAction):
        if a.text().replace("&", "") == text:
            return a
    return None


class Fuzzer:
    def __init__(self, window, qtbot, folder, rng):
        self.w, self.qtbot, self.folder, self.rng = window, qtbot, folder, rng
        self.s, self.missing, self.counts = window.session, set(), {}
        self.open_path = self.save_path = None
        self.files = self._files()
        self.kinds = [(self.step, 30), (self.finish, 10), (self.play, 6), (self.pause, 3),
                      (self.reset, 3), (self.randomize, 3), (self.train_control, 12),
                      (self.data_control, 8), (self.net_control, 10), (self.edit_weight, 8),
                      (self.menu_action, 8), (self.slider, 3), (self.click_boundary, 5),
                      (self.sample, 3), (self.toggles, 3), (self.open_file, 3), (self.save, 2),
                      (self.import_csv, 2), (self.export, 2), (self.resize, 2),
                      (self.long_work, 10), (self.problems, 6)]

    def _files(self):
        w, f = self.w, self.folder
        good = f / "good.json"
        w.files.save_to(good)
        text = good.read_text()
        bad = {"cut.json": text[:len(text) // 3], "empty.json": "", "v9.json": text.replace(
            '"version": 1', '"version": 9', 1), "list.json": "[1, 2]", "nan.json": text.replace(
            '"eta": ', '"eta": NaN, "x": ', 1), "bytes.json": "\x00\x01\x02"}
        for name, content in bad.items():
            (f / name).write_text(content)
        (f / "good.csv").write_text("a,b,t\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.5,0.5,1\n")
        (f / "bad.csv").write_text("a,b,t\n0,0,0\n0,x,1\n")
        (f / "wide.csv").write_text("1,2,3,4\n5,6,7,8\n")
        return [good, *(f / n for n in bad), f / "good.csv", f / "missing.json"]

    # the actions
    def step(self):
        self.w.training.step.click()

    def finish(self):
        self.w.training.finish.click()

    def play(self):
        self.w.training.play.click()
        ticks, n, timer = [], self.rng.randint(1, 3), self.s.timer

        def tick():  # Pause is clicked after n of the player's time slices, however long they take
            ticks.append(1)
            if len(ticks) == n and self.s.playing:
                self.w.training.play.click()
        timer.timeout.connect(tick)
        with ticking(timer):
            self.qtbot.waitUntil(lambda: not self.s.playing)
        timer.timeout.disconnect(tick)

    def pause(self):
        self.s.pause()

    def long_work(self):
        """A gradient check or a Finish in slices (the fuzz run lowers their thresholds): start
        one and let up to 8 of the session's ticks run, or only the ticks, or press Esc, or
        click Cancel."""
        pick, view = self.rng.randrange(5), self.w.docks.check_view
        if pick == 0:
            self.w.docks.actions.check.trigger()
        elif pick == 1:
            self.w.training.finish.click()
        if pick <= 2:
            self.ticks(self.rng.randint(1, 8))
        elif pick == 3:  # Esc, as its shortcut gets it: the offscreen window is not always
            esc = self.w.findChild(QShortcut, "stopLongWork")  # active (a real key: test_window_long_work)
            if esc.isEnabled():
                esc.activated.emit()
        elif not view.cancel_button.isHidden():
            view.cancel_button.click()

    def ticks(self, n):
        """Exactly ``n`` of the session's ticks at rest (fewer if its work ends first)."""
        seen, timer = [], self.s.timer
        if self.s.playing or not self.s.run.busy:
            return

        def tick():  # stops the timer after n ticks, however long they take
            seen.append(1)
            if len(seen) == n:
                timer.stop()
        timer.timeout.connect(tick)
        with ticking(timer):
            self.qtbot.waitUntil(lambda: len(seen) >= n or not timer.isActive())
        timer.timeout.disconnect(tick)

    def reset(self):
        self.w.training.reset.click()

    def randomize(self):
        self.w.training.randomize.click()

    def _choose(self, combo):
        if combo.isEnabled() and combo.count():
            combo.setCurrentIndex(self.rng.randrange(combo.count()))

    def _spin(self, spin):
        if spin.isEnabled():
            spin.setValue(self.rng.uniform(spin.minimum(), spin.maximum())
                          if hasattr(spin, "decimals") else self.rng.randint(spin.minimum(), spin.maximum()))

    def train_control(self):
        t = self.w.training
        pick = self.rng.randrange(5)
        if pick == 0:
            t.eta.setValue(10 ** self.rng.uniform(-4, 1))
        elif pick == 1:
            t.batch.setValue(self.rng.choice([0, 1, 3, 10, 50]))
        elif pick == 2:
            self._choose(t.optimizer)
        elif pick == 3:
            self._choose(t.speed)
        else:  # typed text: the spin box must refuse it
            t.eta.lineEdit().setText(self.rng.choice(TEXTS))
            t.eta.interpretText()

    def data_control(self):
        d = self.w.data_panel
        pick = self.rng.randrange(4)
        if pick == 0:
            self._choose(d.dataset)
        elif pick == 1:
            self._spin(self.rng.choice([d.points, d.noise, d.split, d.seed]))
        elif pick == 2 and d.regenerate.isEnabled():
            d.regenerate.click()
        else:
            d.points.setValue(self.rng.choice([10, 40])) if d.points.isEnabled() else None

    def net_control(self):
        n = self.w.network_panel
        pick = self.rng.randrange(6)
        if pick == 0 and n.add_layer.isEnabled():
            n.add_layer.click()
        elif pick == 1 and n.remove_layer.isEnabled():
            n.remove_layer.click()
        elif pick == 2 and n.spins:
            self._spin(self.rng.choice(n.spins))
        elif pick == 3 and n.combos:
            self._choose(self.rng.choice(n.combos))
        elif pick == 4:
            self._choose(self.rng.choice([n.output, n.loss]))
        else:
            n.bias.toggle()

    def edit_weight(self):
        sizes = self.s.trainer.net.sizes
        l = self.rng.randrange(len(sizes) - 1)
        j, i = self.rng.randrange(sizes[l + 1]), self.rng.randrange(sizes[l])
        target = ("edge", l, j, i) if self.rng.random() < 0.7 else ("node", l, j)
        text = self.rng.choice(TEXTS)
        self.patch(QInputDialog, "getText", lambda *a, **k: (text, True))
        self.w.network_view.edit(target)

    def menu_action(self):
        names = ["Undo", "Redo", "Gradient check", "Zoom in", "Zoom out", "Actual size",
                 "Log-scale loss", "Edges show the gradient check"]
        presets = [a for a in self.w.findChildren(QAction) if a.objectName().startswith("preset_")]
        if not presets:
            self.missing.add("presets")
        if self.rng.random() < 0.15 and presets:
            self.rng.choice(presets).trigger()
            return
        name = self.rng.choice(names)
        action = action_named(self.w, name)
        if action is None:
            self.missing.add(name)
        elif action.isEnabled():
            action.trigger()

    def slider(self):
        slider = getattr(getattr(self.w, "docks", None), "slider", None)
        if slider is None:
            self.missing.add("timeline slider")
        elif slider.isEnabled() and slider.maximum() > slider.minimum():
            slider.setValue(self.rng.randint(slider.minimum(), slider.maximum()))

    def click_boundary(self):
        view = self.w.boundary_view
        x0, x1, y0, y1 = self.s.extent
        p = view.getPlotItem().vb.mapViewToScene(QPointF(self.rng.uniform(x0, x1), self.rng.uniform(y0, y1)))
        pos = view.mapFromScene(p)
        button, mods = self.rng.choice([
            (Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
            (Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier),
            (Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier),
            (Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier)])
        self.qtbot.mouseClick(view.viewport(), button, mods, QPoint(pos.x(), pos.y()))

    def sample(self):
        self._spin(self.w.network_view.sample_spin)

    def problems(self):
        """Input features, a unit's map large, the class only, the class a click adds, the penalty."""
        view, pick = self.w.network_view, self.rng.randrange(5)
        if pick == 0:
            features = [a for a in self.w.findChildren(QAction)
                        if a.objectName().startswith("feature_") and a.isEnabled()]
            self.rng.choice(features).trigger() if features else None
        elif pick == 1:
            sizes, n_inputs = self.s.trainer.net.sizes, len(view.frame.inputs.names)
            l = self.rng.randrange(1, len(sizes))
            view.hover_unit(self.rng.choice([None, ("node", l, self.rng.randrange(sizes[l])),
                                             ("input", self.rng.randrange(max(n_inputs, 1)))]))
        elif pick == 2 and self.w.actions_.discretize.isEnabled():
            self.w.actions_.discretize.trigger()
        elif pick == 3:
            self._choose(self.w.data_panel.add_class)
        else:
            n = self.w.network_panel
            self._choose(n.penalty) if self.rng.random() < 0.5 else self._spin(n.rate)

    def toggles(self):
        self.rng.choice([self.w.log_check, self.w.data_panel.show_test]).toggle()

    def resize(self):
        """A laptop, a projector, large type: the layout follows (two rows, narrower docks)."""
        self.w.resize(*self.rng.choice([(1024, 768), (1280, 720), (1400, 800), (1920, 1080)]))
        if self.rng.random() < 0.3:
            self.w.docks.set_zoom(self.rng.choice([1.0, 1.0, 1.25, 1.5]))

    def open_file(self):
        self.open_path = str(self.rng.choice(self.files))
        self.w.files.open_action.trigger()

    def save(self):
        self.save_path = str(self.rng.choice([self.folder / "saved.json", self.folder / "no" / "x.json"]))
        self.w.files.save_action.trigger()

    def import_csv(self):
        self.open_path = str(self.rng.choice([self.folder / n for n in ("good.csv", "bad.csv", "wide.csv", "none.csv")]))
        self.w.files.import_action.trigger()

    def export(self):
        actions = [a for a in self.w.files.export_menu.actions() if not a.isSeparator()]
        action = self.rng.choice(actions)
        self.save_path = str(self.folder / f"export{self.rng.randrange(3)}.{action.text().split()[-1][:-1].lower()}")
        action.trigger()

    def patch(self, owner, name, value):
        self.monkeypatch.setattr(owner, name, value)

    def run_one(self):
        kind = self.rng.choices([k for k, _ in self.kinds], [n for _, n in self.kinds])[0]
        self.counts[kind.__name__] = self.counts.get(kind.__name__, 0) + 1
        kind()
        return kind.__name__


class Digest:
    """SHA-256 of what a run did and where it ended: equal digests, equal runs."""

    def __init__(self):
        self.sha = hashlib.sha256()

    def add(self, *parts):
        for part in parts:
            data = part.tobytes() if isinstance(part, np.ndarray) else repr(part).encode()
            self.sha.update(len(data).to_bytes(8, "little") + data)  # no two logs run together

    def action(self, name, session, result):
        trainer, job = session.trainer, session.check_job
        self.add(name, trainer.epoch, trainer.steps, tuple(trainer.net.sizes), session.finishing,
                 job and job.progress.done, result and result.verdict)

    def final(self, session):
        curve = session.history.curve()
        self.add(*session.trainer.net.params(), session.trainer.epoch, session.trainer.steps,
                 np.asarray(curve.train), np.asarray(curve.test), session.run.epochs.scores())
        return self.sha.hexdigest()


def check(window, fuzz, name, warnings, messages):
    s = window.session
    net = s.trainer.net
    frame = window.network_view.frame
    assert frame.info.sizes == tuple(net.sizes), name
    assert window.network_view.node_count() == sum(net.sizes), name
    assert frame.snapshot is s.snapshot or s.playing, name
    finite = all(np.isfinite(p).all() for p in net.params())
    assert finite or "diverged" in window.statusBar().currentMessage(), name
    scores = s.run.epochs.scores()
    curve = s.history.curve()
    status = window.statusBar().currentMessage()
    assert all(v is None or np.isfinite(v) for v in scores[::2]) or not finite, (name, scores, status)
    assert np.isfinite(curve.train).all(), name
    assert not warnings, (name, warnings)
    checks = window.docks.checks
    assert window.docks.check_view.cancel_button.isHidden() == (s.check_job is None), name
    assert checks.stop_key.isEnabled() == bool(s.check_job or s.playing or s.finishing), name


def fuzz_run(qtbot, folder, monkeypatch, seed: int, n: int) -> str:
    """``n`` seeded actions on a new window, checked after each; the outcome digest."""
    rng = random.Random(seed)
    monkeypatch.setattr(time, "perf_counter", Clock(tick=0.001))
    # Checks and Finishes of small states run in slices too, so that random actions meet them
    monkeypatch.setattr(check_control, "AUTO_LIMIT", 40)
    monkeypatch.setattr(run_module, "HEAVY_STEP", 40)
    window = MainWindow()
    window.session.run.seeds.seed(seed)  # Randomize draws its new weights' seed from it
    window.session.timer.blockSignals(True)  # ticks run only where counted (``ticking``)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    messages = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: messages.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (rng.choice([0.5, 1.0, 2.5]), True))
    monkeypatch.setattr(CsvImportDialog, "exec", lambda self: self.accept() or self.result())
    fuzz = Fuzzer.__new__(Fuzzer)
    fuzz.monkeypatch = monkeypatch
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (fuzz.open_path, ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (fuzz.save_path, ""))
    Fuzzer.__init__(fuzz, window, qtbot, folder, rng)
    warnings, digest = [], Digest()

    def on_message(kind, context, text):
        if not any(t in text for t in IGNORED):
            warnings.append(text)
    previous = qInstallMessageHandler(on_message)
    try:
        for k in range(n):
            with qtbot.captureExceptions() as errors:
                name = fuzz.run_one()
                if k % 25 == 0:
                    QApplication.processEvents()  # let paint events through now and then
            assert not errors, f"action {k}: {name}\n" + "".join(
                traceback.format_exception(*errors[0]))
            check(window, fuzz, f"action {k}: {name}", warnings, messages)
            digest.action(name, window.session, window.docks.result)
    finally:
        qInstallMessageHandler(previous)
        window.session.pause()
    print(f"\n{n} actions; kinds {fuzz.counts}; missing {sorted(fuzz.missing)}; "
          f"{len(messages)} message boxes; epoch {window.session.trainer.epoch}")
    assert not fuzz.missing, f"actions not found: {sorted(fuzz.missing)}"
    assert len(messages) > 0  # the corrupt files were refused with a message
    digest.add(len(messages))
    return digest.final(window.session)


@pytest.mark.parametrize("actions", [300, pytest.param(2000, marks=pytest.mark.slow)])
def test_random_user_actions_keep_the_window_sound(qtbot, tmp_path, monkeypatch, request, actions):
    n = request.config.getoption("--fuzz-actions") or actions
    seed = int(os.environ.get("FUZZ_SEED", "1"))
    digest = fuzz_run(qtbot, tmp_path, monkeypatch, seed, n)
    print(f"fuzz digest: seed {seed}, {n} actions, sha256 {digest}")
    path = request.config.getoption("--fuzz-digest")
    if path:
        with open(path, "a") as out:
            out.write(f"{seed} {n} {digest}\n")


def test_a_seed_replays_to_the_same_digest(qtbot, tmp_path, monkeypatch):
    """Two runs of one seed in one process end in the same digest; another seed does not
    (each run with preferences and a data folder of its own: a zoom kept by the first would
    move the second's clicks)."""
    digests = []
    for k, seed in enumerate([7, 7, 8]):
        folder = tmp_path / f"run{k}"
        folder.mkdir()
        monkeypatch.setenv("BACKPROP_PLAYGROUND_SETTINGS", str(folder / "settings.ini"))
        monkeypatch.setenv("BACKPROP_PLAYGROUND_DATA", str(folder / "data"))
        digests.append(fuzz_run(qtbot, folder, monkeypatch, seed, 120))
    assert digests[0] == digests[1]
    assert digests[2] != digests[0]
