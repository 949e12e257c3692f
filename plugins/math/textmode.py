"""The argument of `\\text{…}`, read the way the blog's readers saw it drawn.

MathJax 2 and 3 (without its textmacros extension, which Hexo themes did not load) set the
argument of `\\text`, `\\mbox`, `\\textrm`, … as plain characters: only `$…$` and `\\(…\\)`
inside it are math again, and `\\$`, `\\{`, `\\}`, `\\\\` lose their backslash. So
`\\text{learning_rate}` reads "learning_rate", and a cheat sheet's `\\text{\\overset{a}{b}}`
shows its own source. KaTeX (and MathJax 4) refuse `_` and `^` in text mode and run commands
there, so before a formula reaches an engine its text arguments are rewritten:

- "scripts" (every blog): `_` and `^` become characters (`\\_`, `\\textasciicircum{}`);
- "mathjax" (a Hexo blog whose theme ran MathJax in the browser): also every other command,
  brace and special character is a character, as MathJax showed it.

Math nested in the text (`\\text{if $x_1>0$}`) is left as it is.
"""

from __future__ import annotations

import re

from .rewrites import rewrite

MODES = ("scripts", "mathjax")
_TEXT = rewrite("text_argument")  # `\text{`, or `\text\cmd` as the argument (rewrites.txt)
_SCRIPTS = {"_": "\\_", "^": "\\textasciicircum{}"}
_CHARACTERS = {**_SCRIPTS, "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}", "&": "\\&",
               "#": "\\#", "%": "\\%"}
_UNESCAPED = {"$": "\\$", "{": "\\{", "}": "\\}", "\\": "\\textbackslash{}"}
_REF = re.compile(r"\\(?:eq)?ref\s*\{[^{}]*\}")


def literal_text(tex: str, mode: str = "scripts") -> str:
    """The formula with every text-mode argument rewritten for `mode` (see MODES)."""
    if "\\" not in tex or (mode == "scripts" and "_" not in tex and "^" not in tex):
        return tex
    out: list[str] = []
    pos = 0
    while (match := _TEXT.search(tex, pos)) is not None:
        command = match.group(1)
        if command is None:
            out.append(tex[pos:match.end()])
            pos = _Argument(tex, match.end(), mode == "mathjax").copy(out)
        else:  # `\text\left`: the command alone is the argument
            out.append(tex[pos:match.start(1)])
            out.append(f"{{\\textbackslash{{}}{command[1:]}}}" if mode == "mathjax" else command)
            pos = match.end()
    out.append(tex[pos:])
    return "".join(out)


class _Argument:
    """One text argument, from just after its `{`."""

    def __init__(self, tex: str, pos: int, as_mathjax: bool) -> None:
        self.tex = tex
        self.pos = pos
        self.as_mathjax = as_mathjax
        self.characters = _CHARACTERS if as_mathjax else _SCRIPTS

    def copy(self, out: list[str]) -> int:
        """Append the rewritten argument and its `}` to `out`; return where it ended (the
        end of the formula when its braces do not close)."""
        tex, depth, math = self.tex, 0, ""  # math: the delimiter that closes nested math
        while self.pos < len(tex):
            char = tex[self.pos]
            if tex.startswith(("\\(", "\\)"), self.pos):
                opens = tex[self.pos + 1] == "("
                math = ("\\)" if opens and not math else "" if math == "\\)" and not opens
                        else math)
                out.append(tex[self.pos:self.pos + 2])
                self.pos += 2
                continue
            if char == "\\":
                out.append(self._command(math))
                continue
            self.pos += 1
            if char == "$" and math in ("", "$"):
                math = "" if math else "$"
            elif char == "{":
                depth += 1
            elif char == "}":
                if depth == 0:
                    out.append(char)
                    return self.pos
                depth -= 1
            out.append(char if math else self.characters.get(char, char))
        return self.pos

    def _command(self, math: str) -> str:
        """A backslash and what follows it, as the text shows it."""
        tex, start = self.tex, self.pos
        self.pos = start + 2
        if math or not self.as_mathjax:
            return tex[start:self.pos]
        ref = _REF.match(tex, start)
        if ref is not None:
            self.pos = ref.end()
            return ref.group(0)
        following = tex[start + 1:start + 2]
        if following in _UNESCAPED:
            return _UNESCAPED[following]
        return "\\textbackslash{}" + self.characters.get(following, following)
