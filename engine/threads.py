"""How many threads NumPy's BLAS may use: one, unless the user says otherwise.

The products this project makes are small (a batch of 10 rows, layers of at most a few hundred
units) or are cut into chunks, and an OpenBLAS worker thread costs more to wake than such a
product takes. On a busy 2-core machine the workers also fight the window and each other for
the cores. Measured there with two CPU-bound processes running (``tests/benchmarks``), one
thread against the default two: a whole-set evaluation of 100,000 points on [2, 64 x 10, 1]
1.1-1.3 s against 12-19 s, an epoch of [2, 128, 128, 1] at batch 10 1.6-1.8 ms against 70-480
ms, 100,000 points at batch 10 about 2,900 against 50-290 batches a second.

threadpoolctl sets the limit at run time, whatever was imported first and whichever BLAS NumPy
was built with (OpenBLAS, MKL, BLIS); an environment variable works only before NumPy is
loaded and has a different name for each BLAS. A user's own ``OPENBLAS_NUM_THREADS``,
``MKL_NUM_THREADS`` or ``OMP_NUM_THREADS`` is respected.
"""
from __future__ import annotations

import os

USER_SETTINGS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS",
                 "BLIS_NUM_THREADS")
_done = False


def limit_blas_threads(n: int = 1) -> bool:
    """Limit the BLAS to ``n`` threads for the rest of the process, once (later calls do
    nothing); False if the user's environment already chose."""
    global _done
    if _done or any(os.environ.get(name) for name in USER_SETTINGS):
        return False
    from threadpoolctl import threadpool_limits  # 3 ms; only the processes that compute
    threadpool_limits(n, user_api="blas")
    _done = True
    return True
