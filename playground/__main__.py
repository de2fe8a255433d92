"""``python -m playground``: the same as the ``backprop-playground`` command."""
import sys

from .app import main

sys.exit(main())
