"""Every formula's HTML on disk, so a rebuild renders only formulas it has not seen.

One SQLite file shared by the forked render workers and the dev server's threads: each
process and each thread opens its own connection (a connection never crosses a fork, and
SQLite refuses one made in another thread), WAL lets readers and a writer work at once, and
a busy timeout makes concurrent writers wait instead of failing. Writes are batched per
document.

A cache never fails a build. A corrupt file is deleted once, here in the process that loads
the plugin, before any worker opens it: a worker that deleted it would pull the file (and its
WAL) from under the others, which is how a busy worker once turned "database is locked" into
"database disk image is malformed" for the rest. A worker that cannot use the file for any
reason renders its formulas without it; one that finds it damaged marks it for the next build
to delete.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import time
from pathlib import Path

BUSY_TIMEOUT_S = 30.0  # how long a worker waits for another's write before going on without
KNOWN_CHARS = 1 << 22  # HTML kept in memory of rows read or written, at most (then forgotten)
PAGE_BYTES = 16384  # SQLite page size of a new file (its default is 4096)
WAL_RETRY_S = 0.005  # pause before switching a new file to WAL again (`_enter_wal`)
QUERY_KEYS = 500  # keys asked in one query, under SQLite's limit on variables (999 before 3.32)

def formula_key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class FormulaCache:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._pid = -1
        self._local = threading.local()  # this thread's connection, and the pid that opened it
        self._pending: dict[str, str] = {}
        # Rows this process read from the file or wrote to it: a formula met again (`$x$` in
        # many posts) is answered here, not by a query. A key names its HTML for good.
        self._known: dict[str, str] = {}
        self._known_chars = 0
        if path is not None:
            _delete_if_corrupt(path)

    def _own_pending(self) -> dict[str, str]:
        """The rows put in this process since its last flush: a forked worker starts with
        none (the parent's are the parent's to write)."""
        if self._pid != os.getpid():
            self._pending = {}
            self._pid = os.getpid()
        return self._pending

    def _connection(self) -> sqlite3.Connection | None:
        """This thread's connection, opened (and the file made) at its first use: a
        process that only puts rows opens none until it has some to write."""
        if self.path is None:
            return None
        self._own_pending()
        if getattr(self._local, "pid", None) != self._pid:
            self._local.db = _open(self.path)
            self._local.pid = self._pid
        return self._local.db

    def _without_disk(self, exc: sqlite3.DatabaseError) -> None:
        """This thread goes on with no disk cache; its formulas are still rendered. A file
        found damaged (not busy or locked) is marked, and the next build deletes it before
        any worker opens it (`_delete_if_corrupt`): damage past its first page (a disk's
        fault, a copy cut short) is met only by a read, here, in a worker or a thread while
        others have the file open, where deleting it would pull it from under them."""
        with contextlib.suppress(sqlite3.Error):
            self._local.db.close()
        self._local.db = None
        if self.path is not None and not isinstance(exc, sqlite3.OperationalError):
            with contextlib.suppress(OSError):
                _damage_mark(self.path).touch()

    def get(self, key: str, disk: bool = True) -> str | None:
        """The formula's HTML if known: put in this process since the last flush, or (with
        `disk`) in the file."""
        if not disk:
            return self._own_pending().get(key)
        return self.get_many([key]).get(key)

    def get_many(self, keys: list[str]) -> dict[str, str]:
        """The HTML of those `keys` that are known (as `get`), the file asked once for all
        those not in memory: a document's formulas cost one query, not one each."""
        db = self._connection()
        found = {key: self._pending[key] for key in keys if key in self._pending}
        if db is None:
            return found
        asked: list[str] = []
        for key in dict.fromkeys(keys):  # each key once
            if key in found:
                continue
            known = self._known.get(key)
            if known is None:
                asked.append(key)
            else:
                found[key] = known
        rows: list[tuple[str, str]] = []
        try:
            for start in range(0, len(asked), QUERY_KEYS):
                chunk = asked[start:start + QUERY_KEYS]
                rows += db.execute("SELECT key, html FROM formulas WHERE key IN "
                                   f"({','.join('?' * len(chunk))})", chunk).fetchall()
        except sqlite3.DatabaseError as exc:
            self._without_disk(exc)
            return found
        self._remember(rows)
        found.update(rows)
        return found

    def _remember(self, rows: list[tuple[str, str]]) -> None:
        for key, html in rows:
            if self._known_chars + len(html) > KNOWN_CHARS:
                self._known, self._known_chars = {}, 0
            self._known[key] = html
            self._known_chars += len(html)

    def put(self, key: str, html: str) -> None:
        self._own_pending()[key] = html

    def flush(self) -> None:
        """Write the rows put since the last flush. A process with none opens no file: a
        render worker whose documents hold no formula (conduition's split child) opened it
        after each one, and on a first build made it, with its switch to WAL, at the same
        moment as the main process, which then waited for that lock before its first
        formula."""
        if not self._own_pending():
            return
        db = self._connection()
        if db is None:
            return
        rows = list(self._pending.items())
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO formulas VALUES (?, ?)", rows)
        except sqlite3.OperationalError:
            return  # locked for too long: keep the formulas for the next flush
        except sqlite3.DatabaseError as exc:
            self._without_disk(exc)
            return
        self._remember(rows)
        self._pending = {}


