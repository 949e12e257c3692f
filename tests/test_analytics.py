"""Analytics tags in the head: one per configured provider, none in previews."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from _tags_html import parse
from quillpress.errors import ConfigError

POSTS = {"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-02\n---\nText.\n"}
EVERY = {"plausible": {"domain": "blog.example.org"}, "umami": {"website_id": "u-123"},
         "google": "G-ABC123", "baidu": "0123456789abcdef0123456789abcdef",
         "cloudflare": {"token": "cf-abc"}}


def _scripts(page: str) -> dict[str, dict[str, str]]:
    """Head scripts with a src, by host, with their attributes."""
    head = parse(page).find("head")
    found = {}
    for script in head.find_all("script"):
        src = script.attrs.get("src", "")
        if src.startswith("https://"):
            found[src.split("/")[2]] = script.attrs
    return found


def test_each_provider_adds_its_tag(make_blog: Any) -> None:
    blog = make_blog(config={"analytics": EVERY}, files=POSTS)
    assert blog.build().ok
    for page in ("index.html", "2024/01/02/a/index.html"):
        scripts = _scripts(blog.read(page))
        assert scripts["plausible.io"]["data-domain"] == "blog.example.org"
        assert scripts["cloud.umami.is"]["data-website-id"] == "u-123"
        assert scripts["www.googletagmanager.com"]["src"].endswith("?id=G-ABC123")
        assert scripts["hm.baidu.com"]["src"].endswith("?0123456789abcdef0123456789abcdef")
        assert scripts["static.cloudflareinsights.com"]["data-cf-beacon"] == '{"token": "cf-abc"}'
    assert "gtag('config', \"G-ABC123\")" in blog.read("index.html")


@pytest.mark.parametrize("how", [{"overrides": {"_preview": True}}, {"drafts": True}])
def test_left_out_of_serve_and_drafts_builds(make_blog: Any, how: dict[str, Any]) -> None:
    blog = make_blog(config={"analytics": EVERY}, files=POSTS)
    assert blog.build(**how).ok
    assert _scripts(blog.read("index.html")) == {}


def test_none_without_settings(make_blog: Any) -> None:
    blog = make_blog(files=POSTS)
    assert blog.build().ok
    assert _scripts(blog.read("index.html")) == {}


def test_a_universal_analytics_id_is_refused_with_its_line(make_blog: Any) -> None:
    blog = make_blog(config={"analytics": {"google": {"id": "UA-1234-1"}}}, files=POSTS)
    with pytest.raises(ConfigError) as info:
        blog.build()
    assert "analytics.google.id" in info.value.message and info.value.line == 3


def test_a_moved_blog_keeps_its_theme_ids_and_the_site_section_wins(make_blog: Any) -> None:
    blog = make_blog(config={"theme": "butterfly", "analytics": {"baidu": "ffff0000"}}, files=POSTS)
    fixture = Path(__file__).parent / "fixtures" / "hexo_themes" / "butterfly.yml"
    blog.write("themes/butterfly/_config.yml", fixture.read_text())
    assert blog.build().ok
    scripts = _scripts(blog.read("index.html"))
    assert scripts["hm.baidu.com"]["src"].endswith("?ffff0000")
    assert scripts["static.cloudflareinsights.com"]["data-cf-beacon"] == '{"token": "cf-token-abc"}'
