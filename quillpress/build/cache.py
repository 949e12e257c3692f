"""A disk cache of rendered document bodies, keyed by content hash.

SQLite rather than one file per post: 5,000 posts make one file, and a lookup is a
primary-key read. Values are JSON, not pickle, so a cache never runs code; a body's HTML,
excerpt and plain text have columns of their own, kept as the build holds them (LZ4-packed
bytes on a big site, see `pack_bodies`), so reading them back packs nothing again. A cache that
cannot be read or written (corrupt, a full disk) is only a cold cache: the build goes on
with the bodies in memory, and says so once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model.document import PACKED_FIELDS, Rendered, TocEntry, restore_text, stored_text

log = logging.getLogger("quillpress")
_PACKED_COLUMNS = ", ".join(PACKED_FIELDS)
_PLACES = ", ".join("?" * (2 + len(PACKED_FIELDS)))  # key, value, then the packed fields
# A new name whenever Rendered (or a marker in it, or its packing) changes, and whenever a change
# to rendering gives a cached body other HTML between releases (`__version__` in each key moves
# only at a release; a checkout of main has none): the old table's rows are ignored, then dropped.
TABLE = "bodies_v10"
# SQLite page size of a new file (its default is 4096): a row (a body's packed HTML, its search
# terms) is ~14 KB at 5,000 posts, and fits in one page instead of a chain of overflow pages.
# Writing 5,000 rows took ~40 % less CPU, reading them back ~30 % less. Set wherever the file
# is opened (`_open`), so a file made anew after damage, or left empty, gets it too; an
# existing file keeps the page size it was made with.
PAGE_BYTES = 65536
_CREATE = (f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, value TEXT, "
           f"{_PACKED_COLUMNS})")  # no column type: a str or bytes comes back as stored


class BodyCache:
    def __init__(self, path: Path | None) -> None:
        self._memory: dict[str, Rendered] = {}
        self._db: sqlite3.Connection | None = None
        self._path = path
        # Whether the file held bodies when first asked (None: not asked yet). A first
        # build's 5,000 lookups in an empty table cost ~50 ms, in the main process alone
        # before the render pool forks.
        self._stored: bool | None = None
        # A first build's file does not exist yet: it holds nothing to read, and is made by
        # the first write, with its table in that write's transaction (`put_many`). Made
        # here, the table was a commit of its own, four syncs of the disk (12-40 ms at load
        # 13) in the main process before the render pool forks.
        self._unmade = False
        # Whether `trim` has yet to look at what earlier builds left: a file this build
        # makes holds nothing else.
        self._untrimmed = path is not None and path.exists()
        if path is not None and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            self._stored, self._unmade = False, True
        elif path is not None:
            try:
                self._db = self._open(path)
            except sqlite3.OperationalError as exc:
                self._give_up(exc)  # locked by another build (a serve, say): not corrupt, kept
            except sqlite3.DatabaseError:
                _delete(path)  # a corrupt cache is just a cold cache
                try:
                    self._db = self._open(path)
                except sqlite3.Error as exc:
                    self._give_up(exc)

    @staticmethod
    def _open(path: Path, table: bool = True) -> sqlite3.Connection:
        """A connection to the file, with the table made if it lacks it (and `table`).

        SQLite's own syncs (synchronous=FULL) are kept: without them a power loss can
        leave a row's first pages new and an overflow page old, a body spliced from two
        posts that SQLite reads without an error (quick_check says ok), so no check could
        find it and the page would be wrong until its post changes. A file whose damage
        SQLite does see is deleted, a cold cache (here and `_give_up`)."""
        db = sqlite3.connect(path, check_same_thread=False)
        # before the file's first page: a file that has pages keeps its size (no VACUUM)
        db.execute(f"PRAGMA page_size={PAGE_BYTES}")
        if table:
            db.execute(_CREATE)
        return db

    def _give_up(self, exc: sqlite3.Error) -> None:
        """Go on without the disk: this build is right, the next renders its bodies again,
        into a new file when this one is damaged."""
        log.warning("the render cache %s cannot be used (%s); building without it",
                    self._path, exc)
        if self._db is not None:
            self._db.close()
        self._db = None
        if self._path is not None and not isinstance(exc, sqlite3.OperationalError):
            _delete(self._path)  # damaged, not locked or full: a cold cache

    def get(self, key: str) -> Rendered | None:
        if key in self._memory:
            return self._memory[key]
        if self._db is None or self._stored is False:
            return None
        try:
            if self._stored is None:
                self._stored = self._db.execute(f"SELECT 1 FROM {TABLE} LIMIT 1").fetchone() is not None
                if not self._stored:
                    return None
            row = self._db.execute(f"SELECT value, {_PACKED_COLUMNS} FROM {TABLE} "
                                   "WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return None
        if row is None:
            return None
        data = json.loads(row[0])
        data["toc"] = [TocEntry(**entry) for entry in data["toc"]]
        if data["word_counts"] is not None:
            data["word_counts"] = tuple(data["word_counts"])  # a JSON array
        rendered = Rendered(content="", excerpt="", text="", **data)
        for name, stored in zip(PACKED_FIELDS, row[1:]):
            restore_text(rendered, name, stored)
        self._memory[key] = rendered
        return rendered

    def put_many(self, items: dict[str, Rendered]) -> None:
        self._memory.update(items)
        if not items or (self._db is None and not self._unmade):
            return
        rows = ((key, json.dumps(_row(value), ensure_ascii=False),
                 *(_bound(stored_text(value, name)) for name in PACKED_FIELDS))
                for key, value in items.items())  # one row's JSON at a time, not all at once
        try:
            db = self._db
            if db is None:  # unmade: the file and its table, in the transaction of the first rows
                assert self._path is not None
                self._unmade = False
                db = self._db = self._open(self._path, table=False)
                db.execute("BEGIN")
                db.execute(_CREATE)
            with db:
                db.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES ({_PLACES})", rows)
        except sqlite3.Error as exc:
            self._give_up(exc)

    def trim(self) -> None:
        """Drop what no key of this build can reach, once per file opened, after the build
        has asked for every body of its site: tables of earlier versions (an earlier
        `TABLE`), and rows it did not use (other configs', edited posts' older bodies) once
        they are more than twice what it used. Every body was kept: a config edit (a title)
        gives every body a new key, and each added a full set, 36 MB at 1,000 posts. Of the
        unused rows, the newest (a row's `rowid` grows with each write), as many as it used,
        are kept even then: the set of the config built before, so a config edit undone
        and two configs built in turn (staging and live) stay warm. Trimming as soon as the
        unused rows outnumbered the used deleted the other config's whole set after any
        post was edited (its older body is one more unused row), and that config's next
        build rendered every body again; now edits pile up to half the site's posts first.
        At most three sets are kept. The file keeps its size (no VACUUM): the freed pages
        take the next rows."""
        if self._db is None or not self._untrimmed:
            return
        self._untrimmed = False
        try:
            db = self._db
            old = [name for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != ? "
                "AND (name = 'bodies' OR name GLOB 'bodies_v[0-9]*')", (TABLE,))]
            used = len(self._memory)
            unused = db.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0] - used
            if not old and unused <= 2 * used:
                return
            with db:
                for name in old:
                    db.execute(f'DROP TABLE "{name}"')
                if unused > 2 * used:
                    db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                    db.executemany("INSERT INTO used VALUES (?)", ((key,) for key in self._memory))
                    db.execute(f"DELETE FROM {TABLE} WHERE key NOT IN (SELECT key FROM used) "
                               f"AND rowid NOT IN (SELECT rowid FROM {TABLE} WHERE key NOT IN "
                               "(SELECT key FROM used) ORDER BY rowid DESC LIMIT ?)", (used,))
                    db.execute("DROP TABLE used")
        except sqlite3.Error as exc:
            self._give_up(exc)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _delete(path: Path) -> None:
    """Delete a damaged cache file with its rollback journal (the cache keeps SQLite's
    default journal mode, never WAL: it has no -wal or -shm). A journal left by a build
    stopped mid-write belongs to the old file; SQLite drops one it finds beside a new, empty
    file only when it can lock that file, so the cache does not lean on it. The journal goes
    first: a stop between the two leaves the damaged file, found again by the next build,
    never a journal beside a new file. Only these two names: nothing else in the folder is
    the cache's to delete."""
    for name in (path.name + "-journal", path.name):
        path.with_name(name).unlink(missing_ok=True)


def _bound(stored: str | bytes) -> str | bytes:
    """A packed field as SQLite is given it. sqlite3 encodes a str to UTF-8 through the
    C API that keeps that encoding inside the str for the rest of its life: every unpacked
    body in memory held its HTML, excerpt and text twice over (1,000 posts, all with
    non-ASCII text: main peak 140 -> 165 MB, workers, which inherit it, 111 -> 136 MB). A
    non-ASCII str is bound as a throwaway copy (one memcpy: a join of two never returns
    its first part itself), freed with the row."""
    if type(stored) is str and not stored.isascii():
        return "".join((stored, ""))
    return stored


def _row(rendered: Rendered) -> dict[str, Any]:
    """`rendered` but its packed fields, as the JSON object `get` reads back. Not
    `dataclasses.asdict`, which deep-copies every list and dict first (the facts' term
    counts): that was 0.9 s of CPU in the main process at 1,000 posts, for the same JSON."""
    row = {field.name: getattr(rendered, field.name) for field in _FIELDS}
    row["toc"] = [vars(entry) for entry in rendered.toc]
    return row


_FIELDS = [field for field in dataclasses.fields(Rendered) if field.name not in PACKED_FIELDS]


def write_cache_file(path: Path, text: str | Iterable[str]) -> None:
    """Replace a file of the cache folder atomically. When the disk is full or read-only the
    old file is removed instead (a stale one could vouch for output that changed since), and
    the build goes on: its site is right, the next build only has more to redo. `text` may
    come in pieces (`json_pieces`), so a big file is never one string in memory."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        os.replace(tmp, path)
    except OSError as exc:
        for stale in (tmp, path):
            with contextlib.suppress(OSError):
                stale.unlink(missing_ok=True)
        log.warning("could not save %s (%s); the next build will redo more work", path,
                    exc.strerror or exc)


# Entries of a mapping written by one `json.dumps` (`json_pieces`): a call per entry was
# ~4 us of overhead, ~0.1 s for the manifest's stamps of a 5,000-post site, at its end.
PIECE = 512


def json_pieces(mapping: dict[str, Any], depth: int = 1) -> Iterator[str]:
    """`json.dumps(mapping)` a few hundred entries at a time (`PIECE`): the link check's and
    the page records' files are tens of MB at 5,000 posts, and `json.dumps` holds the whole
    text, and its pieces, at once. With `depth` 2, a value that is a mapping (the manifest's
    stamps of every file) comes in pieces too. The keys are strings."""
    yield "{"
    comma, batch = "", dict[str, Any]()
    for key, value in mapping.items():
        if depth > 1 and isinstance(value, dict):
            if batch:
                yield comma + json.dumps(batch)[1:-1]
                comma, batch = ", ", {}
            yield f"{comma}{json.dumps(key)}: "
            comma = ", "
            yield from json_pieces(value, depth - 1)
            continue
        batch[key] = value
        if len(batch) == PIECE:
            yield comma + json.dumps(batch)[1:-1]
            comma, batch = ", ", {}
    if batch:
        yield comma + json.dumps(batch)[1:-1]
    yield "}"
