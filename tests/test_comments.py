"""Comments under posts: the placeholder each page gets, and lazy loading in Chromium.

The browser test never reaches a provider: Playwright answers the provider's script URL
with a small stand-in that draws an iframe of the provider's origin, also answered locally.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _tags_html import parse
from conftest import Blog, serve_folder
from quillpress.errors import ConfigError

GISCUS = {"provider": "giscus", "giscus": {"repo": "me/blog", "repo_id": "R_1",
                                           "category": "Comments", "category_id": "C_1"}}
LONG = "\n\n".join(f"Paragraph {n} of a long post, so its end is well below the first screen."
                   for n in range(80))


def _blog(make_blog: Any, comments: Any = GISCUS, **config: Any) -> Blog:
    return make_blog(config={"comments": comments, **config}, files={
        "content/_posts/open.md": f"---\ntitle: Open\ndate: 2024-01-02\n---\n{LONG}\n",
        "content/_posts/closed.md": "---\ntitle: Closed\ndate: 2024-01-01\ncomments: false\n---\nQuiet.\n",
        "content/about.md": "---\ntitle: About\n---\nA page.\n",
    })


def _box(html: str) -> dict[str, Any] | None:
    found = [s for s in parse(html).find_all("section", "comments")]
    if not found:
        return None
    raw = found[0].attrs.get("data-comments")
    return json.loads(raw) if raw else {}


def test_each_post_gets_a_placeholder_unless_it_says_comments_false(make_blog: Any) -> None:
    blog = _blog(make_blog)
    assert blog.build().ok
    box = _box(blog.read("2024/01/02/open/index.html"))
    assert box is not None and box["provider"] == "giscus"
    assert box["options"]["repo"] == "me/blog" and box["options"]["mapping"] == "pathname"
    assert box["url"] == "http://example.com/2024/01/02/open/"
    assert _box(blog.read("2024/01/01/closed/index.html")) is None
    assert _box(blog.read("about.html")) is None  # pages: no comments
    assert "giscus.app" not in blog.read("index.html")


@pytest.mark.parametrize("comments", [False, {"provider": "utterances"}, {"provider": None}])
def test_off_or_incomplete_settings_give_no_box(make_blog: Any, comments: Any) -> None:
    blog = _blog(make_blog, comments)
    assert blog.build().ok
    assert _box(blog.read("2024/01/02/open/index.html")) is None


def test_a_typo_in_the_provider_is_an_error_naming_the_key(make_blog: Any) -> None:
    blog = _blog(make_blog, {"provider": "gicsus"})
    with pytest.raises(ConfigError) as info:
        blog.build()
    assert info.value.path == "_config.yml" and info.value.line == 2
    assert "comments.provider" in info.value.message and "giscus" in str(info.value)


def test_serve_shows_a_note_instead_unless_asked(make_blog: Any) -> None:
    blog = _blog(make_blog)
    assert blog.build(overrides={"_preview": True}).ok
    assert _box(blog.read("2024/01/02/open/index.html")) == {}  # the note, no settings
    blog = _blog(make_blog, {**GISCUS, "serve": True})
    assert blog.build(overrides={"_preview": True}).ok
    assert _box(blog.read("2024/01/02/open/index.html"))["provider"] == "giscus"


def test_a_moved_blogs_theme_settings_choose_the_provider(make_blog: Any) -> None:
    blog = _blog(make_blog, None, theme="fluid")
    fixture = Path(__file__).parent / "fixtures" / "hexo_themes" / "fluid.yml"
    blog.write("themes/fluid/_config.yml", fixture.read_text())
    assert blog.build().ok
    box = _box(blog.read("2024/01/02/open/index.html"))
    assert box is not None and box["options"]["repo"] == "lab-writer/site"


# -- in Chromium --------------------------------------------------------------------------

STUB_CLIENT = """
(function () {
  var me = document.currentScript;
  window.__stubAttrs = {theme: me.getAttribute('data-theme'), repo: me.getAttribute('data-repo')};
  var frame = document.createElement('iframe');
  frame.className = 'giscus-frame';
  frame.src = 'https://giscus.app/widget';
  me.parentNode.appendChild(frame);
})();
"""
STUB_WIDGET = """<!doctype html><p>stand-in</p><script>
window.__messages = [];
addEventListener('message', function (e) { window.__messages.push(e.data); });
</script>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from conftest import Blog as _Blog
    import yaml
    root = Path(tmp_path_factory.mktemp("comments")) / "blog"
    blog = _Blog(root)
    (root / "content").mkdir(parents=True)
    (root / "_config.yml").write_text(yaml.safe_dump({
        "title": "Comments", "url": "http://example.com", "timezone": "UTC", "comments": GISCUS}))
    blog.write("content/_posts/open.md", f"---\ntitle: Open\ndate: 2024-01-02\n---\n{LONG}\n")
    assert blog.build().ok
    server, url = serve_folder(blog.public)
    yield url
    server.shutdown()


def _frame(page: Any, url: str) -> Any:
    """The frame showing `url`, once it has navigated there (a new iframe is about:blank
    first, so looking once right after it appears can miss it on a loaded machine)."""
    for _ in range(200):
        found = [f for f in page.frames if f.url == url]
        if found:
            return found[0]
        page.wait_for_timeout(50)
    raise AssertionError(f"no frame ever showed {url}; frames: {[f.url for f in page.frames]}")


def test_provider_loads_only_near_the_comments_and_follows_the_theme(site: str, page: Any) -> None:
    requested: list[str] = []

    def answer(route: Any) -> None:
        requested.append(route.request.url)
        if route.request.url.endswith("/client.js"):
            route.fulfill(status=200, content_type="text/javascript", body=STUB_CLIENT)
        else:
            route.fulfill(status=200, content_type="text/html", body=STUB_WIDGET)

    page.route("https://giscus.app/**", answer)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.emulate_media(color_scheme="light")
    page.goto(site + "2024/01/02/open/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert requested == []  # nothing of the provider before the reader scrolls down

    page.locator("section.comments").scroll_into_view_if_needed()
    page.wait_for_selector("iframe.giscus-frame")
    assert requested[0] == "https://giscus.app/client.js"
    assert page.evaluate("window.__stubAttrs") == {"theme": "light", "repo": "me/blog"}
    widget = _frame(page, "https://giscus.app/widget")
    widget.wait_for_function("Array.isArray(window.__messages)")  # its listener is on

    page.click(".theme-toggle")
    widget.wait_for_function("window.__messages.length > 0")
    assert widget.evaluate("window.__messages") == [{"giscus": {"setConfig": {"theme": "dark"}}}]
    assert page.problems == []
