"""`init`: a new blog that builds at once, from the starter files that ship in the package."""

from __future__ import annotations

import datetime as dt
import getpass
import shutil
from pathlib import Path

from .posts import DATE_FORMAT
from ..bundled import STARTER_DIR, bundled_dir
from ..source.dates import format_date
from ..errors import QuillError
from .scaffold import fill

# Files named without their leading dot in the package (so packaging tools keep them).
DOT_NAMES = {"gitignore": ".gitignore"}
ALLOWED_LEFTOVERS = {".git", ".gitignore", "README.md", "LICENSE"}


def _local_zone() -> str:
    """The machine's IANA zone when it can be told (for `timezone:`), else UTC."""
    link = Path("/etc/localtime")
    try:
        target = str(link.resolve())
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    return "UTC"


def _check_empty(folder: Path) -> None:
    if folder.is_file():
        raise QuillError("is a file, not a folder", folder, hint="choose another folder")
    if folder.exists():
        extra = sorted(p.name for p in folder.iterdir() if p.name not in ALLOWED_LEFTOVERS)
        if extra:
            shown = ", ".join(extra[:5]) + (" ..." if len(extra) > 5 else "")
            raise QuillError(f"the folder is not empty ({shown}); nothing was written", folder,
                             hint="run init in an empty folder, or give a new folder name")


def create_blog(folder: Path, now: dt.datetime | None = None, program: str = "quillpress"
                ) -> list[Path]:
    """Write `_config.yml`, `scaffolds/`, a first post and an about page into `folder`.

    `program` starts the first post's example commands: the command line that runs this
    QuillPress from the new blog (program.run_anywhere); `quillpress new` there was a command
    a checkout's user does not have."""
    folder = folder.resolve()
    _check_empty(folder)
    now = now or dt.datetime.now().replace(microsecond=0)
    try:
        author = getpass.getuser()
    except (KeyError, OSError):
        author = "me"
    values = {"date": format_date(now, DATE_FORMAT), "author": author, "timezone": _local_zone(),
              "program": program}
    written: list[Path] = []
    for source in sorted(STARTER_DIR.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(STARTER_DIR)
        target = folder / rel.with_name(DOT_NAMES.get(rel.name, rel.name))
        if target.exists():
            continue  # an existing .gitignore or README stays the user's
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fill(source.read_text(encoding="utf-8"), values), encoding="utf-8")
        written.append(target)
    scaffolds = bundled_dir("scaffolds")
    if scaffolds.is_dir():
        shutil.copytree(scaffolds, folder / "scaffolds", dirs_exist_ok=True)
        written.extend(sorted((folder / "scaffolds").glob("*.md")))
    return written
