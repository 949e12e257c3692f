"""Big sites keep rendered bodies LZ4-packed in memory, small ones as plain strings: the
pages are the same either way, and an edit rebuilt on packed bodies equals a clean build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Blog, build_ok, post

import quillpress.model.document as document

POSTS = {
    "first": "An opening line.\n\n<!-- more -->\n\nThen $e^{i\\pi} + 1 = 0$ and\n\n$$\\int_0^1 x\\,dx$$\n",
    "second": "Some code:\n\n```python\nprint('hi')\n```\n\nA [link](/2024/01/02/first/).\n",
    "third": "Plain words about [[wiki]] things, **bold** and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
}


def make_blog(root: Path) -> Blog:
    blog = Blog(root)
    blog.write("_config.yml", "title: Packed\nurl: https://example.org\nupdated_option: date\n")
    for title, body in POSTS.items():
        blog.write(f"source/_posts/{title}.md", post(title, body))
    return blog


def pages(blog: Blog) -> dict[str, bytes]:
    return {rel: (blog.public / rel).read_bytes() for rel in blog.files()}


def test_packed_and_plain_bodies_make_the_same_site(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    plain = make_blog(tmp_path / "plain")
    builder = plain.builder()
    build_ok(builder)
    assert all(type(doc.rendered.__dict__["_packed_content"]) is str
               for doc in builder.site.posts if doc.rendered)

    monkeypatch.setattr(document, "PACK_FROM", 1)
    monkeypatch.setattr("quillpress.build.builder.PACK_FROM", 1)
    packed = make_blog(tmp_path / "packed")
    builder = packed.builder()
    build_ok(builder)
    assert all(type(doc.rendered.__dict__["_packed_content"]) is bytes
               for doc in builder.site.posts if doc.rendered)
    assert pages(packed) == pages(plain) and len(pages(plain)) > 10


def assert_like_a_clean_build(warm: Blog, tmp_path: Path, rel: str, text: str) -> None:
    """The warm blog's pages equal those of a fresh blog given the same edit and built once."""
    clean = make_blog(tmp_path / "clean")
    clean.write(rel, text)
    build_ok(clean)
    assert pages(warm) == pages(clean)


def test_an_edit_on_packed_bodies_equals_a_clean_build(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quillpress.build.builder.PACK_FROM", 1)
    warm = make_blog(tmp_path / "warm")
    builder = warm.builder()
    build_ok(builder)
    edited = post("second", "New text with $x^2$ and a [link](/2024/01/02/third/).\n")
    warm.write("source/_posts/second.md", edited)
    build_ok(builder, changed=[(warm.root / "source/_posts/second.md").resolve()])

    assert_like_a_clean_build(warm, tmp_path, "source/_posts/second.md", edited)


def test_packed_bodies_read_back_from_the_cache_as_they_were_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new process on a big site (here: a new Builder) takes its bodies from the cache
    still packed, packing none of them again, and its edit build equals a clean build."""
    monkeypatch.setattr("quillpress.build.builder.PACK_FROM", 1)
    warm = make_blog(tmp_path / "warm")
    build_ok(warm.builder())
    edited = post("third", "Other words, $y_1$ and **more**.\n\n<!-- more -->\n\nThe rest.\n")
    warm.write("source/_posts/third.md", edited)

    packs: list[str] = []
    pack = document._pack
    monkeypatch.setattr(document, "_pack", lambda value: packs.append(value) or pack(value))
    builder = warm.builder()
    assert build_ok(builder).rendered_docs == 1
    kept = [doc for doc in builder.site.posts if doc.rel != "_posts/third.md"]
    assert len(kept) == 2 and all(type(doc.rendered.__dict__["_packed_content"]) is bytes
                                  for doc in kept)
    read_back = {doc.rendered.content for doc in kept if doc.rendered}
    assert not read_back & set(packs)  # only the edited body was packed in this build

    assert_like_a_clean_build(warm, tmp_path, "source/_posts/third.md", edited)


def test_an_excerpts_markup_edited_on_packed_bodies_is_on_the_index_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A list page is made again when a packed excerpt changes, even when only its markup
    does (its text, the post's description, stays the same)."""
    monkeypatch.setattr("quillpress.build.builder.PACK_FROM", 1)
    warm = make_blog(tmp_path / "warm")
    build_ok(warm.builder())
    edited = post("first", POSTS["first"].replace("An opening line.", "An *opening* line."))
    warm.write("source/_posts/first.md", edited)
    build_ok(warm.builder())
    assert b"<em>opening</em>" in (warm.public / "index.html").read_bytes()

    assert_like_a_clean_build(warm, tmp_path, "source/_posts/first.md", edited)


def test_the_build_after_a_cold_one_on_packed_bodies_makes_no_page_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold one-off build on packed bodies saves each page's fingerprint as its forked
    child works it out, on the bodies the render workers packed (a list page's entries hash
    their excerpts as packed); the next build works them out on the bodies it reads back from
    the cache, and finds every page current: it makes none again."""
    monkeypatch.setattr("quillpress.build.builder.PACK_FROM", 1)
    monkeypatch.setattr("quillpress.build.builder.PARALLEL_BODY_CHARS", 1)  # render workers
    monkeypatch.setattr("quillpress.build.builder.PRINT_CHILD_FROM", 1)  # fingerprint child
    blog = make_blog(tmp_path / "blog")
    excerpt = " ".join(f"word{i} and word{i * 7 % 13}" for i in range(80))  # packs to LZ4 matches
    blog.write("source/_posts/fourth.md", post("fourth", f"{excerpt}\n\n<!-- more -->\n\nThe rest.\n"))
    cold = build_ok(blog.builder(workers=2, trust_manifest=True))
    assert cold.rendered_routes > 10
    built = pages(blog)

    again = blog.builder()  # no manifest to trust: every page's fingerprint compared
    result = build_ok(again)
    assert type(again.site.posts[0].rendered.__dict__["_packed_excerpt"]) is bytes
    assert (result.rendered_docs, result.rendered_routes) == (0, 0)
    assert pages(blog) == built
