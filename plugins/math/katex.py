"""KaTeX, run inside this Python process by the QuickJS VM from PyPI's `quickjs`.

No Node process per formula or per build: the VM loads `katex.min.js` from npm's
`node_modules` once per process, lazily, because the builder forks render workers and a VM
must never be shared across a fork. Output is byte-identical to KaTeX under Node.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from .engine import MathError

# The macros object lives in the VM for the whole post: with globalGroup, a \newcommand or
# \def in one formula is seen by the next, as in a LaTeX document.
_GLUE = r"""
var qpMacros = {};
function qpReset(json) { qpMacros = JSON.parse(json); }
function qpTrust(c) { return c.command === '\\href' && c.url.charAt(0) === '#'; }
function qpRender(tex, display) {
  try {
    return katex.renderToString(tex, {displayMode: display, output: 'htmlAndMathml',
      throwOnError: true, globalGroup: true, macros: qpMacros, trust: qpTrust,
      strict: 'ignore'});
  } catch (e) {
    return '!' + String(e && e.message || e);
  }
}
"""
_UNDERLINE = "\u0332"  # KaTeX marks the bad token by putting this after each of its characters
_AT_POSITION = re.compile(r"(.* at position \d+): (.*)", re.S)
_REDEFINE = re.compile(r"\\newcommand\{(\\[A-Za-z]+|\\.)\} attempting to redefine")
_MAX_RETRIES = 20


def find_katex(search: list[Path]) -> Path | None:
    """`node_modules/katex/dist` in the first of the given folders that has it."""
    for folder in search:
        dist = folder / "node_modules" / "katex" / "dist"
        if (dist / "katex.min.js").is_file() and (dist / "katex.min.css").is_file():
            return dist
    return None


class KatexEngine:
    """KaTeX in QuickJS, one VM per process."""

    name = "katex"

    def __init__(self, dist: Path) -> None:
        self.dist = dist
        package = json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))
        self.version = f"katex-{package['version']}"
        self._pid = -1
        self._vm: Any = None

    def _functions(self) -> Any:
        if self._pid != os.getpid():
            import quickjs  # imported here: a bare install without the wheel still builds
            context = quickjs.Context()
            context.eval((self.dist / "katex.min.js").read_text(encoding="utf-8"))
            context.eval(_GLUE)
            self._vm = (context, context.get("qpRender"), context.get("qpReset"))
            self._pid = os.getpid()
        return self._vm

    def reset(self, macros: dict[str, str]) -> None:
        """Start a post: only the site's macros are defined."""
        self._functions()[2](json.dumps(macros))

    def render(self, tex: str, display: bool) -> str:
        """HTML of one formula; `\\newcommand` of a KaTeX built-in (KaTeX predefines `\\R`)
        is retried as `\\renewcommand`, which is what the writer meant."""
        render = self._functions()[1]
        for _ in range(_MAX_RETRIES):
            out = render(tex, display)
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
