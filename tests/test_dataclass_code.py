"""quillpress/dataclass_code.py: a dataclass made from kept code is the one Python makes."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from quillpress import pattern_cache

pytestmark = pytest.mark.skipif(sys.version_info[:2] not in pattern_cache._VERSIONS,
                                reason="this Python's re is not the one the table knows")
REPO = Path(__file__).resolve().parent.parent

# Made in a fresh interpreter: "plain" with Python's own `exec`, else through a table file.
SCRIPT = f"""
import sys; sys.path.insert(0, {str(REPO)!r})
import dataclasses, inspect
from pathlib import Path
from quillpress import pattern_cache as p
if sys.argv[2] == "plain":
    del dataclasses.exec  # the built-in again
else:
    p._installed = None; p.install(Path(sys.argv[1]))
from dataclasses import FrozenInstanceError, dataclass, field

@dataclass(order=True, frozen=True)
class Point:
    x: int
    y: int = 0
    tags: tuple = ()

@dataclass
class Bag:
    name: str
    items: list = field(default_factory=list)
    count: int = field(default=1, repr=False)

@dataclass(kw_only=True, slots=True)
class Options:
    size: int = 1
    label: str = "x"

seen = [repr(Point(1, 2)), Point(1, 2) < Point(1, 3), Point(1, 2) == Point(1, 2),
        hash(Point(1, 2)) == hash(Point(1, 2)), repr(Bag("n")), Bag("n") == Bag("n"),
        Bag("n").items is not Bag("n").items, repr(Options(label="y")),
        str(inspect.signature(Bag)), repr(Bag.__init__.__annotations__),
        Bag.__init__.__code__.co_filename, hasattr(Options(), "__dict__")]
try:
    Point(1).x = 5
except FrozenInstanceError:
    seen.append("frozen")
try:
    Options(2)
except TypeError:
    seen.append("keywords only")
print(repr(seen))
print(p._installed.added if sys.argv[2] != "plain" else 0)
"""


def _made(file: Path, mode: str) -> tuple[list[object], int]:
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(file), mode], capture_output=True,
                         text=True, check=True)
    seen, added = run.stdout.splitlines()
    return ast.literal_eval(seen), int(added)


def test_kept_methods_make_the_same_classes_and_are_not_compiled_again(tmp_path: Path) -> None:
    """The first command compiles the methods and keeps them; the next takes them from the
    file, and both make classes that behave as Python's own."""
    file = tmp_path / "patterns.bin"
    plain, _ = _made(file, "plain")
    first, added = _made(file, "kept")
    again, added_again = _made(file, "kept")
    assert plain[-2:] == ["frozen", "keywords only"]
    assert first == plain and again == plain
    assert added >= 8  # __init__, __repr__, __eq__, the order methods, __setattr__...
    assert added_again == 0  # every method from the file


def test_a_table_that_cannot_be_read_costs_only_the_compiling(tmp_path: Path) -> None:
    file = tmp_path / "patterns.bin"
    file.write_bytes(b"\x00not a table")
    plain, _ = _made(file, "plain")
    kept, added = _made(file, "kept")
    assert kept == plain and added >= 8
