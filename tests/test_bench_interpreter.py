"""The benchmarks time each checkout under its own venv's Python (bench/interpreter.py): set-up
may compile packages into one checkout's venv and not the other's, and timing both under one
interpreter would give the base the same compiled packages."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _python_of():
    spec = importlib.util.spec_from_file_location("bench_interpreter", BENCH / "interpreter.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.python_of


def test_a_checkout_with_a_venv_runs_under_its_own_python(tmp_path: Path) -> None:
    own = tmp_path / "checkout" / ".venv" / "bin" / "python"
    own.parent.mkdir(parents=True)
    own.symlink_to(sys.executable)  # as a worktree's .venv links to a shared one
    assert _python_of()(tmp_path / "checkout") == str(own)


def test_a_checkout_without_one_runs_under_the_scripts_python(tmp_path: Path) -> None:
    (tmp_path / "checkout").mkdir()
    assert _python_of()(tmp_path / "checkout") == sys.executable
