"""How a process of this project runs NumPy: one BLAS thread (threads.py) and freed memory kept
for the next iteration (allocator.py). The window's run and the ``backprop`` command call
``tune_numpy`` first; it does its work once per process."""
from __future__ import annotations

from .allocator import keep_freed_memory
from .threads import limit_blas_threads


def tune_numpy():
    limit_blas_threads()
    keep_freed_memory()
