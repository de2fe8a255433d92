"""Backprop Playground's engine: pure NumPy, no window code.

The math is written once, in small functions (``backprop``); the phase stepper, the fast
trainer, the command line and the window all call them.
"""
from .network import Network

__all__ = ["Network"]
