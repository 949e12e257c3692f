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


DISPLAY = f'<span class="katex-display">{KATEX[:-len("</span>")]}</span></span>'
DISPLAY_IN_FEED = f'<span class="katex-display">{KATEX_IN_FEED}</span>'
LINKED = KATEX.replace("<mi>x</mi>", '<mrow href="../q/"><mi>x</mi></mrow>')
# Each: a fragment and the HTML of the formulas the math plugin says it drew, in order.
TOLD = {
    "inline, display and one again": (f"<p>{KATEX} a {DISPLAY}</p><p>{KATEX}</p>", [KATEX, DISPLAY, KATEX]),
    "a link in the MathML": (f'<p>{LINKED}<a href="../r/">r</a></p>', [LINKED]),
    "one inside a dropped element, then others": (
        f"<template>{KATEX}</template><p>{DISPLAY}{KATEX}</p>", [KATEX, DISPLAY, KATEX]),
    "one changed after it was drawn": (f"<p>{KATEX}</p><p>{DISPLAY}</p>",
                                       [KATEX.replace("x", "y"), DISPLAY]),
    "one not KaTeX's": ('<p><mjx-container jax="SVG"><svg></svg></mjx-container> and ' f"{KATEX}</p>",
                        ['<mjx-container jax="SVG"><svg></svg></mjx-container>', KATEX]),
    "one inside an open quote": (f'<p title="{KATEX}">{KATEX}</p>', [KATEX, KATEX]),
    "a comment in the MathML": (KATEX.replace("<mi>", "<!-- c --><mi>"),
                                [KATEX.replace("<mi>", "<!-- c --><mi>")]),
    "none told": (f"<p>{KATEX}</p>", []),
}


@pytest.mark.parametrize("name", TOLD)
def test_formulas_told_to_the_cleaner_give_the_feed_the_walk_gives(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The math plugin tells the cleaner the HTML of the formulas it drew (`feed_html_with`):
    a KaTeX formula the walk reaches is cleaned without walking its visual half; a formula
    the walk passes inside other markup, or that is no longer in the body as drawn, is cleaned
    as any markup. The feed is the same either way."""
    fragment, formulas = TOLD[name]
    clean.feed_html.cache_clear()
    walked = clean.feed_html(fragment, URL)
    ends: list[str] = []
    end_of = clean._end_of
    monkeypatch.setattr(clean, "_end_of", lambda text, tag, pos: ends.append(tag) or end_of(text, tag, pos))
    assert clean.feed_html_with(fragment, URL, formulas) == walked
    if name == "inline, display and one again":
        assert ends == []  # no visual half walked
        assert walked == f"<p>{KATEX_IN_FEED} a {DISPLAY_IN_FEED}</p><p>{KATEX_IN_FEED}</p>"
