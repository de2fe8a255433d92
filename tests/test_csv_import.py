"""Own data: the CSV import (reading, the choice of columns, errors naming the line, the
dialog) and points added or removed by clicking on the decision boundary."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QTableWidget

from engine.datasets import DataError, Dataset
from playground.session import data_edits
from playground.dialogs.csv_import import CsvImportDialog, dataset_of, read_table
from playground.window.main_window import MainWindow


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_header_and_blank_lines_are_skipped_and_the_last_column_is_the_target(tmp_path):
    table = read_table(write(tmp_path, "a,b,label\n\n0.5,-1,1\n2,3e-1,0\n"))
    assert table.header == ["a", "b", "label"]
    data = dataset_of(table, [0, 1], [2])
    assert data.x.tolist() == [[0.5, -1.0], [2.0, 0.3]] and data.t.tolist() == [[1.0], [0.0]]
    assert data.kind == "classification" and data.name == "data.csv"


def test_columns_can_be_chosen_in_any_order_and_ignored(tmp_path):
    table = read_table(write(tmp_path, "1,2,3,4\n5,6,7,8\n"))
    assert table.header is None
    data = dataset_of(table, [3, 0], [1])
    assert data.x.tolist() == [[4.0, 1.0], [8.0, 5.0]] and data.t.tolist() == [[2.0], [6.0]]
    assert data.kind == "regression"


@pytest.mark.parametrize("text, line, words", [
    ("x,y,t\n1,2,1\n3,4\n", 3, "expected 3 columns, found 2"),
    ("1,2,1\n1,2,1\n\n1,abc,0\n", 4, "'abc' is not a number"),
    ("1,2,1\n1,inf,0\n", 2, "not a finite number"),
])
def test_errors_name_the_line(tmp_path, text, line, words):
    table = read_table(write(tmp_path, text))
    with pytest.raises(DataError) as e:
        dataset_of(table, [0, 1], [2])
    assert f"line {line}" in str(e.value) and words in str(e.value)
    assert str(tmp_path / "data.csv") in str(e.value)


@pytest.mark.parametrize("text, words", [("", "no data rows"), ("x,y,t\n", "no data rows")])
def test_empty_files_are_refused(tmp_path, text, words):
    with pytest.raises(DataError, match=words):
        read_table(write(tmp_path, text))


def test_a_binary_file_is_refused(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(b"\xff\xfe\x00\x01garbage")
    with pytest.raises(DataError, match="UTF-8"):
        read_table(path)


def test_the_dialog_previews_and_defaults_to_all_but_the_last_as_inputs(qtbot, tmp_path):
    rows = "".join(f"{k},{-k},{k % 2}\n" for k in range(20))
    dialog = CsvImportDialog(read_table(write(tmp_path, "u,v,c\n" + rows)))
    qtbot.addWidget(dialog)
    assert [b.currentText() for b in dialog.roles] == ["input", "input", "target"]
    preview = dialog.findChild(QTableWidget, "csvPreview")
    assert preview.rowCount() == 8 and preview.columnCount() == 3
    assert preview.item(1, 1).text() == "-1" and preview.verticalHeaderItem(0).text() == "2"
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.dataset.x.shape == (20, 2) and dialog.dataset.t[:, 0].tolist() == [k % 2 for k in range(20)]


def test_the_dialog_stays_open_with_the_error_and_needs_two_inputs(qtbot, tmp_path):
    dialog = CsvImportDialog(read_table(write(tmp_path, "1,2,3,1\n1,2,x,0\n")))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "exactly 2 input" in dialog.error.text()  # 3 inputs by default
    dialog.set_roles([0, 2], [3])
    assert ok.isEnabled()
    dialog.accept()
    assert dialog.dataset is None and "line 2" in dialog.error.text()
    dialog.set_roles([0, 1], [3])
    dialog.accept()
    assert dialog.dataset.x.tolist() == [[1, 2], [1, 2]]


@pytest.fixture
def window(qtbot, monkeypatch):
    w = MainWindow()
    qtbot.addWidget(w)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    w.warnings = warnings
    return w


def test_import_csv_in_the_window_keeps_the_weights_and_trains_on_the_points(window, tmp_path, monkeypatch):
    path = write(tmp_path, "x1,x2,t\n" + "".join(f"{k / 10},{1 - k / 10},{k % 2}\n" for k in range(10)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(CsvImportDialog, "exec", lambda self: self.accept() or self.result())
    weights = [w.copy() for w in window.session.trainer.net.weights]
    window.files.import_action.trigger()
    s = window.session
    assert s.train_set.name == "data.csv" and len(s.train_set) == 10 and s.test_set is None
    assert np.array_equal(s.trainer.x[:, 0], np.arange(10) / 10)
    assert all(np.array_equal(a, b) for a, b in zip(weights, s.trainer.net.weights))
    assert window.data_panel.dataset.currentText() == "data.csv"
    s.finish_iteration()
    assert s.trainer.steps == 1 and window.warnings == []


def test_a_bad_csv_changes_nothing_and_says_why(window, tmp_path, monkeypatch):
    path = write(tmp_path, "")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    before = window.session.train_set
    window.files.import_action.trigger()
    assert window.session.train_set is before and "no data rows" in window.warnings[0]


def click(qtbot, view, x, y, button=Qt.MouseButton.LeftButton, mods=Qt.KeyboardModifier.NoModifier):
    vb = view.getPlotItem().vb
    scene = vb.mapViewToScene(pg_point(x, y))
    pos = view.mapFromScene(scene)
    qtbot.mouseClick(view.viewport(), button, mods, QPoint(pos.x(), pos.y()))


def pg_point(x, y):
    from PySide6.QtCore import QPointF
    return QPointF(x, y)


def test_clicks_add_and_remove_points_and_keep_the_weights(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    view, s = window.boundary_view, window.session
    s.finish_iteration()
    weights = [w.copy() for w in s.trainer.net.weights]
    click(qtbot, view, 0.5, 0.5)
    assert len(s.train_set) == 5 and s.train_set.t[-1, 0] == 1.0
    assert np.allclose(s.train_set.x[-1], [0.5, 0.5], atol=0.05)
    click(qtbot, view, 0.2, 0.8, mods=Qt.KeyboardModifier.ShiftModifier)
    click(qtbot, view, 0.8, 0.2, button=Qt.MouseButton.RightButton)
    assert s.train_set.t[-2:, 0].tolist() == [0.0, 0.0] and len(s.train_set) == 7
    click(qtbot, view, 1.0, 1.0, mods=Qt.KeyboardModifier.ControlModifier)  # the xor point (1, 1)
    assert len(s.train_set) == 6
    assert not any(np.array_equal(p, [1.0, 1.0]) for p in s.train_set.x)
    assert all(np.array_equal(a, b) for a, b in zip(weights, s.trainer.net.weights))
    assert s.trainer.n_samples == 6 and s.train_set.name == "xor (edited)"
    assert "Ctrl+click" in view.toolTip()


def test_the_last_point_is_not_removed():
    one = Dataset("one", [[0.0, 0.0]], [[1.0]])
    assert data_edits.remove_nearest(one, 0, 0) is None
    two = data_edits.add_point(one, 1.0, 2.0, 0.0)
    assert two.x.tolist() == [[0, 0], [1, 2]] and two.t.tolist() == [[1], [0]]
    assert data_edits.remove_nearest(two, 0.9, 1.9).x.tolist() == [[0, 0]]
