"""Which version of an npm package the blog's lock file installed.

package.json asks for a range (`^4.0.1`); what Hexo ran is the version the lock file pinned
when the author installed, and a rule that changed inside a range (marked 4.0.14 stopped
reading a tab in a table's delimiter row) can only be matched through it. Read are npm's
package-lock.json (versions 1-3), yarn.lock (classic and berry) and pnpm-lock.yaml (5-9), in
that order; a lock that cannot be read, or does not say, gives None and the caller falls back
on the range.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

Version = tuple[int, int, int]

_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)")


def _parsed(text: object) -> Version | None:
    found = _VERSION.match(text) if isinstance(text, str) else None
    return None if found is None else (int(found[1]), int(found[2]), int(found[3]))


def _from_npm_lock(text: str, name: str, parent: str) -> Version | None:
    """npm's lock, when it holds `parent`: `parent`'s own copy of `name` if it has one (npm nests a version that
    differs from the top-level one), else the top-level copy."""
    try:
        lock = json.loads(text)
    except (ValueError, RecursionError):  # broken, or nested past what the reader goes
        return None
    if not isinstance(lock, dict):
        return None
    packages = lock.get("packages")  # lockfileVersion 2 and 3
    if isinstance(packages, dict) and f"node_modules/{parent}" in packages:
        for key in (f"node_modules/{parent}/node_modules/{name}", f"node_modules/{name}"):
            entry = packages.get(key)
            if isinstance(entry, dict):
                return _parsed(entry.get("version"))
    deps = lock.get("dependencies")  # lockfileVersion 1
    if not isinstance(deps, dict):
        return None
    owner = deps.get(parent)
    if owner is None:
        return None
    nested = owner.get("dependencies") if isinstance(owner, dict) else None
    for level in (nested, deps):
        entry = level.get(name) if isinstance(level, dict) else None
        if isinstance(entry, dict):
            return _parsed(entry.get("version"))
    return None


def _text_lock_pattern(name: str) -> re.Pattern[str]:
    """An entry of `name` in yarn.lock (`marked@^4.0.1:` then `version "4.0.13"`, berry's
    `"marked@npm:^4.3.0":` then `version: 4.3.0`) or pnpm-lock.yaml (`/marked/0.7.0:`,
    `/marked@4.0.13:`, `marked@15.0.12:`); the version is the first group that matched."""
    quoted = re.escape(name)
    return re.compile(rf'^"?{quoted}@[^\n]*:\n\s+version:? "?(\d+\.\d+\.\d+)'
                      rf"|^\s+/?{quoted}[@/](\d+\.\d+\.\d+)[:(_]", re.M)


def _from_text_lock(text: str, name: str, parent: str) -> Version | None:
    """yarn's or pnpm's lock: the version of `name`, when the lock holds `parent` and exactly
    one version of `name` (with several, which one the parent used is not read: None)."""
    if _text_lock_pattern(parent).search(text) is None:
        return None
    found = {_parsed(first or second) for first, second in _text_lock_pattern(name).findall(text)}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=16)
def _locked(root: Path, stamps: tuple[float, ...], name: str, parent: str) -> Version | None:
    for lock, stamp in zip(_LOCKS, stamps):
        if stamp < 0:
            continue
        try:
            text = (root / lock).read_text(encoding="utf-8")
        except (OSError, ValueError):
            continue
        found = (_from_npm_lock(text, name, parent) if lock == "package-lock.json"
                 else _from_text_lock(text, name, parent))
        if found is not None:
            return found
    return None


_LOCKS = ("package-lock.json", "yarn.lock", "pnpm-lock.yaml")


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


def locked_version(project_root: Path, name: str, parent: str) -> Version | None:
    """The version of `name` that the blog's lock file installed for `parent` (the package
    that depends on it: hexo-renderer-marked for marked), or None; re-read when a lock
    changes."""
    stamps = tuple(_stamp(project_root / lock) for lock in _LOCKS)
    if max(stamps) < 0:
        return None
    return _locked(project_root, stamps, name, parent)
