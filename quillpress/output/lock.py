"""One process at a time writes (or deploys) an output folder.

A build puts its site beside the output folder (`writer.staging_folder`) and takes what a
killed build left there as litter. Two builds of one blog at once (a second terminal, a
`build` while `serve` rebuilds) each took the other's staging folder for a killed build's,
removed it, and failed; `clean` did the same, and `deploy` could copy a folder being swapped.
So each holds an exclusive lock on a file beside the output folder while it writes or reads
it; another waits, saying so once, and fails with an error naming the holder only after
`WAIT_SECONDS`, the output untouched. The lock is the kernel's (`flock`): it goes with the
process that held it, so a build that was killed never leaves a lock to take over, only the
file, which the next one takes as it is.

The file sits beside the output folder, where the staging folders are: whatever can touch
those (another blog's build into the same folder, with its own cache folder anywhere) meets
the same lock. It is in a folder of lock files there (`LOCKS`) that keeps itself out of
`git status` (`git_ignored`): a lock file of its own beside `public/` showed as a new file
in every Hexo blog's `git status`. Once made it stays. Made and removed on every build,
deploy and dev-server save, it changed the stamp of the folder holding it (the blog folder,
mostly), which the manifest holds, so a `build` after a `deploy` redid all its work. It goes
with the output folder: `clean`, or a first build that failed, leaves neither, nor the
folder of lock files once it holds no other. The lock file of earlier versions, beside the
output folder itself, goes once this one is held (`_remove_old_lock`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import QuillError
from ..git_ignored import ignore_all

log = logging.getLogger("quillpress")

WAIT_SECONDS = 600.0  # a cold build of thousands of posts writes for a minute or two
POLL_SECONDS = 0.05


# The lock files this process holds. A forked worker closes its copies at once: the lock then
# goes when this process lets it go, not when the last worker forked meanwhile ends.
_HELD: set[int] = set()


def _close_held() -> None:
    for descriptor in _HELD:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held)


class FolderBusy(QuillError):
    """Another process held the output folder for longer than this one would wait."""


LOCKS = ".quillpress-locks"  # the folder of lock files, beside the output folders


def lock_path(public: Path) -> Path:
    """The lock file of the output folder `public` (resolved): beside it, with its staging
    folders, since it guards them; named after it, so each output folder has its own."""
    return public.parent / LOCKS / f"{public.name}.lock"


@contextlib.contextmanager
def in_use(public: Path, wait: float | None = None, give_up: threading.Event | None = None,
           make_parent: bool = False) -> Iterator[None]:
    """Hold the output folder `public` (to write or deploy it): wait while another process
    does, at most `wait` seconds (`WAIT_SECONDS`), or until `give_up` is set (`serve`
    stopping: its Ctrl+C waited for the rebuild, which waited here), then raise FolderBusy
    naming it. `make_parent`: a build about to make the output folder makes the folder that
    will hold it, lock and all (two first builds at once took no lock where it was missing).
    The lock file stays while the output folder does: one `clean` removed, or a failed first
    build never made, takes it along as it is let go. Where no lock file can be
    opened (a read-only folder without one) it is used without: the writer then names what
    it could not write."""
    taken = _take(public, WAIT_SECONDS if wait is None else wait, give_up, make_parent)
    if taken is None:
        yield
        return
    path, descriptor, signed = taken
    owner = os.getpid()
    _HELD.add(descriptor)
    _remove_old_lock(path.parent.parent / f".{path.name.removesuffix('.lock')}.quillpress-lock")
    try:
        yield
    finally:
        if os.getpid() == owner:  # never a forked child leaving through here
            _HELD.discard(descriptor)
            # before it is unlocked: a waiter then finds the file gone and makes a new one,
            # or finds it empty, and never names a holder that has let go
            with contextlib.suppress(OSError):
                if not os.path.lexists(public):
                    os.unlink(path)
                    _remove_if_unused(path.parent)
                elif signed:
                    os.ftruncate(descriptor, 0)
            os.close(descriptor)


def _take(public: Path, wait: float, give_up: threading.Event | None,
          make_parent: bool) -> tuple[Path, int, bool] | None:
    """Lock the output folder's lock file, made if missing, with our process id in it: the
    file, its descriptor and whether our id is in it; None where no lock can be kept (not
    POSIX, a link loop, a folder no file can be made in)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: nothing forks there
        return None
    try:
        path = lock_path(public.resolve())
    except (OSError, RuntimeError):  # a link loop: the writer names it
        return None
    if make_parent:
        with contextlib.suppress(OSError):  # the writer names a folder it cannot make
            path.parent.parent.mkdir(parents=True, exist_ok=True)  # `_open` makes the rest
    deadline = time.monotonic() + wait
    told = False
    while True:
        descriptor = None if path.parent.is_symlink() else _open(path)
        if descriptor is None:
            _say_unlocked(path)
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(descriptor)
            os.close(descriptor)
            if time.monotonic() >= deadline:
                raise FolderBusy(
                    f"another QuillPress{holder} still uses {public} after {wait:.0f} s "
                    "of waiting: nothing was written or deployed", path,
                    hint="let that build or `serve` finish, or stop it, then run this again"
                ) from None
            if not told and wait:
                log.warning("waiting for another QuillPress%s to finish with %s",
                            holder, public)
                told = True
            if give_up is None:
                time.sleep(POLL_SECONDS)
            elif give_up.wait(POLL_SECONDS):
                raise FolderBusy(
                    f"stopped waiting for another QuillPress{holder} to finish with {public}: "
                    "nothing was written", path) from None
            continue
        except OSError:  # no locks on that file system (some network ones): used without
            os.close(descriptor)
            return None
        if _still_at(descriptor, path):
            return path, descriptor, _sign(descriptor)
        os.close(descriptor)  # `clean` removed it when done: lock the file there now


