"""A post's first picture (og:image when it names no cover): the first <img> with a src that
is not inline data, found whatever the case of its tag."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quillpress.model.document import Document, Rendered

KATEX = '<span class="katex"><span class="mord">x</span><span class="mrel">=</span></span>' * 50


def _first_image(content: str) -> str | None:
    when = dt.datetime(2024, 5, 1)
    doc = Document(source=Path("a.md"), rel="_posts/a.md", kind="post", front={}, body="",
                   body_line=1, title="a", date=when, updated=when, layout="post", slug="a",
                   rendered=Rendered(content=content, excerpt="", toc=[], features=[], text=""))
    return doc.first_image


@pytest.mark.parametrize("content, src", [
    (f"<p>{KATEX}</p>", None),
    (f'<p>{KATEX}<img alt="a" src="/a.png"></p>', "/a.png"),
    ('<IMG SRC="/upper.png"><img src="/b.png">', "/upper.png"),
    ('<p><ImG\tsrc=\'/mixed.png\'></p>', "/mixed.png"),
    ('<\u0131mg src="/dotless.png">', "/dotless.png"),  # as before: re.I takes ı and İ for i
    ('<\u0130MG src="/dotted.png">', "/dotted.png"),
    ('<img src="data:image/png;base64,AAAA"><img src=" /after&amp;data.png ">', "/after&data.png"),
    ('<image src="/not-img.png"><imgx src="/nor.png">', None),
    ('<i>m</i>g <img alt="no src"> <img src="">', None),
])
def test_first_picture_of_the_body(content: str, src: str | None) -> None:
    assert _first_image(content) == src


def _first_image_by_the_whole_pattern(content: str) -> str | None:
    """The answer as first written: the src pattern tried at every `<` of the body."""
    import html
    import re

    for match in re.finditer(r"""<img\b[^>]*?\ssrc=["']([^"']+)["']""", content, re.I):
        src = html.unescape(match.group(1)).strip()
        if src and not src.startswith("data:"):
            return src
    return None


def test_first_picture_on_random_markup_is_the_whole_patterns() -> None:
    """Bodies made of tag starts in every case (ı and İ too), near misses, quotes, `data:`
    sources and entities: the picture found from the first `<img` look-alike is the one the
    whole pattern finds."""
    import random

    pieces = ["<img", "<IMG", "<ImG", "<\u0131mg", "<\u0130MG", "<im", "<i", "mg", "<imgx",
              "<image", " src=", "\tsrc=", "src=", '"', "'", "data:x", "/a.png", " ", ">", "<",
              "&amp;", "&#x3c;img", "<p>", "</p>", KATEX[:40], "x", "<!-- <img src='/c.png'> -->"]
    rng = random.Random(28)
    bodies = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(6000)]
    found = [_first_image(body) for body in bodies]
    assert found == [_first_image_by_the_whole_pattern(body) for body in bodies]
    assert sum(src is not None for src in found) > 100  # pictures found, not only misses
