"""An undefined command, shown the way the blog's MathJax showed it: in red, the rest drawn.

MathJax 2 and 3, as Hexo themes loaded them, include the noUndefined extension: a command
they do not know (`\\part`, a typo like `\\exits`, a `\\(` left in a formula) is printed as its
name in red and the
formula around it is still drawn. KaTeX and QuillPress's MathJax 4 refuse the whole formula.
On a blog whose readers had MathJax in the browser, the name is replaced by the same red text
and the formula is drawn again.
"""

from __future__ import annotations

import re

_UNDEFINED = re.compile(r"Undefined control sequence:? (\\[A-Za-z]+|\\[^A-Za-z\s])")
_OWN = ("\\color", "\\text", "\\backslash")  # what the red name is written with


def undefined_command(messages: list[str]) -> str | None:
    """The command an engine's message says is undefined, if that was the failure."""
    for message in messages:
        match = _UNDEFINED.search(message)
        if match is not None and match.group(1) not in _OWN:
            return match.group(1)
    return None


def in_red(tex: str, command: str) -> str:
    """The formula with each use of `command` replaced by its name as red text."""
    shown = f"{{\\color{{red}}\\backslash\\text{{{command[1:]}}}}}"
    word = command[1:].isalpha()  # `\\part` must not match `\\partial`; `\\(` is one symbol
    return re.sub(re.escape(command) + ("(?![A-Za-z])" if word else ""), lambda _: shown, tex)
