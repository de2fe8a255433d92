"""How the window's run and the ``backprop`` command run NumPy (engine/tuning.py): one BLAS
thread unless the user's environment chose (threads.py), and freed memory kept so that a full
batch's arrays cost no page faults (allocator.py). Each case runs in a fresh interpreter, so
that what one sets does not hide another; the untouched default is the negative control."""
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


FAULTS = """
import resource
import numpy as np
from engine.network import Network
from engine.training import Trainer
rng = np.random.default_rng(0)
x = rng.normal(size=(20000, 2))
net = Network.create([2, 8, 8, 1], "tanh", "sigmoid", "bce", "mean", True, seed=0)
trainer = Trainer(net, x, (x[:, :1] > 0).astype(float), 0.1, 0, seed=0)
trainer.train_epochs(3)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
trainer.train_epochs(10)
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) // 10)
"""
# The control: what one layer's fresh z, a, delta and f'(z) of shape (20000, 8), made together
# each iteration, cost without the setting (glibc reuses a single block of that size: 4 tell).
FRESH = """
import resource
import numpy as np
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    layer = [np.ones((20000, 8)) for _ in range(4)]
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) // 10)
"""


def faults_per_iteration(setup: str, program: str = FAULTS) -> int:
    done = subprocess.run([sys.executable, "-c", f"{setup}\n{program}"], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    return int(done.stdout.split()[-1])


def test_the_page_fault_count_sees_a_fresh_array_per_iteration():
    assert faults_per_iteration(SETUPS["nothing"], FRESH) > 500  # 4 x 1.28 MB: about 1,250 pages


@pytest.mark.parametrize("where", ["backprop", "run"])
def test_a_full_batch_iteration_faults_in_no_fresh_memory(where):
    # Fewer than a twentieth of the faults of one layer's fresh arrays: the trainer's buffers
    # are made once (fast.Pass), and what else an iteration makes comes from kept memory.
    assert faults_per_iteration(SETUPS[where]) < faults_per_iteration(SETUPS["nothing"], FRESH) / 20
