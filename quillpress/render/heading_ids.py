"""Heading ids as the blog's Hexo renderer made them, so links to a section keep working.

Readers, other sites and the blog's own posts link to sections by the id Hexo gave the heading
(`/2020/04/03/post/#1-1-Scope`). Each Hexo renderer makes that id its own way:

- marked and kramed: hexo-util's `slugize` of the heading's HTML without its tags, case kept
  (`1.1 Scope` → `1-1-Scope`; `&` is still `&amp;` there, so `Read & Write` → `Read-amp-Write`);
  a repeated id gets `-1`, `-2`…;
- markdown-it: `slugize` of the heading's text, case kept unless `markdown.anchors.case` says
  otherwise; a repeated id gets `-2`, `-3`… (after `markdown.anchors.collisionSuffix`);
- markdown-it-plus: QuillPress's own slug (lower case, punctuation dropped), repeats from `-2`;
- pandoc: pandoc's `auto_identifiers` (`## fixme1.py` → `fixme1.py`, `## 1 - RAID 0` →
  `raid-0`), repeats from `-1`;
- blogs without Hexo: QuillPress's own slug, repeats from `-1`.

hexo-toc, where the blog installed it, then gives every heading of the rendered post a new id:
markdown-toc's slug of the heading's text (`Course Intro` → `course-intro`), whatever the
renderer made. Authors of such blogs link to those ids (a table of contents written by an
editor plugin in GitHub's style); hexo-toc leaves repeats alike, QuillPress numbers them as
marked does so that each link lands on one heading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markdown_it.token import Token

# hexo-util's slugize: control characters go, each run of these becomes one separator.
_CONTROL = re.compile(r"[\u0000-\u001f]")
_SPECIAL = re.compile(r"""[\s~`!@#$%^&*()\-_+=\[\]{}|\\;:"'<>,.?/]+""")
_TAG = re.compile(r"<[^>]*>")
_MARKED_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                 "'": "&#39;"})


# A heading's characters for its id: letters, digits (\w, which is also `_`) and `-` kept,
# spaces made `-` (one for each run with `-`), the rest dropped. \w is exactly the characters
# of a letter or number category and \s the separators and other spaces, for every code
# point (tests/test_core_markdown.py checks them all): the two patterns do in C what a loop
# asking each character's category did in Python.
_DROPPED = re.compile(r"[^\w\s-]")
_DASHES = re.compile(r"[\s-]+")


def heading_slug(text: str) -> str:
    """QuillPress's id for a heading, keeping CJK and other letters: `数据 & Models` →
    `数据-models`."""
    text = unicodedata.normalize("NFC", text.strip().lower())
    return _DASHES.sub("-", _DROPPED.sub("", text)).strip("-") or "section"


def hexo_slugize(text: str, separator: str = "-", case: int = 0) -> str:
    """hexo-util's `slugize`: accents dropped, each run of spaces and ASCII punctuation one
    separator, none at either end; case 1 lowers it, 2 raises it."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    sep = re.escape(separator)
    slug = _SPECIAL.sub(separator, _CONTROL.sub("", plain))
    slug = re.sub(f"^{sep}+|{sep}+$", "", re.sub(f"(?:{sep}){{2,}}", separator, slug))
    return slug.lower() if case == 1 else slug.upper() if case == 2 else slug


def pandoc_identifier(text: str) -> str:
    """pandoc's `auto_identifiers`, its Markdown reader's default (checked against pandoc
    2.17): lower case; every character but letters, numbers, `_`, `-`, `.` and white space
    dropped; the words left joined by one `-` each; everything before the first letter
    dropped (`1 - RAID 0` → `raid-0`, `Hello - World` → `hello---world`)."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in "_-." or c.isspace())
    joined = "-".join(kept.split())
    first_letter = next((n for n, c in enumerate(joined) if c.isalpha()), len(joined))
    return joined[first_letter:]


# pandoc's `smart` extension (on by default) makes these dashes and the ellipsis of text, which
# an identifier then drops; code keeps them.
_SMART = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))


def _smart(text: str) -> str:
    for written, punctuation in _SMART:
        text = text.replace(written, punctuation)
    return text


def _pandoc_text(children: list[Token]) -> str:
    """The heading's text as pandoc's `stringify` gives it: text (with pandoc's smart
    dashes), code and math as written, an image's description; no raw HTML, no inline note.
    A `[^label]` footnote mark gives its label: pandoc 2.17 names the heading before it has
    read the notes, so `## Intro[^note]` is `intronote` on the blog's Hexo site."""
    parts = []
    for child in children:
        if child.type in ("text", "text_special", "image"):
            parts.append(_smart(child.content))
        elif child.type == "code_inline" or child.type.startswith("math"):
            parts.append(child.content)
        elif child.type == "footnote_ref":
            parts.append(str(child.meta.get("label") or ""))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


_NOT_TOC_SLUG = re.compile(r"[^a-z0-9]")


def _toc_dash(match: re.Match[str]) -> str:
    return "--" if ord(match.group()) > 0xFFFF else "-"  # JavaScript's two UTF-16 units


def markdown_toc_slug(text: str) -> str:
    """markdown-toc's `slugify` (0.11, which every hexo-toc release uses): dots dropped, lower
    case, every character but `a-z` and `0-9` a `-` of its own (`1.2 Read & Write` →
    `12-read---write`; each CJK character is one `-`)."""
    return _NOT_TOC_SLUG.sub(_toc_dash, text.replace(".", "").lower())


def _element_text(children: list[Token]) -> str:
    """The heading's text as a browser (cheerio, for hexo-toc) reads it from the rendered
    HTML: text and code, entities decoded, raw tags and pictures left out, math as written
    (the blog's MathJax drew it later, in the browser)."""
    return "".join(f"{child.markup}{child.content}{child.markup}"
                   if child.type.startswith("math") else child.content for child in children
                   if child.type in ("text", "text_special", "code_inline")
                   or child.type.startswith("math"))


def plain_text(children: list[Token]) -> str:
    """The heading's text as markdown-it sees it: text and code, no markup."""
    return "".join(child.content for child in children
                   if child.type in ("text", "text_special", "code_inline", "html_inline"))


def _marked_text(children: list[Token]) -> str:
    """The heading's HTML as marked and kramed wrote it, tags stripped (entities stay)."""
    parts = []
    for child in children:
        if child.type == "text_special" and child.info == "entity":
            parts.append(child.markup)  # marked leaves `&emsp;` as written
        elif child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content.translate(_MARKED_ESCAPES))
        elif child.type == "softbreak":
            parts.append("\n")
        elif child.type.startswith("math"):
            parts.append(f"{child.markup}{child.content}{child.markup}")  # text to marked
    return _TAG.sub("", "".join(parts))


