"""The Markdown parser compiled at set-up (compiled.py): what a user sees of it.

Set-up compiles markdown-it-py with mypyc where a C compiler exists; `build.py --version`
says which parser runs, and a site built without the compiled modules is the same, byte for
byte.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

VERSION = [sys.executable, str(REPO / "build.py"), "--version"]


def _pure_copy(target: Path) -> Path:
    """markdown-it-py's Python files alone (the compiled package keeps them beside its
    extensions), to put first on the path: the parser as it runs without a compiler."""
    import markdown_it
    source = Path(markdown_it.__file__).parent
    shutil.copytree(source, target / "markdown_it",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    return target


def _environment(path: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(path), env.get("PYTHONPATH")]))
    return env


def test_set_up_compiled_the_parser_where_a_compiler_exists() -> None:
    if not (Path(sys.prefix) / ".compiled").exists():
        pytest.skip("set-up's compiled step has not run in this environment (make setup)")
    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler: set-up keeps the pure-Python parser")
    run = subprocess.run(VERSION, capture_output=True, text=True, check=True)
    assert "Markdown parser: compiled (mypyc)" in run.stdout


def test_the_pure_python_parser_builds_the_same_site(tmp_path: Path) -> None:
    pure = _pure_copy(tmp_path / "pure")
    run = subprocess.run(VERSION, capture_output=True, text=True, check=True, env=_environment(pure))
    assert "Markdown parser: pure Python" in run.stdout
    sites = {}
    for name, path in (("installed", None), ("pure", pure)):
        blog = tmp_path / name
        blog.mkdir(exist_ok=True)
        for part in ("content", "scaffolds"):
            shutil.copytree(REPO / part, blog / part, copy_function=shutil.copy2)
        shutil.copy2(REPO / "_config.yml", blog)
        subprocess.run([sys.executable, str(REPO / "build.py"), "--quiet", "--cwd", str(blog), "build"],
                       check=True, env=_environment(path))
        sites[name] = blog / "site"
    differ = _different(sites["installed"], sites["pure"])
    assert differ == []


def _different(left: Path, right: Path) -> list[str]:
    """Files in only one of the trees or with other bytes (the sitemap's build times aside)."""
    names = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    others = {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    return sorted(str(name) for name in names ^ others) + sorted(
        str(name) for name in names & others if _bytes(left / name) != _bytes(right / name))


def _bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return re.sub(rb"<lastmod>[^<]*</lastmod>", b"", data) if path.name == "sitemap.xml" else data


def test_set_up_without_a_compiler_says_so_and_keeps_the_package(tmp_path: Path) -> None:
    env = dict(os.environ, CC="false")
    run = subprocess.run([sys.executable, str(REPO / "compiled.py"), "--target", str(tmp_path)],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert run.returncode == 0
    assert "markdown-it-py" in run.stdout and "pure Python kept" in run.stdout
    assert not list(tmp_path.glob("markdown_it*"))
