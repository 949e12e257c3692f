"""Heading ids on blogs rendered by hexo-renderer-pandoc are pandoc's own.

Found on a real pandoc blog: its posts open with a list of links to their sections, written to
the ids pandoc makes (`[fixme1.py](#fixme1.py)`, `[1 - RAID 0](#raid-0)`). QuillPress gave
those headings its own slugs (`fixme1py`, `1-raid-0`) and the links were dead. Every expected
id below is what pandoc 2.17 (`pandoc -f markdown -t html`, hexo-renderer-pandoc's default)
writes for the same heading, checked by hand, not at test time.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from _tags_html import body
from conftest import build_ok, post, serve_folder

# (heading as written, pandoc's id)
HEADINGS = [
    ("fixme1.py", "fixme1.py"),
    ("1 - RAID 0", "raid-0"),
    ("Hello - World", "hello---world"),
    ("1.2.3 Version", "version"),
    ("Intro **bold** `co_de` [link](/tags/)", "intro-bold-co_de-link"),
    ("数据 & Models", "数据-models"),
    ("Café Ünïcode", "café-ünïcode"),
    ("a -- b", "a-b"),
    ("`a--b` and x...y", "a--b-and-xy"),
    ("<b>Bold</b> words", "bold-words"),
    ("2024", "section"),
    ("fixme1.py", "fixme1.py-1"),
    ("fixme1.py-1", "fixme1.py-1-1"),
]
PACKAGE = json.dumps({"dependencies": {"hexo": "^7.0.0", "hexo-renderer-pandoc": "*"}})


def _text(filler: str = "") -> str:
    links = "\n".join(f"- [{n}](#{ident})" for n, (_, ident) in enumerate(HEADINGS))
    sections = "\n\n".join(f"## {heading}\n\n{filler}" for heading, _ in HEADINGS)
    return f"{links}\n\n{sections}\n"


def test_headings_get_pandoc_s_ids_and_links_written_to_them_resolve(make_blog: Any) -> None:
    blog = make_blog(files={"package.json": PACKAGE, "content/_posts/a.md": post("Ids", _text())})
    result = build_ok(blog)
    assert [str(w) for w in result.problems.warnings] == []  # no link to a missing anchor
    page = body(blog.read("2024/01/02/a/index.html"))
    assert [h.attrs["id"] for h in page.find_all("h2")] == [ident for _, ident in HEADINGS]


@pytest.mark.parametrize("renderer", ["hexo-renderer-marked", None])
def test_other_blogs_keep_their_renderer_s_ids(make_blog: Any, renderer: str | None) -> None:
    package = {"package.json": json.dumps({"dependencies": {"hexo": "^7.0.0", renderer: "*"}})} \
        if renderer else {}
    blog = make_blog(files={**package, "content/_posts/a.md": post("Ids", "## 1 - RAID 0\n")})
    build_ok(blog)
    heading = body(blog.read("2024/01/02/a/index.html")).find("h2")
    assert heading.attrs["id"] == ("1-RAID-0" if renderer else "1-raid-0")


def test_a_readers_click_on_a_section_link_lands_on_the_section(make_blog: Any, page: Any) -> None:
    filler = "\n\n".join(f"Paragraph {n} of the section." for n in range(30))
    blog = make_blog(files={"package.json": PACKAGE,
                            "content/_posts/a.md": post("Ids", _text(filler))})
    build_ok(blog)
    page.set_viewport_size({"width": 800, "height": 600})
    server, url = serve_folder(blog.public)
    try:
        page.goto(url + "2024/01/02/a/")
        for shown, heading in ((1, "1 - RAID 0"), (11, "fixme1.py")):
            page.click(f".post-body a >> text='{shown}'")
            page.wait_for_function(
                """heading => { const target = document.querySelector(':target');
                    const top = target && target.getBoundingClientRect().top;
                    return target && target.firstChild.textContent.trim() === heading && top >= 0
                        && top < 300; }""", arg=heading, timeout=5000)
    finally:
        server.shutdown()
    assert page.problems == []


def test_a_footnote_mark_in_a_heading_names_it_as_pandoc_does(make_blog: Any) -> None:
    """pandoc 2.17 names a heading while its footnotes are still unread: a `[^label]` mark
    joins the id as its label is written (`intronote`), an inline note `^[…]` adds nothing.
    A post's own link to the section then lands on it, as on the blog's Hexo site."""
    text = ("[to intro](#intronote) and [to two](#twoa-words)\n\n## Intro[^note]\n\n"
            "## Two[^a] words\n\n## Inline^[an inline note] x\n\n[^note]: The note.\n\n"
            "[^a]: Another.\n")
    blog = make_blog(files={"package.json": PACKAGE, "content/_posts/a.md": post("Ids", text)})
    result = build_ok(blog)
    assert [str(w) for w in result.problems.warnings] == []  # no link to a missing anchor
    page = body(blog.read("2024/01/02/a/index.html"))
    assert [h.attrs["id"] for h in page.find_all("h2")] == ["intronote", "twoa-words", "inline-x"]


def test_a_heading_s_own_id_in_braces_is_its_id(make_blog: Any) -> None:
    """pandoc's `## Heading {#custom}`: a real pandoc blog linked to `#appendixA`, and its
    headings showed the braces as text under an id made from them. pandoc 2.17 writes these
    ids and classes (checked by hand); a heading made later from the same text gets a free id."""
    text = ("See [the proof](#proof-a) and [the notes](#notes).\n\n"
            "## The proof {#proof-a}\n\n"
            "## Notes {- .wide}\n\n"
            "Setext {#setext}\n--------\n\n"
            "## Braces {not attributes}\n\n"
            "## The proof\n\n"
            "## Closed ## {#closed}\n\n"
            "## C# {#c-sharp}\n\n"
            "## Issue \\#12 ends C\\#\n\n"
            "## Plain C#\n")
    blog = make_blog(files={"package.json": PACKAGE, "content/_posts/a.md": post("Ids", text)})
    result = build_ok(blog)
    assert [str(w) for w in result.problems.warnings] == []  # both links resolve
    headings = body(blog.read("2024/01/02/a/index.html")).find_all("h2")
    assert [(h.text, h.attrs["id"]) for h in headings] == [
        ("The proof", "proof-a"), ("Notes", "notes"), ("Setext", "setext"),
        ("Braces {not attributes}", "braces-not-attributes"), ("The proof", "the-proof"),
        ("Closed", "closed"), ("C", "c-sharp"),  # closing hashes go, spaced or not
        ("Issue #12 ends C#", "issue-12-ends-c"), ("Plain C", "plain-c")]
    assert headings[1].classes == ["unnumbered", "wide"]


def test_braces_ending_a_heading_elsewhere_stay_text(make_blog: Any) -> None:
    blog = make_blog(files={"content/_posts/a.md": post("Ids", "## The proof {#proof-a}\n")})
    build_ok(blog)
    heading = body(blog.read("2024/01/02/a/index.html")).find("h2")
    assert heading.text == "The proof {#proof-a}"
