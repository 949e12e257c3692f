"""A few long posts render in forked workers (the fork is decided by the work, not only by
the count of posts), with the same pages as in one process, each post's macros its own."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import Blog, build_ok, post

from quillpress.build.builder import PARALLEL_BODY_CHARS, PARALLEL_THRESHOLD, fork_threshold

PROSE = "A paragraph of plain words that takes some room on the page.\n\n"


def long_post(title: str, letter: str) -> str:
    """A post long enough that three of them pass PARALLEL_BODY_CHARS, which defines `\\w`
    as its own bold letter and then uses it."""
    body = (f"$\\newcommand{{\\w}}{{\\mathbf{{{letter}}}}}$ Defined.\n\n"
            + PROSE * (PARALLEL_BODY_CHARS // 3 // len(PROSE) + 1) + "Used: $\\w + 1$.\n")
    return post(title, body)


def make_blog(root: Path) -> Blog:
    blog = Blog(root)
    # `updated` from the date, not the file's time: the two blogs are written moments apart
    blog.write("_config.yml", "title: Long posts\nupdated_option: date\n")
    for title, letter in (("one", "a"), ("two", "b"), ("three", "c")):
        blog.write(f"source/_posts/{title}.md", long_post(title, letter))
    return blog


def post_pages(blog: Blog) -> dict[str, str]:
    return {rel: blog.read(rel) for rel in blog.files() if rel.endswith("index.html")
            and rel.startswith("2024/")}


def test_few_long_posts_render_alike_in_workers_and_in_process(tmp_path: Path) -> None:
    forked, here = make_blog(tmp_path / "forked"), make_blog(tmp_path / "here")
    build_ok(forked, workers=2)
    build_ok(here, workers=1)
    pages = post_pages(forked)
    assert len(pages) == 3 and pages == post_pages(here)
    for letter in "abc":  # `\w + 1` drew the letter its own post defined, and no other
        page = next(html for rel, html in pages.items() if f"\\mathbf{{{letter}}}" in html)
        used = page[page.index("Used:"):]
        bold = re.findall(r'<mi mathvariant="bold">(\w)</mi>', used)
        assert bold[:1] == [letter], bold


def test_the_fork_is_decided_by_body_length_as_well_as_count(tmp_path: Path) -> None:
    blog = make_blog(tmp_path / "blog")
    builder = blog.builder()
    build_ok(builder)
    docs = list(builder.site.posts)
    assert len(docs) == 3 and fork_threshold(docs) == 2  # 3 long posts: a pool
    for doc in docs:
        doc.body = doc.body[:1000]
    assert fork_threshold(docs) == PARALLEL_THRESHOLD  # 3 short posts: in this process
