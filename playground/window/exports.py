"""Exports of what the window shows: the network graph and the loss plot as pictures, the
loss as CSV (the iteration's numbers as tables: session/iteration.py).

SVG is drawn with QSvgGenerator (vector): pyqtgraph's SVGExporter fails on the paths this
Qt writes (pyqtgraph issue 3485). PNG comes from pyqtgraph's ImageExporter at ``scale``
times the size on screen, the loss CSV from its CSVExporter. Every file is written under a
temporary name and then renamed, so a failed export leaves no half file.
Text is written with QSaveFile (``autosave.write_text``): a temporary file committed by a rename.
"""
from __future__ import annotations

import os
import re
import tempfile

import pyqtgraph as pg
import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import QBuffer, QIODevice, QRect, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from .autosave import write_text


def _replace_with(path, write):
    """``write(temporary path)`` next to ``path`` (a link's target: the link stays a link),
    then rename it over that; a device or a folder is refused, not replaced."""
    path = os.fspath(path)
    target = os.path.realpath(path)
    if os.path.exists(target) and not os.path.isfile(target):
        raise OSError(f"{path}: cannot export over something that is not a regular file")
    folder, name = os.path.split(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.",
                                   suffix=os.path.splitext(name)[1])
    except OSError as e:
        raise OSError(f"{path}: cannot export ({e.strerror or e})") from None
    os.close(fd)
    try:
        if write(tmp) is False or os.path.getsize(tmp) == 0:
            raise OSError(f"{path}: nothing was written")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
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
    # An empty curve (a test curve of one point) becomes d="", which SVG readers reject.
    text = re.sub(r'<path [^>]*\bd=""[^>]*/>\n?', "", text)
    write_text(path, text)


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
