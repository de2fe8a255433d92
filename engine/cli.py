"""The ``backprop`` command (DESIGN.md section 5): trace, train, gradcheck, datasets.

Errors in files or arguments end the command with exit code 2 and one line on stderr that
names the file and the problem; a run that diverges ends with exit code 1. ``main`` returns
the exit code (it never raises SystemExit), so tests can call it in-process.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

from . import activations, datasets, files, losses, optimizers, training
from .network import Network

GRADCHECK_LIMIT = 1e-5


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line on stderr and exit code 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())}\n")


def _layers(text):
    try:
        sizes = [int(n) for n in text.split(",")]
    except ValueError:
        sizes = []
    if len(sizes) < 2 or min(sizes) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} should be at least two positive whole numbers separated by commas, like 2,4,1")
    return sizes


def _at_least(low, kind=int):
    noun = "whole number" if kind is int else "number"

    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not low <= value < float("inf"):
            raise argparse.ArgumentTypeError(f"{text!r} should be a {noun} >= {low}")
        return value
    return parse


def _positive(text):
    value = _at_least(0.0, float)(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"{text!r} should be a number > 0")
    return value


def load_data(spec, net):
    """DATA (a CSV path or a built-in name), with the network's numbers of inputs and targets."""
    return datasets.load(spec, net.sizes[0], net.sizes[-1])


def cmd_trace(args):
    from . import report, stepper  # imported here: `train` is benchmarked from a cold start

    net = files.load_network(args.net)
    data = load_data(args.data, net)
    machine = stepper.Stepper(training.Trainer(net, data.x, data.t, eta=args.lr))
    snapshots = [machine.step()]
    while snapshots[-1].phase != stepper.UPDATE:
        snapshots.append(machine.step())
    if args.json:
        print(json.dumps(report.iteration_json(snapshots[-1])))
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
                              args.reduction or "mean", not args.no_bias, args.seed)
    net = files.load_network(args.init)
    hidden = net.activations[:-1]
    given = [("layers", args.layers, net.sizes),
             ("activation", args.activation and [args.activation] * len(hidden), hidden),
             ("output-activation", args.output_activation, net.activations[-1]),
             ("loss", args.loss, net.loss), ("reduction", args.reduction, net.reduction),
             ("no-bias", False if args.no_bias else None, net.bias)]
    for option, value, in_file in given:
        if value is not None and value != in_file:
            field = {"activation": "hidden activations", "no-bias": "bias",
                     "output-activation": "output activation"}.get(option, option)
            raise ValueError(f"{args.init}: --{option} disagrees with the file "
                             f"({field} {json.dumps(in_file)})")
    return net


