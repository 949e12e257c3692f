"""markdown-it-abbr (1.0, the version hexo-renderer-markdown-it 7 ships), written again:
`*[HTML]: Hyper Text Markup Language` defines an abbreviation, and every `HTML` of the
document's text becomes `<abbr title="Hyper Text Markup Language">HTML</abbr>`.

- A definition is one line: `*[`, the label (no `[`; `\\]` escapes a bracket), `]:`, the
  title (not empty). It is taken out of the page, may interrupt a paragraph, and the first
  definition of a label wins.
- A label is replaced where it stands between boundaries: the text's start or end, white
  space, punctuation (Unicode's P and Z categories) or one of `` $+<=>^`|~ ``, in text only
  (not in code or raw HTML; inside a link's text too, as the plugin does). Where labels
  overlap at one position the longest is taken.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from markdown_it.token import Token

from .rule_dispatch import starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore

_ENV = "abbreviations"
_OTHER = frozenset(" \r\n$+<=>^`|~")


@starts_with("*")
def abbreviation_definition(state: "StateBlock", start: int, end: int, silent: bool) -> bool:
    pos, line_end = state.bMarks[start] + state.tShift[start], state.eMarks[start]
    src = state.src
    if pos + 2 >= line_end or not src.startswith("*[", pos):
        return False
    at = pos + 2
    while at < line_end and src[at] not in "[]":
        at += 2 if src[at] == "\\" else 1
    if at >= line_end or src[at] != "]" or not src.startswith(":", at + 1):
        return False
    label = re.sub(r"\\(.)", r"\1", src[pos + 2:at])
    title = src[at + 2:line_end].strip()
    if not label or not title:
        return False
    if silent:
        return True
    state.env.setdefault(_ENV, {}).setdefault(label, title)
    state.line = start + 1
    return True


def _boundary(char: str) -> bool:
    return char in _OTHER or unicodedata.category(char)[0] in "PZ"


def _split(text: str, labels: list[str], titles: dict[str, str]) -> list[tuple[str, str]] | None:
    """`text` as pieces (text, title): a title for each abbreviation found, "" between; None
    when there is none."""
    pieces: list[tuple[str, str]] = []
    candidates = re.compile("|".join(map(re.escape, labels)))
    pos = done = 0
    while (found := candidates.search(text, pos)) is not None:
        at = found.start()
        label = next((label for label in labels if text.startswith(label, at)
                      and (at + len(label) == len(text) or _boundary(text[at + len(label)]))),
                     None) if at == 0 or _boundary(text[at - 1]) else None
        if label is None:
            pos = at + 1
            continue
        if at > done:
            pieces.append((text[done:at], ""))
        pieces.append((label, titles[label]))
        pos = done = at + len(label)
    if not pieces:
        return None
    if done < len(text):
        pieces.append((text[done:], ""))
    return pieces


def replace_abbreviations(state: "StateCore") -> None:
    titles: dict[str, str] | None = state.env.get(_ENV)
    if not titles:
        return
    labels = sorted(titles, key=len, reverse=True)
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        for child in block.children:
            pieces = _split(child.content, labels, titles) if child.type == "text" else None
            if pieces is None:
                children.append(child)
                continue
            for text, title in pieces:
                if title:
                    children.append(Token("abbr_open", "abbr", 1, attrs={"title": title}))
                children.append(Token("text", "", 0, content=text))
                if title:
                    children.append(Token("abbr_close", "abbr", -1))
        block.children = children


def abbreviations_plugin(md: "MarkdownIt") -> None:
    md.block.ruler.before("reference", "abbr_def", abbreviation_definition,
                          {"alt": ["paragraph", "reference"]})
    md.core.ruler.after("linkify", "abbr_replace", replace_abbreviations)
