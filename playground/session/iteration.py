"""The current iteration's numbers as CSV, Markdown or LaTeX tables (engine/report.py), for
the answer-key exports. No Qt here.

The iteration exported is the current one, whole: if it is half done (or not started), the
engine runs it to the update on a copy of the trainer; the run does not move.
"""
from __future__ import annotations

from engine import report
from engine.files import atomic_write_text
from engine.stepper import UPDATE, Stepper
from engine.training import Diverged, Trainer

FORMATS = {"csv": report.iteration_csv, "markdown": report.iteration_markdown,
           "latex": report.iteration_latex}


def whole_iteration(run):
    """The snapshot after the update of the current iteration (run on a copy if need be)."""
    snap = run.snapshot
    if snap.phase == UPDATE:
        return snap
    tr = run.trainer
    copy = Trainer(tr.initial, tr.x, tr.t, tr.eta, tr.batch_size, tr.optimizer_name, tr.seed)
    copy.restore(snap.state)
    try:
        return Stepper(copy).finish_iteration()
    except Diverged:
        return snap  # the phases done so far


def iteration_text(run, fmt: str) -> str:
    """The current iteration's tables in ``fmt`` (csv, markdown or latex)."""
    snap = whole_iteration(run)
    text = FORMATS[fmt](report.iteration_phases(snap))
    info = run.info
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


def save_iteration(run, path, fmt: str):
    atomic_write_text(path, iteration_text(run, fmt))
