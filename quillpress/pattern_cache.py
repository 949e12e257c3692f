"""Compiled regular expressions kept from one command to the next, as Python keeps bytecode.

A cold build of the demo blog compiles ~820 regular expressions (Pygments' lexer rules,
linkify, markdown-it, YAML, the theme's helpers): ~0.2 s of CPU, most of it in `re`'s parser,
which is pure Python, in every command. What `re` hands its C engine for a pattern (the
opcode list, the group names) depends only on the pattern, its flags and the Python release,
so it is kept in a file: `install()` reads it once, and `re.compile` then gives a pattern found
there straight to the engine instead of parsing it again. At the end of the command the
patterns that had to be compiled are added to the file (`save`, from atexit; a forked render
worker saves its own once, as its pool ends), in the package's `__pycache__/` beside its
bytecode, where `make bytecode` and pip put that too. A save leaves out the patterns and facts
no recent save used (`KEEP_SAVES`), so the file holds what builds use now, not all they ever
compiled.

The compiled pattern is the same object the parser would have made (the engine gets the very
same arguments); tests/test_pattern_cache.py checks that on every Pygments lexer rule. A file
from another Python, a damaged or unreadable one, or one that cannot be written only costs
the parsing again. In CPython 3.11-3.13 (`re._compiler.compile`, private), elsewhere nothing
is replaced.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
from array import array
from pathlib import Path
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import _sre  # type: ignore[import-not-found]
from re import _compiler, _constants, _parser  # type: ignore[attr-defined]

from . import charsets

_VERSIONS = ((3, 11), (3, 12), (3, 13))  # where `re._compiler.compile` is known to be as below
# Whose patterns the file holds: another Python, or an engine with other opcodes, or classes
# laid out otherwise (charsets.py), reads none.
STAMP = f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{charsets.LAYOUT}"
# QUILLPRESS_PATTERN_TABLE names another file: the test suite's (tests/conftest.py), whose
# thousands of one-off patterns grew the installed table 4x (0.87 -> 3.5 MB), and every later
# command read them (~7 ms of a demo build).
FILE = Path(os.environ.get("QUILLPRESS_PATTERN_TABLE")
            or Path(__file__).resolve().parent / "__pycache__"
            / f"patterns.{sys.implementation.cache_tag}.bin")
# At most this many patterns are kept (~1 KB each): beyond it, only those this command used.
# A blog's own patterns (from its config) would otherwise pile up, and the file is read whole.
LIMIT = 5000
# A pattern that none of the last this many saves used is dropped (with its facts): one made
# anew by a run (a set joined in another order: 31 copies of the feed cleaner's stayed), a
# blog's own, or one code no longer makes. A fact ages the same way, on its own: the code of
# a dataclass method whose fields were edited since (dataclass_code.py) has no pattern to go
# with. Saves are the clock, and a command that adds nothing reads the file without writing
# it. A save marks what its own process used: a pattern only forked render workers use (a
# lexer's rule) is marked when a worker saves, not by the main process's save at its end, so
# 50 saves in a row by main processes alone drop it; a build then parses it once more (and
# its worker saves it again).
KEEP_SAVES = 50
# Fewer new patterns than this are not worth rewriting the file (~0.5 MB) for: a few patterns
# are made anew by every command (their text joins a set, in an order that changes per run).
# A new fact is always worth it: it is keyed by what it depends on, so the next command asks
# for the same one, and makes it again until it is saved (a lexer state's answers for all
# ASCII characters, made ahead only because they are kept: `keeps_facts`). Only a fact of a
# pattern made anew per run (Pygments' SML and Wikitext lexers join a few from sets) is new
# in every command: a blog with such code rewrites the file in each (Wikitext's did already).
WORTH_SAVING = 8
# ...unless they are this long together: parsing costs by the character, and one long pattern
# (linkify's URL pattern, 6,300 characters: ~30 ms) met late in a build, alone, was compiled
# again by every build, where a short one made anew per run does not rewrite the file.
WORTH_SAVING_CHARS = 2000
_CODE = "I" if array("I").itemsize == _sre.CODESIZE else "L"

# (pattern, flags) → (final flags, opcodes as bytes, groups, group index, index → group)
Key = tuple[str | bytes, int]
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
FactKey = tuple[str, str, int]  # (kind, pattern, the compiled pattern's flags) → (version, fact)
T = TypeVar("T")
K = TypeVar("K")
_original = _compiler.compile


class PatternTable:
    """The kept patterns of one file, and what this process added to them."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.entries, self.facts, _, _, _ = self._read()
        self.used: set[Key] = set()
        self.used_facts: set[FactKey] = set()
        self.added = 0  # patterns and facts
        self.added_chars = 0  # the length of the patterns added (see WORTH_SAVING_CHARS)
        self.added_facts = 0

    def _read(self) -> tuple[dict[Key, Entry], dict[FactKey, Any], int, list[int], list[int]]:
        """The file's patterns, their facts, how many saves made it, and for each pattern and
        each fact (in the table's order) the number of the last save that used it."""
        try:
            stamp, table, facts, *ages = marshal.loads(self.file.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):  # none yet, unreadable or damaged
            return {}, {}, 0, [], []
        if stamp != STAMP or not isinstance(table, dict) or not isinstance(facts, dict):
            return {}, {}, 0, [], []
        if len(ages) == 2:  # a file from before the facts' ages
            ages.append([])
        if len(ages) != 3 or not isinstance(ages[0], int) \
                or not all(isinstance(used_in, list) for used_in in ages[1:]):
            return table, facts, 0, [], []  # a file from before the ages
        saves, used_in, facts_used_in = ages
        return table, facts, saves, used_in, facts_used_in

    def fact(self, kind: str, pattern: str, flags: int, make: Callable[[], T],
             version: str = "") -> T:
        """What `make()` says of a compiled pattern (plain data marshal can write), kept with
        the patterns: e.g. the fast lexer's first characters (render/first_chars.py), which
        it would otherwise read from a parse of the pattern, the cost the table saves; or
        the compiled code of a dataclass method's text (dataclass_code.py).
        `version` names the code of `make`: a fact another version made is made again, and
        replaced."""
        key = (kind, pattern, int(flags))
        kept = self.facts.get(key)
        if not (isinstance(kept, tuple) and len(kept) == 2 and kept[0] == version):
            kept = self.facts[key] = (version, make())
            self.added += 1
            self.added_facts += 1
        self.used_facts.add(key)  # for its age (`save`)
        return kept[1]

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        """`re._compiler.compile`, taking a known pattern's code from the table."""
        if not isinstance(pattern, (str, bytes)) or flags & _constants.SRE_FLAG_DEBUG:
            return _original(pattern, flags)
        key = (pattern, int(flags))
        entry = self.entries.get(key)
        if entry is not None:
            try:
                compiled = _engine(pattern, entry)
            except (TypeError, ValueError, RuntimeError):  # a damaged entry: compiled anew
                del self.entries[key]
            else:
                self.used.add(key)
                return compiled
        entry = self.entries[key] = compiled_entry(pattern, key[1])
        self.used.add(key)
        self.added += 1
        self.added_chars += len(pattern)
        return _engine(pattern, entry)

    def temporary(self) -> Path:
        """Where this process writes the table before it replaces the file."""
        return self.file.with_name(f"{self.file.name}.{os.getpid()}")

    def save(self) -> None:
        """Write the table when patterns were added to it, merged with the file as it is now:
        a forked render worker saves what it compiled too (`forked`), and so may a build
        running beside this one. The file is replaced atomically: each reads the old or the new.
        Patterns and facts that none of the last `KEEP_SAVES` saves used are left out."""
        if self.added < WORTH_SAVING and self.added_chars < WORTH_SAVING_CHARS \
                and not self.added_facts:
            return
        temporary = self.temporary()
        try:
            self.file.parent.mkdir(exist_ok=True)
            with _locked(self.file.with_name(self.file.name + ".lock")):  # one merge at a time
                on_disk, facts, saves, ages, fact_ages = self._read()
                saves += 1
                last_used = _last_used(on_disk, ages, self.used, saves)
                entries = {**on_disk, **{key: self.entries[key] for key in self.used}}
                if len(entries) > LIMIT:
                    entries = {key: entries[key] for key in self.used}
                entries = _recent(entries, last_used, saves)
                fact_last_used = _last_used(facts, fact_ages, self.used_facts, saves)
                facts.update({key: self.facts[key] for key in self.used_facts})
                facts = _recent(facts, fact_last_used, saves)
                dropped = {pattern for pattern, _ in on_disk.keys() - entries.keys()}
                if dropped:  # a fact is keyed by the compiled pattern's flags, not those asked for
                    kept = {pattern for pattern, _ in entries}
                    facts = {key: value for key, value in facts.items()
                             if key[1] not in dropped or key[1] in kept}
                used_in = [last_used[key] for key in entries]
                facts_used_in = [fact_last_used[key] for key in facts]
                temporary.write_bytes(marshal.dumps((STAMP, entries, facts, saves, used_in,
                                                     facts_used_in)))
                os.replace(temporary, self.file)
        except (OSError, ValueError):  # read-only, full (or a fact marshal cannot write): parsed again
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            return
        self.added = self.added_chars = self.added_facts = 0


