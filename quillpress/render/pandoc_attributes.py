"""pandoc's attributes (`{#fig-7.1 .wide width=600}`), read as pandoc reads them, on pandoc blogs.

Authors of blogs rendered by hexo-renderer-pandoc give an image, a link or inline code an id,
classes and other attributes in braces right after it (`![Figure 2](f2.png){#fig-2 width=400}`),
and link to those ids (`[Figure 2](#fig-2)`); a heading takes them at its end
(`## Proof {#appendix-a}`). markdown-it reads no attributes: the braces showed
as text after the image and every such link led nowhere. The same syntax opens pandoc's fenced
divs (`fenced_divs.py`).

pandoc's grammar (its Markdown reader, checked against pandoc 2.17): inside the braces, items
separated by white space, each `#id`, `.class`, `key=value` (value bare, or in double or single
quotes) or `-` (the class `unnumbered`). An id, class or key starts with a letter, then letters,
digits and `-_:.`, so `#fig-7.1` is one id and `#337` makes the whole brace text. `id=` sets the
id, `class=` adds classes, a repeated id keeps the last. In HTML, a key that is no HTML attribute
is written `data-key`, as pandoc's HTML writer does.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from .rule_dispatch import starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline

_NAME = r"[^\W\d_][\w:.\-]*"
_ITEM = re.compile(rf"""\#(?P<id>{_NAME})
                      | \.(?P<cls>{_NAME})
                      | (?P<key>{_NAME})=(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>(?:[^'\\]|\\.)*)'
                                             |(?P<bare>[^\s}}]*))
                      | (?P<dash>-)(?=[\s}}])""", re.X)
_SPACE = re.compile(r"\s*")
_ESCAPE = re.compile(r"\\(.)")

# Keys HTML knows, which pandoc writes as they are; any other key becomes `data-key`.
_HTML_KEYS = frozenset((
    "width", "height", "style", "title", "lang", "dir", "hidden", "tabindex", "role", "alt",
    "align", "target", "rel", "download", "hreflang", "type", "loading", "srcset", "sizes",
    "name", "value", "start", "reversed", "colspan", "rowspan", "span", "cite", "datetime"))


def parse_attributes(text: str, pos: int) -> tuple[list[tuple[str, str]], int] | None:
    """The attributes in braces starting at `text[pos]` (`{`) as HTML attributes in pandoc's
    order (id, class, the others), and the position after the closing brace; None when the
    brace text is not pandoc attributes (pandoc then reads it as text)."""
    if not text.startswith("{", pos):
        return None
    ident: str | None = None
    classes: list[str] = []
    pairs: list[tuple[str, str]] = []
    pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    while not text.startswith("}", pos):
        item = _ITEM.match(text, pos)
        if item is None:
            return None
        if item["id"] is not None:
            ident = item["id"]
        elif item["cls"] is not None:
            classes.append(item["cls"])
        elif item["dash"] is not None:
            classes.append("unnumbered")
        else:
            quoted = item["dq"] if item["dq"] is not None else item["sq"]
            value = _ESCAPE.sub(r"\1", quoted) if quoted is not None else item["bare"]
            key = item["key"]
            if key == "id":
                ident = value
            elif key == "class":
                classes.extend(value.split())
            else:
                pairs.append((key, value))
        after = _SPACE.match(text, item.end()).end()  # type: ignore[union-attr]
        if after == item.end() and not text.startswith("}", after):
            return None  # two items with no space between
        pos = after
    attrs = [("id", ident)] if ident is not None else []
    if classes:
        attrs.append(("class", " ".join(classes)))
    attrs += [(key if key in _HTML_KEYS or key.startswith(("data-", "aria-")) else f"data-{key}",
               value) for key, value in pairs]
    return attrs, pos + 1


# The tokens attributes may follow, and the token they go to: an image and inline code are
# one token each, a link's attributes go to its opening token.
_AFTER = ("image", "code_inline", "link_close")

# An image's size as pandoc reads it: digits, then a unit it knows (none is pixels)
_SIZE = re.compile(r"(?P<number>\d+(?:\.\d+)?)(?P<unit>cm|mm|inch|in|%|px|pt|pc|em|)")
_INCHES_PER = {"pt": 72, "pc": 6}


def _haskell_show(number: float) -> str:
    """A Double as Haskell's `show` writes it (pandoc's percent): `50.0`, `0.333`, `1.0e-2`."""
    if number == 0 or 0.1 <= number < 10**7:
        return repr(number)  # the same shortest digits, positional in this range
    _, digits, exponent = Decimal(repr(number)).normalize().as_tuple()
    shown = "".join(map(str, digits))
    assert isinstance(exponent, int)  # a finite number
    return f"{shown[0]}.{shown[1:] or '0'}e{exponent + len(shown) - 1}"


def _image_sizes(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """An image's `width` and `height` as pandoc's HTML writer gives them: in pixels
    (`600`, `600px`, `600.7`) the attribute, whole pixels; in another unit (`50%`, `12cm`,
    `18pt` as inches) one `style`, after the other attributes; unreadable (`auto`) left out.
    `width="50%"` would be 50 pixels to a browser, where pandoc's page showed half the column."""
    kept, styles = [], []
    for key, value in pairs:
        if key not in ("width", "height"):
            kept.append((key, value))
            continue
        size = _SIZE.fullmatch(value)
        if size is None:
            continue
        number, unit = float(size["number"]), size["unit"]
        if unit in ("", "px"):
            kept.append((key, str(int(number))))
            continue
        if unit in _INCHES_PER:
            number, unit = number / _INCHES_PER[unit], "in"
        shown = (_haskell_show(number) if unit == "%"
                 else f"{number:.5f}".rstrip("0").rstrip("."))
        styles.append(f"{key}:{shown}{'in' if unit == 'inch' else unit}")
    if styles and not any(key == "style" for key, _ in kept):
        # pandoc writes a second style beside the author's, which a browser ignores
        kept.append(("style", ";".join(styles)))
    return kept


