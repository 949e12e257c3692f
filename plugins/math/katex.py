"""KaTeX, in the Node math worker (node_worker.py) or, when Node is missing, inside this
Python process in the QuickJS VM from PyPI's `quickjs`.

Both run `katex.min.js` from npm's `node_modules` with the same glue (katex_glue.js), so the
HTML is byte-identical; Node's V8 uses 2-4× less CPU per formula. The QuickJS VM is made
once per process, lazily, because the builder forks render workers and a VM must never be
shared across a fork.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from .engine import MathError
from .launch import GLUE
from .node_worker import NodeWorker

_UNDERLINE = "\u0332"  # KaTeX marks the bad token by putting this after each of its characters
_AT_POSITION = re.compile(r"(.* at position \d+): (.*)", re.S)
_REDEFINE = re.compile(r"\\newcommand\{(\\[A-Za-z]+|\\.)\} attempting to redefine")
_MAX_RETRIES = 20


class _InNode:
    """katex_glue.js's functions in the Node math worker."""

    TIMEOUT = 30.0  # seconds; the largest real formula takes ~60 ms

    def __init__(self, worker: NodeWorker) -> None:
        self.worker = worker

    def reset(self, macros_json: str) -> None:
        self.worker.ask({"op": "katex-reset", "macros": macros_json}, self.TIMEOUT)

    def render(self, tex: str, display: bool) -> str:
        return str(self.worker.ask({"op": "katex", "tex": tex, "display": display},
                                   self.TIMEOUT)["out"])


class _InQuickJS:
    """katex_glue.js's functions in this process's QuickJS VM, made on first use."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist
        self._pid = -1
        self._vm: Any = None

    def _context(self) -> Any:
        if self._pid != os.getpid():
            import quickjs  # imported here: a bare install without the wheel still builds
            context = quickjs.Context()
            context.eval((self.dist / "katex.min.js").read_text(encoding="utf-8"))
            context.eval(GLUE.read_text(encoding="utf-8"))
            self._vm = context
            self._pid = os.getpid()
        return self._vm

    def reset(self, macros_json: str) -> None:
        self._context().get("qpReset")(macros_json)

    def render(self, tex: str, display: bool) -> str:
        return str(self._context().get("qpRender")(tex, display))


class KatexEngine:
    """KaTeX in the Node worker when there is one, else in QuickJS."""

    name = "katex"

    def __init__(self, dist: Path, worker: NodeWorker | None = None) -> None:
        package = json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))
        self.version = f"katex-{package['version']}"
        self.worker = worker
        self._js = _InNode(worker) if worker is not None else _InQuickJS(dist)

    @property
    def epoch(self) -> int:
        """The running Node worker's (started if it stopped): it moves on when a restarted
        worker lost the post's macros."""
        return self.worker.start() if self.worker is not None else 0

    def reset(self, macros: dict[str, str]) -> None:
        """Start a post: only the site's macros are defined."""
        self._js.reset(json.dumps(macros))

    def render(self, tex: str, display: bool) -> str:
        """HTML of one formula; `\\newcommand` of a KaTeX built-in (KaTeX predefines `\\R`)
        is retried as `\\renewcommand`, which is what the writer meant."""
        for _ in range(_MAX_RETRIES):
            out = self._js.render(tex, display)
            if not out.startswith("!"):
                return out
            redefined = _REDEFINE.search(out)
            if not redefined:
                break
            name = redefined.group(1)
            renamed = re.sub(r"\\newcommand(\s*\{\s*|\s*)" + re.escape(name) + r"(?![A-Za-z])",
                             lambda m, name=name: "\\renewcommand" + m.group(1) + name, tex)
            if renamed == tex:
                break
            tex = renamed
        raise MathError(readable(out[1:]))


def readable(message: str) -> str:
    """KaTeX's message with the bad token shown by a caret line under it, instead of the
    combining underlines that terminals and logs draw as `\\̲b̲o̲l̲d̲`."""
    message = message.removeprefix("KaTeX parse error: ")
    match = _AT_POSITION.fullmatch(message)
    if match is None or _UNDERLINE not in message:
        return message.replace(_UNDERLINE, "")
    head, context = match.groups()
    text, marks = [], []
    for char in context:
        if char == _UNDERLINE:
            marks[-1] = "^"
        else:
            text.append(char)
            marks.append(" ")
    return f"{head}:\n    {''.join(text)}\n    {''.join(marks).rstrip()}"
