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
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urljoin

from quillpress.plugin_api import LINK_MARKER, PostLink

DROPPED_TAGS = {"script", "style", "template", "noscript"}
DROPPED_CLASSES = {"katex-html", "qp-chart-canvas"}
URL_ATTRIBUTES = {"href", "src", "poster"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}


class _FeedFilter(HTMLParser):
    """Copies HTML through unchanged except for the elements and URLs described above."""

    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=False)
        self.base_url = base_url
        self.out: list[str] = []
        self.skip_tag = ""  # the tag name of the element being dropped
        self.skip_depth = 0

    def _dropped(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in DROPPED_TAGS:
            return True
        classes = next((value or "" for name, value in attrs if name == "class"), "").split()
        return any(name in DROPPED_CLASSES for name in classes)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if self._dropped(tag, attrs):
            if tag not in _VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        if any(name in URL_ATTRIBUTES for name, _ in attrs):
            self.out.append(self._rewritten(tag, attrs, self.get_starttag_text() or ""))
        else:
            self.out.append(self.get_starttag_text() or "")

    def _rewritten(self, tag: str, attrs: list[tuple[str, str | None]], raw: str) -> str:
        parts = [f"<{tag}"]
        for name, value in attrs:
            if value is None:
                parts.append(f" {name}")
                continue
            if name in URL_ATTRIBUTES and not value.startswith("#"):
                value = urljoin(self.base_url, value)
            parts.append(f' {name}="{html.escape(value)}"')
        return "".join(parts) + (" />" if raw.endswith("/>") else ">")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip_depth and not self._dropped(tag, attrs):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth -= 1
            return
        self.out.append(f"</{tag}>")

    def _keep(self, text: str) -> None:
        if not self.skip_depth:
            self.out.append(text)

    def handle_data(self, data: str) -> None:
        self._keep(data)

    def handle_entityref(self, name: str) -> None:
        self._keep(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._keep(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        pass  # comments carry nothing for a reader

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        self._keep(f"<![{data}]>")


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
    parser = _FeedFilter(base_url)
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out).strip()
