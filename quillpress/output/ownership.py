"""Which files in a folder QuillPress wrote, so that it deletes or overwrites nothing else.

Every folder QuillPress writes a site into (the output folder, a local deploy target) holds
`.quillpress-files.json`, the list of files it put there. The record lives beside the files,
so it moves, is copied and is deleted with them, and a lost cache cannot orphan a site.
A file missing from the record is the user's: it is never deleted, and a folder that already
holds files but no record is refused unless the user says `--force`.

One such folder is taken without `--force`: the output of a Hexo build (a Hexo blog often
commits its `public/`), told by the blog being a Hexo site (its package.json has the `hexo`
object Hexo needs to run there, `hexo_site`) or by its pages carrying Hexo's
`<meta name="generator" content="Hexo …">`. Hexo itself writes over anything there and
`hexo clean` deletes it all; a build here writes beside those files instead, as `--force`
does: it replaces only the ones that have the name of a file it makes, deletes none, and
says so once. Each file of someone else's that a build replaces (those, or the user's with
`--force`) is first moved to the `replaced_folder` beside the output, where it can be taken
back. `clean` keeps what is left of the files of a folder taken in the same way. A page Hexo
generated there after a build here (`hexo generate` run between two builds, a new post's
page at the path a build now makes), or a file it copied there from the source folder (the
same bytes as the build copies), is replaced in the same way, without `--force`; any other
file a build did not write stays the user's.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import QuillError

RECORD = ".quillpress-files.json"
SCRATCH = ".quillpress-tmp"  # files being written, renamed into place when complete
# In each working folder QuillPress makes (the scratch folder, a first build's staging
# folder): only a folder holding it is removed whole (`remove_working_folder`).
MARK = ".made-by-quillpress"
# The temporary files versions before the mark left in a scratch folder (`tempfile`'s names).
_UNMARKED_TEMP = re.compile(r"tmp[a-z0-9_]{8}")
# Hexo's `meta_generator` tag, which it puts in the head of every page it generates.
HEXO_GENERATOR = re.compile(rb"""<meta\s+name=["']?generator["']?\s+content=["']?Hexo[\s"'>]""",
                            re.IGNORECASE)
QUILLPRESS_GENERATOR = re.compile(rb"""<meta name="generator" content="QuillPress[ "]""")
PAGES_LOOKED_AT = 5  # a folder's top-level pages read to tell whether Hexo generated it


@dataclass
class Record:
    """The files QuillPress wrote in a folder, and the user's files it has already named
    (so a warning about them is given once, not on every run). `hexo`: the folder held the
    site Hexo generated, and the `reported` files are Hexo's, which a page may replace.
    `folders`: folders QuillPress found there (`.` the folder itself), so the pages written
    into them are deleted but the folders never are, not even left empty."""

    files: set[str] = field(default_factory=set)
    reported: set[str] = field(default_factory=set)
    hexo: bool = False
    folders: set[str] = field(default_factory=set)

    def to_json(self) -> str:
        data: dict[str, object] = {"files": sorted(self.files), "reported": sorted(self.reported)}
        if self.hexo:
            data["hexo"] = True
        if self.folders:
            data["folders"] = sorted(self.folders)
        return json.dumps(data, ensure_ascii=False)

    def replaceable(self, rel: str) -> bool:
        """May a page replace this file, although QuillPress did not write it? Only one
        that Hexo generated, when the folder was taken from Hexo."""
        return self.hexo and rel in self.reported


