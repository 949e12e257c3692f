"""A body's summary is made from its start when that start is longer than a description.

The summary's one reader is the page's description (160 characters). A post without
`<!-- more -->` summed up its whole body beside its text; now the fragment is cut after a
`</p>` first, and that summary is kept when it is longer than a description: it must be the
start of the whole one, whatever markup is around the cut.
"""

from __future__ import annotations

import random

import pytest
from conftest import build_ok, post

from plugins.math.renderer import CLOSE, MID, OPEN, plain_form
from quillpress.model.document import shorten
from quillpress.render import body
from quillpress.render.body import summary_of, summary_text

WORDS = ["alpha ", "beta, ", "gamma; ", "δέλτα ", "长文本 ", "x&amp;y ", "&lt;b&gt; ", "&", "#38;",
         "&amp", " ", "\n", "\t"]
MARKUP = ["<p>", "</p>", "<p>", "</p>\n", "<em>", "</em>", "<", ">", "<a href='/x'>", "</a>",
          "<pre>", "</pre>", '<figure class="highlight js">', "</figure>", "<script>", "</script>",
          "<STYLE>", "</style>", "<!-- c", "-->", '<div class="x">', "</div>",
          "\ue000link|s|Label|/s/|1\ue001", '<span title="a>b">']
TEX = ["x^2", r"\alpha + \beta", r"\newcommand{\R}{\mathbb{R}}", r"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}",
       "a < b", "t &amp; u"]


def fragment(rng: random.Random, sources: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(0, 60)):
        roll = rng.random()
        if roll < 0.55:
            parts.append(rng.choice(WORDS))
        elif roll < 0.85:
            parts.append(rng.choice(MARKUP))
        else:  # a formula as the math plugin marks it, its HTML holding tags and no </p>
            sources.append(rng.choice(TEX))
            inner = rng.choice(['<span class="katex"><span>x</span></span>',
                                '<span class="katex-display"><span class="k">&amp;</span></span>',
                                '<pre class="qp-math-error qp-math-quiet">a &lt; b</pre>\n'])
            parts.append(f"{OPEN}{len(sources) - 1}{MID}{inner}{CLOSE}")
    return "".join(parts)


@pytest.mark.parametrize("with_math", [False, True])
def test_a_summary_cut_short_is_the_start_of_the_whole(monkeypatch, with_math) -> None:
    """Cuts a few characters in, and a description of 20, so that short random fragments
    are cut: each summary kept is the start of the whole one and longer than a description,
    else it is the whole one."""
    monkeypatch.setattr(body, "SUMMARY_CUTS", (12, 60))
    monkeypatch.setattr(body, "DESCRIPTION_CHARS", 20)
    rng = random.Random(11)
    cut = 0
    for _ in range(20000):
        sources: list[str] = []
        made = fragment(rng, sources)

        def as_text(fragment: str, short: bool, sources: list[str] = sources) -> str:
            return plain_form(fragment, sources, 40 if short else None) if with_math else fragment

        whole = summary_text(as_text(made, True))
        summary = summary_of(made, as_text)
        assert whole.startswith(summary), made
        assert summary == whole or len(summary) > 20, made
        assert shorten(summary, 20) == shorten(whole, 20)
        cut += summary != whole
    assert cut > 500  # the cut path is taken, not only the whole


def test_a_long_post_keeps_a_description_s_worth_of_summary(make_blog) -> None:
    """A post of 200 paragraphs and no `<!-- more -->`: its description is its text's first
    160 characters, as before, and its body keeps only the start of its summary, not a
    second copy of its text (carried from the render worker, cached, held in memory)."""
    paragraphs = [f"Paragraph {n} says something about the weather, the sea and the hills."
                  for n in range(200)]
    blog = make_blog(files={"content/_posts/long.md": post("Long", "\n\n".join(paragraphs))})
    builder = blog.builder()
    build_ok(builder)
    rendered = builder.site.posts[0].rendered
    assert rendered is not None
    assert len(rendered.summary) < len(rendered.text) // 4
    text = " ".join(paragraphs)
    page = blog.read("2024/01/02/long/index.html")
    assert f'<meta name="description" content="{shorten(text, 160)}">' in page
