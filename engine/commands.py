"""The work of each ``backprop`` subcommand: trace, train, gradcheck, datasets.

Each ``cmd_*`` takes the parsed arguments, prints its result on stdout and returns the exit
code; a problem is raised as an exception, which ``cli.main`` turns into one line on stderr.
"""
from __future__ import annotations

import json
import math
import sys
import time

from . import datasets, features, files, losses, strict_json, training
from .network import Network

DEFAULT_ETA = 0.5  # trace's learning rate for a network file that is not a preset


def load_data(spec, net):
    """DATA (a CSV path or a built-in name), with the network's numbers of inputs and targets,
    and targets the network's loss accepts."""
    data = datasets.load(spec, features.raw_inputs(net), net.sizes[-1])
    losses.check_targets(net.loss, data.t, spec, data.lines)
    return data


def trace_inputs(args):
    """``(net, data, eta)`` for ``trace``: a preset brings its own data and eta, which
    ``--data`` and ``--lr`` override; any other network file needs ``--data``."""
    from . import presets

    net = files.load_network(args.net)
    preset = presets.of_file(args.net)
    if args.data is not None:
        data = load_data(args.data, net)
    elif preset is not None:
        data = preset.data
    else:
        raise ValueError(f"{args.net}: --data is needed (this network file is not a preset "
                         f"that brings its own data)")
    eta = args.lr if args.lr is not None else preset.eta if preset is not None else DEFAULT_ETA
    return net, data, eta


def cmd_trace(args):
    from . import report, stepper  # imported here: `train` is benchmarked from a cold start

    net, data, eta = trace_inputs(args)
    machine = stepper.Stepper(training.Trainer(net, data.x, data.t, eta=eta))
    snapshots = [machine.step()]
    while snapshots[-1].phase != stepper.UPDATE:
        snapshots.append(machine.step())
    if args.json:
        print(strict_json.dumps(report.iteration_json(snapshots[-1])))
    else:
        print(report.iteration_table(snapshots, args.digits), end="")
    return 0


def network_for(args):
    """A fresh network from the options, or the --init file checked against them."""
    if args.init is None:
        if args.layers is None:
            raise ValueError("--layers is needed (or --init NET.json)")
        return Network.create(args.layers, args.activation or "sigmoid",
                              args.output_activation or "sigmoid", args.loss or "bce",
                              args.reduction or "mean", not args.no_bias, args.seed,
                              regularization=args.regularization, reg_rate=reg_rate(args),
                              features=_features_for(args))
    net = files.load_network(args.init)
    hidden = net.activations[:-1]
    given = [("layers", args.layers, net.sizes),
             ("activation", args.activation and [args.activation] * len(hidden), hidden),
             ("output-activation", args.output_activation, net.activations[-1]),
             ("loss", args.loss, net.loss), ("reduction", args.reduction, net.reduction),
             ("no-bias", False if args.no_bias else None, net.bias),
             ("regularization", args.regularization, net.regularization),
             ("reg-rate", args.reg_rate, net.reg_rate),
             ("features", args.features, net.features)]
    for option, value, in_file in given:
        if value is not None and value != in_file:
            field = {"activation": "hidden activations", "no-bias": "bias",
                     "output-activation": "output activation"}.get(option, option)
            raise ValueError(f"{args.init}: --{option} disagrees with the file "
                             f"({field} {json.dumps(in_file)})")
    return net


def _features_for(args):
    """``--features``, checked against the first number of ``--layers``."""
    if args.features is not None and len(args.features) != args.layers[0]:
        raise ValueError(f"--features gives {len(args.features)} input units but --layers "
                         f"starts with {args.layers[0]}")
    return args.features


DEFAULT_REG_RATE = 0.001


def reg_rate(args) -> float:
    """``--reg-rate``; with ``--regularization`` alone, DEFAULT_REG_RATE; without, 0."""
    if args.reg_rate is not None and args.regularization is None:
        raise ValueError("--reg-rate needs --regularization l1 or l2")
    if args.regularization is None:
        return 0.0
    return DEFAULT_REG_RATE if args.reg_rate is None else args.reg_rate


