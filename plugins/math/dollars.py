"""Where a `$…$` or `$$…$$` span ends, and whether it is math or money.

Real posts were written for MathJax, which takes any text between two dollars. Here:

- `$…$` with no space just inside the dollars is math (pandoc's rule), unless it is a price
  range (`$5-$10`: a digit after the closing dollar, and no letter or command opening the
  content) or a shell path whose closing dollar opens the next variable (`$HOME/bin:$PATH`,
  `${name} ${other}`); `$NP/P$` and `$Emacs$2333` are math, as MathJax drew them;
- `$ … $` with a space just inside is math only when the content is clearly TeX: a `\\command`
  or a control symbol (`\\ `, `\\,`), `^`, braces, a one-letter subscript (`y_t`, `x_{i}`, not
  `JAVA_HOME`), a letter applied to parentheses or brackets (`O(n)`, `E(X)`, `A[1:n]`), a pair
  of letters (`(i, j)`), one letter or two capitals
  alone, a sum, product or relation between digits (`3+0`, `4*256`), or between letters with no word (`e=17`,
  `A + B'`, `R - S`, `k/p`). So `$ \\delta^l $`, `$\\ h(x) $`, `$O(n) $`, `$ BC $` and `$ n $` are formulas,
  `$ 5 $`, "$5 and $ 6", "$ 5 = $ 6", "$ 2M - $ 3M" and "$HOME and $PATH" stay text;
- a dollar right after a digit ("5$") opens math only when the content is clearly TeX with no
  space just inside (`30~100$m^2$`), not "5$ and 6$";
- `$$…$$` inside a paragraph is always display math;
- a dollar after an odd number of backslashes is a dollar sign; so is one after any
  backslash where the blog's renderer read Markdown's escapes before MathJax read the page
  (`after_escapes`: marked, kramed, markdown-it without a math plugin, escapes.py): `\\\\$@`
  reached MathJax as `\\$@`, which its `processEscapes` shows as a dollar sign (prose about
  make's `$@`, `$<`);
- `loose` (a blog whose renderer took every pair, escapes.LOOSE_DOLLARS): any `$…$` with
  something inside is math, `$ 0 $` and `$ sum $` too.

One function serves the inline rule and the table-pipe guard, so both agree on every span.
"""

from __future__ import annotations

import re

_TEX = re.compile(r"\\(?:[A-Za-z]+|[ ,;:!|{}])|[\^{}]|_(?:[^A-Za-z]|[A-Za-z](?![A-Za-z0-9]))"
                  r"|[A-Za-z][(\[]|\(\s*[A-Za-z]\s*(?:,\s*[A-Za-z]\s*)+\)")
_LETTER = re.compile(r"\s*(?:[A-Za-z]|[A-Z]{2})\s*")
_ARITHMETIC = re.compile(r"\d\s*[=<>+*]\s*\d")
# A sum, difference or quotient needs a term after its sign: "$ 2M - $ 3M" is a range of
# prices. (Hexo's markdown-it-katex and pandoc leave every spaced `$ … $` as text; MathJax in
# the browser takes any, so `$ R - S $` and `$ k/p $` are kept for the blogs written for it.)
_RELATION = re.compile(r"[=<>]|[+/-](?=\s*\S)")
_WORD = re.compile(r"[^\W\d_]{3,}")  # three letters in a row, in any script
_COMMAND = re.compile(r"\\[A-Za-z]")
_SHELL = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Z_][A-Z0-9_]+[/:]")
_VARIABLE = re.compile(r"[A-Za-z_{]")  # what opens a shell variable after its `$`


def looks_like_tex(content: str) -> bool:
    """Clearly a formula though written with spaces: TeX syntax, one letter or two capitals
    (`$ n $`, `$ AB $`), a sum, product or relation between digits (`$ 3(1+2) $`, `$4*256 $`), or between letters
    with no word in it (`$ e=17 $`, `$ < X, Y > $`, `$ R - S $`, `$ k/p $`, not `$ 5 = $`, `$ 2M - $`
    or `$ 5/month $`)."""
    if _TEX.search(content) or _LETTER.fullmatch(content) or _ARITHMETIC.search(content):
        return True
    return (_RELATION.search(content) is not None and _WORD.search(content) is None
            and re.search("[A-Za-z]", content) is not None)


def escaped(src: str, pos: int) -> bool:
    """Is the character at `pos` escaped by an odd number of backslashes?"""
    count = 0
    while pos - count - 1 >= 0 and src[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _closing(src: str, start: int, marker: str, stop: int) -> int:
    """Index of the next unescaped `marker` at or after `start` (-1: none before `stop`)."""
    pos = start
    while (end := src.find(marker, pos, stop)) >= 0:
        if not escaped(src, end):
            return end
        pos = end + 1
    return -1


def dollar_span(src: str, start: int, stop: int | None = None, loose: bool = False,
                after_escapes: bool = False) -> tuple[int, bool] | None:
    """(end, is_display) of the math span opening with the `$` at `start`, `end` being just
    past its closing dollar(s); None when the dollar is text."""
    stop = len(src) if stop is None else stop
    if not src.startswith("$", start) or escaped(src, start) or (
            after_escapes and start > 0 and src[start - 1] == "\\"):
        return None
    after_digit = start > 0 and src[start - 1].isdigit()  # "5$": a price written backwards
    if src.startswith("$$", start) and not after_digit:
        end = _closing(src, start + 2, "$$", stop)
        if end < 0 or not src[start + 2:end].strip():
            return None
        return end + 2, True
    end = _closing(src, start + 1, "$", stop)
    content = src[start + 1:end]
    if end < 0 or not content.strip():
        return None
    if loose:
        return end + 1, False
    after = src[end + 1] if end + 1 < stop else ""
    if after.isdigit() and not (content[0].isalpha() or content[0] == "\\"):
        return None  # "$5-$10": the second dollar opens a price
    if _VARIABLE.match(after) and _SHELL.match(content) and not _COMMAND.search(content):
        return None  # $HOME/bin:$PATH, ${HOME}/x:${PATH}, ${name} ${other}
    spaced = content[0].isspace() or content[-1].isspace()
    if (after_digit and spaced) or ((spaced or after_digit) and not looks_like_tex(content)):
        return None
    return end + 1, False
