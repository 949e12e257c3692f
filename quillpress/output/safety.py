"""Folders QuillPress must never delete: the system's, the user's, and the project's own.

`clean` deletes the output folder and a local deploy mirrors into a folder, deleting what the
site does not have; both ask here first, so a typo in `_config.yml` cannot wipe a home folder.
"""

from __future__ import annotations

from pathlib import Path

from ..build import CACHE_DIR
from ..config.loader import Config
from ..errors import QuillError

# Project folders that hold the user's work, or the build's cache (a site written there would
# publish the cache, and `clean` would delete both at once).
PROJECT_FOLDERS = ("scaffolds", "themes", "plugins", "node_modules", ".git", CACHE_DIR)


def protected_reason(path: Path, config: Config) -> str | None:
    """Why deleting files in `path` would destroy something, or None when it is safe."""
    path = path.resolve()
    root = config.root_path.resolve()
    source = config.source_path.resolve()
    home = Path.home().resolve()
    if path == Path(path.anchor):
        return "it is the file system's root"
    if path == home:
        return "it is your home folder"
    if root.is_relative_to(path):
        return "it is the project folder or holds it"
    if path.is_relative_to(source) or source.is_relative_to(path):
        return "it is, holds or sits inside the source folder"
    for name in PROJECT_FOLDERS:
        if path.is_relative_to(root / name):
            return f"it is inside the project's {name}/ folder"
    if (path / "_config.yml").is_file():
        return "it holds a _config.yml, so it looks like a project"
    return None


def resolved(path: Path, what: str) -> Path:
    """`path` with its symlinks followed; a symlink loop is the user's error, named."""
    try:
        return path.resolve()
    except (RuntimeError, OSError) as exc:  # Python reports a loop as RuntimeError
        raise QuillError(f"{what} {path} cannot be used: {exc}", "_config.yml",
                         hint="point it (or the link) at a real folder") from None

