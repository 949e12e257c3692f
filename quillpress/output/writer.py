"""Putting the output on disk: no half-written file, no site changed by a failed build, no
file of the user's touched.

A full build writes each changed file to a scratch folder inside the output folder, and
once it has succeeded renames them over their targets; a first build writes a new folder
beside it and renames that into place. The output folder itself is never replaced: it may
be what a web server in a container was given (`docker run -v $PWD/public:/usr/share/nginx/html`:
a folder renamed away left it an empty, deleted one), or one the user may write in but not
beside (`public_dir: /var/www/html`). The dev server updates files in place, each by an atomic
rename, since it must stay fast. Either way a file is written only when its bytes change,
and only files listed in the folder's record (`ownership.py`) are ever deleted or overwritten.
Only a build killed outright (SIGKILL, power loss) while it renames can leave old pages beside
new ones, which the next build puts right.
"""

from __future__ import annotations

import contextlib
import errno
import filecmp
import os
import shutil
import logging
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISREG

from ..build.manifest import Stamp, stamp
from ..config.hexo_plugins import hexo_site
from ..config.loader import Config
from ..errors import QuillError, Vanished, os_error, read_error
from .ownership import (MARK, RECORD, SCRATCH, Record, claim_folder, count_files,
                        describe_foreign, files_in, folders_of, hexo_page, keep_replaced,
                        remove_empty_folders, remove_files, remove_working_folder,
                        replaced_folder, working_folder, write_record)
from .held_signals import signals_held
from .safety import protected_reason, resolved

log = logging.getLogger("quillpress")


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed_paths: list[str] = field(default_factory=list)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _copy_source(source: Path, target: str | Path) -> None:
    """Copy a source file into the site (`shutil.copy2`). A named pipe, socket or device
    left in the source folder by some tool has no bytes to publish: a pipe failed the build
    naming the output folder as the fault, a socket as "No such device or address", a link
    to a device copied on until the disk was full (Hexo 7.3 waits on a pipe forever). It
    is named, with the fix. One deleted since the build found it is `Vanished`."""
    try:
        if not S_ISREG(os.stat(source).st_mode):
            raise QuillError("not a regular file (a named pipe, a socket or a device), so it "
                             "cannot be copied into the site", source,
                             hint="move it out of the source folder")
        shutil.copy2(source, target)
    except FileNotFoundError as exc:
        if exc.filename is None or os.fspath(exc.filename) != os.fspath(source):
            raise  # the target's folder, removed meanwhile: the output's fault
        raise Vanished(source) from None


def _write_temp(scratch: Path, data: bytes | Path) -> Path:
    """Write `data` to a new file in the scratch folder, on the same file system as the
    output, so it can then be renamed over its target atomically; returns the file.
    A killed build leaves its temporary files there, where the next build removes them."""
    fd, tmp = tempfile.mkstemp(dir=working_folder(scratch))
    try:
        if isinstance(data, Path):
            os.close(fd)
            _copy_source(data, tmp)
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _hexo_wrote(path: Path, data: bytes | Path) -> bool:
    """Did `hexo generate`, run between two builds of a Hexo site, write `path`, which this
    build makes from `data`? A page carries Hexo's generator tag (`hexo_page`); a file Hexo
    copied from the source folder (a new post's picture, an image added to source/) has no
    tag but the very bytes of the file this build copies there. Refused as someone else's,
    such a copy stopped the build as the new post's page did."""
    if hexo_page(path):
        return True
    if not isinstance(data, Path):
        return False
    try:
        return filecmp.cmp(path, data, shallow=False)
    except OSError:
        return False


def staging_folder(public: Path) -> Path:
    """A first build's new site while it is built."""
    return public.with_name(f".{public.name}.building")


