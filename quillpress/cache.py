"""A disk cache of rendered document bodies, keyed by content hash.

SQLite rather than one file per post: 5,000 posts make one file, and a lookup is a
primary-key read. Values are JSON, not pickle, so a cache never runs code.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

from .document import Rendered, TocEntry

TABLE = "bodies_v3"  # a new name whenever Rendered (or a marker in it) changes: old rows are ignored


class BodyCache:
    def __init__(self, path: Path | None) -> None:
        self._memory: dict[str, Rendered] = {}
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = sqlite3.connect(path, check_same_thread=False)
                self._db.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, value TEXT)")
            except sqlite3.DatabaseError:
                path.unlink(missing_ok=True)  # a corrupt cache is just a cold cache
                self._db = sqlite3.connect(path, check_same_thread=False)
                self._db.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, value TEXT)")

    def get(self, key: str) -> Rendered | None:
        if key in self._memory:
            return self._memory[key]
        if self._db is None:
            return None
        row = self._db.execute(f"SELECT value FROM {TABLE} WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        data = json.loads(row[0])
        data["toc"] = [TocEntry(**entry) for entry in data["toc"]]
        rendered = Rendered(**data)
        self._memory[key] = rendered
        return rendered

    def put_many(self, items: dict[str, Rendered]) -> None:
        self._memory.update(items)
        if self._db is None or not items:
            return
        rows = ((key, json.dumps(dataclasses.asdict(value), ensure_ascii=False))
                for key, value in items.items())  # one row's JSON at a time, not all at once
        with self._db:
            self._db.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?)", rows)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
