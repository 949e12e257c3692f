"""One long-lived Node process per build process, serving both math engines (math_worker.js,
JSON lines over stdin/stdout).

KaTeX in Node's V8 (without TurboFan) uses 2-4× less CPU per formula than the in-process
QuickJS VM, and a round trip over the pipes costs ~0.1 ms, so formulas still go one at a time,
in document order, which keeps each post's macro state exactly as before (bench/README.md has
the figures). The process starts on the first formula, so a build without math never starts
Node; a cold build of a blog with math starts it early (`prestart`), so that Node loads KaTeX
on the other core while this process reads and renders what comes before, or takes over the
one the command line started before its imports (quillpress/build/prestart.py). It belongs to the
process that started it: the builder forks render workers, and a forked child starts its own
instead of sharing pipes; the process that made the worker waits for it at exit (`close`).
Each request has a time limit; a worker that misses it is killed, `epoch` moves on (its macro
state is gone), and the next request starts a fresh one. A lock keeps the dev server's
threads from interleaving requests.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import subprocess
import threading
from pathlib import Path
from typing import Any

from quillpress.plugin_api import prestarted

from .engine import MathError
from .launch import spawn, worker_command

log = logging.getLogger("quillpress.math")
START_SECONDS = 30.0  # Node and KaTeX load in ~0.1 s; a loaded machine may need much more


class NodeWorker:
    """The Node math worker of this process, started on the first request."""

    def __init__(self, node: str, katex_dist: Path | None) -> None:
        self.command = worker_command(node, katex_dist)
        self.epoch = 0  # moves on each time a worker is started: the previous state is gone
        self._pid = -1
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._starting = False  # started, its {"ready": true} not read yet
        self._lock = threading.Lock()

    def prestart(self) -> None:
        """Start this process's worker if it has none, without waiting for it to be ready:
        the first request waits for what is left of its start."""
        with self._lock:
            if not self._alive():
                self._spawn()

    def start(self) -> int:
        """Start this process's worker if it has none; its epoch."""
        with self._lock:
            self._worker()
            return self.epoch

    def ask(self, request: dict[str, Any], seconds: float) -> dict[str, Any]:
        """The worker's reply to one request; MathError when it stops, is too slow, or
        answers {"error": …}."""
        with self._lock:
            process = self._worker()
            assert process.stdin is not None
            try:
                process.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
                process.stdin.flush()
            except OSError as exc:
                self._stop()
                raise MathError(f"the Node math worker stopped ({exc})") from exc
            reply = self._read_line(seconds)
        if "error" in reply:
            raise MathError(str(reply["error"]))
        return reply

    def close(self) -> None:
        """End this process's worker: its stdin closes, so it exits, and it is waited for (its
        CPU time then counts in this process's children, as `time` and benchmarks see it)."""
        with self._lock:
            process, self._process = self._process, None
            if process is not None and self._pid == os.getpid():
                assert process.stdin is not None
                process.stdin.close()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:  # never left to run on after QuillPress
                    process.kill()
                    process.wait()

    def _alive(self) -> bool:
        return self._pid == os.getpid() and self._process is not None and self._process.poll() is None

    def _spawn(self) -> None:
        self._process = None  # a parent's worker is left to the parent
        self._buffer = b""
        self._process = prestarted(self.command) or spawn(self.command)
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
            ready = self._read_line(START_SECONDS)
            if ready.get("code_cache") == "none" and self.epoch == 1:
                log.debug("math: KaTeX compiled without V8's code cache (the first formulas "
                          "are slower); the worker saves one for the next build")
        assert self._process is not None
        return self._process

    def _read_line(self, seconds: float) -> dict[str, Any]:
        process = self._process
        assert process is not None and process.stdout is not None
        fd = process.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], seconds)
            chunk = os.read(fd, 1 << 20) if ready else b""
            if not chunk:
                self._stop()
                raise MathError(f"the Node math worker gave no answer within {seconds:g} s"
                                if not ready else "the Node math worker stopped")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return dict(json.loads(line))

    def _stop(self) -> None:
        if self._process is not None and self._pid == os.getpid():
            self._process.kill()
            self._process.wait()
        self._process = None
        self._buffer = b""
        self._starting = False
