"""The PyTorch baseline: XOR on [2, 4, 1] with nn.Sequential and SGD, float64, one thread.

Full batch, sigmoid layers, binary cross-entropy with mean reduction, eta 0.5: the same work
as ``bare_xor.py`` and ``backprop train --data xor --layers 2,4,1 --lr 0.5 --epochs N``.
Run it with an interpreter that has torch (never a dependency of this project):

    /tmp/torchvenv/bin/python tests/benchmarks/torch_xor.py [EPOCHS]

Prints the accuracy and the seconds spent in the training loop alone.
"""
import sys
import time

import torch

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
torch.set_num_threads(1)
torch.manual_seed(0)
x = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float64)
t = torch.tensor([[0], [1], [1], [0]], dtype=torch.float64)
model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Sigmoid(), torch.nn.Linear(4, 1))
model = model.double()
loss_fn = torch.nn.BCEWithLogitsLoss()  # sigmoid output and BCE, from the logits (as the engine)
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
start = time.perf_counter()
for _ in range(epochs):
    optimizer.zero_grad()
    loss = loss_fn(model(x), t)
    loss.backward()
    optimizer.step()
seconds = time.perf_counter() - start
with torch.no_grad():
    accuracy = float(((model(x) > 0) == (t > 0.5)).double().mean())
print(f"{accuracy} {seconds:.4f}")
