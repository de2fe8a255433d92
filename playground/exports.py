"""Exports: the network graph and the loss plot as pictures, the loss as CSV, and the current
iteration's numbers as CSV, Markdown or LaTeX tables (engine/report.py).

SVG is drawn with QSvgGenerator (vector): pyqtgraph's SVGExporter fails on the paths this
Qt writes (pyqtgraph issue 3485). PNG comes from pyqtgraph's ImageExporter at ``scale``
times the size on screen, the loss CSV from its CSVExporter. Every file is written under a
temporary name and then renamed, so a failed export leaves no half file.
The iteration exported is the current one, whole: if it is half done (or not started), the
engine runs it to the update on a copy of the trainer; the session does not move.
"""
from __future__ import annotations

import os
import re
import tempfile

import pyqtgraph as pg
import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from engine import report
from engine.files import atomic_write_text
from engine.stepper import UPDATE, Stepper
from engine.training import Diverged, Trainer

FORMATS = {"csv": report.iteration_csv, "markdown": report.iteration_markdown,
           "latex": report.iteration_latex}


def _replace_with(path, write):
    """``write(temporary path)`` next to ``path``, then rename it over ``path``."""
    path = os.fspath(path)
    folder, name = os.path.split(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=os.path.splitext(name)[1])
    os.close(fd)
    try:
        if write(tmp) is False or os.path.getsize(tmp) == 0:
            raise OSError(f"{path}: nothing was written")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def svg(view, path, title: str):
    """The visible part of a QGraphicsView (a pyqtgraph widget) as an SVG file."""
    size = view.viewport().size()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)  # 1.1 has clip paths, tiny 1.2 not
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    painter = QPainter(generator)
    # Everything drawn as shapes: no cached pixmaps (axes), no pixmap atlas (scatter dots).
    # Clipping is left out (here and in the text): QSvgGenerator writes clip paths in the
    # wrong coordinates, and the curves are already cut to the view (setClipToView).
    items = view.scene().items()
    caches = [(i.cacheMode(), i.flags()) for i in items]
    for item in items:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        if isinstance(item, pg.AxisItem):
            item.paint = lambda p, *_, axis=item: _draw_axis(axis, p)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, False)
        if isinstance(item, pg.ScatterPlotItem):
            item.setExportMode(True, {"antialias": True, "background": None, "painter": painter})
    try:
        view.render(painter, QRectF(0, 0, size.width(), size.height()), view.viewport().rect())
    finally:
        painter.end()
        for item, (cache, flags) in zip(items, caches):
            item.setCacheMode(cache)
            item.setFlags(flags)
            if isinstance(item, pg.ScatterPlotItem):
                item.setExportMode(False)
            if isinstance(item, pg.AxisItem):
                del item.paint
    text = re.sub(r' clip-path="url\(#clipPath\d+\)"', "", bytes(buffer.data()).decode("utf-8"))
    atomic_write_text(path, text)


def _draw_axis(axis, painter):
    """An axis drawn straight onto ``painter``: pyqtgraph replays a QPicture, which lands
    in the wrong place in an SVG."""
    painter.save()
    if axis.style["tickFont"]:
        painter.setFont(axis.style["tickFont"])
    specs = axis.generateDrawSpecs(painter)
    if specs is not None:
        axis.drawPicture(painter, *specs)
    painter.restore()


def png(item, path, scale: float = 1.0):
    """``item`` (a scene or a PlotItem) as a PNG ``scale`` times as wide as on screen."""
    exporter = pg_exporters.ImageExporter(item)
    width = max(1, round(exporter.getSourceRect().width() * scale))
    exporter.parameters()["width"] = width  # the height follows, keeping the shape
    _replace_with(path, exporter.export)


def graph_svg(window, path):
    svg(window.network_view.graphics, path, "Network graph")


def graph_png(window, path, scale: float = 2.0):
    png(window.network_view.graphics.scene(), path, scale)


def loss_svg(window, path):
    svg(window.loss_plot, path, "Loss per epoch")


def loss_png(window, path, scale: float = 2.0):
    png(window.loss_plot.getPlotItem(), path, scale)


def loss_csv(window, path):
    """One pair of columns (epoch, loss) per curve shown: train, and test if there is one."""
    _replace_with(path, pg_exporters.CSVExporter(window.loss_plot.getPlotItem()).export)


def whole_iteration(session):
    """The snapshot after the update of the current iteration (run on a copy if need be)."""
    session.pause()
    snap = session.snapshot
    if snap.phase == UPDATE:
        return snap
    tr = session.trainer
    copy = Trainer(tr.initial, tr.x, tr.t, tr.eta, tr.batch_size, tr.optimizer_name, tr.seed)
    copy.restore(snap.state)
    try:
        return Stepper(copy).finish_iteration()
    except Diverged:
        return snap  # the phases done so far


def iteration_text(session, fmt: str) -> str:
    """The current iteration's tables in ``fmt`` (csv, markdown or latex)."""
    snap = whole_iteration(session)
    text = FORMATS[fmt](report.iteration_phases(snap))
    info = session.info
    about = (f"network {'-'.join(map(str, info.sizes))} ({', '.join(info.activations)}), "
             f"loss {info.loss} ({info.reduction}), eta = {snap.eta:g}, optimizer "
             f"{snap.optimizer}; update number {snap.steps + (snap.phase != UPDATE)}, "
             f"on a batch of {len(snap.samples)} samples")
    if fmt == "markdown":
        return f"# One iteration of backpropagation\n\n{about.capitalize()}.\n\n{text}"
    if fmt == "latex":
        heading = "\\section*{One iteration of backpropagation}"
        return f"{heading}\n{report.latex_text(about)}.\n\n{text}"
    return text


def iteration(session, path, fmt: str):
    atomic_write_text(path, iteration_text(session, fmt))
