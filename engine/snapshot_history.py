"""Undo and redo through every phase and every epoch, in bounded memory.

A ``SnapshotHistory`` holds ``engine.stepper.Snapshot`` objects in the order they were taken and a
cursor on the current one. ``push`` adds a snapshot after the cursor and drops whatever came
after it (a new branch); ``undo``, ``redo`` and ``seek`` move the cursor and return the snapshot
to hand to ``Stepper.restore``, which returns to that point exactly (``snapshot.state``).

Count bound: the newest ``recent`` snapshots (500 by default) are all kept. When more than
``capacity`` (1,000 by default) are held, every second one of the older part is dropped (the
very first is always kept), so the older a stretch, the sparser it gets: every 2nd step, then
every 4th, and so on. At most ``capacity`` snapshots are held; undo beyond the newest
``recent`` moves back in growing strides.

Byte bound: an array that equals, bit for bit, one held by the previous snapshot is stored as
that same array, so a snapshot costs about the arrays its own phase created. Without counting
any such sharing, one snapshot holds at most, in float64 (8 bytes a number),

    snapshot_bytes = 8 * (n * (2 n_0 + n_L + 1 + 3 U) + N + 6 P)

for n samples in a batch, N in the training set, n_0 inputs, n_L outputs, U units in layers
1..L and P weights and biases (6 P: weights, biases, gradients, old parameters, the trainer's
flat copy and at most two optimizer moments). ``nbytes()`` (array data, shared arrays counted
once) stays below ``capacity * snapshot_bytes``; Python objects add about 3 KB per snapshot.
Examples: the XOR preset (2-2-1, n = N = 4, U = 3, P = 9) is 8 * (4 * 15 + 4 + 54) = 944 bytes,
at most 0.94 MB (4 MB with the objects); a 2-8-8-1 network (P = 105, U = 17) on 200 samples in
one batch is 97,840 bytes, at most 98 MB, and about 28 KB a snapshot (28 MB) with the sharing.
"""
from __future__ import annotations

import dataclasses

import numpy as np


class SnapshotHistory:
    def __init__(self, capacity: int = 1000, recent: int = 500):
        if not 0 < recent < capacity:
            raise ValueError(f"need 0 < recent < capacity, not {recent} and {capacity}")
        self.capacity, self.recent = capacity, recent
        self.clear()

    def clear(self):
        self._items, self._cursor, self._pool = [], -1, {}

    def __len__(self) -> int:
        return len(self._items)

    @property
    def index(self) -> int:
        """The cursor: the position of the current snapshot (-1 when empty)."""
        return self._cursor

    @property
    def current(self):
        return self._items[self._cursor] if self._items else None

    def can_undo(self) -> bool:
        return self._cursor > 0

    def can_redo(self) -> bool:
        return self._cursor < len(self._items) - 1

    def push(self, snapshot):
        """Record ``snapshot`` after the current one; what came after the cursor is dropped."""
        if self._cursor < len(self._items) - 1:
            del self._items[self._cursor + 1:]
            self._pool = _pool_of(self.current)
        snapshot, self._pool = _shared(snapshot, self._pool)
        self._items.append(snapshot)
        if len(self._items) > self.capacity:
            self._thin()
        self._cursor = len(self._items) - 1
        return snapshot

    def _thin(self):
        older, newest = self._items[:-self.recent], self._items[-self.recent:]
        self._items = older[::2] + newest

    def undo(self):
        """The snapshot before the current one (None at the start); it becomes current."""
        if not self.can_undo():
            return None
        self._cursor -= 1
        return self._items[self._cursor]

    def redo(self):
        """The snapshot after the current one (None at the end); it becomes current."""
        if not self.can_redo():
            return None
        self._cursor += 1
        return self._items[self._cursor]

    def at(self, index: int):
        """The snapshot at ``index`` (0 = the oldest held, -1 = the newest), cursor unchanged."""
        return self._items[index]

    def seek(self, index: int):
        """Make the snapshot at ``index`` current (a timeline slider) and return it."""
        snapshot = self._items[index]
        self._cursor = index % len(self._items)
        return snapshot

    def nbytes(self) -> int:
        """Bytes of array data held, each array (or the buffer it views) counted once."""
        seen, total = set(), 0
        for snapshot in self._items:
            for a in _arrays(snapshot):
                buffer = a if a.base is None else a.base
                if id(buffer) not in seen:
                    seen.add(id(buffer))
                    total += buffer.nbytes
        return total


def _arrays(snapshot):
    """Every array a snapshot holds."""
    s = snapshot
    groups = (s.z, s.a, s.delta, s.grad_w, s.grad_b, s.weights, s.biases, s.old_weights,
              s.old_biases, _flat(s.state.opt_state))
    singles = [s.samples, s.x, s.t, s.state.params, s.state.order]
    return [a for a in singles if a is not None] + \
        [a for g in groups if g is not None for a in g if isinstance(a, np.ndarray)]


def _flat(obj):
    """The arrays inside an optimizer state (None, an array, or a tuple of numbers and arrays)."""
    if isinstance(obj, np.ndarray):
        return (obj,)
    return tuple(obj) if isinstance(obj, (tuple, list)) else None


def _key(a):
    return a.dtype.str, a.shape, a.tobytes()


def _pool_of(snapshot):
    return {} if snapshot is None else {_key(a): a for a in _arrays(snapshot)}


def _shared(snapshot, pool):
    """``snapshot`` with each array replaced by an equal one from ``pool`` where there is one.

    Returns the new snapshot and the pool of its own arrays (for the next push). Arrays that
    are new are frozen copies, so nothing outside the history can change them later.
    """
    new_pool = {}

    def one(a):
        if not isinstance(a, np.ndarray):
            return a
        key = _key(a)
        kept = new_pool.get(key)
        if kept is None:
            kept = pool.get(key)
        if kept is None:
            kept = np.array(a)
            kept.setflags(write=False)
        new_pool[key] = kept
        return kept

    def many(arrays):  # a tuple or list of arrays (None entries stay None), or one array
        if isinstance(arrays, (tuple, list)):
            return type(arrays)(one(a) for a in arrays)
        return one(arrays)

    s, state = snapshot, snapshot.state
    state = dataclasses.replace(state, params=one(state.params), order=one(state.order),
                                opt_state=many(state.opt_state))
    s = dataclasses.replace(
        s, samples=one(s.samples), x=one(s.x), t=one(s.t), z=many(s.z), a=many(s.a),
        delta=many(s.delta), grad_w=many(s.grad_w), grad_b=many(s.grad_b),
        weights=many(s.weights), biases=many(s.biases), old_weights=many(s.old_weights),
        old_biases=many(s.old_biases), state=state)
    return s, new_pool
