"""A formula KaTeX rejected that MathJax would reject too, known without starting MathJax.

MathJax's Node costs ~0.2 s of CPU to load, in each process that draws a formula KaTeX
rejected. BlitherBoom812 loaded it in both body workers for 16 such formulas (`\\-`, `\\=`, `\\+`,
a typo `\\ksi`, an `equation*` ended by `\\end{equation}`), all of which MathJax rejected too:
8 % of its build (bench/README.md, stop 40). From KaTeX's message and the names of every TeX
package the installed MathJax has (mathjax_names.py), these are certain:

- a command KaTeX names (undefined, text-mode only, or whose argument it could not read) that
  no MathJax package defines, in math or in text mode;
- one MathJax knows only in text mode (`\\=`, a macron in `\\text{…}`), met where MathJax reads
  math: outside every group and argument, in a formula without `&` (MathJax reads a `cases`
  cell after `&` as text, KaTeX as math). MathJax's other text arguments (`\\text`, `\\mbox`,
  `\\fbox`, `\\colorbox`, `\\tag`, …) are text for KaTeX as well;
- an environment no MathJax package has, or one ended by another's `\\end` (MathJax checks the
  names as KaTeX does).

The warning gives KaTeX's message, then what MathJax would have said ("Undefined control
sequence \\=", which noundefined.py's red name reads as before) and why it was not asked.
Where KaTeX's message is not that the command is undefined, MathJax must reach the command to
say so: every command before it is one MathJax knows.

KaTeX reached that point having parsed everything before it, so MathJax's state could differ
from KaTeX's only through a definition: a formula that defines a macro is always asked, and
so is one whose name or environment the site's macros, the post's definitions or a formula
MathJax was given in this post mention (a definition MathJax made and KaTeX did not).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .engine import DEFINES_MACROS
from .mathjax_names import MathJaxNames

# KaTeX's messages that name the command it failed on: one it does not know, one it knows in
# text mode only, or one whose argument it could not read (the position is then the argument's).
_CS = r"\\(?:[A-Za-z]+|[^A-Za-z])"
_COMMAND = re.compile(
    rf"(?:Undefined control sequence: (?P<undefined>{_CS})|Can't use function '(?P<text>{_CS})' in "
    rf"math mode|(?:Expected group|Got function '[^']*' with no arguments) as argument to "
    rf"'(?P<argument>{_CS})')(?: at position (?P<position>\d+):| at end of input:|\Z)")
_NO_ENVIRONMENT = re.compile(r"No such environment: (.+?)(?: at position \d+:|$)", re.M)
_MISMATCH = re.compile(r"Mismatch: \\begin\{([^{}]*)\} matched by \\end\{([^{}]*)\}")
_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|%[^\n]*|\s+|.", re.S)


def why_rejected(tex: str, katex: str, names: MathJaxNames, context: str) -> str | None:
    """Why MathJax would reject `tex` as KaTeX did (KaTeX's message `katex`), in words for the
    warning, after "mathjax (not asked): "; None when MathJax might draw it. `context`: the
    site's macros, the post's definitions and the formulas MathJax was given in this post."""
    if DEFINES_MACROS.search(tex):
        return None
    if (failed := _COMMAND.match(katex)) is not None:
        command, position = next(cs for cs in failed.group(1, 2, 3) if cs), failed["position"]
        name = command[1:]
        if name in names.math or _mentions(context, name):
            return None
        use = None if position is None else _use(tex, _index(tex, int(position) - 1), command, names)
        # The warning (and noundefined.py's red name) quotes MathJax's message. KaTeX's says the
        # same when it found the command undefined too; otherwise MathJax must reach the command
        # to say so: every command before it is one MathJax knows.
        if failed["undefined"] is None and (use is None or not use.known_before):
            return None
        if name not in names.text:
            return f"Undefined control sequence {command} (none of its packages has it)"
        if use is not None and use.as_math:
            return f"Undefined control sequence {command} (it is text-mode only, here in math)"
        return None
    if (missing := _NO_ENVIRONMENT.match(katex)) is not None:
        environment = missing.group(1)
        if environment in names.environments or environment in context:
            return None
        return f"none of its packages has the environment {environment}"
    if (mismatch := _MISMATCH.match(katex)) is not None:
        begin, end = mismatch.groups()
        if begin in context or end in context:
            return None
        return f"\\begin{{{begin}}} ended with \\end{{{end}}}"
    return None


def _mentions(text: str, name: str) -> bool:
    """Whether `text` holds the control sequence `\\name`."""
    return re.search(re.escape("\\" + name) + ("(?![A-Za-z])" if name.isalpha() else ""),
                     text) is not None


def _index(tex: str, units: int) -> int:
    """The index in `tex` of KaTeX's position, which counts UTF-16 code units (JavaScript's)."""
    index = 0
    while units > 0 and index < len(tex):
        units -= 2 if ord(tex[index]) > 0xFFFF else 1
        index += 1
    return index


class _Use(NamedTuple):
    as_math: bool  # MathJax reads it in math mode
    known_before: bool  # MathJax knows every command before it, in math mode


def _use(tex: str, until: int, command: str, names: MathJaxNames) -> _Use | None:
    """How MathJax reads `command` where KaTeX failed on it: its last use starting at or before
    `until` (KaTeX's position, 0-based). In math mode when it stands outside every group and is
    not an argument, in a formula without `&`. None when `tex` has no such use."""
    depth, before = 0, ""  # the token before, spaces and comments passed over
    known = True
    found: _Use | None = None
    for token in _TOKEN.finditer(tex):
        text = token.group()
        if token.start() > until:
            break
        if text.isspace() or text.startswith("%"):
            continue
        if text == command:
            found = _Use(depth == 0 and not before.startswith("\\") and "&" not in tex
                         and (before not in ("}", "]") or _no_text_arguments(tex, names)), known)
        if text.startswith("\\"):
            known = known and text[1:] in names.math
        depth += (text == "{") - (text == "}")
        before = text
    return found


def _no_text_arguments(tex: str, names: MathJaxNames) -> bool:
    """Whether no command of `tex` reads an argument as text: none is one of MathJax's that
    do, nor a macro of the writer's (which might). After a `}` or `]`, a command may stand as
    a further argument of the command that took those."""
    return all(word[1:] in names.math and word[1:] not in names.text_arguments
               for word in _TOKEN.findall(tex) if word[1:].isalpha() and word[0] == "\\")
