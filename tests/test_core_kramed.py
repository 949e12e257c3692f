"""Forms read as kramed reads them on blogs Hexo rendered with hexo-renderer-kramed: headings
written without a space after their marks, and linked URLs' text as written.

Found by the Hexo oracle (bench/hexo_diff) on a real kramed blog: `##Name` lines were
headings on Hexo's pages and text here, and bare URLs' `%E8%81%8A` was decoded here.
"""

from __future__ import annotations

import json

import pytest

from _tags_html import body
from conftest import build_ok, post

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
KRAMED = {"hexo": "^4.2.0", "hexo-renderer-kramed": "^0.1.4"}

HEADINGS = """Notes on the first try.
##Second try
It went better.

#include <stdio.h> is where it starts.

###Closed###

####### seven marks

    ##an indented code line
"""


def build(make_blog, dependencies: dict[str, str], text: str):
    """The body of a post built on a blog with these package.json dependencies."""
    blog = make_blog(files={"content/_posts/a.md": post("A", text),
                            "package.json": json.dumps({"dependencies": dependencies})})
    build_ok(blog)
    return body(blog.read("2024/01/02/a/index.html"))


def test_a_heading_without_a_space_is_a_heading_on_kramed_blogs(make_blog):
    """kramed reads `##Second try` as a heading, which ends the paragraph above it; it was
    text here, joined to that paragraph. Indented code stays code."""
    page = build(make_blog, KRAMED, HEADINGS)
    headings = [(h.tag, h.text) for h in page.find_all() if h.tag in HEADING_TAGS]
    assert headings == [("h2", "Second try"), ("h1", "include <stdio.h> is where it starts."),
                        ("h3", "Closed"), ("h6", "# seven marks")]
    assert [p.text for p in page.find_all("p")] == ["Notes on the first try.", "It went better."]
    assert page.find("pre").text == "##an indented code line\n"


def test_a_heading_without_a_space_is_text_elsewhere(make_blog):
    """CommonMark's rule (and marked's, Hexo's default) is unchanged."""
    page = build(make_blog, {"hexo": "^7.0.0"}, HEADINGS)
    assert [h.text for h in page.find_all() if h.tag in HEADING_TAGS] == []


URLS = """See https://files.example/Isogeny-based%20Cryptography.pdf and
<https://zh.example/wiki/%E4%B8%AD%E6%96%87> here.
"""


@pytest.mark.parametrize(("dependencies", "as_written"), [
    (KRAMED, True),  # kramed shows what the writer typed, as marked does
    ({"hexo-renderer-markdown-it": "^7.0.0"}, False),  # markdown-it decodes the text
])
def test_a_linked_urls_text_is_as_kramed_shows_it(make_blog, dependencies, as_written):
    """A bare URL's text kept its `%E4%B8%AD` on Hexo's pages (kramed) and was decoded here."""
    links = build(make_blog, dependencies, URLS).find_all("a")
    assert [a.attrs["href"] for a in links] == [
        "https://files.example/Isogeny-based%20Cryptography.pdf",
        "https://zh.example/wiki/%E4%B8%AD%E6%96%87"]
    decoded = ["https://files.example/Isogeny-based Cryptography.pdf", "https://zh.example/wiki/中文"]
    assert [a.text for a in links] == ([a.attrs["href"] for a in links] if as_written else decoded)


UNDER_LISTS = """Setup:

- install the tools
  - check the version
## Result
it runs

1. first
2. second
> a note on the second

- last point
---

A paragraph line
    # shown as code on kramed blogs
and its next line
"""


def test_blocks_right_under_a_list_are_in_its_last_item_on_kramed_blogs(make_blog):
    """kramed's list runs to a blank line: a heading, its lines and a quote written on the
    line under an item's last line are inside that item (checked with kramed 0.5.6 through
    hexo-renderer-kramed 0.1.4), where CommonMark ended the list above them. A rule still
    ends a list, and an indented `#` line ends the paragraph above it and is code."""
    page = build(make_blog, KRAMED, UNDER_LISTS)
    inner = page.find("ul").find("ul").find("li")
    assert inner.find("h2").text == "Result"
    assert " ".join(inner.text.split()) == "check the version Result it runs"
    second = page.find("ol").find_all("li")[1]
    assert second.find("blockquote").text.strip() == "a note on the second"
    assert [len(ul.find_all("li")) for ul in page.find_all("ul")] == [2, 1, 1]
    assert page.find("hr") is not None
    assert [p.text for p in page.find_all("p")][-2:] == ["A paragraph line", "and its next line"]
    assert page.find("pre").text == "# shown as code on kramed blogs\n"


def test_commonmark_ends_a_list_before_a_block_right_under_it(make_blog):
    page = build(make_blog, {"hexo": "^7.0.0"}, UNDER_LISTS)
    assert [h.text for h in page.find_all("h2")] == ["Result"]
    assert not any(li.find_all("h2") or li.find_all("blockquote") for li in page.find_all("li"))
    assert not page.find_all("pre")


AFTER_TWO_BLANKS = "Steps:\n\n- one\n- two\n\n\n    kept as code\n\nAfter.\n"


@pytest.mark.parametrize("dependencies", [
    KRAMED, {"hexo": "^3.8.0", "hexo-renderer-marked": "~0.3.2"}])
def test_two_blank_lines_end_a_kramed_or_old_marked_list(make_blog, dependencies):
    """kramed 0.5.6 and marked 0.3.19/0.6.3 end a list at two blank lines in a row: the
    four-space lines after them are code, where they were the last item's second paragraph
    (CommonMark, and marked since 0.7, keep them in the item)."""
    page = build(make_blog, dependencies, AFTER_TWO_BLANKS)
    assert [li.text.strip() for li in page.find_all("li")] == ["one", "two"]
    assert page.find("pre").text == "kept as code\n"


