"""One function over a list of items in two lanes: this process and one forked child; and
the forked children that parallel.py's pools are made of.

A build whose bodies split by process (builder.split_here: the math plugin's documents here,
where its Node worker is, the others beside it on the other core) needs one child and no
scheduling. A `multiprocessing.Pool` of one worker cost that build ~12 ms of this process's
time to import, start and end, handed the child its items a chunk at a time through the
pool's threads, and ended ~20 ms after the child's last item (bench/README.md, stop 28); a
bare fork costs ~2.5 ms. The child makes its items in order, writes each result into a pipe
as soon as it is made, and exits; this process takes them between its own items and after.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import struct
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

from .. import pattern_cache
from . import heap
from ..errors import QuillError
from .background import write_all

Item = TypeVar("Item")
Result = TypeVar("Result")

HEADER = struct.Struct("<Q")  # each message: its length, then the pickled (index, result)
# What the child may write ahead of this process's reading (Linux lets a pipe grow to 1 MB
# unasked; 64 KB otherwise): a result that does not fit waits, the child with it, until this
# process is done with the item it is making.
PIPE_SIZE = 1 << 20
GATHER_BYTES = 64 << 10  # see Outbox
GATHER_SECONDS = 0.02
FAILED = -1  # the index of the message a failing child sends: its traceback
# Children run a little nicer than this process: it takes and writes what all of them make, so
# when three processes want two cores, the one the others wait on is served first.
WORKER_NICE = 3
# Children that sent all their results, not yet waited for: a child's exit (the address space
# it inherited torn down, the patterns it compiled saved) kept this process waiting 6-12 ms
# (the demo, at load 9), so each is reaped once it has exited: at the build's end (the dev
# server's next builds may never split again), at the next split, or by init when the
# command ends.
_ending: list[int] = []


def split_map(func: Callable[[Item], Result], items: Sequence[Item], here: Sequence[int],
              then: Callable[[], object] | None = None,
              failed: Callable[[Item, str], Result] | None = None
              ) -> Iterator[tuple[int, Result]]:
    """Yield `(index, func(item))` for every item: those at indexes `here` made in this
    process, in that order, the others in one forked child; the child's as they come, between
    this process's own. Where no child can be forked (Windows; out of processes or file
    descriptors), all are made here.

    `then()`, when given, is work of this process's own that needs none of the results
    (the builder's set-up of the pages): with a child, it is done once this process's items
    are made, while the child makes the last of its own.

    A child that fails outside `func`'s own error handling (a plugin's SystemExit or
    os._exit, a signal) fails the item it was making: with `failed`, that item's result is
    `failed(item, what happened)` and the child's other items are made here; without it, the
    exception the child raised (when it could be sent: see `_portable`), else what
    `stopped_early` makes of its end."""
    reap_ended()
    mine = set(here)
    theirs = [index for index in range(len(items)) if index not in mine]
    with frozen_heap():  # the collections of both leave the heap the child inherits alone
        child = fork_child(func, items, theirs) if theirs and sys.platform != "win32" else None
        if child is None:
            for index, item in enumerate(items):
                yield index, func(item)
            return
        try:
            for index in here:
                yield index, func(items[index])
                yield from child.take(block=False)
            if then is not None:
                then()
            yield from child.take(block=True)
            if child.received < len(theirs):  # the child is gone: the rest are made here
                left = theirs[child.received:]
                detail = child.failed() or "a forked worker making it exited early"
                if failed is None:
                    raise stopped_early([child])
                yield left[0], failed(items[left[0]], detail)
                for index in left[1:]:
                    yield index, func(items[index])
        finally:
            child.end()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Objects that forked children inherit are moved out of the collector's reach while they
    run: a child's collections would otherwise walk (and, touching each object's header,
    copy page by page) the whole inherited heap, a cost that grows with the site. A heap the
    dev server froze already (settle_heap) stays frozen. No full collection first: it found
    100-300 unreachable objects in a 1,000-post build and cost the main process ~0.1 s of
    CPU over its three pools, with nothing else running; what it would free waits a while."""
    frozen = heap.frozen_for_good() or gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen:
            gc.unfreeze()


