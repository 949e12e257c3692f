"""Markdown as posts use it: GFM, footnotes, task and definition lists, linkify, heading ids,
raw HTML, build-time highlighting, lazy images, TOC data, and no template syntax in bodies."""

from __future__ import annotations

import random

import re

import pytest

from tests.conftest import serve_folder
from conftest import build_ok

BODY = """\
# Title level one

| Name | Value |
|------|------:|
| a    | 1     |

~~gone~~ and a footnote[^1].

[^1]: The note.

- [x] done
- [ ] todo

Term
: Definition

Visit https://example.org/page now.

## 安装

### 安装

#### Deep heading

##### Too deep

## 安装

<div class="raw-box"><b>raw</b> html</div>

![A cat](/img/cat.png)

```python
def answer():
    return 42
```

Template-looking text: {{ site.title }} and {# a comment #} and {%raw%}x{%endraw%}.
"""


@pytest.fixture
def post(make_blog):
    def build(config=None):
        blog = make_blog(config=config, files={
            "content/_posts/m.md": f"---\ntitle: M\ndate: 2024-01-01\n---\n{BODY}"})
        builder = blog.builder()
        build_ok(builder)
        return blog, builder.site.posts[0]
    return build


def test_gfm_and_extensions(post):
    _, doc = post()
    html = doc.content
    assert re.search(r"<table>.*<th>Name</th>.*<td[^>]*>1</td>", html, re.S)
    assert 'style="text-align:right"' in html
    assert "<s>gone</s>" in html
    assert re.search(r'<sup class="footnote-ref"><a href="#fn1"', html) and "The note." in html
    boxes = re.findall(r"<input[^>]*>", html)
    assert len(boxes) == 2 and all('type="checkbox"' in b for b in boxes)
    assert "checked" in boxes[0] and "checked" not in boxes[1]
    assert "<dl>" in html and "<dt>Term</dt>" in html and "<dd>Definition</dd>" in html
    assert '<a href="https://example.org/page" target="_blank" rel="noopener">https://example.org/page</a>' in html
    assert '<div class="raw-box"><b>raw</b> html</div>' in html


def test_heading_ids_unique_and_toc(post):
    _, doc = post()
    ids = re.findall(r'<h[1-6] id="([^"]+)"', doc.content)
    assert len(ids) == len(set(ids)) == 6
    assert ids[1:4] == ["安装", "安装-1", "deep-heading"]
    assert ids[5] == "安装-2"
    toc = [(entry.level, entry.id, entry.text) for entry in doc.toc]
    assert toc == [(2, "安装", "安装"), (3, "安装-1", "安装"), (4, "deep-heading", "Deep heading"),
                   (2, "安装-2", "安装")]


def test_images_lazy(post):
    _, doc = post()
    assert re.search(r'<img src="/img/cat.png" alt="A cat"[^>]*loading="lazy"', doc.content)


def test_template_variables_stay_text_and_nunjucks_comments_go_as_in_hexo(post):
    blog, doc = post()
    assert "Template-looking text: {{ site.title }} and  and x." in doc.content
    page = blog.read("2024/01/01/m/index.html")
    assert "{{ site.title }}" in page and "a comment #}" not in page


def test_highlighting_at_build_time(post):
    blog, doc = post()
    assert 'data-lang="python"' in doc.content and ">python<" in doc.content  # the label
    assert '<span class="k">def</span>' in doc.content
    assert "line-numbers" not in doc.content
    page = blog.read("2024/01/01/m/index.html")
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", page)
    assert not [s for s in scripts if re.search(r"highlight|prism|hljs", s)]
    _, numbered = post({"highlight": {"line_number": True}})
    assert "line-numbers" in numbered.content


def test_highlighting_seen_in_browser(post, page):
    """The keyword is coloured differently from plain code text, with no script involved."""
    blog, _ = post()
    server, url = serve_folder(blog.public)
    try:
        page.goto(url + "2024/01/01/m/")
        colours = page.evaluate("""() => {
            const kw = document.querySelector('code.language-python .k');
            const plain = document.querySelector('code.language-python .line');
            return [getComputedStyle(kw).color, getComputedStyle(plain).color];
        }""")
        assert colours[0] != colours[1]
        assert page.evaluate("() => document.querySelector('img[alt=\"A cat\"]').loading") == "lazy"
    finally:
        server.shutdown()


