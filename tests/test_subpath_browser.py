"""A blog served from a sub-path, in Chromium: what a reader of the deployed site sees."""

from __future__ import annotations

from conftest import build_ok, post, serve_folder


def test_url_with_a_path_and_no_root_serves_the_site_under_that_path(make_blog, page) -> None:
    """`url: https://me.github.io/notes` with no `root:` (a GitHub project page): Hexo takes
    the root from the url's path, so the deployed pages find their stylesheet, scripts and
    each other under /notes/; built for / they would load nothing but bare HTML."""
    blog = make_blog(config={"url": "http://127.0.0.1/notes", "public_dir": "out/notes"},
                     files={"content/_posts/first.md": post("First post", "Hello.")})
    build_ok(blog)
    server, base = serve_folder(blog.root / "out")
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    try:
        page.goto(base + "notes/")
        assert missing == []
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).position") == "sticky"
        page.click("text=First post")
        assert page.locator("h1.post-title").inner_text() == "First post"
        assert page.url.startswith(base + "notes/")
        assert missing == [] and page.problems == []
    finally:
        server.shutdown()
