"""KaTeX, in the Node math worker (node_worker.py) or, when Node is missing, inside this
Python process in the QuickJS VM from PyPI's `quickjs`.

Both run `katex.min.js` from npm's `node_modules` with the same glue (katex_glue.js), so the
HTML is byte-identical (Node with five of KaTeX's helpers and a loop swapped for faster ones
that return the same, katex_fast.js); Node's V8 uses 2-4× less CPU per formula. The QuickJS
VM is made once per process, lazily, because the builder forks render workers and a VM must
never be shared across a fork.

With Node, the renderer sends a post's KaTeX calls ahead as soon as the post is parsed
(`send_ahead`), which is a post or two before it is drawn (quillpress/render/lookahead.py):
its calls queue behind those of the posts before it, and Node works through them while
Python renders the text around them. Each call the renderer then makes is checked against
the next one sent: the same call takes its reply (calls foreseen and never made are passed
over when none of them changed the macros, or when this call is the next post's reset); a
call the plan could not foresee that defines nothing is asked behind those in flight when the
worker's macros will then be this post's; any other drops the rest and rebuilds the worker's
macro state from the calls really made since the last reset. So every formula is drawn in the
state it would have had alone. A `\\newcommand` of a name KaTeX already has is retried as
`\\renewcommand` inside the glue (katex_glue.js), so it is one call, foreseen like any other.
"""

from __future__ import annotations

import json
import os
import re
from collections import deque
from pathlib import Path
from typing import Any

from .engine import DEFINES_MACROS, MathError
from .launch import GLUE
from .node_worker import NodeWorker

_UNDERLINE = "\u0332"  # KaTeX marks the bad token by putting this after each of its characters
_AT_POSITION = re.compile(r"(.* at position \d+): (.*)", re.S)
Call = tuple[Any, ...]  # ("reset", macros JSON) | ("render", tex, display)
MacroState = tuple[str, list[tuple[str, bool]]]  # the reset's macros, the definitions since