def _open(path: Path) -> int | None:
    """The lock file, made if missing (its folder too), else None. Never through a link: a
    lock file that is a link to a file of the user's (put there by a cloned repository) had
    that file emptied and our process id written in it. Opened to read where it may not be
    written (a read-only folder, another user's file): a lock needs no more."""
    flags = os.O_CLOEXEC | os.O_NOFOLLOW
    for attempt in range(3):
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o644)
        except FileNotFoundError:  # no folder of lock files yet, or it was let go meanwhile
            if attempt == 2 or not _make_folder(path.parent):
                return None
        except OSError:
            with contextlib.suppress(OSError):
                return os.open(path, os.O_RDONLY | flags)
            return None
    return None


def _make_folder(folder: Path) -> bool:
    """Make the folder of lock files with its `.gitignore`; whether it is there now. Never
    a link (to a folder of the user's, where the lock files would be made)."""
    if folder.is_symlink():
        return False
    with contextlib.suppress(OSError):
        folder.mkdir(exist_ok=True)
        ignore_all(folder, "lock files")
    return folder.is_dir() and not folder.is_symlink()


def _remove_if_unused(folder: Path) -> None:
    """The folder of lock files, once it holds no lock file: nothing is left beside an
    output folder that is gone. Another process's lock file made meanwhile keeps it."""
    with contextlib.suppress(OSError):
        if os.listdir(folder) == [".gitignore"]:
            (folder / ".gitignore").unlink()
            folder.rmdir()


_TOLD: set[Path] = set()  # links found where the lock files go: each said once a process


def _say_unlocked(path: Path) -> None:
    """Say once why a lock file (or the folder of lock files) that is a link is not used:
    the build that went on without the lock said nothing, and a second build at once could
    remove its staging folder."""
    link = next((link for link in (path.parent, path) if link.is_symlink()), None)
    if link is None or link in _TOLD:
        return  # a read-only folder: the writer names what it cannot write
    _TOLD.add(link)
    log.warning("%s", QuillError(
        "a link stands where QuillPress keeps its lock file: it is left as it is, and this "
        "runs without the lock (another build of this site at the same time would not wait)",
        link, hint="remove the link; QuillPress then makes its own lock file there"))


_OLD_LOCK_TEXT = re.compile(rb"(\d{1,20}\n)?")  # empty, or the holder's process id


def _remove_old_lock(path: Path) -> None:
    """Remove the lock file earlier versions kept beside the output folder
    (`.public.quillpress-lock`), which showed in every Hexo blog's `git status` and stayed
    there once the lock moved to `LOCKS`: only when it is what they wrote (a file of its own,
    empty or holding a process id) and no process of theirs still holds it. Anything else
    of that name is the user's, and stays."""
    import fcntl  # a lock is held: this is POSIX

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:  # none there (mostly), or a link
        return
    try:
        info = os.fstat(descriptor)
        if stat.S_ISREG(info.st_mode) and info.st_nlink == 1 and info.st_size <= 21 \
                and _OLD_LOCK_TEXT.fullmatch(os.pread(descriptor, 22, 0)):
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held: an old build runs
            if _still_at(descriptor, path):
                os.unlink(path)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _sign(descriptor: int) -> bool:
    """Write our process id in the lock file for a waiter's message, where it is a file of
    its own: not a hard link to a file of the user's, which writing would change. Whether
    it was written: not where opened to read only, nor on a full disk (the lock holds,
    unnamed)."""
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        return False
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
    except OSError:
        return False
    return True


def _holder(descriptor: int) -> str:
    """' (process 1234)' as the holder wrote it in the file; '' before it has."""
    with contextlib.suppress(OSError, ValueError):
        return f" (process {int(os.pread(descriptor, 20, 0))})"
    return ""


def _still_at(descriptor: int, path: Path) -> bool:
    """The locked file is the one at `path`: not one `clean` removed since it was opened."""
    try:
        there = path.lstat()
    except OSError:
        return False
    mine = os.fstat(descriptor)
    return (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino)