class Progress:
    """A progress bar on stderr, redrawn at most ten times a second, of ``unit``s done."""

    def __init__(self, total, stream, unit="epochs"):
        self.total, self.stream, self.width, self.unit = total, stream, 0, unit
        self.start = self.shown = time.monotonic()

    def update(self, done, loss=None):
        """Redraw if a tenth of a second has passed; ``loss()`` is called only then (it
        raises Diverged rather than show a loss that is not finite)."""
        now = time.monotonic()
        if now - self.shown < 0.1:
            return
        self.shown, filled = now, 30 * done // max(self.total, 1)
        shown = "" if loss is None else f"  loss {loss():.4g}"
        line = (f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total} {self.unit}"
                f"{shown}  {now - self.start:.1f} s")
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self):
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def run(trainer, epochs, progress=None) -> float:
    """Train ``epochs`` epochs; returns the seconds taken. Looks at the clock between chunks."""
    steps_per_epoch = 1 if trainer.full_batch else -(-trainer.n_samples // trainer.batch_size)
    chunk = max(1, min(256, 4096 // steps_per_epoch))
    start, done = time.monotonic(), 0
    while done < epochs:
        n = min(chunk, epochs - done)
        trainer.train_epochs(n)
        done += n
        if progress is not None:
            progress.update(done, lambda: finite_loss(trainer))
    return time.monotonic() - start


def finite_loss(trainer, scores=None):
    """The loss on the whole training set (of ``scores``, evaluate's, if given), or Diverged
    if it is not finite: fast training computes no loss, so its parameters may stay finite
    while the loss overflows."""
    loss = (scores or training.evaluate(trainer.net, trainer.x, trainer.t))[0]
    if not math.isfinite(loss):
        raise training.Diverged(trainer.epoch - 1, f"the loss became infinite or NaN "
                                f"(learning rate {trainer.eta:g})")
    return loss


def save(path, net):
    try:
        files.save_network(path, net)
    except OSError as e:  # its filename is the temporary file's; name the one asked for
        raise OSError(e.errno, f"cannot write ({e.strerror})", path) from None


def cmd_train(args):
    net = network_for(args)
    data = load_data(args.data, net)
    trainer = training.Trainer(net, data.x, data.t, args.lr, args.batch_size, args.optimizer,
                               args.seed)
    progress = Progress(args.epochs, sys.stderr) if sys.stderr.isatty() else None
    try:
        seconds = run(trainer, args.epochs, progress)
    finally:
        if progress is not None:
            progress.close()
    loss, accuracy = training.evaluate(trainer.net, data.x, data.t)
    finite_loss(trainer, (loss, accuracy))
    if args.save:
        save(args.save, trainer.net)
    if args.json:
        print(strict_json.dumps({"epochs": trainer.epoch, "steps": trainer.steps, "loss": loss,
                          "accuracy": accuracy, "seconds": round(seconds, 4),
                          "saved": args.save}))
        return 0
    shown = "n/a (regression)" if accuracy is None else f"{accuracy:.1%}"
    saved = f"; saved to {args.save}" if args.save else ""
    print(f"{trainer.epoch} epochs ({trainer.steps} steps) in {seconds:.2f} s: "
          f"loss {loss:.4g}, accuracy {shown}{saved}")
    return 0


VERDICT_TEXT = {
    "pass": "backprop agrees with finite differences within their own error",
    "kink": "agreement except where a ReLU kink lies within the step (not an error of backprop)",
    "fail": "BACKPROP DISAGREES with finite differences beyond their own error",
}


def cmd_gradcheck(args):
    from . import gradcheck

    net = files.load_network(args.net)
    data = load_data(args.data, net)
    total = sum(p.size for p in net.params())
    progress = Progress(total, sys.stderr, "parameters") if sys.stderr.isatty() else None
    try:
        check = gradcheck.check_gradients(net, data.x, data.t, progress=None if progress is None
                                          else lambda done, _: progress.update(done))
    finally:
        if progress is not None:
            progress.close()
    names = [f"W{l}" for l in range(1, net.n_layers + 1)]
    names += [f"b{l}" for l in range(1, net.n_layers + 1)] if net.biases is not None else []
    for k, name in enumerate(names):
        _, i = check.worst(k)
        gap = abs(check.analytic[k][i] - check.numerical[k][i])
        verdict = gradcheck.worst_verdict([check.verdicts[k]])
        line = f"{name:<4} {verdict:<4}  largest gap {gap:.1e} (bound {check.bounds[k][i]:.1e})"
        kink = check.kink_in(k)
        if kink is not None:
            layer, unit, sample = kink
            line += f"; ReLU kink: layer {layer + 1}, unit {unit + 1}, sample {sample + 1}"
        print(line)
    print(f"verdict: {check.verdict}: {VERDICT_TEXT[check.verdict]}")
    return 1 if check.verdict == gradcheck.FAIL else 0


def cmd_datasets(args):
    width = max(map(len, datasets.BUILTIN))
    for name, entry in datasets.BUILTIN.items():
        print(f"{name:<{width}}  {entry.description}")
    return 0