def reap_ended() -> None:
    """Wait for the children of earlier splits that have exited by now (none is waited
    for that has not)."""
    for pid in list(_ending):
        try:
            done = os.waitpid(pid, os.WNOHANG)[0] == pid
        except ChildProcessError:  # reaped elsewhere (a wait for any child)
            done = True
        if done:
            _ending.remove(pid)


def fork_child(func: Callable[[Any], Any], items: Sequence[Any],
               indexes: Iterable[int], gather: bool = False) -> Child | None:
    """A child making the items at `indexes` (iterated in the child: an iterator that takes
    them as it goes, see parallel.py, works too); None when none could be started. With
    `gather`, it writes its results a few at a time (`Outbox`), for a caller that needs no
    result before the others and can lose the last ones with a child that dies."""
    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of file descriptors
        return None
    _flush_std_streams()  # else the child, flushing its own as it ends, writes them again
    # SIGTERM held back until the child has its default action again (see _child): one sent
    # as it starts must end it, not run a handler it inherited
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        pid = os.fork()
    except OSError:  # out of processes or memory
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:
        os.close(read_end)
        _child(func, items, indexes, Outbox(write_end, gather), mask)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    os.close(write_end)
    return Child(pid, read_end)


def _child(func: Callable[[Any], Any], items: Sequence[Any], indexes: Iterable[int],
           out: Outbox, mask: Iterable[int]) -> NoReturn:
    """Make the items at `indexes`, sending each result through `out`, and exit without
    returning into the caller's stack (nor running atexit handlers: they are the parent's)."""
    status = 0
    try:
        # Ended by SIGTERM when this process stops early: a handler inherited from it (the dev
        # server's, which only sets a flag) would leave the child making its item to the end.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        # what it makes and drops is garbage, cycles included: collected here even when the
        # parent keeps its collector off (heap.settle)
        gc.enable()
        try:
            os.nice(WORKER_NICE)  # the parent, which takes what the child makes, goes first
        except OSError:  # not allowed here: the child runs as it is
            pass
        save_patterns = pattern_cache.forked()
        if sys.platform == "linux":
            import fcntl

            try:
                fcntl.fcntl(out.fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
            except OSError:  # above the system's limit: the pipe stays as it is
                pass
        for index in indexes:
            out.send(index, func(items[index]))
        out.flush()
        save_patterns()
    except BaseException as exc:
        status = 1
        try:
            out.send(FAILED, (traceback.format_exc(), _portable(exc)))
            out.flush()
        except BaseException:  # the pipe is closed: the parent stopped reading
            pass
    finally:
        _flush_std_streams()  # what a plugin printed in the child
        os._exit(status)


def _flush_std_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # none (pythonw), closed, or a broken pipe
            pass


def _portable(exc: BaseException) -> Exception | None:
    """`exc`, when the parent can raise it as it was raised here (an Exception that survives
    pickling): a QuillError naming the file a full disk refused must reach the builder, which
    removes the staging folder and reports it, as that error, not as a worker's traceback."""
    if not isinstance(exc, Exception):  # SystemExit, KeyboardInterrupt: reported as how it ended
        return None
    try:
        pickle.loads(pickle.dumps(exc, pickle.HIGHEST_PROTOCOL))
    except Exception:  # not picklable, or its class cannot be made from what pickle keeps
        return None
    return exc


class Outbox:
    """A child's way to its parent: each result written as it is made, or, `gathered`, held
    until they fill GATHER_BYTES or, when a result is sent, the first held is GATHER_SECONDS
    old (nothing looks at the time between results: those held while the child makes a slow
    item wait for it, and the last ones for the child's end, `flush`). Each write wakes
    the parent, whose every wake-up is a switch of a core the workers fill: at 5,000 posts,
    ~15,000 results, one a write. Held results are lost with a child that dies, so only
    a caller for whom any death fails the whole map gathers (`fork_map`, not `split_map`,
    which blames the item the child was making: the one after those it received)."""

    def __init__(self, fd: int, gathered: bool) -> None:
        self.fd = fd
        self.limit = GATHER_BYTES if gathered else 0
        self.held: list[bytes] = []
        self.size = 0
        self.since = 0.0

    def send(self, index: int, result: Any) -> None:
        message = pickle.dumps((index, result), pickle.HIGHEST_PROTOCOL)
        now = time.monotonic()
        if not self.held:
            self.since = now
        self.held += (HEADER.pack(len(message)), message)
        self.size += HEADER.size + len(message)
        if self.size >= self.limit or now - self.since >= GATHER_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.held:
            write_all(self.fd, b"".join(self.held))
            self.held, self.size = [], 0


def stopped_early(children: Sequence[Child]) -> Exception:
    """What to raise when forked workers ended before making all their items: the exception
    one of them sent (its cause the child's traceback: its type tells the caller what it is,
    a QuillError names a file and line); a traceback one could not send, as a
    RuntimeError (an error in QuillPress or a plugin, as it would be in this process); else a
    QuillError, since a worker killed from outside (the kernel's out-of-memory killer sends
    signal 9) or one that exited without an error is no bug to report: the build stops as for
    bad input (its staging folder removed, the site as it was, exit 1) and says what to try."""
    for child in children:
        if child.error is not None:
            child.error.__cause__ = RuntimeError(f"in a forked worker:\n{child.failure}")
            return child.error
    for child in children:
        if child.failure:
            return RuntimeError(f"a forked worker failed:\n{child.failure}")
    how = next(filter(None, (child.how_it_ended() for child in children)), "ended")
    return QuillError(f"a forked build worker {how} before its work was done",
                      hint="if the machine ran out of memory (signal 9), build with "
                           "`--workers 1`; a plugin must raise an exception, not exit the process")


class Child:
    """A forked child and its results, read from its pipe as they come."""

    def __init__(self, pid: int, read_end: int) -> None:
        self.pid, self.read_end = pid, read_end
        self.buffer = bytearray()
        self.received = 0
        self.ended = False  # its pipe is closed: it exited, or is exiting
        self.failure = ""  # the traceback it sent as it failed
        self.error: Exception | None = None  # the exception it failed with, when it could send it
        self.ending = ""  # how it ended, once waited for (see how_it_ended)
        os.set_blocking(read_end, False)

    def take(self, block: bool) -> Iterator[tuple[int, Any]]:
        """The results the child has written (with `block`: all it will write, waiting for
        each, until it ends)."""
        if block:
            os.set_blocking(self.read_end, True)
        while not self.ended:
            while (result := self._next()) is not None:
                yield result
            try:
                chunk = os.read(self.read_end, PIPE_SIZE)
            except BlockingIOError:
                return
            if not chunk:
                self.ended = True
                return
            self.buffer += chunk

    def failed(self) -> str:
        """Why the child ended: the traceback it sent, else how it ended (it is waited for);
        "" when it exited as it should."""
        if self.failure:
            return self.failure
        how = self.how_it_ended()
        return f"a forked worker making it {how}" if how else ""

    def how_it_ended(self) -> str:
        """"was killed by signal N" or "ended (exit status N)", waiting for the child once;
        "" when it exited as it should."""
        if self.pid:
            status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            self.pid = 0
            self.ending = (f"was killed by signal {-status}" if status < 0
                           else f"ended (exit status {status})" if status else "")
        return self.ending

    def end(self) -> None:
        """Close the pipe; a child that ended is reaped later (`reap_ended`), one that has
        not (this process stopped early: an error, an interrupt) is ended and waited for."""
        os.close(self.read_end)
        if not self.pid:
            return
        if self.ended:
            _ending.append(self.pid)
        else:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)

    def _next(self) -> tuple[int, Any] | None:
        """The first whole result in the buffer, taken out of it (None when there is none,
        or when the message is the child's failure: then kept in `failure`)."""
        if len(self.buffer) < HEADER.size:
            return None
        end = HEADER.size + HEADER.unpack_from(self.buffer)[0]
        if len(self.buffer) < end:
            return None
        index, result = pickle.loads(self.buffer[HEADER.size:end])
        del self.buffer[:end]
        if index == FAILED:
            self.failure, self.error = result
            return None
        self.received += 1
        return index, result