def read_record(folder: Path) -> Record | None:
    """The folder's record; None when it has none (or one that cannot be read)."""
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        return Record(_below(data["files"]), _below(data.get("reported", [])),
                      data.get("hexo") is True, _below(data.get("folders", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _below(names: Collection[object]) -> set[str]:
    """The record's names of places inside its folder. A build writes only such names, but
    the record is a file in the site: committed with a blog's `public/`, edited by hand,
    or shipped in a repository someone clones. A name such as `/home/me/notes.txt` there
    named a file outside the folder that `build` (as a page no route makes any more) and
    `clean` then deleted. Such names are left out, and so are those climbing out by `..`
    (which only the check for links on a file's path kept from being deleted)."""
    return {name for name in map(str, names) if name and not name.startswith("/")
            and ".." not in name.split("/") and "\0" not in name}


def write_record(folder: Path, record: Record) -> None:
    """Replace the record atomically: a crash leaves the old list or the new, never half."""
    scratch = working_folder(folder / SCRATCH)
    tmp = scratch / RECORD
    tmp.write_text(record.to_json(), encoding="utf-8")
    os.replace(tmp, folder / RECORD)
    if os.listdir(scratch) == [MARK]:  # unless a build is still writing files there
        with contextlib.suppress(OSError):
            (scratch / MARK).unlink()
            scratch.rmdir()


def working_folder(path: Path) -> Path:
    """Make `path`, a folder QuillPress works in and removes whole when done (the scratch
    folder, a first build's staging folder), holding the mark that says so; or take the one
    there if it is QuillPress's (`is_working_folder`). A folder of the user's that has its
    name is refused: the next build, `clean` or a failed build removed it, whatever it held."""
    try:
        path.mkdir(parents=True)
    except FileExistsError:
        if (path / MARK).is_file() and not path.is_symlink():
            return path
        if not is_working_folder(path):
            if path.is_dir() and not path.is_symlink() and made_by_quillpress(path):
                raise QuillError(
                    "this folder holds pages QuillPress made but not the mark of a build at "
                    "work: probably the site an older version was writing when it was stopped. "
                    "Nothing was written, nothing in it touched", path,
                    hint=f"if it holds nothing you need, delete it (rm -r {path}) and run the "
                         "command again; QuillPress removes only the folders it marked") from None
            what = "folder" if path.is_dir() else "file"
            raise QuillError(f"this {what} of yours has the name QuillPress keeps for the "
                             "files it is writing: nothing was written, nothing in it touched",
                             path,
                             hint=f"rename or move {path.name}; QuillPress never deletes it") \
                from None
    (path / MARK).touch()
    return path


def is_working_folder(path: Path) -> bool:
    """Did QuillPress make this folder for its work (`working_folder`)? It holds the mark;
    or it holds nothing (a build stopped between making and marking it); or only the
    temporary files (and record) that versions before the mark left in a scratch folder."""
    if path.is_symlink() or not path.is_dir():
        return False
    try:
        names = os.listdir(path)
    except OSError:
        return False
    return MARK in names or all(
        name == RECORD or _UNMARKED_TEMP.fullmatch(name) for name in names)


def remove_working_folder(path: Path) -> None:
    """Remove a working folder QuillPress made (`is_working_folder`), with all it holds; a
    folder of the user's of that name stays as it is."""
    if is_working_folder(path):
        shutil.rmtree(path, ignore_errors=True)


def files_in(folder: Path) -> set[str]:
    """Every file below `folder` (relative POSIX paths), the record itself left out."""
    return _contents(folder)[0]


def _contents(folder: Path) -> tuple[set[str], set[str]]:
    """`files_in(folder)`, and every folder there (`.` for `folder` itself)."""
    files: set[str] = set()
    folders: set[str] = set()
    for dirpath, _dirs, filenames in os.walk(folder):
        base = Path(dirpath).relative_to(folder).as_posix()
        folders.add(base)
        prefix = "" if base == "." else base + "/"
        files.update(prefix + name for name in filenames)
    files.discard(RECORD)
    return files, folders


def folders_of(files: set[str]) -> set[str]:
    """Every folder that holds one of `files`, or holds a folder that does."""
    found: set[str] = set()
    for rel in files:
        folder = os.path.dirname(rel)
        while folder and folder not in found:
            found.add(folder)
            folder = os.path.dirname(folder)
    return found


def hexo_page(page: Path) -> bool:
    """Did Hexo generate this page? Its head carries Hexo's generator tag."""
    return _head_has(page, HEXO_GENERATOR)


def _head_has(page: Path, tag: re.Pattern[bytes]) -> bool:
    try:
        with page.open("rb") as handle:
            head = handle.read(64 * 1024)  # the tag is in <head>
    except OSError:
        return False
    return tag.search(head) is not None


def made_by_quillpress(folder: Path) -> bool:
    """Does this folder hold pages QuillPress made? One of the first pages found in it
    carries its generator tag. (A stopped first build has not always written its home page.)"""
    pages = (Path(top, name) for top, _dirs, names in os.walk(folder)
             for name in names if name.endswith(".html"))
    return any(_head_has(page, QUILLPRESS_GENERATOR)
               for page in itertools.islice(pages, PAGES_LOOKED_AT))


def made_by_hexo(folder: Path) -> bool:
    """Did Hexo generate this folder? Its home page (else one of its first top-level pages)
    is a Hexo page (`hexo_page`)."""
    pages = sorted(folder.glob("*.html"), key=lambda p: (p.name != "index.html", p.name))
    return any(hexo_page(page) for page in pages[:PAGES_LOOKED_AT])


def claim_folder(folder: Path, force: bool, what: str = "build",
                 earlier: set[str] | None = None, hexo_site: bool = False) -> Record:
    """The record of a folder about to receive a site. A folder that holds a file but has
    no record is someone else's: refused, or with `force` taken with its files kept. Only
    when it holds nothing but `earlier` (the files a build of this blog left there before
    records were kept, per its cache) is it taken as QuillPress's, and its record written.
    The output of a Hexo build is taken as with `force` (`hexo` set): the output folder of
    a Hexo site (`hexo_site`), or one whose pages Hexo generated (see the module's docstring).
    The folders found in a folder taken from someone else are listed as theirs (`folders`)."""
    record = read_record(folder)
    if record is not None:
        return record
    if not folder.is_dir() or not any(folder.iterdir()):
        return Record()  # nothing tells whose it is (`clean` leaves one so): taken as ours
    foreign, folders = _contents(folder)
    if not foreign:  # only empty folders (made ready by hand): nothing to lose, kept as they are
        return Record(folders=folders)
    if earlier is not None and foreign <= earlier:
        record = Record(files=foreign)
        write_record(folder, record)
        return record
    if what == "build" and (hexo_site or made_by_hexo(folder)):
        return Record(reported=foreign, hexo=True, folders=folders)
    if not force:
        raise QuillError(
            f"refusing to {what} into {folder}: it already holds {count_files(len(foreign))} that "
            f"QuillPress did not write (no {RECORD} there)",
            hint=f"point it at a new or empty folder, or run `{what} --force` once to write the "
                 "site beside those files (they are never deleted)")
    return Record(reported=foreign, folders=folders)


def replaced_folder(folder: Path) -> Path:
    """Where the files of someone else's that a build replaces in `folder` are moved first:
    beside it (`public.replaced/`), out of the site, and kept by `clean`."""
    return folder.with_name(f"{folder.name}.replaced")


def keep_replaced(folder: Path, rel: str) -> Path:
    """Before a build replaces `folder`/`rel`, a file QuillPress did not write: put it at
    the same path in `replaced_folder(folder)` (a hard link, else a copy; a link stays a
    link), and return where it went. A file kept there earlier under that name is kept
    too: unless it is this very file, the new one gets a number (`index.html.1`)."""
    source = folder / rel
    target = replaced_folder(folder) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    here, number = os.lstat(source), 0
    while os.path.lexists(target):
        there = os.lstat(target)
        if (there.st_ino, there.st_dev) == (here.st_ino, here.st_dev):
            return target  # linked there by a build that then failed
        number += 1
        target = replaced_folder(folder) / f"{rel}.{number}"
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target, follow_symlinks=False)
    return target


def describe_foreign(names: set[str], shown: int = 5) -> str:
    """'3 files of yours (a, b, c)': a short list for a one-line message."""
    listed = sorted(names)
    more = f", and {len(listed) - shown} more" if len(listed) > shown else ""
    return f"{count_files(len(listed))} of yours ({', '.join(listed[:shown])}{more})"


def remove_files(folder: Path, names: set[str], kept: Collection[str] = ()) -> int:
    """Delete these files of `folder`, then the folders they leave empty (never `folder`
    itself, never a folder that still holds something or is in `kept`, the user's folders
    as the record lists them). Returns how many files went. A
    file reached through a link in `folder` (`images/` made a link to a folder of the
    user's) is not ours: the name the record lists is deleted only where the build wrote it."""
    removed = 0
    links = FolderLinks(folder)
    for rel in sorted(names):
        path = folder / rel
        if path.is_dir() and not path.is_symlink():
            continue  # the record lists files; a folder there now is not ours to remove
        if links.above(rel) is not None:
            continue
        try:
            path.unlink()
        except (FileNotFoundError, NotADirectoryError):  # gone, or its folder now a page's
            continue  # file (`a/index.html` when a build renamed the page `a` in over `a/`)
        removed += 1
        remove_empty_folders(path.parent, folder, kept)
    return removed


class FolderLinks:
    """Which files of a folder lie behind a link: one of the folders on their path made a
    link (by the user, or in a git branch) to a folder elsewhere. Such a file is not where a
    build or a deploy wrote: it is never deleted, and never written through the link."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._real = os.path.realpath(folder)
        self._above: dict[str, str | None] = {}  # a folder of `rel` -> the link on its path

    def above(self, rel: str) -> str | None:
        """The link on `rel`'s path (relative to the folder, the topmost), or None. A path
        that leaves the folder by `..` (a hand-edited record) is behind its own folder."""
        parent = os.path.dirname(rel)
        if parent not in self._above:
            self._above[parent] = None
            if os.path.realpath(self.folder / parent) != os.path.join(self._real, parent).rstrip(os.sep):
                parts = parent.split("/")
                self._above[parent] = next(
                    (linked for n in range(1, len(parts) + 1)
                     if os.path.islink(self.folder / (linked := "/".join(parts[:n])))), parent)
        return self._above[parent]


def remove_empty_folders(start: Path, top: Path, kept: Collection[str] = ()) -> None:
    """Remove `start` and the folders above it while they are empty, stopping below `top`
    or at a folder `kept` names (relative to `top`)."""
    while start != top and start.is_relative_to(top):
        if kept and start.relative_to(top).as_posix() in kept:
            return
        try:
            start.rmdir()
        except OSError:  # not empty (or not ours to remove): stop climbing
            return
        start = start.parent


def count_files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"
