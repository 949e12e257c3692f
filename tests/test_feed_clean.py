"""The feed's cleaning of a post body (plugins/feed/clean.py) on fragments a body can hold:
what a feed reader gets, and the same whichever way the cleaner finds a dropped element's end."""

from __future__ import annotations

import re

import pytest

from plugins.feed import clean

URL = "https://blog.example.org/2024/03/01/p/"
KATEX = ('<span class="katex"><span class="katex-mathml"><math><semantics><mi>x</mi>'
         '<annotation encoding="application/x-tex">x</annotation></semantics></math></span>'
         '<span class="katex-html" aria-hidden="true"><span class="base"><span class="strut" '
         'style="height:0.43em;"></span><span class="mord mathnormal">x</span></span></span></span>')
KATEX_IN_FEED = KATEX[:KATEX.index('<span class="katex-html"')] + "</span>"


def nested(depth: int, inner: str = "deep") -> str:
    return '<span class="m">' * depth + inner + "</span>" * depth


# Each: a fragment and what the feed holds of it.
FRAGMENTS = {
    "KaTeX's visual half": (f"<p>{KATEX} and {KATEX}</p>", f"<p>{KATEX_IN_FEED} and {KATEX_IN_FEED}</p>"),
    "nested deeper than one match spells out": (
        f'<span class="katex-html">{nested(60)}</span><p>after</p>', "<p>after</p>"),
    "a comment holding an end tag": (
        '<span class="katex-html"><span>a</span><!-- </span> --></span><p>after</p>', "<p>after</p>"),
    "a self-closed tag and capitals": (
        '<span class="katex-html"><span/><SPAN>b</Span ></span><p>after</p>', "<p>after</p>"),
    "never closed": ('<p>before</p><div class="qp-chart-canvas"><div>open</div>', "<p>before</p>"),
    "a tag name with regular-expression characters": (
        '<x+y class="qp-chart-canvas"><x+y>in</x+y></x+y><p>after</p>', "<p>after</p>"),
    "a tag name with an unbalanced parenthesis": (
        '<x( class="qp-chart-canvas">in</x(><p>after</p>', "<p>after</p>"),
    "a template holding a dropped class": (
        f'<template>{KATEX}</template><a href="../q/">q</a>',
        '<a href="https://blog.example.org/2024/03/01/q/">q</a>'),
}


@pytest.mark.parametrize("name", FRAGMENTS)
def test_the_feed_holds_what_a_reader_can_show(name: str) -> None:
    fragment, expected = FRAGMENTS[name]
    clean.feed_html.cache_clear()
    assert clean.feed_html(fragment, URL) == expected


# The walk counts an end tag wherever it stands, also inside another tag's attribute.
QUIRKS = ['<span class="katex-html"><i title="</span>">c</i></span>d<p>after</p>']


@pytest.mark.parametrize("fragment", [fragment for fragment, _ in FRAGMENTS.values()] + QUIRKS)
def test_a_subtree_passed_over_in_one_match_ends_where_the_walk_ends_it(
        fragment: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`_subtree`'s one match is a short cut for the tag-by-tag walk: without it, the same
    feed."""
    clean.feed_html.cache_clear()
    quick = clean.feed_html(fragment, URL)
    monkeypatch.setattr(clean, "_subtree", lambda tag: re.compile("(?!)"))
    clean.feed_html.cache_clear()
    try:
        assert clean.feed_html(fragment, URL) == quick
    finally:
        clean.feed_html.cache_clear()