@dataclass(frozen=True)
class AnchorScheme:
    """How one renderer names a heading and tells repeated names apart."""

    slug: Callable[[list[Token]], str]
    first_repeat: int  # the number the second heading of a name gets
    suffix: str = ""  # written between the separator and that number

    def unique(self, base: str, used: dict[str, int]) -> str:
        """The id for the next heading named `base`, recorded in `used`."""
        seen = used.get(base, 0)
        used[base] = seen + 1
        if not seen:
            return base
        number = seen - 1 + self.first_repeat
        anchor = f"{base}-{self.suffix}{number}"
        while anchor in used:  # a heading already took that name: skip to the next free one
            number += 1
            anchor = f"{base}-{self.suffix}{number}"
        used[anchor] = 1
        return anchor


def anchor_scheme(renderer: str | None, options: Any, hexo_toc: bool = False) -> AnchorScheme:
    """The scheme of the blog's Hexo renderer, or hexo-toc's where the blog installed it
    (`hexo_toc`); `options` is the `markdown` config section."""
    if hexo_toc:
        return AnchorScheme(lambda children: markdown_toc_slug(_element_text(children)), 1)
    own = AnchorScheme(lambda children: heading_slug(_TAG.sub("", plain_text(children))), 1)
    if renderer in ("hexo-renderer-marked", "hexo-renderer-kramed"):
        return AnchorScheme(lambda children: hexo_slugize(_marked_text(children)), 1)
    if renderer == "hexo-renderer-markdown-it":
        anchors = options.get("anchors") if isinstance(options, Mapping) else None
        anchors = anchors if isinstance(anchors, Mapping) else {}
        separator = str(anchors.get("separator") or "-")
        case = anchors.get("case")
        case = case if case in (0, 1, 2) else 0
        return AnchorScheme(lambda children: hexo_slugize(plain_text(children), separator, case),
                            2, str(anchors.get("collisionSuffix") or ""))
    if renderer in ("hexo-renderer-markdown-it-plus", "hexo-renderer-multi-markdown-it"):
        return AnchorScheme(own.slug, 2)  # both run markdown-it-toc-and-anchor 4
    if renderer == "hexo-renderer-pandoc":
        return AnchorScheme(lambda children: pandoc_identifier(_pandoc_text(children)), 1)
    return own
