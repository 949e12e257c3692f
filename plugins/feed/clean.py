"""Post HTML made fit for feed readers, which run no JavaScript and load no site CSS.

- `<script>`, `<style>` and `<template>` are dropped (readers strip them anyway, some badly);
- KaTeX's visual copy of a formula (`span.katex-html`) is dropped: without KaTeX's CSS it
  reads as a jumble of letters, while the MathML beside it (`span.katex-mathml`) renders in
  readers that know MathML and carries the TeX source as an annotation for those that don't;
- a chart's empty drawing box (`div.qp-chart-canvas`) is dropped: the data table the charts
  plugin writes beside it stays, so the reader sees the numbers;
- links and images point at absolute URLs, since a feed is read away from the site;
- post_link markers become links to the posts they name.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Sequence
from html.parser import HTMLParser

from quillpress.plugin_api import LINK_MARKER, PostLink, joined_url

DROPPED_TAGS = {"script", "style", "template", "noscript"}
DROPPED_CLASSES = {"katex-html", "qp-chart-canvas"}
URL_ATTRIBUTES = {"href", "src", "poster"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}

# A formula's KaTeX half and its MathML are thousands of tags, so the fragment is not parsed
# tag by tag: `_PLAIN` passes over text and markup that stays as it is (lower-case end tags,
# start tags without a URL attribute or a dropped class) in one step, and only what is left
# (`_MARKUP`, found the way html.parser finds it) is looked at here.
_ATTRS = r"""(?:[^'">]++|"[^"]*+"|'[^']*+')*+"""  # possessive: no backtracking to try
_NAME = r"[a-zA-Z][^\t\n\r\f />\x00]*"
# The sets are joined sorted: the same pattern text in every run, which the pattern table
# (quillpress/pattern_cache.py) then keeps instead of parsing it again each time (~6 ms).
_WATCHED = "|".join([*(f"(?i:{name})" for name in sorted(URL_ATTRIBUTES)),
                     *map(re.escape, sorted(DROPPED_CLASSES))])
# Where a watched word may start: a URL attribute's first letter in either case, a dropped
# class's as written, and any non-ASCII character (IGNORECASE takes `ſ` for an `s`). Only
# there is the look-ahead tried; the rest of a start tag passes in runs. Made from the two
# sets, so that a word added to either is watched.
_FIRST = "".join(sorted({name[0] for name in DROPPED_CLASSES}
                        | {case for name in URL_ATTRIBUTES for case in (name[0], name[0].upper())})
                 ) + "\x80-\U0010ffff"
_CHECKED = rf"(?!{_WATCHED})[{_FIRST}]"
_PLAIN = re.compile(rf"""(?:
    [^<]++
  | <(?![a-zA-Z/!?])                                      # a "<" that starts no markup
  | </[a-z][^\t\n\r\f />\x00A-Z]*>                          # an end tag, as it would be written
  | <(?!(?i:{"|".join(sorted(DROPPED_TAGS))})[\t\n\r\f />])  # a start tag kept as it is
    {_NAME}(?:[^'">{_FIRST}]++|{_CHECKED}|"(?:[^"{_FIRST}]++|{_CHECKED})*+"|'(?:[^'{_FIRST}]++|{_CHECKED})*+')*+>
)*+""", re.X)
_MARKUP = re.compile(rf"""<(?:
    !--.*?--                                              # a comment (dropped)
  | /(?![a-zA-Z])[^>]*                                    # "</>", "</{...}": a comment too
  | !\[.*?\]\]                                             # a marked section: <![CDATA[ ... ]]>
  | [!?][^>]*                                             # a declaration or instruction (dropped)
  | /(?P<end>{_NAME})[^>]*                                # an end tag
  | (?P<start>{_NAME})(?P<attrs>{_ATTRS})                 # a start tag
)>""", re.S | re.X)


Attributes = tuple[tuple[str, "str | None"], ...]


class _Attributes(HTMLParser):
    """Parses one start tag's attributes as html.parser does (names lower-cased, values
    unescaped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = attrs

    handle_startendtag = handle_starttag


@functools.lru_cache(maxsize=1024)
def _attributes(tag_text: str) -> Attributes:
    """One start tag's attributes. Remembered: the tags the cleaner must read repeat, above
    all KaTeX's `<span class="katex-html" aria-hidden="true">`, once per formula (5,543 in
    one blog's feed, each read again by html.parser)."""
    parser = _Attributes()
    parser.feed(tag_text)
    parser.close()
    return tuple(parser.attrs)


def _dropped(tag: str, attrs: Attributes) -> bool:
    if tag in DROPPED_TAGS:
        return True
    classes = next((value or "" for name, value in attrs if name == "class"), "").split()
    return any(name in DROPPED_CLASSES for name in classes)


def _rewritten(tag: str, attrs: Attributes, raw: str, base_url: str) -> str:
    """The start tag with its URL attributes made absolute against `base_url`."""
    parts = [f"<{tag}"]
    for name, value in attrs:
        if value is None:
            parts.append(f" {name}")
            continue
        if name in URL_ATTRIBUTES and not value.startswith("#"):
            value = joined_url(base_url, value)
        parts.append(f' {name}="{html.escape(value)}"')
    return "".join(parts) + (" />" if raw.endswith("/>") else ">")


# A subtree nested at most this deep is passed over by one match of `_subtree`'s pattern
# (KaTeX's visual half of a formula: 40 levels at most in a math-dense blog); a deeper one is
# walked tag by tag.
NESTING = 48


def _tag_pattern(tag: str, closing: bool) -> str:
    """`<tag …>` (or `</tag …>`) as `_end_of` counts it: any case, attributes passed over
    whole; `(?<!/)>`: a self-closed `<tag/>` is none."""
    return rf"<{'/' if closing else ''}(?i:{re.escape(tag)})(?=[\t\n\r\f />]){_ATTRS}(?<!/)>"


@functools.lru_cache(maxsize=16)
def _subtree(tag: str) -> re.Pattern[str]:
    """The rest of a `<tag>` element and its end tag, in one match of a pattern that spells
    out NESTING levels of `<tag>` inside it. It takes every `<` as the walk in `_end_of` does
    (a `<tag>` or `</tag>` whole, any other `<` alone, text between), so where it matches it
    ends where the walk would; it fails, and leaves the element to the walk, at a `<!` (a
    comment, whose end the walk looks for), at a `<tag` or `</tag` the walk would not count,
    or deeper nesting. KaTeX's spans, 5,543 subtrees in one blog's feed, were a third of its
    cleaning walked one match at a time in Python."""
    opening, closing = _tag_pattern(tag, False), _tag_pattern(tag, True)
    other = rf"<(?!!|/?(?i:{re.escape(tag)})[\t\n\r\f />])"
    level = "(?!)"  # nothing: deeper than NESTING
    for _ in range(NESTING):
        level = rf"{opening}(?:[^<]++|{other}|{level})*+{closing}"
    return re.compile(rf"(?:[^<]++|{other}|{level})*+{closing}")


def _end_of(fragment: str, tag: str, pos: int) -> int:
    """Where the element `<tag>` whose start tag ends at `pos` ends (after its end tag, or
    the fragment's end when it is never closed). Nested elements of the same name count;
    the content of `script` and `style` is text, as in a browser."""
    if tag in ("script", "style"):
        found = re.compile(rf"</{tag}\s*>", re.I).search(fragment, pos)
        return found.end() if found else len(fragment)
    whole = _subtree(tag).match(fragment, pos)
    if whole is not None:
        return whole.end()
    depth = 1
    # comments are passed over
    same = re.compile(rf"<(?:(!--.*?-->)|(/?)(?i:{re.escape(tag)})(?=[\t\n\r\f />]){_ATTRS}(?<!/)>)", re.S)
    for found in same.finditer(fragment, pos):
        if found[1]:
            continue
        depth += -1 if found[2] else 1
        if not depth:
            return found.end()
    return len(fragment)


def resolve_post_links(fragment: str, find_url: Callable[[str], "tuple[str, str] | None"]) -> str:
    """Replace post_link/post_path markers: `find_url(slug)` gives (absolute URL, title)."""
    def replace(match: re.Match[str]) -> str:
        link = PostLink.parse(match.group(1))
        what, slug, label = link.what, link.slug, link.label
        found = find_url(slug)
        if found is None:
            return label or html.escape(slug) if what == "link" else "#"
        url, title = found
        if what == "path":
            return html.escape(url)
        return f'<a href="{html.escape(url)}">{label or html.escape(title)}</a>'
    return LINK_MARKER.sub(replace, fragment)


@functools.lru_cache(maxsize=512)
def feed_html(fragment: str, base_url: str) -> str:
    """The fragment cleaned for a feed (see the module docstring); `base_url` is the
    absolute URL of the post, against which relative links are resolved. Remembered:
    every build (a warm one too) makes the feed again, mostly from unchanged posts."""
    return feed_html_with(fragment, base_url, ())


def feed_html_with(fragment: str, base_url: str, formulas: Sequence[str]) -> str:
    """`feed_html(fragment, base_url)`, told the HTML of the formulas the fragment holds, in
    their order (the math plugin's, `ctx.data["formulas"]`): each KaTeX formula the walk
    reaches is cleaned as `_katex_form` says, without walking its visual half, four fifths
    of a math-dense post's markup (bench/README.md, "Body workers, stop 41")."""
    out: list[str] = []
    _walk(fragment, base_url, _Formulas(fragment, formulas, base_url), out)
    return "".join(out).strip()


def _walk(fragment: str, base_url: str, formulas: _Formulas | None, out: list[str]) -> None:
    """Append the fragment's cleaned pieces to `out`. Where the walk, passing plain markup,
    reaches the start of one of `formulas`, it takes that formula's form and goes on after
    it: what the walk does from a place depends only on what follows it there."""
    pos, end = 0, len(fragment)
    start, stop, form = formulas.next_from(0) if formulas else (end, end, "")
    while pos < end:
        if start < pos:  # passed over inside markup (a comment, a dropped element)
            assert formulas is not None
            start, stop, form = formulas.next_from(pos)
        run = _PLAIN.match(fragment, pos, start)
        plain = run.end() if run else pos  # (it always matches, at worst nothing)
        out.append(fragment[pos:plain])
        if plain == start < end:
            assert formulas is not None
            out.append(form)
            pos = stop
            start, stop, form = formulas.next_from(pos)
            continue
        found = _MARKUP.match(fragment, plain)
        if found is None:  # a "<" that starts nothing html.parser knows: text
            out.append(fragment[plain:plain + 1])
            pos = plain + 1
            continue
        pos = found.end()
        tag, raw = found["start"], found[0]
        if tag is None:  # comments, declarations and instructions carry nothing for a reader
            if found["end"]:
                out.append(f"</{found['end'].lower()}>")
            elif raw.startswith("<!["):
                out.append(raw)
            continue
        tag = tag.lower()
        attrs = _attributes(raw)
        if _dropped(tag, attrs):
            if tag not in _VOID and not found["attrs"].endswith("/"):  # not <tag/>
                pos = _end_of(fragment, tag, pos)
        elif any(name in URL_ATTRIBUTES for name, _ in attrs):
            out.append(_rewritten(tag, attrs, raw, base_url))
        else:
            out.append(raw)


# KaTeX's HTML of a formula: `<span class="katex">` (a display formula's inside `<span
# class="katex-display">`) holding its MathML, `<span class="katex-mathml">…</span>`, then its
# visual half, `<span class="katex-html" aria-hidden="true">…</span>`, which the feed drops.
KATEX_STARTS = ('<span class="katex">', '<span class="katex-display"><span class="katex">')
KATEX_HTML = '<span class="katex-html" aria-hidden="true">'
_END_SPAN = "</span>"
PROBE = 64  # characters of a formula's middle looked for (`_Formulas._find`)


def _katex_form(formula: str, base_url: str) -> str | None:
    """A KaTeX formula's feed form: its MathML part cleaned by the walk, then the end tags
    of the spans around it. The walk would meet `span.katex-html` there and drop it up to
    its end tag, which is the formula's last but one or two: KaTeX writes a tree, each
    element closed, its text and attribute values escaped (no `<` in them), so the spans
    inside the visual half close within it. A `<!` in the MathML part (which KaTeX never
    writes) would make the walk look for its end past the formula: no form. None for
    anything not so made (MathJax's SVG, an error box)."""
    depth = next((depth for depth, start in enumerate(KATEX_STARTS, 1)
                  if formula.startswith(start)), 0)
    cut = formula.find(KATEX_HTML)
    if not depth or cut < 0 or not formula.endswith(_END_SPAN * (depth + 1)):
        return None
    head = formula[:cut]
    if "<!" in head:
        return None
    out: list[str] = []
    _walk(head, base_url, None, out)
    return "".join(out) + _END_SPAN * depth


class _Formulas:
    """The KaTeX formulas of a fragment, found in it in order, each with its feed form."""

    def __init__(self, fragment: str, formulas: Sequence[str], base_url: str) -> None:
        self.fragment, self.base_url = fragment, base_url
        self.left = iter([formula for formula in formulas if formula.startswith(KATEX_STARTS)])
        self.forms: dict[str, str | None] = {}  # a formula met again is not cleaned again

    def next_from(self, pos: int) -> tuple[int, int, str]:
        """The next formula found at or after `pos`: (start, end, form); (len, len, "")
        when there is none. One not found ends the search: those after it are passed by
        the walk."""
        end = len(self.fragment)
        for formula in self.left:
            start = self._find(formula, pos)
            if start < 0:
                break
            form = self.forms.get(formula, "")
            if form == "":
                form = self.forms[formula] = _katex_form(formula, self.base_url)
            if form is not None:
                return start, start + len(formula), form
        self.left = iter(())
        return end, end, ""

    def _find(self, formula: str, pos: int) -> int:
        """Where `formula` is first found at or after `pos`, or -1. Looked for by a piece
        of its middle, then compared whole: every KaTeX formula starts alike, and a search
        for the whole took five times as long."""
        middle = len(formula) // 2
        probe = formula[middle:middle + PROBE]
        at = pos + middle
        while (found := self.fragment.find(probe, at)) >= 0:
            if self.fragment.startswith(formula, found - middle):
                return found - middle
            at = found + 1
        return -1
