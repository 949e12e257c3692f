"""Build-time checks of JavaScript chart bodies in QuickJS (no Node needed).

The VM is made lazily and per process: bodies render in forked workers, and a QuickJS
context must never be shared across a fork. Bodies run with a time and memory limit and
without any I/O, so a runaway loop in a post stops after a fraction of a second.

`quickjs` (and the concurrent.futures it imports, ~4 ms) is imported at the first body
checked, in the process that renders it: a small build's main process, which renders only
the posts with formulas while its worker renders the others, never loads it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import quickjs

TIME_LIMIT_S = 0.5
MEMORY_LIMIT = 128 * 1024 * 1024
_LINE = re.compile(r"<input>:(\d+)")
_state: dict[str, Any] = {"pid": None, "context": None}


@dataclass
class JsError:
    message: str  # first line of QuickJS's message, e.g. "SyntaxError: expecting ']'"
    line: int | None  # 1-based line in the evaluated source


def _context() -> quickjs.Context:
    if _state["pid"] != os.getpid():
        import quickjs

        context = quickjs.Context()
        context.set_memory_limit(MEMORY_LIMIT)
        context.set_time_limit(TIME_LIMIT_S)
        _state.update(pid=os.getpid(), context=context)
    return _state["context"]


def _error(exc: Exception) -> JsError:
    text = str(exc).strip()
    match = _LINE.search(text)
    return JsError(text.splitlines()[0] if text else repr(exc), int(match.group(1)) if match else None)


def compile_error(source: str) -> JsError | None:
    """Compile `source` (a function expression) without running it: None when it is valid."""
    import quickjs

    try:
        _context().eval(f"void ({source}\n)")
    except quickjs.JSException as exc:
        return _error(exc)
    return None


def run_factory(source: str) -> tuple[Any, JsError | None]:
    """Call a chart factory `function (echarts, myChart) {...}` and return its option as
    data (functions dropped). Bodies that need the browser's `echarts` fail here, which is
    fine: the result only feeds the accessible label and the fallback table."""
    import quickjs

    try:
        text = _context().eval(f"JSON.stringify(({source}\n)(undefined, undefined)) || 'null'")
    except quickjs.JSException as exc:
        return None, _error(exc)
    try:
        return json.loads(text), None
    except (TypeError, ValueError):
        return None, None