def make_folder(path: Path, what: str) -> None:
    """Create a folder QuillPress must write in, so a read-only or full disk is reported at
    once, naming it, instead of in the middle of whatever writes there first."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, f"create {what}", path) from None


def check_public_dir(config: Config, force: bool = False,
                     earlier: set[str] | None = None) -> QuillError | None:
    """Refuse an output folder a build must not write into: the system's or home folder,
    the project, its source folder, themes or plugins, an existing file, or a folder of the
    user's (non-empty, with no record of QuillPress's files) unless `force` is given.
    `earlier` names the files this blog's last build left there (see `claim_folder`).
    Returns the warning for the output of a Hexo build, taken the first time."""
    public = resolved(config.public_path, "public_dir")
    reason = protected_reason(public, config)
    if reason is None and public.exists() and not public.is_dir():
        reason = "it is a file, not a folder"
    # the `public_dir:` line (the whole file when the default is taken)
    where, line = config.report.where(("public_dir",)) if config.report else (None, None)
    if reason:
        raise QuillError(f"refusing to build into {public}: {reason}", where or "_config.yml",
                         line, hint="set public_dir to a folder of its own, such as `site`")
    try:
        record = claim_folder(public, force, earlier=earlier,
                              hexo_site=hexo_site(config.root_path))
    except QuillError as exc:
        raise QuillError(exc.message, where or "_config.yml", line, hint=exc.hint) from None
    if (public / RECORD).exists():
        return None
    if record.hexo:
        shown = config["public_dir"]
        return QuillError(
            f"{shown}/ holds the output of a Hexo build ({count_files(len(record.reported))}): "
            f"building beside it; each of its files a page replaces is moved to "
            f"{replaced_folder(Path(shown)).as_posix()}/ first, none is deleted", "_config.yml",
            hint=f"to start clean, as `hexo clean` does, delete or move {shown}/ yourself "
                 "(QuillPress never deletes files it did not write)")
    if force and record.reported:
        log.warning("building into %s beside %s: they are kept, never deleted",
                    public, describe_foreign(record.reported))
    return None


class Writer:
    """Writes one build's output as it is made, so pages never pile up in memory.

    A file whose bytes equal the live one is left alone. Otherwise, in place (dev server) it
    is replaced at once by an atomic rename. A full build keeps its first few changed files
    in memory, and past that writes them to the scratch folder as they come; `commit` puts
    them in place only once the build has succeeded (the rest written to the scratch folder
    first, then each renamed over its target, with Ctrl+C and SIGTERM held off meanwhile).
    A first build (no output folder yet) writes into a new staging folder from its first
    file, without looking at the live folder for each, and renames it into place. Either
    way a failure before `commit` (`abort`, a full disk, a read-only folder) leaves the
    live output exactly as it was.

    Only files in the folder's record are deleted or replaced; the record is updated before
    new files appear (so a killed build never leaves an unlisted file of its own) and after
    the stale ones are gone. `force` lets a build write into a folder of the user's, and
    replace a file of the user's that has a page's name; it never deletes one.
    """

    BUFFERED_FILES = 200  # changed files a build may hold in memory before it writes them out

    def __init__(self, public: Path, in_place: bool = False, force: bool = False,
                 expected: set[str] | None = None, hexo_site: bool = False) -> None:
        self._given = public  # as the builder names it, for a cheap "is it this file?"
        self.public = public.resolve()  # a `site` symlink: write where it points, keep the link
        self.in_place = in_place
        self.force = force
        self.hexo_site = hexo_site  # the blog is a Hexo site: see `claim_folder`
        self.expected = expected or set()  # in place: the files this build will make
        self.added: set[str] = set()  # every output path of this build
        self.written: list[str] = []  # the ones whose bytes changed
        self.hexo_replaced: list[str] = []  # pages Hexo generated since the last build, replaced
        self.vanished: dict[str, Vanished] = {}  # output files left out: their source was deleted
        self._record: Record | None = None
        self._ours: set[str] | None = None  # the folders of the record's files, when needed
        self._staging: Path | None = None  # a first build's new folder
        self._made_staging = False  # this build made it: what stands there later is its own
        self._pending: dict[str, bytes | Path] = {}  # changed files not yet on disk
        self._scratched: dict[str, Path] = {}  # changed files written to the scratch folder
        self._folders: set[str] = set()  # folders known to exist in the staging folder
        self._mode_given = False  # a new file gets 0o644 from the umask: no chmod needed
        # the stamps of the files a first build wrote from bytes, taken as it wrote them
        self.stamps: dict[str, Stamp] = {}
        self._recover()
        # No output folder yet (a first or cold build): there is no live file to compare
        # with, to claim or to replace, so each page is written without looking first.
        self._fresh = not in_place and not os.path.lexists(self.public)

    def _recover(self) -> None:
        """Remove what a killed build left: its staging or scratch folder, when QuillPress
        made it (a folder of the user's of that name stays; `working_folder`). A `.site.old`
        beside the output is the user's: builds no longer swap the site out to it, and a
        copy kept under that name was deleted, or renamed in over a missing output folder."""
        for leftover in (staging_folder(self.public), self.public / SCRATCH):
            remove_working_folder(leftover)

    @property
    def record(self) -> Record:
        if self._record is None:
            self._record = claim_folder(self.public, self.force, hexo_site=self.hexo_site)
        return self._record

    @contextlib.contextmanager
    def _failing_cleanly(self, doing: str) -> Iterator[None]:
        """Any failure removes what this build wrote beside the live files (`abort`); a
        file-system fault becomes a QuillError, naming the file being copied in when the
        fault was opening it (a path outside the output and its staging folders, alone: a
        fault of the copy itself, such as a full disk, names both files), so the user fixes
        that file, not the output folder."""
        try:
            yield
        except OSError as exc:
            self.abort()
            ours = (self.public, staging_folder(self.public))
            if exc.filename and not exc.filename2 and not any(
                    os.path.join(str(exc.filename), "").startswith(os.path.join(folder, ""))
                    for folder in ours):
                raise read_error(exc, exc.filename) from None
            raise os_error(exc, doing, self.public) from None
        except BaseException:
            self.abort()
            raise

    def _target(self) -> Path:
        """A first build's staging folder, made on first use."""
        if self._staging is None:
            staging = working_folder(staging_folder(self.public))
            self._staging = staging
            self._made_staging = True
            self._folders = {str(staging)}
        return self._staging

    def add(self, rel: str, data: bytes | Path) -> None:
        """Output file `rel` holds `data` (bytes, or a file to copy)."""
        self.added.add(rel)
        if not (self._fresh and isinstance(data, bytes)) and not self._needs_write(rel, data):
            return
        with self._failing_cleanly(f"write {rel}"):
            if not self._fresh:
                self._claim(rel, data)
            self.written.append(rel)
            try:
                if self.in_place:
                    self._record_early(rel)
                    self._put(self.public, rel, data)
                elif self._fresh:  # no live site to keep safe
                    self._target()
                    self._note(rel, self._put_staged(rel, data))
                else:
                    self._pending[rel] = data
                    if len(self._pending) > self.BUFFERED_FILES:  # a big change: out of memory
                        self._write_out()
            except Vanished as gone:
                self._leave_out(rel, gone)

    def _leave_out(self, rel: str, gone: Vanished) -> None:
        """The file `rel` copies was deleted since the build found it: the build goes on
        without it, as Hexo's does (a stale copy from an earlier build goes as any page no
        route makes does)."""
        self.added.discard(rel)
        self.written.remove(rel)
        self.vanished[rel] = gone

    def _write_out(self) -> None:
        """Move the changed files held in memory to the scratch folder (`_pending` to
        `_scratched`), where `commit` renames them into place."""
        scratch = self.public / SCRATCH
        for rel, data in self._pending.items():
            try:
                self._scratched[rel] = _write_temp(scratch, data)
            except Vanished as gone:
                self._leave_out(rel, gone)
        self._pending.clear()

    def direct_writer(self) -> Callable[[str, bytes | Path], Stamp] | None:
        """For a first build: a function writing one file's bytes (or a copy of a file)
        straight into the new staging folder, which may run where the page is made (a
        forked worker too), so that pages need not travel to this process to be written;
        it returns the file's stamp, reported with the file to `add_written`. None when
        there is an output folder: then every file goes through `add`, which compares it
        with the live one and checks that it is ours to replace. The function raises a
        QuillError naming the file when the disk refuses bytes (a copy's fault as it is)."""
        if not self._fresh:
            return None
        self._target()
        return self._put_direct

    def _put_direct(self, rel: str, data: bytes | Path) -> Stamp:
        if isinstance(data, Path):
            return self._copy_direct(rel, data)
        try:
            written = self._put_staged(rel, data)
        except OSError as exc:  # the build fails and `abort` removes the staging folder
            raise os_error(exc, f"write {rel}", self.public) from None
        assert written is not None  # bytes written are stamped
        return written

    def _copy_direct(self, rel: str, source: Path) -> Stamp:
        """Copy `source` into the staging folder where the route was made (a page worker:
        the copies spread over the workers with the pages, where the main process did them
        all, much of it alone after the workers had ended; bench/README.md, "Asset copies,
        stop 43"), stamped there too. Any fault is raised as it is (`Vanished` too): the
        caller hands the file back to `add`, which copies it again and meets the fault.
        A half-made copy goes first: were the source deleted before `add`, the file is left
        out, and a half copy would be published, in no record (kept as the user's)."""
        try:
            self._put_staged(rel, source)
        except BaseException:
            with contextlib.suppress(OSError):  # none made, or a folder: another route's
                os.unlink(f"{self._staging}/{rel}")
            raise
        found = stamp(f"{self._staging}/{rel}")
        if found is None:  # its folder removed meanwhile (an aborted build)
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), rel)
        return found

    def add_written(self, rel: str, stamp: Stamp) -> None:
        """Output file `rel` was written by `direct_writer`'s function, which gave `stamp`."""
        self.added.add(rel)
        self.written.append(rel)
        self._note(rel, stamp)

    def _note(self, rel: str, stamp: Stamp | None) -> None:
        if stamp is not None:
            self.stamps[rel] = stamp

    def first_stamps(self) -> dict[str, Stamp] | None:
        """After a first build's `commit`: [mtime_ns, size] of each file it wrote, since the
        new output folder holds nothing else (its record aside). The manifest would otherwise
        walk the folder: at 5,000 posts a `scandir` of each of 11,600 folders, in the build's
        last serial stretch. A file written from bytes was stamped where it was written
        (`_put_staged`, a worker's too: renamed into place with its folder, it keeps them);
        the others (copies) are stat'ed by name here: at 5,000 posts 11,510 `stat`s were
        0.06 s of the main process's CPU at the build's end, its longest part. None for any
        other build: its folder may hold older files or the user's."""
        if not self._fresh:
            return None
        prefix = f"{self.public}/"
        # a copy deleted since (by hand) has no stamp: not there, as for the walk
        return {rel: found for rel in self.added
                if (found := self.stamps.get(rel) or stamp(prefix + rel)) is not None}

    def _claim(self, rel: str, data: bytes | Path) -> None:
        """Refuse to replace a file (or remove a folder) that QuillPress did not write, unless
        `hexo generate` wrote it there since the last build (`_hexo_wrote`): it is moved aside."""
        if rel in self.record.files:
            return
        self._keep_folders_of_yours(rel)
        path = self.public / rel
        if not (path.exists() or path.is_symlink()):
            return
        if path.is_dir() and not path.is_symlink():
            theirs = {f"{rel}/{name}" for name in files_in(path)} - self.record.files
            if not theirs:
                return
            raise QuillError(f"refusing to replace the folder {path}: it holds "
                             f"{describe_foreign(theirs)}", hint=f"move {path} away")
        if self.record.replaceable(rel):  # a Hexo build's: said once, when the folder was taken
            keep_replaced(self._given, rel)
            return
        if (self.record.hexo or self.hexo_site) and _hexo_wrote(path, data):  # `hexo generate`
            keep_replaced(self._given, rel)
            self.hexo_replaced.append(rel)
            return
        if not self.force:
            raise QuillError(f"refusing to overwrite {path}: QuillPress did not write it",
                             hint="move it away, or build with --force to replace it")
        log.warning("replacing %s, which QuillPress did not write (--force): it is moved to %s",
                    path, keep_replaced(self._given, rel))

    def _keep_folders_of_yours(self, rel: str) -> None:
        """A new file's folders that the output has but that hold no file of the record
        were made by hand: listed as the user's, so the file's deletion leaves them."""
        if self._ours is None:
            self._ours = folders_of(self.record.files)
        found: set[str] = set()
        folder = os.path.dirname(rel)
        while folder and folder not in self._ours and os.path.isdir(self.public / folder):
            found.add(folder)
            folder = os.path.dirname(folder)
        if found - self.record.folders:
            self._record = replace(self.record, folders=self.record.folders | found)

    def _record_early(self, rel: str) -> None:
        """In place: list this build's files before a new one appears on disk (all at once,
        so the record is written once per build). Not the ones already there, which are
        someone else's: listed, `_claim` took them for ours and a rebuild wrote over a
        file of the user's at a new page's path, which `clean` then deleted."""
        record = self.record
        if rel not in record.files:
            new = {name for name in self.expected - record.files
                   if not os.path.lexists(self.public / name)}
            self._record = replace(record, files=record.files | new | {rel})
            write_record(self.public, self._record)

    def _put(self, target: Path, rel: str, data: bytes | Path) -> None:
        self._move_into(_write_temp(target / SCRATCH, data), target, rel)

    def _move_into(self, tmp: Path, target: Path, rel: str) -> None:
        """Rename a finished temporary file over `target`/`rel` (creating its folder)."""
        path = target / rel
        try:
            if path.is_dir() and not path.is_symlink():
                self._check_not_in_use(rel, str(path))
                shutil.rmtree(path)  # `_claim` made sure every file in it is ours
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                self._make_way(target, rel)
                path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def _in_use(self, rel: str) -> bool:
        """This build makes files below `rel`: another route needs a folder of that name."""
        below = rel + "/"
        return any(name.startswith(below) for name in (*self.expected, *self.added))

    def _check_not_in_use(self, rel: str, path: str) -> None:
        """Before the folder at `path` is removed for the file `rel`: one this build writes
        in is another route's (a page at `a.html`, a post at `a.html/index.html`); removing
        it lost that route's page from a build that said it succeeded. The failed write is
        named with both routes (routes.file_and_folder)."""
        if self._in_use(rel):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)

    def _make_way(self, target: Path, rel: str) -> None:
        """`rel`'s folder could not be made under `target` (the live or the staging folder):
        a file stands on its path. The last build's page that no route makes now (a
        permalink moved, and a page is made in a folder of the old name) is removed, as
        the build would remove it, where every later build stopped with 'File exists'. One
        this build makes is another route's: the write fails, naming both. One of the
        user's is never removed."""
        parts = rel.split("/")[:-1]
        for end in range(1, len(parts) + 1):
            above = "/".join(parts[:end])
            path = target / above
            if path.is_dir():
                continue
            if not os.path.lexists(path):
                return  # not a file in the way: the write fails again, as it did
            if self._fresh or above in self.expected or above in self.added:
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
            if above not in self.record.files:
                raise QuillError(f"refusing to replace {self.public / above} with a folder, "
                                 f"which {rel} needs: QuillPress did not write it",
                                 hint=f"move {self.public / above} away")
            path.unlink()
            self._folders = {folder for folder in self._folders
                             if folder != str(path) and not folder.startswith(f"{path}/")}
            return

    def _put_staged(self, rel: str, data: bytes | Path) -> Stamp | None:
        """Write straight into a first build's staging folder: nobody serves it, and a
        killed build's staging folder is thrown away whole, so no temporary file and rename
        are needed. Returns the stamp of a file written from bytes."""
        try:
            return self._put_staged_once(rel, data)
        except NotADirectoryError:  # a file where `rel` needs a folder: a page of the last
            assert self._staging is not None  # build, or another route's (`_make_way`)
            self._make_way(self._staging, rel)
            return self._put_staged_once(rel, data)

    def _put_staged_once(self, rel: str, data: bytes | Path) -> Stamp | None:
        assert self._staging is not None
        path = f"{self._staging}/{rel}"
        self._make_folder(path.rpartition("/")[0])
        if isinstance(data, Path):
            _copy_source(data, path)
            return None
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:  # written by a forked child that failed after (its work is
            self._remove_staged(path)  # redone here, Background); a route writes its file once
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            if not self._mode_given:
                # 0o644, as a file renamed into place gets, whatever the umask; once a new
                # file comes out so, the umask takes nothing from it and no chmod is needed
                self._mode_given = os.fstat(fd).st_mode & 0o7777 == 0o644
                os.fchmod(fd, 0o644)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            written = os.fstat(fd)
        finally:
            os.close(fd)
        return [written.st_mtime_ns, written.st_size]

    def _remove_staged(self, path: str) -> None:
        """Remove what the staging folder holds at `path` (written by a forked child whose
        work is done again here) before a new file is written there."""
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except (IsADirectoryError, PermissionError):  # Linux says EISDIR; macOS EPERM
            if not os.path.isdir(path) or os.path.islink(path):
                raise
            # a folder: another route writes in it (a page at `a.html`, a post at
            # `a.html/index.html`), since this staging folder holds only this build's
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path) from None

    def _make_folder(self, folder: str) -> None:
        """Create a folder of the staging folder once per build (and process): one `mkdir`,
        and its parent's only when that one is missing too, where `os.makedirs` would look
        at every folder above first (a worker does not know what the others made)."""
        if folder in self._folders:
            return
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        except FileNotFoundError:  # the staging folder itself is known: the walk ends there
            self._make_folder(folder.rpartition("/")[0])
            with contextlib.suppress(FileExistsError):  # made meanwhile by another worker
                os.mkdir(folder)
        self._folders.add(folder)

    def _needs_write(self, rel: str, data: bytes | Path) -> bool:
        target = self.public / rel
        if isinstance(data, Path):
            if data == self._given / rel or data == target:  # the live file, kept as it is
                return False
            try:
                s, t = data.stat(), target.stat()
            except OSError:
                return True
            return not (s.st_size == t.st_size and int(s.st_mtime) == int(t.st_mtime))
        return not _same_bytes(target, data)

    def commit(self, keep_extra: set[str] | None = None) -> WriteStats:
        """Put the changed files in place and delete the files of earlier builds that no
        route makes any more; a first build's staging folder becomes the output folder.

        `keep_extra` names files that stay although this build did not add them (the dev
        server renders only some routes; a failed rebuild keeps the last good pages)."""
        if self.hexo_replaced:
            log.warning("replaced %s that Hexo generated since the last build (%s): each was "
                        "moved to %s/ first", count_files(len(self.hexo_replaced)),
                        ", ".join(sorted(self.hexo_replaced)[:3]) + (
                            ", …" if len(self.hexo_replaced) > 3 else ""),
                        replaced_folder(self._given))
        with self._failing_cleanly("write the site"):
            record = self.record
            keep = self.added | (keep_extra or set())
            deletes = sorted(rel for rel in record.files - keep
                             if (self.public / rel).exists() or (self.public / rel).is_symlink())
            final = replace(record, files=(record.files & keep) | self.added)
            stats = WriteStats(written=len(self.written),
                               unchanged=len(self.added) - len(self.written),
                               removed=len(deletes), changed_paths=sorted(self.written) + deletes)
            if (not self.written and not deletes and final.files == record.files
                    and (self.public / RECORD).exists()):
                return stats
            if self._fresh:  # nothing was there: the new folder is put there whole
                target = self._target()
                write_record(target, final)
                (target / MARK).unlink(missing_ok=True)  # the site's folder now, no longer QuillPress's to remove
                os.rename(target, self.public)
                self._staging, self._made_staging = None, False
                return stats
            self._apply_in_place(deletes, final)
        return stats

    def _apply_in_place(self, deletes: list[str], final: Record) -> None:
        """Write the changed files still in memory to the scratch folder, beside those
        written there already, so that a full disk or a read-only folder fails before the
        live site changed at all; then list them in the record, rename them over their
        targets and delete the stale files, with Ctrl+C and SIGTERM held off until done:
        a build stopped there left a site of old pages and new."""
        scratch = self.public / SCRATCH
        existed = self.public.exists()
        try:
            self._write_out()
            if self._scratched or not (self.public / RECORD).exists():
                write_record(self.public, replace(final, files=final.files | set(deletes)))
        except BaseException:
            remove_working_folder(scratch)
            self._scratched.clear()
            if not existed:  # a first build: leave no empty output folder behind either
                remove_empty_folders(self.public, self.public.parent)
            raise
        with signals_held():
            for rel, tmp in self._scratched.items():
                self._move_into(tmp, self.public, rel)
            self._scratched.clear()
            remove_working_folder(scratch)
            remove_files(self.public, set(deletes), final.folders)
            write_record(self.public, final)

    def abort(self) -> None:
        """Forget this build's output: the live folder's files were never touched."""
        self._pending.clear()
        if self._scratched:
            remove_working_folder(self.public / SCRATCH)
            self._scratched.clear()
        if self._made_staging:
            # Whole, mark or none: a forked worker still writing after the first abort makes
            # it again without one, and a user's folder of that name stopped `_target`.
            shutil.rmtree(staging_folder(self.public), ignore_errors=True)
            self._staging = None