def _last_used(on_disk: dict[K, Any], ages: list[int], used: set[K], saves: int) -> dict[K, int]:
    """The number of the last save that used each key: this save (`saves`) for those this
    process used and for those the file gives no age (a file from before the ages)."""
    last_used = dict.fromkeys(on_disk, saves)
    last_used.update((key, n) for key, n in zip(on_disk, ages) if isinstance(n, int))
    last_used.update(dict.fromkeys(used, saves))
    return last_used


def _recent(kept: dict[K, T], last_used: dict[K, int], saves: int) -> dict[K, T]:
    """`kept` without what none of the last `KEEP_SAVES` saves used."""
    return {key: value for key, value in kept.items() if last_used[key] > saves - KEEP_SAVES}


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (POSIX; elsewhere, where nothing forks, none)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _engine(pattern: str | bytes, entry: Entry) -> Any:
    """The compiled pattern the engine makes of an entry; TypeError, ValueError or
    RuntimeError (the engine's check of the code) when the entry is damaged."""
    final, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, final, array(_CODE, code).tolist(), groups, dict(groupindex),
                        indexgroup)


def compiled_entry(pattern: str | bytes, flags: int) -> Entry:
    """What `re._compiler.compile` (CPython 3.11-3.13) hands the engine for this pattern."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    groupindex = tree.state.groupdict
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | tree.state.flags), array(_CODE, code).tobytes(), tree.state.groups - 1,
            dict(groupindex), tuple(indexgroup))


_installed: PatternTable | None = None


def install(file: Path = FILE) -> None:
    """Compile this process's regular expressions through the kept table (idempotent)."""
    global _installed
    if _installed is not None or sys.version_info[:2] not in _VERSIONS \
            or array(_CODE).itemsize != _sre.CODESIZE:
        return
    _installed = table = PatternTable(file)
    _compiler.compile = table.compile
    atexit.register(_save_at_exit, table, os.getpid())


