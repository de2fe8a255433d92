"""Small comparisons shared by several test modules."""
import json
import pathlib
import re
import subprocess
import sys

import numpy as np


def same(a, b):
    """Equal bit for bit (None only equals None)."""
    if a is None or b is None:
        return a is None and b is None
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def same_tuple(a, b):
    if a is None or b is None:
        return a is None and b is None
    return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))


def plain(html):
    return re.sub(r"<[^>]+>", "", html).replace("&gt;", ">")


def values(line):
    """The numbers in an inspector line's numeric part, as floats."""
    found = re.findall(r"[−-]?\d+(?:\.\d+)?", plain(line.numbers))
    return [float(v.replace("−", "-")) for v in found]


def selections(net):
    """Every unit, bias and edge of ``net`` as the views name them."""
    for l in range(net.n_layers):
        for j in range(net.sizes[l + 1]):
            yield ("node", l, j)
            if net.bias:
                yield ("bias", l, j)
            for i in range(net.sizes[l]):
                yield ("edge", l, j, i)


SNAPSHOT_ARRAYS = ("samples", "x", "t")
SNAPSHOT_TUPLES = ("z", "a", "delta", "grad_w", "grad_b", "weights", "biases", "old_weights",
                   "old_biases")


def same_opt(a, b):
    """Equal optimizer states: None, an array, or a tuple of numbers and arrays."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return len(a) == len(b) and all(same_opt(x, y) for x, y in zip(a, b))
    return same(a, b) if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) else a == b


def same_snapshot(s, r):
    """Two snapshots equal in every array and number, their trainer states too."""
    return (all(same(getattr(s, f), getattr(r, f)) for f in SNAPSHOT_ARRAYS)
            and all(same_tuple(getattr(s, f), getattr(r, f)) for f in SNAPSHOT_TUPLES)
            and (s.phase, s.layer, s.epoch, s.steps, s.loss, s.eta)
            == (r.phase, r.layer, r.epoch, r.steps, r.loss, r.eta)
            and same(s.state.params, r.state.params) and same(s.state.order, r.state.order)
            and same_opt(s.state.opt_state, r.state.opt_state)
            and s.state.rng_state == r.state.rng_state
            and (s.state.epoch, s.state.position) == (r.state.epoch, r.state.position))


class Clock:
    """Stands in for time.perf_counter (monkeypatched): it moves by ``tick`` at each reading
    and when a test sets ``now``, so that the player's speeds, slices and frame rates are counts,
    the same however loaded the machine is."""

    def __init__(self, tick):
        self.now, self.tick = 1000.0, tick

    def __call__(self):
        self.now += self.tick
        return self.now


def write(path, content):
    """Write ``content`` (text, or a value as JSON) to ``path``; its name as a string."""
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def run(capsys, *argv):
    """``backprop ARGV`` in this process: ``(exit code, stdout, stderr)``."""
    from engine import cli
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def central_differences(arrays, loss, h=1e-5) -> list:
    """Per array, ``(loss() at +h - loss() at -h) / 2h`` for each entry: the arrays are
    perturbed in place (and put back), so ``loss`` must read them."""
    out = []
    for p in arrays:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + h
            up = loss()
            p[i] = old - h
            down = loss()
            p[i] = old
            g[i] = (up - down) / (2 * h)
        out.append(g)
    return out


def import_all_code(package: str, skip: str) -> str:
    """Python that imports every module of ``package`` but ``skip`` and prints, as JSON, the
    modules it imported and every module then loaded (``run_python`` runs it)."""
    return f"""
import importlib, json, pkgutil, sys
import {package} as package
names = [m.name for m in pkgutil.walk_packages(package.__path__, "{package}.")
         if m.name != "{skip}"]
for name in names:
    importlib.import_module(name)
print(json.dumps({{"imported": names, "loaded": sorted(sys.modules)}}))
"""


def run_python(code) -> dict:
    """``code`` in a fresh interpreter at the project's root; the JSON of its last line."""
    root = pathlib.Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def top_level(names) -> set:
    return {n.split(".")[0] for n in names}


def stepped_and_trained(net, x, t, eta, iterations=3):
    """``(snapshot, trainer)``: ``iterations`` whole iterations run phase by phase by the
    stepper, and the same run by the fast trainer, from the same start."""
    from engine.stepper import Stepper
    from engine.training import Trainer
    stepper, trainer = Stepper(Trainer(net, x, t, eta=eta)), Trainer(net, x, t, eta=eta)
    for _ in range(iterations):
        snap = stepper.finish_iteration()
        trainer.train_batch()
    return snap, trainer
