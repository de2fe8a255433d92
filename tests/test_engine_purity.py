"""The engine never loads window code: not PySide6, not pyqtgraph, not playground.

Checked twice: by importing every engine module in a fresh interpreter and looking at
``sys.modules``, and by reading every ``engine/*.py`` for an import statement.
"""
import ast
from pathlib import Path

import pytest

from helpers import import_all_code, run_python, top_level

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("PySide6", "pyqtgraph", "playground")

# engine.__main__ runs the command line when imported; its imports are checked statically below.
IMPORT_ALL = import_all_code("engine", skip="engine.__main__")


def test_importing_every_engine_module_loads_no_window_code():
    out = run_python(IMPORT_ALL)
    assert {"engine.network", "engine.backprop", "engine.stepper", "engine.training"} <= set(out["imported"])
    loaded = top_level(out["loaded"])
    assert "engine" in loaded and "numpy" in loaded
    for name in FORBIDDEN:
        assert name not in loaded, f"importing the engine loaded {name}"


def test_the_subprocess_check_would_see_a_window_import():
    # The control: the same look at sys.modules does see pyqtgraph when it is imported.
    out = run_python("import json, sys, pyqtgraph; print(json.dumps({'loaded': sorted(sys.modules)}))")
    assert {"pyqtgraph", "PySide6"} <= top_level(out["loaded"])


def imported_names(tree):
    """Absolute module names imported anywhere in the file, and relative ones reaching outside."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.module or ""
            elif node.level >= 2:  # from ..playground import x
                yield node.module or "".join(alias.name for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__"):
            yield from (a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))


ENGINE_FILES = sorted((ROOT / "engine").rglob("*.py"))


@pytest.mark.parametrize("path", ENGINE_FILES, ids=[p.name for p in ENGINE_FILES])
def test_no_engine_file_imports_window_code(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = [n for n in imported_names(tree) if n.split(".")[0] in FORBIDDEN]
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_the_static_check_sees_every_import_form():
    source = "import PySide6.QtCore\nfrom pyqtgraph import mkPen\nfrom ..playground import app\n" \
             "importlib.import_module('playground.views')\n"
    names = {n.split(".")[0] for n in imported_names(ast.parse(source))}
    assert names == set(FORBIDDEN)
