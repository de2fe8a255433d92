"""The ``backprop`` command line (DESIGN.md section 5): its arguments, and how a run ends.

The subcommands' work is in ``commands``. Errors in files or arguments end the command with
exit code 2 and one line on stderr that names the file and the problem; a run that diverges
ends with exit code 1. ``main`` returns the exit code (it never raises SystemExit), so tests
can call it in-process.
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np

from . import (activations, datasets, features, files, limits, losses, optimizers,
               regularization, training)
from .commands import cmd_datasets, cmd_gradcheck, cmd_trace, cmd_train
from .tuning import tune_numpy


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line on stderr and exit code 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {_cut(' '.join(message.split()))}\n")


def _layers(text):
    try:
        sizes = [int(n) for n in text.split(",")]
    except ValueError:
        sizes = []
    if len(sizes) < 2 or min(sizes) < 1:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise argparse.ArgumentTypeError(
            f"{shown!r} should be at least two positive whole numbers separated by commas, like 2,4,1")
    try:
        limits.check_network(sizes, "--layers")
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e).removeprefix("--layers: ")) from None
    return sizes


def _at_least(low, kind=int, high=None):
    """A parser of numbers from ``low`` to ``high`` (engine/limits.py), checked on the text's
    length first: ``int`` of a million digits takes seconds."""
    noun = "whole number" if kind is int else "number"
    top = float("inf") if high is None else high

    def parse(text):
        shown = text if len(text) <= 40 else text[:37] + "..."
        try:
            value = kind(text) if len(text) <= 40 else None
        except ValueError:
            value = None
        if value is None or not low <= value <= top or value == float("inf"):
            upto = "" if high is None else f" and <= {high:g}" if kind is float else f" and <= {high}"
            raise argparse.ArgumentTypeError(f"{shown!r} should be a {noun} >= {low}{upto}")
        return value
    return parse


def _features(text):
    try:
        return features.parse(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e).removeprefix("--features: ")) from None


def _positive(text):
    value = _at_least(0.0, float, limits.MAX_ETA)(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"{text!r} should be a number > 0")
    return value


def make_parser() -> Parser:
    parser = Parser(prog="backprop", description="Backpropagation, one phase at a time.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, run, help):
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run, prog=sub.prog)
        return sub

    trace = command("trace", cmd_trace, "one iteration over all of DATA, phase by phase")
    trace.add_argument("net", metavar="NET.json")
    trace.add_argument("--data", help="a CSV file or a built-in dataset (a preset: its own data)")
    trace.add_argument("--lr", type=_positive,
                       help="learning rate eta (a preset: its own; otherwise 0.5)")
    trace.add_argument("--digits", type=_at_least(1, int, limits.MAX_DIGITS), default=4,
                       help=f"significant digits (at most {limits.MAX_DIGITS})")
    trace.add_argument("--json", action="store_true", help="print one JSON object")

    train = command("train", cmd_train, "train a network and report its loss and accuracy")
    train.add_argument("--data", required=True, help="a CSV file or a built-in dataset")
    train.add_argument("--layers", type=_layers, help="units per layer, inputs first: 2,4,1")
    train.add_argument("--activation", choices=activations.HIDDEN)
    train.add_argument("--output-activation", choices=activations.ACTIVATIONS)
    train.add_argument("--loss", choices=losses.LOSSES)
    train.add_argument("--reduction", choices=losses.REDUCTIONS)
    train.add_argument("--no-bias", action="store_true")
    train.add_argument("--regularization", choices=regularization.KINDS,
                       help="a penalty on the weights: l1 (rate sum |w|) or l2 (rate 1/2 sum w^2)")
    train.add_argument("--reg-rate", type=_at_least(0.0, float, limits.MAX_ETA),
                       help="the regularization rate (default 0.001 with --regularization)")
    train.add_argument("--features", type=_features, metavar="F1,F2,...",
                       help=f"input units computed from x1, x2 (in this order: "
                            f"{','.join(features.FEATURES)}); --layers then starts with "
                            f"their number")
    train.add_argument("--lr", type=_positive, default=0.5, help="learning rate eta")
    train.add_argument("--optimizer", choices=optimizers.OPTIMIZERS, default="sgd")
    train.add_argument("--epochs", type=_at_least(0), default=1000)
    train.add_argument("--batch-size", type=_at_least(0, int, limits.MAX_BATCH), default=0,
                       help="0: the whole set")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--init", metavar="NET.json", help="start from this network file")
    train.add_argument("--save", metavar="NET.json", help="write the trained network here")
    train.add_argument("--json", action="store_true", help="print one JSON object")

    check = command("gradcheck", cmd_gradcheck, "compare backprop with finite differences")
    check.add_argument("net", metavar="NET.json")
    check.add_argument("--data", required=True, help="a CSV file or a built-in dataset")

    command("datasets", cmd_datasets, "list the built-in datasets")
    return parser


MAX_LINE = 400  # characters of the one error line (a value quoted in it may be megabytes)


def _cut(line: str) -> str:
    return line if len(line) <= MAX_LINE else line[:MAX_LINE - 3] + "..."


def _one_line(error) -> str:
    if isinstance(error, OSError) and error.filename is not None:
        text = f"{error.filename}: {error.strerror or error}"
    else:
        text = str(error)
    return _cut(" ".join(text.split()))


def main(argv=None) -> int:
    tune_numpy()  # one BLAS thread, freed memory kept: see engine/tuning.py
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
