"""Worksheets and answer keys, saved as Markdown or printed to PDF (Qt's printing support).

The text is the session side's (session/worksheet.py): the window picks the file and, for a
PDF, lays the Markdown out with a QTextDocument and prints it with a QPrinter. The actions
sit in the Classroom menu (classroom.py).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..session import worksheet

KINDS = {"worksheet": ("worksheet", worksheet.worksheet),
         "key": ("answer key", worksheet.answer_key)}


def save_pdf(path, markdown: str):
    """Print ``markdown`` to the PDF file ``path`` (A4, the document's own fonts)."""
    doc = QTextDocument()
    doc.setMarkdown(markdown)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(path))
    doc.print_(printer)
    if not Path(path).is_file():
        raise OSError(f"{path}: the PDF could not be written")


def export(window, kind: str, path=None) -> bool:
    """Save the session's exercise set as a ``kind`` ("worksheet" or "key") to ``path``
    (asked for if None); a ``.pdf`` path is printed, any other is Markdown."""
    exercises = window.session.exercises
    name, build = KINDS[kind]
    if exercises is None:
        window.statusBar().showMessage("No exercise set to export: open a preset first", 15000)
        return False
    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, f"Export the {name}", f"{name.replace(' ', '-')}.md",
                                              "Markdown (*.md);;PDF (*.pdf)")
        if not path:
            return False
    text = build(window.session, exercises)  # its queries: snapshot, trainer, info
    try:
        if str(path).lower().endswith(".pdf"):
            save_pdf(path, text)
        else:
            worksheet.save_markdown(path, text)
    except OSError as e:
        QMessageBox.warning(window, f"Cannot export the {name}", str(e))
        return False
    window.statusBar().showMessage(f"Saved the {name} to {path}", 15000)
    return True
