"""The benchmarks time each checkout under its own venv's Python (bench/interpreter.py): set-up
may compile packages into one checkout's venv and not the other's, and timing both under one
interpreter would give the base the same compiled packages."""

from __future__ import annotations

import importlib.util
import py_compile
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


def _checkout_with_code(folder: Path) -> Path:
    for name in ("quillpress/__init__.py", "quillpress/cli.py", "plugins/math/__init__.py",
                 "quillpress_launcher.py"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("VALUE = 1\n")
    return folder


def test_a_compiled_checkout_has_nothing_to_compile(tmp_path: Path, capsys) -> None:
    checkout = _checkout_with_code(tmp_path / "checkout")
    for source in checkout.rglob("*.py"):
        py_compile.compile(str(source), doraise=True)
    assert interpreter.uncompiled(checkout) == []
    interpreter.warn_if_uncompiled(checkout)
    assert capsys.readouterr().err == ""


def test_modules_never_compiled_or_edited_since_are_named_with_the_command(tmp_path: Path, capsys) -> None:
    checkout = _checkout_with_code(tmp_path / "checkout")
    py_compile.compile(str(checkout / "quillpress" / "__init__.py"), doraise=True)
    py_compile.compile(str(checkout / "quillpress" / "cli.py"), doraise=True)
    edited = checkout / "quillpress" / "cli.py"
    edited.write_text("VALUE = 22\n")  # its size changes, as its stamp records it
    assert sorted(interpreter.uncompiled(checkout)) == sorted(
        [edited, checkout / "plugins" / "math" / "__init__.py", checkout / "quillpress_launcher.py"])
    interpreter.warn_if_uncompiled(checkout)
    warning = capsys.readouterr().err
    assert warning.startswith(f"warning: {checkout}: 3 modules without up-to-date bytecode")
    assert "-m compileall -q quillpress plugins quillpress_launcher.py" in warning
