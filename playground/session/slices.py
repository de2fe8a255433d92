"""What one tick of a run does (``Run.tick``): a slice of play, or at rest a slice of the work
still to come. Functions of the run (run.py), without Qt.

Playing: train for about ``SLICE`` seconds or until the next frame is due (short epochs
whole, in one engine call up to the next epoch the loss history keeps; else batch by batch; a
full batch's loss taken from the training pass, epochs.py), a slice of a big set's pending
evaluation, then a frame when the clock says one is due (play_clock.py). At rest: a slice of
a big network's full maps or of a big set's scores (measures.py, epochs.py), and a frame when
one of them is done; after them, a slice of a gradient check under way (checks.py). A Finish
of a heavy batch goes first, a phase per tick (``finish_slice``).
"""
from __future__ import annotations

from engine.stepper import FORWARD, UPDATE
from engine.training import Diverged

from .play_clock import EVALUATE, now


def play_slice(run, start: float):
    clock, trainer, epochs = run.clock, run.trainer, run.epochs
    if clock.heavy_frame_due(start):
        publish_timed(run)
        return
    target, trained, end = clock.target(start), False, clock.slice_end(start)
    run.history.thin_to(clock.history_stride())
    per_epoch = 1 if trainer.full_batch else -(-trainer.n_samples // trainer.batch_size)
    try:
        while (not trained or now() < end) and (target is None or trainer.epoch < target):
            epoch, awaiting = trainer.epoch, epochs.awaiting is not None
            whole = clock.whole_epochs(run.history.stride, epoch, target)
            began = now()
            if whole and not awaiting and trainer.position == 0:
                trainer.train_epochs(whole)  # up to the next epoch the history keeps, at once
                clock.trained(now() - began, whole)
            else:
                loss = trainer.train_batch(with_loss=awaiting)
                clock.trained(now() - began, 1 / per_epoch)
                if awaiting:
                    epochs.training_loss(loss)
            trained = True
            if trainer.epoch != epoch:
                epochs.epoch_done()
        if epochs.pending:
            epochs.advance_jobs(now() + EVALUATE)
    except Diverged as e:
        run.diverged(e)
        return
    clock.unshown = clock.unshown or trained
    if clock.light_frame_due(now()):
        publish_timed(run)


def rest_slice(run):
    """A slice of the full maps or of the scores still to come; a frame when either is done
    (the scores' job queues a new one if the state moved on)."""
    if run.finishing:
        finish_slice(run)
        return
    try:
        if run.measures.map_job is not None:
            done = run.measures.advance_maps(now() + EVALUATE)
        elif run.epochs.pending:
            done = run.epochs.advance_jobs(now() + EVALUATE)
        else:
            check_slice(run)
            return
    except Diverged as e:
        run.diverged(e)
        return
    if done:
        run.publish()


def finish_slice(run):
    """One phase of a Finish under way (Run.finish_iteration), and its frame: the graph shows
    each phase as it comes, as Step would; the status line says how far it is."""
    phases = 2 + run.trainer.net.n_layers  # forward, L deltas, update
    try:
        snap = run.stepper.step()
    except Diverged as e:
        run.finishing = False
        run.diverged(e)
        return
    if snap.phase == UPDATE:
        run.finishing = False
        run.epochs.epoch_done()
        run.outbox.append(("message", "Iteration finished"))
    else:
        done = 1 if snap.phase == FORWARD else 1 + run.trainer.net.n_layers - snap.layer
        run.outbox.append(("message", f"Finishing the iteration: {100 * done // phases}% "
                                      f"({done} of {phases} phases; Esc or Pause stops it)"))
    run.publish()


def check_slice(run):
    """A slice of the gradient check under way; its progress (and at the end its result) as
    a ``("check", CheckProgress)`` event."""
    job = run.check_job
    if job is None:
        return
    if job.advance(now() + EVALUATE):
        run.check_job = None
    run.outbox.append(("check", job.progress))


def publish_timed(run):
    start = now()
    run.publish()
    run.clock.shown(start)
