"""The benchmarks time each checkout under its own venv's Python (bench/interpreter.py): set-up
may compile packages into one checkout's venv and not the other's, and timing both under one
interpreter would give the base the same compiled packages."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "bench_interpreter", Path(__file__).resolve().parent.parent / "bench" / "interpreter.py")
assert _SPEC and _SPEC.loader
interpreter = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(interpreter)


def test_a_checkout_with_a_venv_runs_under_its_own_python(tmp_path: Path) -> None:
    own = tmp_path / "checkout" / ".venv" / "bin" / "python"
    own.parent.mkdir(parents=True)
    own.symlink_to(sys.executable)  # as a worktree's .venv links to a shared one
    assert interpreter.python_of(tmp_path / "checkout") == str(own)


def test_a_checkout_without_one_runs_under_the_scripts_python(tmp_path: Path) -> None:
    (tmp_path / "checkout").mkdir()
    assert interpreter.python_of(tmp_path / "checkout") == sys.executable
