"""A list line with a tab after its marker, right under a line of text, read as marked reads it
on blogs Hexo rendered with hexo-renderer-marked: the lines stay in the paragraph.

Found by the Hexo oracle (bench/hexo_diff) on a real marked blog, where numbered points typed
with a tab after the number showed as lines of one paragraph on Hexo's pages.
"""

from __future__ import annotations

import pytest

from test_core_marked_inline import build as build_marked

TEXT = "Three reasons to rest:\n1.\tsleep\n2.\tfood\n\nA real list:\n\n1.\tone\n2.\ttwo\n"


def build(make_blog, dependencies: dict[str, str] | None):
    return build_marked(make_blog, dependencies, TEXT)


def test_a_tabbed_marker_does_not_break_a_marked_paragraph(make_blog):
    page = build(make_blog, {"hexo": "^7.0.0", "hexo-renderer-marked": "^6.0.0"})
    first = page.find_all("p")[0]
    assert first.text.replace("\t", " ").split("\n") == ["Three reasons to rest:", "1. sleep", "2. food"]
    assert len(first.find_all("br")) == 2  # marked's breaks: one line each
    (items,) = page.find_all("ol")  # after a blank line, the tabbed markers are a list
    assert [li.text.strip() for li in items.find_all("li")] == ["one", "two"]


def test_without_marked_commonmark_starts_the_list(make_blog):
    page = build(make_blog, None)  # a QuillPress blog: no package.json
    assert page.find_all("p")[0].text == "Three reasons to rest:"
    assert [[li.text.strip() for li in ol.find_all("li")] for ol in page.find_all("ol")] == [
        ["sleep", "food"], ["one", "two"]]


MARKED = {"hexo": "^7.0.0", "hexo-renderer-marked": "^6.0.0"}
# Points typed with a tab under a code block of a nested item: marked (through Hexo) nests
# "2." and "3." in the item above; CommonMark made each, and the code below it, a code block.
AFTER_CODE = ("Steps:\n\n"
              "  1. Prepare\n"
              "     1. Write the config\n"
              "        ```\n        key = value\n        ```\n"
              "\t2. Build it\n"
              "        ```\n        make\n        ```\n"
              "\t3. Ship it\n\n"
              "- Top item\n"
              "  ```\n  code\n  ```\n"
              "- Next top item\n")


def _own_text(element) -> str:
    """The text an element holds before its first child element."""
    return next((part for part in element.parts if isinstance(part, str) and part.strip()), "").strip()


def _items(page) -> list[str]:
    return [_own_text(li) for li in page.find_all("li")]


def test_a_line_after_code_in_an_item_stays_in_the_item_as_marked_reads_it(make_blog):
    page = build_marked(make_blog, MARKED, AFTER_CODE)
    assert _items(page) == ["Prepare", "Write the config", "Build it", "Ship it", "Top item",
                            "Next top item"]
    nested = page.find("li").find("li")  # "Write the config", inside "Prepare"
    numbered = nested.find("ol")
    assert [_own_text(li) for li in numbered.find_all("li")] == ["Build it", "Ship it"]
    assert numbered.attrs["start"] == "2"
    codes = [" ".join(code.text.split()) for code in page.find_all("code")]
    assert codes == ["key = value", "make", "code"]  # no point shown as code
    assert [_own_text(li) for li in page.find("ul").find_all("li")] == ["Top item", "Next top item"]


def test_without_marked_commonmark_ends_the_item_after_code(make_blog):
    page = build_marked(make_blog, None, AFTER_CODE)
    assert "2. Build it" in " ".join(code.text for code in page.find_all("code"))


def test_multi_markdown_it_blogs_end_the_item_after_code_as_markdown_it_does(make_blog):
    """hexo-renderer-multi-markdown-it (Shoka's renderer) is markdown-it 10, not Hexo's default
    marked: its blogs keep CommonMark's lists, the tabbed point under the code a code block."""
    page = build_marked(make_blog, {"hexo": "^6.3.0", "hexo-renderer-multi-markdown-it": "^0.1.5"},
                        AFTER_CODE)
    assert "2. Build it" in " ".join(code.text for code in page.find_all("code"))


# A numbered point right under a line of text, and a tabbed one: marked 0.3-0.6 (checked with
# marked 0.3.19 and 0.6.3, as hexo-renderer-marked 0.x and 1.0 ran them) makes each a list at
# its number; marked 0.7 and later (4.3.0, Hexo 7's) keep the lines in the paragraph.
NUMBERED = ("Install it:\n3. Start the service\n4. Check it runs\n\n"
            "Then:\n7.\tSeven\n\n> Quoted:\n> 2. two\n")


def _lists(page) -> list[tuple[str | None, list[str]]]:
    return [(ol.attrs.get("start"), [li.text.strip() for li in ol.find_all("li")])
            for ol in page.find_all("ol")]


@pytest.mark.parametrize("dependencies", [
    {"hexo": "3.1.1", "hexo-renderer-marked": "^0.2.10"},
    {"hexo": "^3.8.0", "hexo-renderer-marked": "~0.3.2"},
    {"hexo": "^3.9.0", "hexo-renderer-marked": "^1.0.1"},
])
def test_old_marked_starts_a_list_at_any_number_under_text(make_blog, dependencies):
    page = build_marked(make_blog, dependencies, NUMBERED)
    assert [p.text.strip() for p in page.find_all("p")] == ["Install it:", "Then:", "Quoted:"]
    assert _lists(page) == [("3", ["Start the service", "Check it runs"]), ("7", ["Seven"]),
                            ("2", ["two"])]


@pytest.mark.parametrize("dependencies", [
    {"hexo": "^4.0.0", "hexo-renderer-marked": "^2.0.0"},
    {"hexo": "^7.0.0", "hexo-renderer-marked": "latest"},
    {"hexo": "^7.0.0"},
])
def test_marked_from_0_7_keeps_numbered_lines_in_the_paragraph(make_blog, dependencies):
    page = build_marked(make_blog, dependencies, NUMBERED)
    assert _lists(page) == []
    assert page.find_all("p")[0].text.split("\n") == [
        "Install it:", "3. Start the service", "4. Check it runs"]
