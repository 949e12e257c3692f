"""A very long paragraph is drawn a piece at a time (long_paragraphs.py): the same HTML as
read whole, in a small fraction of the memory."""

from __future__ import annotations

import random
import tracemalloc
from collections.abc import Callable

import pytest
from markdown_it import MarkdownIt

from conftest import build_ok, post

from quillpress.builder import Builder
from quillpress.render import long_paragraphs

ATOMS = ["x", "word", "**x**", "*x*", "_x_", "__x__", "a_b", "a*b", "**", "*", "_", "***x***",
         "x**", "**x", "*x**y*", "***", "_*x*_", "**a_b**", "  \n", "\n", "\\\n", "中文"]


def _parser(make_blog: Callable[..., object], **config: object) -> MarkdownIt:
    blog = make_blog(config=config)
    return Builder(blog.root).md  # type: ignore[attr-defined]


def _read_whole(md: MarkdownIt, text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(long_paragraphs, "LONG_CHARS", 10**12)
        return md.render(text)


def _small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(long_paragraphs, "PIECE_CHARS", 40)
    monkeypatch.setattr(long_paragraphs, "LONG_CHARS", 160)


def test_a_long_paragraph_of_strong_words_is_held_a_piece_at_a_time(make_blog, monkeypatch) -> None:
    """A 300 KB line of `**x**` held ~150 MB of tokens at its peak (the 4 MB post 1.7 GB). The
    pieces are made small here so that the paragraph can be short: tracemalloc slows token
    making some 30 times (the 300 KB line took 90-240 s at load). Read whole, this 120 KB
    paragraph peaks at ~47 MB; in 1 KB pieces at ~1 MB."""
    md = _parser(make_blog)
    monkeypatch.setattr(long_paragraphs, "PIECE_CHARS", 1024)
    monkeypatch.setattr(long_paragraphs, "LONG_CHARS", 4096)
    text = " ".join(["**x**"] * 20_000)
    tracemalloc.start()
    try:
        html = md.render(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert html == "<p>" + " ".join(["<strong>x</strong>"] * 20_000) + "</p>\n"
    assert peak < 8_000_000


@pytest.mark.parametrize("seed", range(4))
def test_pieces_give_the_html_of_the_whole(make_blog, monkeypatch, seed: int) -> None:
    """Emphasis opened in one piece and closed in a later one, runs left open, line breaks,
    words with `_` and `*` inside: the HTML is the one of the paragraph read whole."""
    md = _parser(make_blog)
    pick = random.Random(seed)
    texts = [" ".join(pick.choice(ATOMS) for _ in range(pick.randint(40, 400)))
             for _ in range(60)]
    whole = [_read_whole(md, text, monkeypatch) for text in texts]
    _small_pieces(monkeypatch)
    assert [md.render(text) for text in texts] == whole


@pytest.mark.parametrize("text", [
    "[a link " + "**x** " * 60 + "to the end](/u)",  # a link around every cut
    "`code " + "**x** " * 60 + "`",
    "**" + "x " * 200 + "**",  # one emphasis around the whole paragraph
    "# " + "**x** " * 60,  # a heading: its id is made from its tokens
    "visit www.example.com " + "**x** " * 60,
    "\"quoted " + "**x** " * 60 + "\" -- done...",
])
def test_what_reaches_across_a_cut_is_read_whole(make_blog, monkeypatch, text: str) -> None:
    md = _parser(make_blog, markdown={"typographer": True})
    whole = _read_whole(md, text, monkeypatch)
    _small_pieces(monkeypatch)
    assert md.render(text) == whole


def test_a_long_paragraph_builds_to_the_same_page(make_blog, monkeypatch) -> None:
    """Through the whole build (plugins, excerpt, text, search): the same page."""
    body = "Intro.\n\n" + " ".join(["**bold** _it_ word"] * 50) + "\n\nEnd."
    blog = make_blog(files={"content/_posts/a.md": post("A", body)})
    build_ok(blog)
    whole = blog.read("2024/01/02/a/index.html")
    _small_pieces(monkeypatch)
    build_ok(blog, use_cache=False)
    assert blog.read("2024/01/02/a/index.html") == whole


def test_a_tag_after_a_long_paragraph_is_warned_at_its_own_line(make_blog) -> None:
    """The pieces wrap the step that tells tags their paragraph's line (tag_syntax): an
    unknown tag after a long paragraph is still warned at the line it is on."""
    long_line = " ".join(["**x**"] * 15_000)  # over LONG_CHARS: read in pieces
    blog = make_blog(files={"content/_posts/t.md": post("T", f"{long_line}\n\n{{% nosuchtag %}}\n")})
    warnings = [str(w) for w in build_ok(blog).problems.warnings if "nosuchtag" in str(w)]
    assert len(warnings) == 1 and warnings[0].startswith("content/_posts/t.md:7:"), warnings


ESCAPE_RAW_HTML = """from markdown_it.common.utils import escapeHtml


def _escape_raw_html(md):
    md.renderer.rules["html_inline"] = lambda tokens, idx, options, env: escapeHtml(
        tokens[idx].content)


def register(api):
    api.markdown(_escape_raw_html)
"""


def test_a_plugin_that_escapes_raw_html_leaves_the_pieces_drawn(make_blog) -> None:
    """The pieces' HTML is held in a token of its own: a plugin that shows raw inline HTML
    as text (its own `html_inline` rule) showed a long paragraph's `<strong>` as text."""
    long_line = " ".join(["**x** word"] * 8_000)  # over LONG_CHARS: read in pieces
    blog = make_blog(files={"content/_posts/a.md": post("A", f"{long_line}\n\nEnd <b>raw</b>."),
                            "plugins/escape_raw_html.py": ESCAPE_RAW_HTML})
    build_ok(blog)
    page = blog.read("2024/01/02/a/index.html")
    assert page.count("<strong>x</strong>") == 8_000 and "&lt;strong&gt;" not in page
    assert "&lt;b&gt;raw" in page  # the plugin still escapes the post's own raw HTML


def test_a_mark_never_closed_reads_the_rest_once_not_again_and_again(make_blog, monkeypatch):
    """`a*b` near the start leaves a mark open to the paragraph's end: each piece from there
    was read again twice as long up to the end, ~3 times the characters of the paragraph
    (CPU 13 s for 4.5 s read whole, 1.1 MB). After a few tries the rest is read once."""
    md = _parser(make_blog)
    text = "a*b " + " ".join(["**x** word"] * 2_000)
    whole = _read_whole(md, text, monkeypatch)
    _small_pieces(monkeypatch)
    read: list[int] = []
    closed = long_paragraphs._closed

    def counted(piece, state, children):
        read.append(len(piece))
        return closed(piece, state, children)

    monkeypatch.setattr(long_paragraphs, "_closed", counted)
    assert md.render(text) == whole
    assert sum(read) < 1.2 * len(text), (sum(read), len(text))
