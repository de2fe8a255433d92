"""File > Export: pictures of the graph and the loss plot, the loss as CSV, and the current
iteration's numbers as CSV, Markdown and LaTeX. Each file is parsed back and checked."""
import csv
import os
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from playground.window import exports
from playground.window.main_window import MainWindow


@pytest.fixture
def window(qtbot, monkeypatch):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 800)
    w.show()
    qtbot.waitExposed(w)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    w.warnings = warnings
    return w


def svg_root(path):
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    return root


def test_the_graph_as_svg_is_vector_xml(window, tmp_path):
    exports.graph_svg(window, tmp_path / "g.svg")
    root = svg_root(tmp_path / "g.svg")
    shapes = [e for e in root.iter() if e.tag.split("}")[-1] in ("path", "polyline", "rect", "circle")]
    assert len(shapes) > 10  # edges and units are drawn as shapes, not as one picture


@pytest.mark.parametrize("export", [exports.graph_svg, exports.loss_svg])
def test_no_svg_path_is_empty(qtbot, tmp_path, export):
    # An empty path is invalid SVG: Qt's own renderer warns "Invalid path data" on reading it.
    # A set with test points draws the test curve, empty before it has two points.
    window = MainWindow(["--dataset", "spiral", "--train-epochs", "50"])
    qtbot.addWidget(window)
    window.show()
    export(window, tmp_path / "x.svg")
    paths = [e for e in svg_root(tmp_path / "x.svg").iter() if e.tag.endswith("}path")]
    assert paths and all(e.get("d", "").strip() for e in paths)


@pytest.mark.parametrize("scale", [1.0, 1.5, 3.0])
def test_the_graph_as_png_has_the_requested_scale(window, tmp_path, scale):
    exports.graph_png(window, tmp_path / "g.png", scale)
    image = QImage(str(tmp_path / "g.png"))
    view = window.network_view.graphics.viewport().size()
    assert image.width() == round(scale * view.width())
    assert abs(image.height() - scale * view.height()) <= 1.5


def test_the_loss_plot_as_png_svg_and_csv(window, tmp_path):
    window.session.train(30)
    exports.loss_png(window, tmp_path / "l.png", 2.0)
    exports.loss_svg(window, tmp_path / "l.svg")
    exports.loss_csv(window, tmp_path / "l.csv")
    plot_width = window.loss_plot.getPlotItem().sceneBoundingRect().width()
    assert QImage(str(tmp_path / "l.png")).width() == round(2 * plot_width)
    texts = ["".join(e.itertext()).strip() for e in svg_root(tmp_path / "l.svg").iter()
             if e.tag.endswith("text")]
    assert "epoch" in texts and "10" in texts  # the axes are text, not a picture of text
    rows = list(csv.reader((tmp_path / "l.csv").read_text().splitlines()))
    curve = window.session.history.curve()
    assert len(rows) == 1 + len(curve.epochs) == 32 and all(len(r) == 2 for r in rows)
    values = np.array(rows[1:], dtype=float)
    assert np.array_equal(values[:, 0], curve.epochs)
    assert np.allclose(values[:, 1], curve.train, rtol=1e-9)


def csv_tables(path):
    blocks, current = [], []
    for row in csv.reader(path.read_text().splitlines()):
        if row and not row[0].startswith("Phase "):  # a phase's heading row
            current.append(row)
        elif not row and current:
            blocks.append(current)
            current = []
    return blocks


def test_a_half_done_iteration_is_exported_whole_and_the_session_does_not_move(window, tmp_path):
    s = window.session
    s.step()
    s.step()  # forward and output delta of the first iteration
    shown = s.snapshot
    s.export_iteration(tmp_path / "it.csv", "csv")
    assert s.snapshot is shown and s.trainer.steps == 0
    after = s.stepper.finish_iteration()  # what the session itself computes next
    blocks = csv_tables(tmp_path / "it.csv")
    last = blocks[-1]  # Layer 2 (output): [W | b] after the update
    assert last[0][0].startswith("Layer 2 (output)") and "after" in last[0][0]
    assert np.array_equal(exact_columns(last), np.column_stack([after.weights[1], after.biases[1]]))
    delta = next(b for b in blocks if b[0][0].startswith("Layer 1 (hidden): delta"))
    assert np.array_equal(exact_columns(delta), after.delta[0])


def exact_columns(block):
    """The numbers of a CSV table's columns marked "(exact)"."""
    header, rows = block[1], block[2:]
    keep = [j for j, name in enumerate(header) if name.endswith(" (exact)")]
    assert keep
    return np.array([[float(r[j]) for j in keep] for r in rows])


def test_markdown_and_latex_are_answer_keys_with_the_numbers(window, tmp_path):
    s = window.session
    s.finish_iteration()
    snap = s.snapshot
    s.export_iteration(tmp_path / "it.md", "markdown")
    s.export_iteration(tmp_path / "it.tex", "latex")
    md, tex = (tmp_path / "it.md").read_text(), (tmp_path / "it.tex").read_text()
    assert md.startswith("# One iteration") and md.count("|---|") == tex.count("\\begin{tabular}")
    assert md.count("## Phase") == 4 and "eta = 0.5" in md
    assert f"{snap.loss:.4f}" in md and f"${snap.loss:.4f}$" in tex
    assert tex.count("\\begin{tabular}") == tex.count("\\end{tabular}") == 4 + 2 + 2 + 4


def test_every_export_in_the_menu_writes_a_file(window, tmp_path, monkeypatch):
    names = iter(["g.svg", "g.png", "l.png", "l.svg", "l.csv", "i.csv", "i.md", "i.tex"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / next(names)), ""))
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (1.0, True))
    actions = [a for a in window.files.export_menu.actions() if not a.isSeparator()]
    assert len(actions) == 8
    for action in actions:
        action.trigger()
    written = sorted(p.name for p in tmp_path.iterdir() if p.stat().st_size > 0)
    assert written == sorted(["g.svg", "g.png", "l.png", "l.svg", "l.csv", "i.csv", "i.md", "i.tex"])
    assert window.warnings == []


def test_an_export_that_cannot_be_written_says_so(window, tmp_path, monkeypatch):
    target = tmp_path / "no such folder" / "g.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.files.export_menu.actions()[0].trigger()
    assert len(window.warnings) == 1 and not target.exists()
