"""An undefined command, shown the way the blog's MathJax showed it: in red, the rest drawn.

MathJax 2 and 3, as Hexo themes loaded them, include the noUndefined extension: a command
they do not know (`\\part`, a typo like `\\exits`) is printed as its name in red and the
formula around it is still drawn. KaTeX and QuillPress's MathJax 4 refuse the whole formula.
On a blog whose readers had MathJax in the browser, the name is replaced by the same red text
and the formula is drawn again.
"""

from __future__ import annotations

import re

_UNDEFINED = re.compile(r"Undefined control sequence:? (\\[A-Za-z]+)")


def undefined_command(messages: list[str]) -> str | None:
    """The command an engine's message says is undefined, if that was the failure."""
    for message in messages:
        match = _UNDEFINED.search(message)
        if match is not None:
            return match.group(1)
    return None


def in_red(tex: str, command: str) -> str:
    """The formula with each use of `command` replaced by its name as red text."""
    shown = f"{{\\color{{red}}\\text{{\\textbackslash{{}}{command[1:]}}}}}"
    return re.sub(re.escape(command) + r"(?![A-Za-z])", lambda _: shown, tex)