class Progress:
    """A progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, total, stream):
        self.total, self.stream, self.width = total, stream, 0
        self.start = self.shown = time.monotonic()

    def update(self, done, loss):
        """Redraw if a tenth of a second has passed; ``loss()`` is called only then."""
        now = time.monotonic()
        if now - self.shown < 0.1:
            return
        self.shown, filled = now, 30 * done // max(self.total, 1)
        line = (f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total} epochs  "
                f"loss {loss():.4g}  {now - self.start:.1f} s")
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
            progress.update(done, lambda: training.evaluate(trainer.net, trainer.x, trainer.t)[0])
    return time.monotonic() - start


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
    if args.save:
        save(args.save, trainer.net)
    if args.json:
        print(json.dumps({"epochs": trainer.epoch, "steps": trainer.steps, "loss": loss,
                          "accuracy": accuracy, "seconds": round(seconds, 4),
                          "saved": args.save}))
        return 0
    shown = "n/a (regression)" if accuracy is None else f"{accuracy:.1%}"
    saved = f"; saved to {args.save}" if args.save else ""
    print(f"{trainer.epoch} epochs ({trainer.steps} steps) in {seconds:.2f} s: "
          f"loss {loss:.4g}, accuracy {shown}{saved}")
    return 0


def cmd_gradcheck(args):
    from . import gradcheck

    net = files.load_network(args.net)
    data = load_data(args.data, net)
    analytic = gradcheck.analytic_gradients(net, data.x, data.t)
    numerical = gradcheck.numerical_gradients(net, data.x, data.t)
    errors = [float(e.max()) for e in gradcheck.relative_errors(analytic, numerical)]
    names = [f"W{l}" for l in range(1, net.n_layers + 1)]
    names += [f"b{l}" for l in range(1, net.n_layers + 1)] if net.biases is not None else []
    for name, error in zip(names, errors):
        print(f"{name:<8} {error:.3e}")
    worst = max(errors)
    ok = worst <= GRADCHECK_LIMIT  # False for NaN too
    print(f"largest relative error {worst:.3e}: {'ok' if ok else 'TOO LARGE'} "
          f"(limit {GRADCHECK_LIMIT:g})")
    return 0 if ok else 1


def cmd_datasets(args):
    width = max(map(len, datasets.BUILTIN))
    for name, entry in datasets.BUILTIN.items():
        print(f"{name:<{width}}  {entry.description}")
    return 0


def make_parser() -> Parser:
    parser = Parser(prog="backprop", description="Backpropagation, one phase at a time.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, run, help):
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run, prog=sub.prog)
        return sub

    trace = command("trace", cmd_trace, "one iteration over all of DATA, phase by phase")
    trace.add_argument("net", metavar="NET.json")
    trace.add_argument("--data", required=True, help="a CSV file or a built-in dataset")
    trace.add_argument("--lr", type=_positive, default=0.5, help="learning rate eta")
    trace.add_argument("--digits", type=_at_least(1), default=4, help="significant digits")
    trace.add_argument("--json", action="store_true", help="print one JSON object")

    train = command("train", cmd_train, "train a network and report its loss and accuracy")
    train.add_argument("--data", required=True, help="a CSV file or a built-in dataset")
    train.add_argument("--layers", type=_layers, help="units per layer, inputs first: 2,4,1")
    train.add_argument("--activation", choices=activations.ACTIVATIONS)
    train.add_argument("--output-activation", choices=activations.ACTIVATIONS)
    train.add_argument("--loss", choices=losses.LOSSES)
    train.add_argument("--reduction", choices=losses.REDUCTIONS)
    train.add_argument("--no-bias", action="store_true")
    train.add_argument("--lr", type=_positive, default=0.5, help="learning rate eta")
    train.add_argument("--optimizer", choices=optimizers.OPTIMIZERS, default="sgd")
    train.add_argument("--epochs", type=_at_least(0), default=1000)
    train.add_argument("--batch-size", type=_at_least(0), default=0, help="0: the whole set")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--init", metavar="NET.json", help="start from this network file")
    train.add_argument("--save", metavar="NET.json", help="write the trained network here")
    train.add_argument("--json", action="store_true", help="print one JSON object")

    check = command("gradcheck", cmd_gradcheck, "compare backprop with finite differences")
    check.add_argument("net", metavar="NET.json")
    check.add_argument("--data", required=True, help="a CSV file or a built-in dataset")

    command("datasets", cmd_datasets, "list the built-in datasets")
    return parser


def _one_line(error) -> str:
    if isinstance(error, OSError) and error.filename is not None:
        text = f"{error.filename}: {error.strerror or error}"
    else:
        text = str(error)
    return " ".join(text.split())


def main(argv=None) -> int:
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as e:  # argparse has printed its one line (or the help)
        return e.code if isinstance(e.code, int) else 2
    try:
        # Overflow on the way to divergence is expected: the trainer detects and reports it.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return args.run(args)
    except KeyboardInterrupt:
        print(f"{args.prog}: interrupted; nothing was saved", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `backprop trace ... | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except training.Diverged as e:
        print(f"{args.prog}: {e}; nothing was saved", file=sys.stderr)
        return 1
    except (files.NetworkFileError, datasets.DataError, ValueError, OSError) as e:
        print(f"{args.prog}: error: {_one_line(e)}", file=sys.stderr)
        return 2
