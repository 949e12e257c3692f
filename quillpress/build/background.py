"""One function run in a forked child while the main process goes on with other work.

Where a cold build's main process works alone, the other core idles. A one-off `build` puts
a job whose answer is needed only later on it: the related posts plugin ranks the posts in a
child forked when the site is made and takes the lists when the routes are known; a first
build works out its pages' fingerprints in a child forked at the plan, while the pages are
made; the builder checks the links in a child forked when the last page is made, which saves
what it read once told the output is in place (`Gated`), while the builder saves the page
records and stamps the manifest. Any build, the dev server's too, that reads
many sources shares the read with a child (`loading.py`): its Documents keep no state behind.
The child inherits what it needs (nothing is sent to it) and sends back only its result,
so the result must pickle; a job whose state must live on in this process (the dev
server's) is not one for it. A build asked for one process (`--workers 1`,
`PluginAPI.workers`) stays one (what a profiler sees is the whole build): callers pass the
build's `workers`, and with one no child is started.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
from collections.abc import Callable
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")
_STARTED: list[Background[Any]] = []  # children started here whose answer is not yet taken


class Background(Generic[Result]):
    """`func()` in a forked child, started now; `result()` waits for it. Where the build may
    use one process (`workers`), there is no fork, no child can be started (no process or
    file left) or the child fails (killed, out of memory), `result()` calls `func` here."""

    def __init__(self, func: Callable[[], Result], workers: int) -> None:
        self._func = func
        self._pid, self._pipe = 0, -1
        if workers < 2 or not hasattr(os, "fork"):  # one process asked for; Windows
            return
        try:
            read, write = os.pipe()
        except OSError:  # out of file descriptors
            return
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, and leave without running any cleanup
            os.close(read)
            code = 1
            try:
                gc.disable()  # a collection would walk (and copy) the whole inherited heap
                write_all(write, pickle.dumps(func(), protocol=pickle.HIGHEST_PROTOCOL))
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._pipe = pid, read
        _STARTED.append(self)

    @staticmethod
    def busy() -> bool:
        """True while a child started here has not begun to send its answer: it has a core,
        and this process will wait for its answer. Work that may be done here or later
        elsewhere (`Postings.fill_while`) is done here meanwhile, in what would be a wait.
        A look at the pipes (`poll` with no timeout), not a wait: `poll`, as `select`
        refuses descriptors numbered 1024 or more, which a process with many files open
        (the dev server's watches) gives the pipes."""
        if not _STARTED:
            return False
        pipes = select.poll()
        for job in _STARTED:
            pipes.register(job._pipe, select.POLLIN)
        answering = {fd for fd, _ in pipes.poll(0)}  # data, or the child's end of the pipe
        return any(job._pipe not in answering for job in _STARTED)

    def result(self) -> Result:
        """The child's answer once it has sent all of it and exited, else `func()` here."""
        if not self._pid:
            return self._func()
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()  # to the end: the child has closed the pipe (exited)
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        _STARTED.remove(self)
        if status != 0 or not data:
            return self._func()
        return pickle.loads(data)  # type: ignore[no-any-return]

    def close(self) -> None:
        """Give the answer up (the build failed before it was asked for): the child is ended
        and waited for. Left alone, it would wait, with its copy of this process, to write an
        answer larger than the pipe holds, until this process exits."""
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.close(self._pipe)
            os.waitpid(self._pid, 0)
            self._pid = 0
            _STARTED.remove(self)


class Gated(Background[Result]):
    """A `Background` job whose function waits, part way, for a word from this process:
    it is given `passed`, which in the child waits until this process calls `go()` (True),
    or `close()`s the job, asks for its result, or ends (False). The link check's child
    judges a build's links while this process commits the output, and saves what it read of
    the output's files only once they are in place (`Builder._links_beside`). Where the job
    runs here (no child), `passed` answers at once whether `go()` was called."""

    def __init__(self, func: Callable[[Callable[[], bool]], Result], workers: int) -> None:
        self._maker = os.getpid()
        self._said: bool | None = None
        try:  # made before the fork, so the child holds both ends too
            self._word, self._say_it = os.pipe()
        except OSError:  # out of file descriptors: no word can reach a child
            self._word = self._say_it = -1
        super().__init__(lambda: func(self._passed), workers)

    def go(self) -> None:
        self._say(True)

    def close(self) -> None:
        self._say(False)
        super().close()

    def result(self) -> Result:
        self._say(False)  # unless said already: the child must not wait for a word never said
        return super().result()

    def _passed(self) -> bool:
        if os.getpid() == self._maker:
            return bool(self._said)
        if self._word < 0:
            return False
        os.close(self._say_it)  # this child's copy, held, would keep its read from ever ending
        try:
            return os.read(self._word, 1) == b"1"
        finally:
            os.close(self._word)

    def _say(self, word: bool) -> None:
        if self._said is not None:
            return
        self._said = word
        if self._word >= 0:
            if word:
                os.write(self._say_it, b"1")
            os.close(self._say_it)
            os.close(self._word)


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd`: a write into a pipe may take only part of it."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