def _open(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        # A new file's pages hold a few formulas' HTML each (~4 KB a formula on a real blog)
        # rather than spilling each into overflow pages: fewer pages written per flush. An
        # existing file keeps its page size (the pragma then does nothing).
        db.execute(f"PRAGMA page_size={PAGE_BYTES}")
        # Making a new file (its switch to WAL, its table) unsynced: with SQLite's default
        # (FULL) that took six syncs of the disk, 2-100 ms in the main process before its
        # first formula (bench/README.md, stop 38). A power loss then leaves a file that is
        # empty or damaged, which the next build deletes (`_delete_if_corrupt`), never a row.
        db.execute("PRAGMA synchronous=OFF")
        _enter_wal(db)
        db.execute("CREATE TABLE IF NOT EXISTS formulas (key TEXT PRIMARY KEY, html TEXT)")
        # Rows are synced at checkpoints only, not each commit; never OFF, which lets a power
        # loss splice a formula's HTML from two rows unseen (see build/cache.py's
        # BodyCache._open).
        db.execute("PRAGMA synchronous=NORMAL")
        return db
    except (OSError, sqlite3.DatabaseError):
        return None  # busy, locked or unreadable: render without the disk cache


def _enter_wal(db: sqlite3.Connection) -> None:
    """Switch a new file to WAL, waiting as the busy timeout would. Two processes that open a
    new file at once (a forked worker and the main process, on a first build) both switch it,
    and SQLite answers the second "database is locked" at once, never calling its busy
    handler: that process then went on without the cache, and the build filed none of its
    formulas. On a file already in WAL the switch is a no-op that takes no lock. Only that
    answer is waited out: a full or read-only disk says so at once and for good, and every
    process of the build then waited the whole timeout (30 s) before going on without it."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(WAL_RETRY_S)


def _delete_if_corrupt(path: Path) -> None:
    """Delete a cache file SQLite cannot read, or that a read in the last build found
    damaged, with its WAL and shared-memory files. The schema is read, not only the header:
    a first page damaged past its header passed a header's check while every `_open` failed
    on the schema, and the cache stayed off build after build. A file another build holds
    locked is not corrupt and is left alone at once: with SQLite's default busy timeout this
    check waited 5 s for the other build's write before saying so, and the cache itself waits
    where it must."""
    if _damage_mark(path).exists():
        _delete(path)
        return
    if not path.is_file():
        return
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=0)) as db:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return
    except sqlite3.OperationalError:
        return  # busy or locked by another build: not corrupt, leave it alone
    except sqlite3.DatabaseError:
        _delete(path)


def _damage_mark(path: Path) -> Path:
    """The file whose presence says a read or write met damage in the cache at `path`."""
    return path.with_name(path.name + "-damaged")


def _delete(path: Path) -> None:
    """Delete the cache file with its WAL and shared-memory files, then its damage mark."""
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        (path.parent / name).unlink(missing_ok=True)
    _damage_mark(path).unlink(missing_ok=True)
