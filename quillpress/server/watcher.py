"""Watching the blog's inputs and turning bursts of file events into single rebuilds.

An editor's atomic save is three or four events; a `git checkout` can be thousands. The
`ChangeBatcher` collects paths until nothing has happened for a short quiet period (or a
burst has gone on for `max_wait`), then hands the whole set to one rebuild. Paths that
arrive while that rebuild runs wait for the next batch: nothing is dropped.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("quillpress.server")

QUIET_SECONDS = 0.05
MAX_WAIT_SECONDS = 1.0
IGNORED_PARTS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".quillpress-cache"}


class ChangeBatcher:
    """Coalesces changed paths and calls `on_batch(paths)` from one worker thread."""

    def __init__(self, on_batch: Callable[[set[Path]], object], quiet: float = QUIET_SECONDS,
                 max_wait: float = MAX_WAIT_SECONDS) -> None:
        self.on_batch = on_batch
        self.quiet = quiet
        self.max_wait = max_wait
        self._pending: set[Path] = set()
        self._first = self._last = 0.0
        self._cond = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="quillpress-rebuild", daemon=True)
        self.busy = False  # a batch is being handled (for tests and the benchmark)

    def start(self) -> None:
        self._thread.start()

    def add(self, paths: Iterable[Path]) -> None:
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.update(paths)
            self._last = now
            self._cond.notify_all()

    def _next_batch(self) -> set[Path] | None:
        with self._cond:
            while not self._stopping:
                if not self._pending:
                    self._cond.wait()
                    continue
                now = time.monotonic()
                due = min(self._last + self.quiet, self._first + self.max_wait)
                if now >= due:
                    batch, self._pending = self._pending, set()
                    self.busy = True
                    return batch
                self._cond.wait(due - now)
            return None

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            try:
                self.on_batch(batch)
            except Exception:  # a bug in a rebuild must not end live preview
                log.exception("rebuild failed unexpectedly")
            finally:
                with self._cond:
                    self.busy = False
                    self._cond.notify_all()

    def idle(self, timeout: float) -> bool:
        """Wait until no batch is pending or running; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self.busy, timeout)

    def stop(self) -> None:
        """Finish the rebuild in progress (if any), drop nothing else, and end the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join()


class _Forward(FileSystemEventHandler):
    def __init__(self, accept: Callable[[Path], bool], sink: Callable[[list[Path]], None]) -> None:
        self.accept = accept
        self.sink = sink

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder "modified" only echoes the file events inside it
        paths = [Path(_text(event.src_path))]
        if getattr(event, "dest_path", ""):
            paths.append(Path(_text(event.dest_path)))
        paths = [p for p in paths if self.accept(p)]
        if paths:
            self.sink(paths)


def _text(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path


class Watcher:
    """watchdog observing the source folder, themes, plugins and the config files."""

    def __init__(self, root: Path, folders: list[Path], ignore: list[Path],
                 sink: Callable[[list[Path]], None], poll: bool = False) -> None:
        self.root = root
        self.ignore = [p.resolve() for p in ignore]
        self.sink = sink
        self.poll = poll
        self.observer: BaseObserver | None = None
        self._handler = _Forward(self.accepts, self._arrived)
        # the folders watched with all below them; one missing is watched once it is made
        self._whole = {f.resolve() for f in folders} - {root}
        self._followed: dict[Path, bool] = {}  # linked sources' real folders -> recursive
        self._linked_files: set[Path] = set()  # linked files, followed through their folders

    def accepts(self, path: Path) -> bool:
        if IGNORED_PARTS.intersection(path.parts) or any(path.is_relative_to(i) for i in self.ignore):
            return False
        if path.parent == self.root:  # the project folder itself: config files, linked files,
            # package.json (the Hexo plugins and renderer set-up reads: Builder._read_at_set_up)
            return (path.name.startswith("_config") and path.suffix in (".yml", ".yaml")
                    or path.name == "package.json" or path in self._linked_files or path in self._whole)
        if self._followed.get(path.parent) is False and path not in self._linked_files:
            # beside a linked file (a note in the vault, a file in the home folder): no source,
            # unless a watched or linked folder holds it; each was a rebuild of nothing
            return self._in_watched(path) or any(
                path.is_relative_to(folder) for folder, whole in self._followed.items() if whole)
        return True

    def _arrived(self, paths: list[Path]) -> None:
        """Changed paths to the rebuild; a folder watched whole that was made, deleted, moved
        away or put back (content/ replaced by a sync tool or a restored backup) is watched
        again where it now is: its old watch followed the moved folder, or ended with it,
        and no save in the new one was seen until `serve` was started again."""
        for path in paths:
            if path in self._whole:
                self._watch_again(path)
        self.sink(paths)

    def _watch_again(self, folder: Path) -> None:
        assert self.observer is not None  # events come only from a started observer
        try:
            self.observer.unschedule(ObservedWatch(str(folder), recursive=True))
        except KeyError:
            pass  # never scheduled: the folder was missing until now
        if folder.is_dir():
            try:
                self.observer.schedule(self._handler, str(folder), recursive=True)
            except OSError as exc:  # gone again already, or the system's inotify limit met
                log.warning("cannot watch %s again (%s): restart `serve` to see saves there",
                            folder, exc)

    def _in_watched(self, path: Path) -> bool:
        """Whether a folder watched with all below it (the project folder is not) holds `path`."""
        return any(path.is_relative_to(folder) for folder in self._whole)

    def start(self) -> None:
        # watchdog's inotify observer warns, a line of ~4 KB per folder on the terminal, when
        # a folder it watched comes back into a watched folder; it then watches it right
        warnings.filterwarnings("ignore", "Callback with id", RuntimeWarning,
                                "watchdog.observers.inotify")
        try:
            self.observer = self._schedule(PollingObserver() if self.poll else Observer())
            self.observer.start()
        except OSError as exc:  # inotify limits, network mounts
            log.warning("native file watching failed (%s); polling instead", exc)
            self.observer = self._schedule(PollingObserver())
            self.observer.start()

    def follow(self, linked: Iterable[Path]) -> None:
        """Also watch linked sources where they really are, since no watcher follows a link
        out of a watched folder, and the config files `--config` names: a folder with all
        below it, a file through its folder (the project folder is watched already). A
        place that cannot be watched (the system's inotify limit met by a big linked
        folder) is named once, and the server goes on: scheduled unguarded, the error
        stopped `serve` at its start, or failed the rebuild that met the new link with
        "unexpected error"."""
        for target in linked:
            recursive = target.is_dir()
            folder = target if recursive else target.parent
            if not recursive:
                self._linked_files.add(target)
            if (folder in self._followed and self._followed[folder] >= recursive
                    or folder == self.root or self._in_watched(folder)):
                continue  # a folder followed for a linked file is followed whole if linked too
            self._followed[folder] = recursive
            if self.observer is None:
                continue
            try:
                self.observer.schedule(self._handler, str(folder), recursive=recursive)
            except OSError as exc:
                log.warning("cannot watch %s, linked into the source folder (%s): edits made "
                            "there are not seen (`serve --poll` sees them)", folder, exc)

    def _schedule(self, observer: BaseObserver) -> BaseObserver:
        observer.schedule(self._handler, str(self.root), recursive=False)
        for folder in self._whole:
            if folder.is_dir():
                observer.schedule(self._handler, str(folder), recursive=True)
        for folder, recursive in self._followed.items():
            observer.schedule(self._handler, str(folder), recursive=recursive)
        return observer

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()
            self.observer = None