LINK_TEXTS = ["see https://example.com/a.b", "mail me: a@b.org", "//cdn.example.net/x.js",
              "WWW.EXAMPLE.COM in capitals", "www. alone", "LocalHost:8080 here",
              "served on LOCALHOST", "example.org without a scheme", "3.14 and e.g. this",
              "v1.2_beta", "a._b", "end with a dot.", "中文。没有链接", "数据 https://例子.中国 里",
              "no link at all", "Hello, world", ""]


def test_linkify_prefilter_accepts_every_text_linkify_would_read() -> None:
    from linkify_it import LinkifyIt
    from markdown_it import MarkdownIt

    from quillpress.render.markdown import _QuickLinkify, may_link

    plain = LinkifyIt()
    for text in LINK_TEXTS:
        assert may_link(text) or not plain.pretest(text), text
    quick = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")
    quick.linkify = _QuickLinkify()
    slow = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")
    for text in LINK_TEXTS:
        assert quick.render(text) == slow.render(text)
    assert '<a href="http://WWW.EXAMPLE.COM">' in quick.render(LINK_TEXTS[3])
    assert not may_link("no link at all") and not may_link("中文。没有链接")


def test_linkify_prefilter_on_random_texts_and_documents() -> None:
    """Texts made of the prefilter's marks in every case (`ſ` folds to `s`), near misses and
    words: `may_link` accepts each that linkify-it's pretest accepts, and documents whose
    paragraphs link or not (the rule skipped where none may) render as linkify-it renders."""
    from linkify_it import LinkifyIt
    from markdown_it import MarkdownIt

    from quillpress.render.markdown import _QuickLinkify, linkify_where_links_may_be, may_link

    pieces = ["localhost", "LocalHost", "localhoſt", "LOCALHOST", "lochost", "local host", "www.",
              "WwW.", "ww.", "www", ".", ".com", "a.b", "x", " ", "中文", "。", "\n", ":", "h"]
    rng = random.Random(5)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(5000)]
    plain = LinkifyIt()
    assert [text for text in texts if plain.pretest(text) and not may_link(text)] == []
    quick = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")
    quick.linkify = _QuickLinkify()
    quick.core.ruler.at("linkify", linkify_where_links_may_be)
    slow = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")
    documents = ["\n\n".join(rng.sample(texts, 3) + rng.sample(LINK_TEXTS, rng.randint(0, 1)))
                 for _ in range(500)]
    assert [doc for doc in documents if quick.render(doc) != slow.render(doc)] == []


def _slug_by_categories(text: str) -> str:
    """QuillPress's heading id as it was first written: each character by its category."""
    import unicodedata

    out = []
    for char in unicodedata.normalize("NFC", text.strip().lower()):
        category = unicodedata.category(char)
        if category[0] in "LN" or char in "-_":
            out.append(char)
        elif category[0] == "Z" or char.isspace():
            out.append("-")
    return re.sub(r"-{2,}", "-", "".join(out)).strip("-") or "section"


def test_heading_ids_keep_letters_and_digits_of_every_script() -> None:
    """Every code point, in runs with spaces and dashes between: a heading's id keeps the
    letters, digits, `_` and `-`, makes each run of spaces and dashes one `-`, and drops
    the rest, as the character-by-character rule did."""
    from quillpress.render.heading_ids import heading_slug

    chars = [chr(code) for code in range(0x110000)]
    rng = random.Random(3)
    texts = ["".join(chars[start:start + 3000]) for start in range(0, len(chars), 3000)]
    texts += [" -".join(rng.sample(chars, 40)) + "  " + "".join(rng.sample(chars, 40))
              for _ in range(300)]
    texts += ["数据 & Models", "  Hello,   World -- again ", "!!!", "", "a_b-c", "Ǆ x\u2003y"]
    assert [text for text in texts if heading_slug(text) != _slug_by_categories(text)] == []
