"""Inline forms that marked 4 (hexo-renderer-marked 6, Hexo's default renderer) reads
differently from CommonMark, for the blogs it rendered.

- **Strikethrough with one tilde.** marked's GFM rule strikes `~text~` as well as `~~text~~`:
  from a tilde followed by neither a space nor a tilde, to the nearest same tilde run preceded
  by neither and not followed by a tilde, across a line end or a backtick. So `1~2 天和 3~4 天`
  showed `2 天和 3` struck through, as the blog's readers saw it; `~/.ssh` alone is left as is.
  A tilde run that opens nothing is text.
- **A tilde in a link's text.** marked's label runs to its first `]`: a `~` in it and one in
  the address (`[https://a.example/~u/](https://a.example/~u/)`) strike nothing across it.
- **A backtick in a link's text.** marked accepts a backtick in `[...]` only as part of a whole
  code span; with an unmatched one, `[a`b](url)` is not a link (the URL alone is then linked,
  as any bare URL).
- **A bare URL's text as written.** marked shows a linked URL (`https://…`, `www.…`,
  `<https://…>`) as the writer typed it, `%20` and `%E4%B8%AD` included, its entities read;
  markdown-it decodes it for the text (`normalizeLinkText`), so a link read
  `Isogeny-based Cryptography.pdf` where the blog's readers saw
  `Isogeny-based%20Cryptography.pdf`. The address is the same. kramed shows them so too, and
  both write an image's alt text as written (as_written.py).
- **Which bare URLs are links.** marked links text only after `http://`, `https://`, `ftp://`
  or `www.` whose host starts with an ASCII letter, digit or hyphen, and e-mail addresses.
  linkify-it also links bare names with a known ending (`README.md`, `setup.py` became links
  to http://README.md), `//host/path`, and hosts in any script: `http://你的域名/x(`code`)`,
  a placeholder in a tutorial, was one link swallowing the code span after it. marked's text
  stops before those prefixes wherever they are, so `例如www.example.com` links
  `www.example.com`, where linkify-it, whose links start at a word's boundary, finds none or
  a host `例如www.example.com`. kramed (hexo-renderer-kramed) links only from `http://` or
  `https://`, in a word too: no `www.`, `ftp://` or e-mail address. Both stop only for
  these prefixes in lower case (`see HTTP://X.COM` is text); marked links `HTTP://` or `WWW.`
  where its text starts.
- **Which e-mail addresses are links.** marked links `name@host.ending` whatever the ending
  (`me@www.a.dev` is one mailto link), where linkify-it knows a list of endings: there
  `www.a.dev` alone was linked after the text `me@`.
- **Where a bare URL ends.** marked's URL runs to the next blank or `<`, then gives back
  trailing punctuation (`.,:;!?*_~)'"`), an unclosed `(` and what follows it, and an entity at
  the end. linkify-it stops at more: `例如www.example.com）后面` was linked to `com` (marked links it all),
  `http://a.com/x]y` to `x`, and `~~https://a.com/x~~` took the tildes into the link.

Found by the Hexo oracle (bench/hexo_diff) on a real marked blog.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from .as_written import as_written_plugin
from .rule_dispatch import starts_with

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

_DEL = re.compile(r"(~~?)(?=[^\s~])([\s\S]*?[^\s~])\1(?=[^~]|$)")
_TILDES = re.compile(r"~+")
_CODE_SPANS = re.compile(r"`[^`]*`")
_ESCAPES = re.compile(r"\\.")
# where marked's URL starts: its `url` rule's prefix, then the host's first character
_MARKED_URL = r"(?:(?:https?|ftp)://|www\.)[a-zA-Z0-9-]"
MARKED_URL_RUN = re.compile(_MARKED_URL + r"[^\s<]*", re.I)  # to a blank or `<`: the host is in it
# marked's text stops before every character of a run that ends in `@`; its e-mail rule then
# reads an address from the first of them it can, whatever its ending (`me@www.a.dev`, where
# linkify-it knows a list of endings): the leftmost match
_MARKED_EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[a-zA-Z0-9_-]+(?:\.[a-zA-Z0-9_-]*[a-zA-Z0-9])+(?![-_])")
_MARKED_BACKPEDAL = re.compile(r"""(?:[^?!.,:;*_'"~()&]+|\([^)]*\)|&(?![a-zA-Z0-9]+;$)"""
                               r"""|[?!.,:;*_'"~)]+(?!$))+""")


def marked_url_end(text: str, at: int) -> int:
    """Where marked's bare URL (`http://`, `https://`, `ftp://`, `www.`) starting at `at`
    ends: its pattern runs to the next blank or `<`, then its backpedal pattern is applied
    until nothing changes (marked 4.3's `url` and `_backpedal`)."""
    run = MARKED_URL_RUN.match(text, at)
    if run is None:
        return at
    url = run.group()
    while (kept := _MARKED_BACKPEDAL.match(url)) is not None and kept.end() < len(url):
        url = url[:kept.end()]
    return at + len(url)


class BareUrls(NamedTuple):
    """The bare URLs a renderer links: text from `start` (a prefix and the host's first
    character, in lower case: the case the renderer's text stops for), which may begin inside
    a word; text from `first` (None: `start`) where a text begins, as the renderer's URL rule
    is tried there first; e-mail addresses if `emails`; and `end(text, at)`, where the
    renderer ends a URL that starts at `at` (not an e-mail address; None: where linkify-it
    ends it); `email`, the renderer's own e-mail addresses, linked beside linkify-it's (None:
    linkify-it's only)."""

    start: re.Pattern[str]
    first: re.Pattern[str] | None
    emails: bool
    end: Callable[[str, int], int] | None
    email: re.Pattern[str] | None = None

    def links(self, found: Any, text_start: bool = False) -> bool:
        """Whether the renderer links what linkify-it found (a `Match`), at the start of a
        text if `text_start`."""
        start = self.first if text_start and self.first else self.start
        return (self.emails and found.schema == "mailto:") or start.match(found.raw) is not None


# Keyed by `markdown_renderer`'s answer; other renderers link what linkify-it finds.
BARE_URLS = {
    "hexo-renderer-marked": BareUrls(re.compile(_MARKED_URL), re.compile(_MARKED_URL, re.I), True,
                                     marked_url_end, _MARKED_EMAIL),
    "hexo-renderer-kramed": BareUrls(re.compile(r"https?://[^\s<]"), None, False, None),
}


@starts_with("~")
def marked_del(state: "StateInline", silent: bool) -> bool:
    """`~text~` or `~~text~~` as marked strikes it; any other tilde run is text."""
    start = state.pos
    if state.src[start] != "~":
        return False
    found = _DEL.match(state.src, start, state.posMax)
    if found is not None and silent and "]" in found.group():
        # asked while a link's label is read (markdown-it's skipToken): marked's label runs
        # to its first `]`, strikethrough or not, so `[https://a.example/~u/](https://…/~u/)`
        # is a link there, where this span hid the label's end
        found = None
    if found is None:
        run = _TILDES.match(state.src, start, state.posMax)
        assert run is not None
        if not silent:
            state.pending += run.group()
        state.pos = run.end()
        return True
    if not silent:
        marker = found.group(1)
        old_max = state.posMax
        state.push("del_open", "del", 1).markup = marker
        state.pos, state.posMax = found.start(2), found.end(2)
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("del_close", "del", -1).markup = marker
    state.pos = found.end()
    return True


@starts_with("![")
def marked_link_label(state: "StateInline", silent: bool) -> bool:
    """`[` (or `![`) opening a label with a backtick outside a whole code span is text, as
    in marked; the label's text is then read as any other text."""
    start = state.pos
    opening = "![" if state.src.startswith("![", start) else "[" if state.src[start] == "[" else ""
    if not opening:
        return False
    label = start + len(opening) - 1
    end = state.md.helpers.parseLinkLabel(state, label, False)
    if end < 0 or end + 1 >= state.posMax or state.src[end + 1] != "(":
        return False
    written = _CODE_SPANS.sub("", _ESCAPES.sub("", state.src[label + 1:end]))
    if "`" not in written:
        return False
    if not silent:
        state.pending += opening
    state.pos = start + len(opening)
    return True


def marked_inline_plugin(md: "MarkdownIt") -> None:
    """Swap CommonMark's strikethrough for marked's, refuse marked's broken labels, and show
    linked URLs and alt texts as written."""
    as_written_plugin(md)
    md.disable("strikethrough")
    md.inline.ruler.before("strikethrough", "marked_del", marked_del)
    md.inline.ruler.before("link", "marked_link_label", marked_link_label)