class _InNode:
    """katex_glue.js's functions in the Node math worker."""

    TIMEOUT = 30.0  # seconds; the largest real formula takes ~60 ms
    # Calls in flight: enough to keep Node a document or two ahead (Atlantic8's math posts
    # have ~21 calls each), and what a wrong foresight that changes macros waits for.
    WINDOW = 512

    def __init__(self, worker: NodeWorker) -> None:
        self.worker = worker
        self._planned: deque[Call] = deque()  # calls foreseen, not sent yet
        self._ahead: deque[Call] = deque()  # calls sent ahead, replies not yet taken
        self._ahead_to = (-1, -1)  # (pid, epoch) of the worker they go to
        # The calls really made since the last reset that may have defined macros.
        self._since_reset: MacroState | None = None

    def send_ahead(self, calls: list[Call], queue: bool) -> None:
        """Foresee calls, whose replies the next calls take (see the module's docstring);
        only a list that starts from a reset. With `queue` (a whole document's), behind what
        is foreseen already; else only when nothing is (a tag body's, met while its
        document is drawn)."""
        if not calls or calls[0][0] != "reset":
            return
        if not self._pending():
            self._ahead_to = (os.getpid(), self.worker.send_ahead([]))
        elif not queue:
            return
        self._planned.extend(calls)
        self._top_up()

    def reset(self, macros_json: str) -> None:
        self._call(("reset", macros_json))
        self._since_reset = _after(self._since_reset, ("reset", macros_json))

    def render(self, tex: str, display: bool) -> str:
        out = str(self._call(("render", tex, display))["out"])
        self._since_reset = _after(self._since_reset, ("render", tex, display))
        return out

    def _top_up(self) -> None:
        """Keep WINDOW foreseen calls in flight."""
        if len(self._ahead) < self.WINDOW // 2 and self._planned:
            calls = [self._planned.popleft()
                     for _ in range(min(self.WINDOW - len(self._ahead), len(self._planned)))]
            if self.worker.send_ahead([_request(c) for c in calls], self._ahead_to[1]) < 0:
                self._planned.clear()  # the worker stopped: what it was sent is lost
                return
            self._ahead.extend(calls)

    def _take(self) -> dict[str, Any]:
        self._ahead.popleft()
        try:
            return self.worker.take_ahead(self.TIMEOUT)
        finally:
            self._top_up()

    def _call(self, call: Call) -> dict[str, Any]:
        if not self._pending():
            return self.worker.ask(_request(call), self.TIMEOUT)
        self._top_up()
        skipped = self._foreseen_at(call)
        if skipped is not None:
            stopped = False
            for _ in range(skipped):  # foreseen, never asked for: their replies are unused
                try:
                    self._take()
                except MathError:  # its error, or the worker stopped on it (started again)
                    stopped = self.worker.start() != self._ahead_to[1]
            if not stopped:
                return self._take()
            # The worker stopped on a call this process never made, and took this one's reply
            # and the macros with it: this call is made in a new worker, below, as alone.
            self._pending()  # (what was sent to the stopped worker is forgotten)
        elif (not _changes_state(call) and self._since_reset is not None
                and self._state_after_ahead() == self._since_reset):
            # A call nobody foresaw that leaves the macros as they are (a formula in a tag's
            # body, one retried in red), in the state it would have alone once the worker has
            # done the calls in flight: asked after them, whose replies wait to be taken.
            return self.worker.ask(_request(call), self.TIMEOUT)
        # Any other call nobody foresaw: the replies in flight were drawn in a state that is
        # not this one. They are dropped; the worker's state is made again from the calls
        # really made since the reset; this call is made; the rest is sent again.
        self._planned.extendleft(reversed(self._ahead))
        self._ahead.clear()
        self.worker.drop_ahead(self.TIMEOUT)
        if call[0] != "reset" and self._since_reset is not None:
            macros_json, definitions = self._since_reset
            self.worker.ask(_request(("reset", macros_json)), self.TIMEOUT)
            for tex, display in definitions:
                self.worker.ask(_request(("render", tex, display)), self.TIMEOUT)
        reply = self.worker.ask(_request(call), self.TIMEOUT)
        self._top_up()
        return reply

    def _foreseen_at(self, call: Call) -> int | None:
        """Where `call` is among the calls in flight, when those before it may go unused:
        any before a reset (a document's calls the renderer did not make, before the next
        document's); before another call, only ones that leave the macros as they are."""
        for at, ahead in enumerate(self._ahead):
            if ahead == call:
                return at
            if call[0] != "reset" and _changes_state(ahead):
                return None
        return None

    def _state_after_ahead(self) -> MacroState | None:
        """The worker's macros once it has done the calls in flight (as `_since_reset`)."""
        state = self._since_reset
        for call in self._ahead:
            state = _after(state, call)
        return state

    def _pending(self) -> bool:
        """Foreseen calls are left, for this process's running worker."""
        if (self._ahead or self._planned) and self._ahead_to != (os.getpid(), self.worker.epoch):
            self._ahead.clear()  # a forked child's copy, or a worker restarted since
            self._planned.clear()
        return bool(self._ahead or self._planned)


def _changes_state(call: Call) -> bool:
    return call[0] == "reset" or bool(DEFINES_MACROS.search(call[1]))


def _after(state: MacroState | None, call: Call) -> MacroState | None:
    """The worker's macros after `call`, from `state` (None: not known since no reset)."""
    if call[0] == "reset":
        return (call[1], [])
    if state is not None and _changes_state(call):
        return (state[0], [*state[1], (call[1], call[2])])
    return state


def _request(call: Call) -> dict[str, Any]:
    if call[0] == "reset":
        return {"op": "katex-reset", "macros": call[1]}
    return {"op": "katex", "tex": call[1], "display": call[2]}


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

    def send_ahead(self, calls: list[Call], queue: bool = False) -> None:
        """The calls (("reset", macros) / ("render", tex, display)) the renderer expects to
        make, sent to the Node worker now (nothing happens without one). With `queue`, after
        those foreseen before (the next document's, parsed before this one is drawn)."""
        if isinstance(self._js, _InNode):
            self._js.send_ahead([("reset", json.dumps(call[1])) if call[0] == "reset"
                                 else ("render", call[1], call[2]) for call in calls], queue)

    def reset(self, macros: dict[str, str]) -> None:
        """Start a post: only the site's macros are defined."""
        self._js.reset(json.dumps(macros))

    def render(self, tex: str, display: bool) -> str:
        """HTML of one formula; `\\newcommand` of a KaTeX built-in (KaTeX predefines `\\R`)
        is retried as `\\renewcommand`, which is what the writer meant (katex_glue.js)."""
        out = self._js.render(tex, display)
        if out.startswith("!"):
            raise MathError(readable(out[1:]))
        return out


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