@starts_with("{")
def inline_attributes(state: "StateInline", silent: bool) -> bool:
    """`{…}` right after an image, a link or inline code gives it those attributes (a space
    between and it is text, as in pandoc)."""
    if state.pending or not state.tokens or state.tokens[-1].type not in _AFTER:
        return False
    parsed = parse_attributes(state.src, state.pos)
    if parsed is None:
        return False
    attrs, end = parsed
    if not silent:
        target = len(state.tokens) - 1
        if state.tokens[target].type == "link_close":
            level = state.tokens[target].level
            while state.tokens[target].type != "link_open" or state.tokens[target].level != level:
                target -= 1
        token = state.tokens[target]
        if token.type == "image":
            attrs = _image_sizes(attrs)
        for name, value in attrs:
            old = token.attrGet("class") if name == "class" else None
            token.attrSet(name, f"{old} {value}" if old else value)
    state.pos = end
    return True


_TRAILING_BRACES = re.compile(r"\s*(\{[^{}\n]*\})\s*$")
# An ATX heading's closing hashes: pandoc drops a run of `#` ending the heading, spaced or
# not (`## C#` is "C"), and those before its braces (`## Title ## {#id}`); markdown-it drops
# only a spaced run ending the line, so the others were still in the text.
_CLOSING_HASHES = re.compile(r"[ \t]*(?<!\\)#+[ \t]*$")


def heading_attributes(state: "StateCore") -> None:
    """`## Heading {#custom .class}`: braces ending a heading give it those attributes, and
    leave its text (pandoc's header_attributes), with the closing hashes before them. The id
    then is the heading's, in place of the one made from its text (see
    markdown.heading_ids)."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        braces = _TRAILING_BRACES.search(inline.content)
        parsed = parse_attributes(inline.content, braces.start(1)) if braces else None
        if braces is not None and parsed is not None and parsed[1] == braces.end(1):
            inline.content = inline.content[:braces.start()]
            for name, value in parsed[0]:
                token.attrSet(name, value)
        if token.markup.startswith("#"):
            inline.content = _CLOSING_HASHES.sub("", inline.content)


def pandoc_attributes_plugin(md: "MarkdownIt") -> None:
    md.inline.ruler.push("qp_pandoc_attributes", inline_attributes)
    md.core.ruler.before("inline", "qp_pandoc_heading_attributes", heading_attributes)
