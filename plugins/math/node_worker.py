"""One long-lived Node process per build process, serving both math engines (math_worker.js:
requests as JSON lines on its stdin, replies on its stdout, long strings unescaped).

KaTeX in Node's V8 (without TurboFan) uses 2-4× less CPU per formula than the in-process
QuickJS VM, and a round trip over the pipes costs ~0.1 ms. Formulas go as one request each,
in document order, which keeps each post's macro state exactly as before (bench/README.md has
the figures); where they can, a post's requests are written together (`send_ahead`, below). The process starts on the first formula, so a build without math never starts
Node; a cold build of a blog with math starts it early (`prestart`), so that Node loads KaTeX
on the other core while this process reads and renders what comes before, or leaves the one
the command line started before its imports to the first process that asks for it, this one or
a forked render worker (quillpress/build/prestart.py). It belongs to the process that started
it: the builder forks render workers, and a forked child takes that early one or starts its own
instead of sharing pipes; the process that made the worker waits for it at exit (`close`).
Each request has a time limit; a worker that misses it is killed, `epoch` moves on (its macro
state is gone), and the next request starts a fresh one. A lock keeps the dev server's
threads from interleaving requests.

Requests can also be sent ahead (`send_ahead`, a post's formulas as soon as it is parsed):
Node renders them while this process renders the text between them, and their replies are
claimed in order (`take_ahead`), one pipe wake-up instead of a round trip each. Writes never
block (stdin is non-blocking, what does not fit is written while replies are read), so a long
post's requests cannot fill one pipe while its replies fill the other.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import subprocess
import threading
from codecs import utf_16_le_decode
from collections import deque
from pathlib import Path
from typing import Any

from quillpress.plugin_api import prestart_waiting, prestarted

from .engine import EngineDown, MathError
from .launch import NO_HINT, early_command, forget, spawn, why_stopped, worker_command

log = logging.getLogger("quillpress.math")
START_SECONDS = 30.0  # Node and KaTeX load in ~0.1 s; a loaded machine may need much more


PIPE_BYTES = 1 << 20  # Linux's largest pipe for a user (/proc/sys/fs/pipe-max-size)
COMPACT_BYTES = 1 << 20  # replies taken from the front of the read buffer before it is cut
# Bytes of replies taken between two looks at the pipe without waiting (`_drain`): an eighth of
# what the pipe holds (PIPE_BYTES), so the worker seldom waits for room meanwhile, and ~27
# replies of a math blog (their median is 4.7 KB of UTF-16): a look at each reply was a system
# call per formula.
DRAIN_BYTES = PIPE_BYTES // 8


def _widen(fd: int) -> None:
    """Let the pipe hold PIPE_BYTES, not 64 KB: the replies to a document's formulas sent
    ahead (a formula's HTML is 2-20 KB of UTF-16) then wait in it while this process draws
    the text, where Node used to stop after a few, the pipe full. Where the system does not
    allow it, the pipe stays as it is: Node waits sooner, nothing else changes."""
    try:
        import fcntl  # here: Windows has none
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or over the system's limit
        pass


class NodeWorker:
    """The Node math worker of this process, started on the first request."""

    def __init__(self, node: str, katex_dist: Path | None, blog: Path | None = None) -> None:
        self.command = worker_command(node, katex_dist)
        # what the command line started for it before its imports (launch.commands): for
        # KaTeX's, one that draws the blog's formulas ahead; for MathJax's, a shell that starts
        # Node only if the sources hint at MathJax
        self.early = (early_command(node, katex_dist, blog) if blog else None) or self.command
        self.epoch = 0  # moves on each time a worker is started: the previous state is gone
        self._pid = -1
        self._process: subprocess.Popen[bytes] | None = None
        self._ended: subprocess.Popen[bytes] | None = None  # finished, not yet waited for
        self._buffer = bytearray()  # read from the worker; replies taken up to `_taken`
        self._taken = 0
        self._since_drain = 0  # bytes of replies taken since `_drain` last looked at the pipe
        self._out = bytearray()  # requests not yet written to the worker's stdin
        self._unread_ahead = 0  # replies to requests sent ahead, not yet read from stdout
        self._early: deque[dict[str, Any]] = deque()  # …read, not yet taken
        self._starting = False  # started, its {"ready": true} not read yet
        self._lock = threading.Lock()

    def prestart(self) -> None:
        """Start this process's worker if it has none, without waiting for it to be ready:
        the first request waits for what is left of its start. Nothing when the command line
        started one before its imports: it runs already, and it goes to the first process that
        asks, here or a forked render worker (a build that forks them for every document
        renders no formula here)."""
        with self._lock:
            if not self._alive() and not prestart_waiting(self.early):
                self._spawn()

    def decline_early(self) -> None:
        """End the worker the command line started before its imports, when this build will
        ask it nothing (no document has a formula to draw): KaTeX's draws the blog's `$…$`
        until the build's first request (katex_predraw.js), which on a blog whose math is off
        would go on all through the build, on the core the build's workers need. A later
        request (a `{% katex %}` tag) starts a worker as usual."""
        with self._lock:
            if self._alive() or not prestart_waiting(self.early):
                return
            self._spawn()  # takes the early one over
        self.finish()

    def start(self) -> int:
        """Start this process's worker if it has none; its epoch."""
        with self._lock:
            self._worker()
            return self.epoch

    def ask(self, request: dict[str, Any], seconds: float) -> dict[str, Any]:
        """The worker's reply to one request; MathError when it stops, is too slow, or
        answers {"error": …}."""
        with self._lock:
            self._worker()
            self._out += json.dumps(request).encode("utf-8") + b"\n"
            while self._unread_ahead:  # replies to what was sent ahead come first
                self._early.append(self._read_reply(seconds))
                self._unread_ahead -= 1
            reply = self._read_reply(seconds)
        if "error" in reply:
            raise MathError(str(reply["error"]))
        return reply

    def send_ahead(self, requests: list[dict[str, Any]], epoch: int | None = None) -> int:
        """Queue requests whose replies `take_ahead` claims later, in order; the epoch of the
        worker they went to. With `epoch`, only to that worker, still running (else -1); -1
        too when the worker has stopped reading them (they are lost)."""
        with self._lock:
            if not self._alive():
                if epoch is not None:
                    return -1
                self._spawn()
            elif epoch is not None and epoch != self.epoch:
                return -1
            self._out += b"".join(json.dumps(r).encode("utf-8") + b"\n" for r in requests)
            self._unread_ahead += len(requests)
            try:
                self._write()
            except EngineDown:  # it stopped reading since `_alive` looked (a signal, out of
                return -1  # memory): stopped now, as one found ended; a later ask starts anew
            self._drain()
            return self.epoch

    def take_ahead(self, seconds: float) -> dict[str, Any]:
        """The reply to the oldest request sent ahead and not yet taken. Most often a read
        has brought it already (a read takes all the pipe holds: several replies), and it is
        taken from the buffer with no call into the system: the worker is not asked whether
        it still runs, nor the pipe looked at again before DRAIN_BYTES more were taken."""
        with self._lock:
            if self._early:
                reply = self._early.popleft()
            else:
                reply = self._read_already()
                if reply is None:
                    self._worker()
                    if not self._unread_ahead:
                        raise EngineDown("the Node math worker stopped")  # restarted: replies lost
                    reply = self._read_reply(seconds)
                self._unread_ahead -= 1
                if self._unread_ahead and self._since_drain >= DRAIN_BYTES:
                    self._drain()
        if "error" in reply:
            raise MathError(str(reply["error"]))
        return reply

    def drop_ahead(self, seconds: float) -> None:
        """Forget the replies to what was sent ahead (read once the worker has made them)."""
        with self._lock:
            while self._unread_ahead and self._alive():
                self._worker()
                self._read_reply(seconds)
                self._unread_ahead -= 1
            self._unread_ahead = 0
            self._early.clear()

    def finish(self) -> None:
        """Let this process's worker end now, not at exit, when nothing is pending (no reply
        to wait for or to take): a build that is the process's only one calls this once its
        bodies are rendered, so Node exits while the pages are written instead of at the end
        (the demo's command waited ~5 ms for it). It is waited for in `close`; a later
        request starts a fresh worker."""
        with self._lock:
            process = self._process
            if (process is None or self._pid != os.getpid() or self._out or self._unread_ahead
                    or self._early):  # replies read, not yet taken: a call may still take them
                return
            assert process.stdin is not None
            process.stdin.close()
            process.stdin = None  # closed: `communicate` in `close` only reads and waits
            self._process, self._ended = None, process
            self._forget()

    def close(self) -> None:
        """End this process's worker: its stdin closes, so it exits, and it is waited for (its
        CPU time then counts in this process's children, as `time` and benchmarks see it)."""
        with self._lock:
            process, self._process = self._process, None
            ended, self._ended = self._ended, None
            if self._pid != os.getpid():
                return
            for running in (ended, process):
                if running is None:
                    continue
                try:  # stdin closed; replies to what was sent ahead and never taken are read
                    running.communicate(timeout=5)
                except subprocess.TimeoutExpired:  # never left to run on after QuillPress
                    running.kill()
                    running.wait()
                forget(running)
            self._forget()

    def _alive(self) -> bool:
        return self._pid == os.getpid() and self._process is not None and self._process.poll() is None

    def _spawn(self) -> None:
        self._process = None  # a parent's worker is left to the parent
        self._forget()
        self._process = prestarted(self.early) or spawn(self.command)
        assert self._process.stdin is not None and self._process.stdout is not None
        os.set_blocking(self._process.stdin.fileno(), False)
        for pipe in (self._process.stdin, self._process.stdout):
            _widen(pipe.fileno())
        if self._pid == -1:  # the first worker: the process that made this object ends it
            atexit.register(self.close)
        self._pid = os.getpid()
        self.epoch += 1
        self._starting = True

    def _worker(self) -> subprocess.Popen[bytes]:
        if not self._alive():
            self._spawn()
        if self._starting:
            self._starting = False
            ready = self._read_reply(START_SECONDS)
            if ready == NO_HINT:  # the early MathJax worker ended, no Node started: one now
                # (before any request: MathJax's worker is only asked, never sent ahead)
                self._stop()
                return self._worker()
            if ready.get("code_cache") == "none" and self.epoch == 1:
                log.debug("math: KaTeX compiled without V8's code cache (the first formulas "
                          "are slower); the worker saves one for the next build")
        assert self._process is not None
        return self._process

    def _read_reply(self, seconds: float) -> dict[str, Any]:
        """The next reply the worker writes, writing what is queued for it meanwhile."""
        process = self._process
        assert process is not None and process.stdout is not None and process.stdin is not None
        fd, fd_in = process.stdout.fileno(), process.stdin.fileno()
        while (reply := self._complete_reply()) is None:
            ready, writable, _ = select.select([fd], [fd_in] if self._out else [], [], seconds)
            if writable:
                self._write()
            if not ready:
                if writable:
                    continue
                self._stop()
                raise EngineDown(f"the Node math worker gave no answer within {seconds:g} s")
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                reason = why_stopped(process) if self._pid == os.getpid() else ""
                self._stop()
                raise EngineDown(f"the Node math worker stopped{reason}")
            self._buffer += chunk
        return reply

    def _read_already(self) -> dict[str, Any] | None:
        """The next reply, when a read has brought all of it already; else None. Only from
        this process's worker (a forked child holds a copy of its parent's buffer), and
        never its ready line (`_worker` reads that)."""
        if self._starting or not self._unread_ahead or self._pid != os.getpid():
            return None
        return self._complete_reply()

    def _complete_reply(self) -> dict[str, Any] | None:
        """The first reply in what was read, taken out of it; None while it is incomplete. A
        line of JSON, or `=KEY BYTES` and that many bytes of UTF-16 text: {KEY: text} (see
        math_worker.js; surrogatepass keeps a lone surrogate, as json.loads does). Taken by
        moving `_taken` on: cutting each reply off the front copied what followed it, and
        the buffer holds up to a pipeful of replies read ahead (`_drain`)."""
        buffer, at = self._buffer, self._taken
        end = buffer.find(b"\n", at)
        if end < 0:
            return None
        if buffer[at:at + 1] != b"=":
            reply = dict(json.loads(buffer[at:end]))
            stop = end + 1
        else:
            key, size = buffer[at + 1:end].split(b" ")
            stop = end + 1 + int(size)
            if len(buffer) < stop:
                return None
            # the codec itself: `decode` looks it up by name at each call
            text = utf_16_le_decode(buffer[end + 1:stop], "surrogatepass", True)[0]
            reply = {key.decode("ascii"): text}
        self._since_drain += stop - at
        if stop == len(buffer):
            buffer.clear()
            self._taken = 0
        elif stop > COMPACT_BYTES:
            del buffer[:stop]
            self._taken = 0
        else:
            self._taken = stop
        return reply

    def _drain(self) -> None:
        """Read what the worker has written so far, without waiting: replies it made ahead
        wait here instead of in the pipe, which, full, stopped the worker until this process
        took them (sent ahead of a document dense with formulas, it was then behind)."""
        self._since_drain = 0
        process = self._process
        if process is None or process.stdout is None:
            return
        fd = process.stdout.fileno()
        while select.select([fd], [], [], 0)[0]:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return  # it stopped: the next reply read says why
            self._buffer += chunk

    def _write(self) -> None:
        """Write what of the queued requests the pipe takes now."""
        assert self._process is not None and self._process.stdin is not None
        try:
            written = os.write(self._process.stdin.fileno(), self._out) if self._out else 0
        except BlockingIOError:
            return
        except OSError as exc:
            self._stop()
            raise EngineDown(f"the Node math worker stopped ({exc})") from exc
        del self._out[:written]

    def _stop(self) -> None:
        if self._process is not None and self._pid == os.getpid():
            self._process.kill()
            self._process.wait()
            forget(self._process)
        self._process = None
        self._forget()

    def _forget(self) -> None:
        """Nothing read or queued: a new worker, or none."""
        self._buffer = bytearray()
        self._taken = self._since_drain = 0
        self._out.clear()
        self._unread_ahead = 0
        self._early.clear()
        self._starting = False
