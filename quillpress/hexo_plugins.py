"""Which Hexo plugins a blog declares in its package.json.

Where QuillPress imitates a Hexo plugin's effect on the output (hexo-abbrlink's post ids, a
markdown renderer's escapes), it does so only for blogs that installed that plugin, as Hexo
would: Hexo loads exactly the `hexo-*` packages listed in package.json.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=16)
def _read(path: Path, stamp: float) -> frozenset[str]:
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    if not isinstance(package, dict):
        return frozenset()
    names: set[str] = set()
    for section in ("dependencies", "devDependencies"):
        deps = package.get(section)
        if isinstance(deps, dict):
            names.update(str(name) for name in deps)
    return frozenset(names)


def declared_plugins(project_root: Path) -> frozenset[str]:
    """Package names in the blog's package.json (empty without one); re-read when it changes."""
    path = project_root / "package.json"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return frozenset()
    return _read(path, stamp)