def test_two_blank_lines_keep_the_list_on_commonmark(make_blog):
    page = build(make_blog, {"hexo": "^7.0.0"}, AFTER_TWO_BLANKS)
    assert not page.find_all("pre")
    assert page.find_all("li")[-1].text.split() == ["two", "kept", "as", "code"]


def test_two_blank_lines_in_a_code_block_keep_the_list(make_blog):
    """Hexo puts a one-line placeholder in a ``` block's place before kramed runs, so blank
    lines inside one end nothing: the block and the item after it stay in the list."""
    text = "- one\n\n  ```\n  a\n\n\n  b\n  ```\n- two\n"
    page = build(make_blog, KRAMED, text)
    assert [li.text.split()[0] for li in page.find_all("li")] == ["one", "two"]
    assert page.find("li").find("pre").text.split() == ["a", "b"]


@pytest.mark.parametrize("dependencies", [
    KRAMED, {"hexo": "^3.8.0", "hexo-renderer-marked": "~0.3.2"}])
def test_two_blank_lines_in_a_block_tag_keep_the_list(make_blog, dependencies):
    """Hexo puts a one-line placeholder in a block tag's place too (`{% codeblock %}` to
    `{% endcodeblock %}`) before the renderer runs: its blank lines end no list."""
    text = ("- one\n\n  {% codeblock %}\n  a\n\n\n  b\n  {% endcodeblock %}\n- two\n\n"
            "{% blockquote %}\nc\n\n\nd\n{% endblockquote %}\n\n- three\n\n\n    code\n")
    page = build(make_blog, dependencies, text)
    assert [li.text.split()[0] for li in page.find_all("li")] == ["one", "two", "three"]
    assert len(page.find_all("ul")) == 2
    assert page.find("li").find("pre").text.split() == ["a", "b"]
    assert page.find_all("pre")[-1].text == "code\n"


UNCLOSED = """Steps to take:

```bash
# list the images
docker images
# go in
docker run -it img
"""

CLOSED_LATER = """Before.

~~~
kept as code
~~~~

After.
"""


def test_a_fence_never_closed_is_text_on_kramed_blogs(make_blog):
    """A post ending inside its last code block: kramed wants the closing run, so the fence
    line is text and the lines after it Markdown (`# list the images` a heading), as on the
    blog's Hexo pages; here they were one code block. A fence closed by a longer run is code
    on both (kramed 0.5.6 run on these fixtures)."""
    page = build(make_blog, KRAMED, UNCLOSED)
    assert page.find_all("pre") == []
    assert [(h.tag, h.text) for h in page.find_all() if h.tag in HEADING_TAGS] == [
        ("h1", "list the images"), ("h1", "go in")]
    assert [p.text for p in page.find_all("p")] == [
        "Steps to take:", "```bash", "docker images", "docker run -it img"]
    page = build(make_blog, KRAMED, CLOSED_LATER)
    assert "kept as code" in page.find("pre").text
    assert [p.text for p in page.find_all("p")] == ["Before.", "After."]


def test_a_fence_never_closed_is_code_elsewhere(make_blog):
    """marked 4 (Hexo 7's) runs it to the end of the post as code, as CommonMark does."""
    page = build(make_blog, {"hexo": "^7.0.0"}, UNCLOSED)
    assert "docker run -it img" in page.find("pre").text


def test_a_fence_right_under_a_paragraph_is_code_whatever_its_comments(make_blog):
    """A fence on the line after a paragraph, its code holding indented `# comment` lines
    (which end a kramed paragraph when they are text): code, as on Hexo's pages."""
    page = build(make_blog, KRAMED, "The code:\n```python\ndef f(a):\n    # halve it\n"
                                    "    return a / 2\n```")
    assert [p.text for p in page.find_all("p")] == ["The code:"]
    assert "# halve it" in page.find("pre").text


STEPS = "3. Pour\n4. Stir\n"


@pytest.mark.parametrize("dependencies,lock,start", [
    (KRAMED, None, None),  # kramed 0.5.6: `<ol>`
    ({"hexo": "^3.0.0", "hexo-renderer-marked": "^0.3.0"}, "0.3.6", None),  # 0.3.6-0.3.18 too
    ({"hexo": "^3.0.0", "hexo-renderer-marked": "^0.3.0"}, "0.3.19", "3"),
    ({"hexo": "^7.0.0"}, None, "3"),  # marked 4.3: `<ol start="3">`
])
def test_a_list_starts_at_its_first_number_only_where_the_renderer_wrote_it(
        make_blog, dependencies, lock, start):
    """kramed and marked before 0.3.19 (run in Node) write every numbered list as `<ol>`:
    the reader saw 1, 2 where QuillPress showed 3, 4."""
    files = {"content/_posts/a.md": post("A", STEPS), "package.json": json.dumps(
        {"dependencies": dependencies})}
    if lock:
        files["package-lock.json"] = json.dumps({"lockfileVersion": 1, "dependencies": {
            "hexo-renderer-marked": {"version": "0.3.0"}, "marked": {"version": lock}}})
    blog = make_blog(files=files)
    build_ok(blog)
    ordered = body(blog.read("2024/01/02/a/index.html")).find("ol")
    assert ordered.attrs.get("start") == start
    assert [item.text for item in ordered.find_all("li")] == ["Pour", "Stir"]
