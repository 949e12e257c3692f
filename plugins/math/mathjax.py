"""MathJax 4 → SVG, the second engine: it draws what KaTeX rejects (`\\bbox`, `\\enclose`,
`multline`, `\\require`, …).

It runs in ONE long-lived Node process per build process (`mathjax_worker.mjs`, JSON lines
over stdin/stdout), started on the first formula KaTeX rejects, so a build whose formulas
all pass KaTeX never starts Node. The process belongs to the process that started it: the
builder forks render workers, and a forked child starts its own instead of sharing pipes.
Each formula has a time limit; a worker that misses it is killed and a fresh one is started
for the next formula.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
from pathlib import Path
from typing import Any

from .engine import MathError

WORKER = Path(__file__).with_name("mathjax_worker.mjs")
PACKAGE = Path("node_modules") / "@mathjax" / "src"
START_SECONDS = 30.0  # loading MathJax takes ~0.3 s; a loaded machine may need much more


def find_mathjax(search: list[Path]) -> tuple[str, Path] | None:
    """(node executable, the folder holding node_modules) when both Node and npm's
    `@mathjax/src` are installed; None means the chain goes on without MathJax."""
    node = shutil.which("node")
    if node is None:
        return None
    for folder in search:
        if (folder / PACKAGE / "package.json").is_file():
            return node, folder
    return None


class MathJaxEngine:
    """MathJax in a Node worker, one per process, started lazily."""

    name = "mathjax"

    def __init__(self, node: str, root: Path, timeout: float = 10.0) -> None:
        self.node = node
        self.root = root
        self.timeout = timeout
        package = json.loads((root / PACKAGE / "package.json").read_text(encoding="utf-8"))
        self.version = f"mathjax-{package['version']}-svg"
        self._pid = -1
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = b""

    # -- the engine protocol --
    def reset(self, macros: dict[str, str]) -> None:
        """Start a post: forget the previous post's \\newcommand/\\def; define the site's."""
        self._ask({"op": "reset", "macros": macros})

    def render(self, tex: str, display: bool) -> str:
        return str(self._ask({"op": "render", "tex": tex, "display": display})["svg"])

    def stylesheet(self) -> str:
        """The CSS MathJax's SVG output needs (~6 KB), for pages that have such a formula."""
        return str(self._ask({"op": "css"})["css"])

    # -- the worker --
    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        process = self._worker()
        assert process.stdin is not None
        try:
            process.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            process.stdin.flush()
        except OSError as exc:
            self._stop()
            raise MathError(f"the MathJax worker stopped ({exc})") from exc
        reply = self._read_line(self.timeout)
        if "error" in reply:
            raise MathError(str(reply["error"]))
        return reply

    def _worker(self) -> subprocess.Popen[bytes]:
        if self._pid != os.getpid() or self._process is None or self._process.poll() is not None:
            self._process = None  # a parent's worker is left to the parent
            self._buffer = b""
            self._process = subprocess.Popen(
                [self.node, str(WORKER)], cwd=self.root, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self._pid = os.getpid()
            self._read_line(START_SECONDS)  # {"ready": version}
        return self._process

    def _read_line(self, seconds: float) -> dict[str, Any]:
        process = self._process
        assert process is not None and process.stdout is not None
        fd = process.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], seconds)
            chunk = os.read(fd, 1 << 16) if ready else b""
            if not chunk:
                self._stop()
                raise MathError(f"MathJax gave no answer within {seconds:g} s" if not ready
                                else "the MathJax worker stopped")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return dict(json.loads(line))

    def _stop(self) -> None:
        if self._process is not None and self._pid == os.getpid():
            self._process.kill()
            self._process.wait()
        self._process = None
        self._buffer = b""
