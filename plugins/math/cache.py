"""Every formula's HTML on disk, so a rebuild renders only formulas it has not seen.

One SQLite file shared by the forked render workers and the dev server's threads: each
process and each thread opens its own connection (a connection never crosses a fork, and
SQLite refuses one made in another thread), WAL lets readers and a writer work at once, and
a busy timeout makes concurrent writers wait instead of failing. Writes are batched per
document.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path


def formula_key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class FormulaCache:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._pid = -1
        self._local = threading.local()  # this thread's connection, and the pid that opened it
        self._pending: dict[str, str] = {}

    def _connection(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        if self._pid != os.getpid():  # a forked worker: the parent's pending rows are not its own
            self._pending = {}
            self._pid = os.getpid()
        if getattr(self._local, "pid", None) != self._pid:
            self._local.db = self._open(self.path)
            self._local.pid = self._pid
        return self._local.db

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection | None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                db = sqlite3.connect(path, timeout=30, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS formulas (key TEXT PRIMARY KEY, html TEXT)")
                return db
            except sqlite3.DatabaseError:
                path.unlink(missing_ok=True)  # a corrupt cache is only a cold cache
        return None

    def get(self, key: str) -> str | None:
        db = self._connection()
        if key in self._pending:
            return self._pending[key]
        if db is None:
            return None
        row = db.execute("SELECT html FROM formulas WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, html: str) -> None:
        self._connection()
        self._pending[key] = html

    def flush(self) -> None:
        db = self._connection()
        if db is None or not self._pending:
            return
        rows = list(self._pending.items())
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO formulas VALUES (?, ?)", rows)
        except sqlite3.OperationalError:
            return  # locked for too long: keep the formulas for the next flush
        self._pending = {}
