"""`type: local`: mirror the built site into a folder (a web server's root, a mounted share)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import QuillError
from ..safety import protected_reason
from .mirror import mirror


def deploy_local(target: dict[str, Any], public_dir: Path, log: logging.Logger, *,
                 config: Config) -> None:
    """Copy changed files to `path` and delete the ones the site no longer has."""
    raw = target.get("path") or target.get("dir")
    if not raw:
        raise QuillError("a local deploy target needs `path:`", "_config.yml",
                         hint="deploy:\n    type: local\n    path: /var/www/blog")
    dest = Path(str(raw)).expanduser()
    dest = (dest if dest.is_absolute() else config.root_path / dest).resolve()
    public = public_dir.resolve()
    reason = protected_reason(dest, config)
    if reason is None and (dest.is_relative_to(public) or public.is_relative_to(dest)):
        reason = "it is, holds or sits inside the output folder"
    if reason:
        raise QuillError(f"refusing to deploy into {dest}: {reason}", "_config.yml",
                         hint="point the local target's path at a folder only the site lives in")
    stats = mirror(public, dest)
    log.info("local: %s: %d files copied, %d deleted, %d unchanged", dest, len(stats.copied),
             len(stats.deleted), stats.unchanged)
