"""The demo blog (content/) is the showcase: it builds cleanly, uses every built-in tag and
every core writing feature, and its pages work in a real browser."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from _tags_html import body, parse

REPO = Path(__file__).resolve().parent.parent
BUILTIN_TAGS = ["raw", "codeblock", "code", "blockquote", "quote", "pullquote", "note",
                "asset_img", "asset_image", "asset_link", "asset_path", "post_link", "post_path",
                "iframe", "img", "link", "include_code"]


def read(out: Path, url: str) -> str:
    path = out / unquote(url.lstrip("/"))
    return (path / "index.html" if path.is_dir() else path).read_text(encoding="utf-8")


def test_demo_builds_without_errors_or_warnings(demo_site):
    _, _, result = demo_site
    assert result.ok
    assert [str(w) for w in result.problems.warnings] == []
    assert result.posts >= 8 and result.pages >= 2


def test_demo_uses_every_builtin_tag():
    sources = "\n".join(p.read_text(encoding="utf-8")
                        for p in (REPO / "content").rglob("*.md"))
    used = set(re.findall(r"\{%-?\s*(\w+)", sources))
    assert sorted(set(BUILTIN_TAGS) - used) == []


def test_demo_front_matter_forms_and_categories(demo_site):
    out, _, _ = demo_site
    json_post = body(read(out, "/2024/01/22/json-front-matter/"))  # date from `;;;` JSON
    assert "JSON between two" in json_post.text
    short = parse(read(out, "/2024/01/20/writing-front-matter/"))  # Hexo's short form
    assert short.find("h1").text.strip() == "Three ways to write front-matter"
    for category in ("categories/Guides/", "categories/Guides/Writing/", "categories/Notes/"):
        titles = read(out, category)
        assert "Three ways to write front-matter" in titles, category
    assert "Front-matter as JSON" in read(out, "categories/Guides/Writing/")
    assert not list(out.rglob("*notes-on-incremental-builds*")), "drafts stay out"
    assert "QuillPress" in body(read(out, "/about/")).text


def test_demo_layout_false_page_is_copied_as_written(demo_site):
    out, _, _ = demo_site
    page = read(out, "/demo/embed.html")
    assert page.startswith("<!DOCTYPE html>") and "post-body" not in page


def test_demo_braces_stay_literal_but_a_nunjucks_comment_in_the_text_is_left_out(demo_site):
    out, _, _ = demo_site
    text = body(read(out, "/2024/03/05/curly-braces/")).text
    for literal in ("{{ message }}", "{# this #}", "{{#each items}}", "{{ count }}",
                    "{# The page title falls back", "{% block title %}{{ config.title }}{% endblock %}"):
        assert literal in text, literal
    assert "braces stay braces." in text and "note to self:" not in text


def test_demo_chinese_post_features(demo_site):
    out, _, _ = demo_site
    page = body(read(out, "/2024/02/10/zh-markdown-features/"))
    ids = [h.attrs.get("id") for h in page.find_all("h4")]
    assert ids == ["示例", "示例-1"]
    assert page.find("table").find_all("th")[0].text == "工具"
    assert len(page.find_all("input")) == 4  # task list boxes
    assert [dt.text for dt in page.find_all("dt")] == ["摘要", "资源文件夹"]
    assert "footnote" in read(out, "/2024/02/10/zh-markdown-features/")


def test_tag_plugins_page_in_browser(demo_site, page):
    _, base, _ = demo_site
    page.goto(base + "2024/02/18/tag-plugins/")
    colours = page.eval_on_selector_all(
        "div.note", "els => els.map(e => getComputedStyle(e).borderLeftColor)")
    assert len(colours) == 6 and len(set(colours)) >= 5, colours  # each style has its colour
    folded = page.locator("details.note")
    assert not folded.evaluate("d => d.open")
    folded.locator("summary").click()
    assert folded.evaluate("d => d.open")
    assert page.locator("blockquote.pullquote").evaluate("e => getComputedStyle(e).float") == "right"
    quill = page.locator("img.quill-icon")
    quill.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('img.quill-icon').naturalWidth > 0")
    frame = page.frame_locator("iframe")
    assert "layout: false" in frame.locator("body").inner_text()
    page.locator("a", has_text="the tour").first.click()
    page.wait_for_url("**/2024/01/15/hello-world/")
    assert "tour of this demo blog" in page.locator("h1").inner_text()
    assert page.problems == []


def test_asset_folder_images_load_on_post_and_home(demo_site, page):
    out, base, _ = demo_site
    for url in ("2024/02/26/harbour-sketches/", ""):
        page.goto(base + url)
        images = page.locator("img[src*='harbour-sketches/']")
        assert images.count() >= 1, url
        for i in range(images.count()):
            images.nth(i).scroll_into_view_if_needed()
        page.wait_for_function(
            "() => [...document.querySelectorAll(\"img[src*='harbour-sketches/']\")]"
            ".every(img => img.complete && img.naturalWidth > 0)")
    notes = body(read(out, "/2024/02/26/harbour-sketches/")).find_all("a")
    href = [a.attrs["href"] for a in notes if "field-notes" in a.attrs.get("href", "")][0]
    assert "lighthouse lit" in read(out, href)
    assert page.problems == []
