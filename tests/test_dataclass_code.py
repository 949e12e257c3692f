"""quillpress/dataclass_code.py: a dataclass made from kept code is the one Python makes."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from quillpress import dataclass_code, pattern_cache

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


def test_a_method_no_recent_save_used_is_dropped_and_a_used_one_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dataclass edited during development makes new method texts; the code of the texts
    as they were goes once the last KEEP_SAVES saves did not use it, as a pattern does, while
    a class made by every command keeps its code, however old."""
    file = tmp_path / "patterns.bin"
    monkeypatch.setattr(pattern_cache, "KEEP_SAVES", 3)

    def command(edited_field: str) -> int:
        """One command that makes an unchanged class and the edited one, then saves (as
        after a build that met new patterns); how many methods it had to compile."""
        table = pattern_cache.PatternTable(file)
        monkeypatch.setattr(pattern_cache, "_installed", table)
        dataclasses.make_dataclass("Unchanged", ["field_never_edited"])
        dataclasses.make_dataclass("Edited", [edited_field])
        compiled = table.added
        table.added = pattern_cache.WORTH_SAVING
        table.save()
        return compiled

    def kept_texts() -> list[str]:
        facts = pattern_cache.PatternTable(file).facts
        return [text for kind, text, _ in facts if kind == dataclass_code.KIND]

    assert command("field_before_the_edit") > 0
    assert command("field_after_the_edit") > 0  # the edited class's methods, compiled anew
    assert command("field_after_the_edit") == 0  # every method from the file
    texts = kept_texts()
    assert any("field_before_the_edit" in text for text in texts)  # two saves ago: still kept
    assert any("field_never_edited" in text for text in texts)
    assert command("field_after_the_edit") == 0
    texts = kept_texts()
    assert not any("field_before_the_edit" in text for text in texts)  # the last 3 saves: unused
    assert any("field_never_edited" in text for text in texts)  # first made 4 saves ago, used since
    assert any("field_after_the_edit" in text for text in texts)
