"""Code blocks cut out of a body's HTML, for its summary (a description, a link preview).

One regular expression, a block's opening tag then the shortest run up to its closing tag,
reads a code block one character at a time and tries the closing tag again at each `<`, and
highlighted code has one at every token: on a real blog of 251 code-heavy posts (mythsman),
that cut took as long as the rest of the summary. Here the expression finds only each
block's opening tag; its closing tag is then found by `str.find`, which is what the shortest
run up to it is. The blocks cut are the expression's (`CODE_BLOCK`), and so is the text.
"""

from __future__ import annotations

import re

CODE_BLOCK = re.compile(
    r"""<figure\b[^>]*class=["'][^"']*\b(?:highlight|code-block)\b.*?</figure>|<pre\b.*?</pre>""",
    re.S)
# CODE_BLOCK's two branches without their `.*?<close>` tails: the same opening tags, found
# at the same places (the same greedy first match a branch starts with).
_OPENING = re.compile(
    r"""<figure\b[^>]*class=["'][^"']*\b(?:highlight|code-block)\b|<pre\b""", re.S)


def without_code_blocks(fragment: str, instead: str = " ") -> str:
    """`CODE_BLOCK.sub(instead, fragment)`."""
    pieces: list[str] = []
    kept = at = 0  # the end of the last block cut; where to look for the next
    while (opening := _OPENING.search(fragment, at)) is not None:
        start = opening.start()
        close = "</pre>" if opening.group().startswith("<pre") else "</figure>"
        found = fragment.find(close, opening.end())
        if found >= 0:
            end = found + len(close)
        else:  # no closing tag after it: the expression may still match by a shorter head
            block = CODE_BLOCK.match(fragment, start)
            if block is None:
                at = start + 1
                continue
            end = block.end()
        pieces += (fragment[kept:start], instead)
        kept = at = end
    pieces.append(fragment[kept:])
    return "".join(pieces)
