"""`_` and `^` inside `\\text{…}`, shown as MathJax 2 showed them: as the characters.

MathJax 2, which most Hexo themes loaded, sets the argument of `\\text`, `\\mbox`, `\\textrm`,
… as plain text, so `\\text{learning_rate}` reads "learning_rate". KaTeX and MathJax 3/4 (with
textmacros) refuse a `_` or `^` in text mode. Writers relied on MathJax 2, so before a formula
reaches an engine those characters are escaped (`\\_`, `\\textasciicircum{}`), except inside
math nested in the text (`\\text{if $x_1>0$}`), where they are still scripts.
"""

from __future__ import annotations

import re

_TEXT = re.compile(r"\\(?:text(?:rm|it|bf|sf|tt|normal|up)?|mbox)\s*\{")
_LITERAL = {"_": "\\_", "^": "\\textasciicircum{}"}


def literal_scripts(tex: str) -> str:
    """The formula with every `_`/`^` in a text-mode argument escaped."""
    if ("_" not in tex and "^" not in tex) or "\\" not in tex:
        return tex
    out: list[str] = []
    pos = 0
    while (match := _TEXT.search(tex, pos)) is not None:
        out.append(tex[pos:match.end()])
        pos = _text_argument(tex, match.end(), out)
    out.append(tex[pos:])
    return "".join(out)


def _text_argument(tex: str, pos: int, out: list[str]) -> int:
    """Copy one text argument (after its `{`) into `out`, escaping scripts outside nested
    math; return where it ended (after its `}`, or the end of an unbalanced formula)."""
    depth, in_math = 1, False
    while pos < len(tex):
        char = tex[pos]
        if char == "\\":
            out.append(tex[pos:pos + 2])
            pos += 2
            continue
        pos += 1
        if char == "$":
            in_math = not in_math
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                out.append(char)
                return pos
        elif char in _LITERAL and not in_math:
            char = _LITERAL[char]
        out.append(char)
    return pos