def _save_at_exit(table: PatternTable, owner: int) -> None:
    """Save the table as the command ends (in the process that installed it). A Ctrl+C
    then, during a deploy's last step, printed "Exception ignored in atexit callback" and a
    traceback: the file stays as it was (it is replaced atomically), its temporary goes."""
    if os.getpid() != owner:
        return
    try:
        table.save()
    except KeyboardInterrupt:
        with contextlib.suppress(OSError):
            table.temporary().unlink(missing_ok=True)


def kept_fact(kind: str, pattern: str, flags: int, make: Callable[[], T], version: str = "") -> T:
    """`PatternTable.fact` of the installed table; without one, `make()`."""
    return _installed.fact(kind, pattern, flags, make, version) if _installed is not None \
        else make()


def keeps_facts() -> bool:
    """Whether a fact made now reaches later commands: a table is installed and its folder
    (while there is none, the folder it goes in) can be written. A fact that costs more to
    make than this command needs of it pays only where it is kept: not in a read-only
    install, nor on a Python the table does not know."""
    if _installed is None:
        return False
    folder = _installed.file.parent
    return os.access(folder if folder.is_dir() else folder.parent, os.W_OK)


def forked() -> Callable[[], None]:
    """In a process just forked (a render worker, build/split.py): what saves the patterns
    it compiles that the table lacks, once, as it ends (a save after each chunk rewrote the
    whole table 10-14 times in a cold 1,000-post build). Only its own additions count: the
    parent's, made before the fork, are the parent's to save, else every worker of a later
    pool rewrote the table for them."""
    if _installed is None:
        return lambda: None
    _installed.added = _installed.added_chars = _installed.added_facts = 0
    return _installed.save
