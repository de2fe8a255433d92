"""One BLAS thread in the window's run and in the ``backprop`` command (engine/threads.py),
unless the user's environment chose. Each case runs in a fresh interpreter, so that the limit
set by one does not hide another; the untouched default is the negative control."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORT = ("from threadpoolctl import threadpool_info; "
          "print(max(i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'))")
SETUPS = {"nothing": "import numpy",
          "backprop": "from engine.cli import main; main(['datasets'])",
          "run": "from playground.session.run import Run; Run()"}


def blas_threads(setup: str, **env) -> int:
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", f"{setup}\n{REPORT}"], capture_output=True,
                          text=True, cwd=ROOT, env={**clean, **env}, check=True)
    return int(done.stdout.split()[-1])


@pytest.fixture(scope="module")
def default():
    n = blas_threads(SETUPS["nothing"])
    if n < 2:
        pytest.skip("the BLAS uses one thread here anyway: nothing to tell apart")
    return n


@pytest.mark.parametrize("where", ["backprop", "run"])
def test_one_blas_thread(default, where):
    assert blas_threads(SETUPS[where]) == 1


def test_the_users_own_setting_is_kept(default):
    assert blas_threads(SETUPS["backprop"], OPENBLAS_NUM_THREADS=str(default)) == default
