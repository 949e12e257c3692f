"""A code fence or a tag pair opened on a quoted line runs on over unquoted lines, as on Hexo,
which sets fences and tag pairs aside before Markdown reads the post (found on a blog whose
authors put the `>` on the opening line only: the code showed as paragraphs, the closing
fence opened a code block that ran over the rest of the post, and a tag's body was shown
twice)."""

from __future__ import annotations

from _tags_html import Element, parse
from conftest import build_ok

URL = "2024/03/01/t/index.html"


def build(make_blog, text: str) -> Element:
    blog = make_blog(config={"theme": "landscape"}, files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n" + text})
    build_ok(blog)
    return parse(blog.read(URL))


def code_of(figure: Element) -> str:
    return figure.find("code").text


def test_a_fence_opened_in_a_quote_takes_the_unquoted_lines_below(make_blog):
    page = build(make_blog, "> Wrap the rows:\n> ```swift\nList {\n    Text(\"Row\")\n}\n```\n"
                            "\nAfter the quote.\n\n```sh\nswift run\n```\n")
    quote = page.find("blockquote")
    assert [p.text for p in quote.find_all("p")] == ["Wrap the rows:"]
    figures = page.find_all("figure", "code-block")
    assert len(figures) == 2 and quote.find_all("figure", "code-block") == figures[:1]
    # Hexo takes off each code line up to the quote's `>` and one space after
    assert code_of(figures[0]) == 'List {\n   Text("Row")\n}\n'
    assert code_of(figures[1]) == "swift run\n"
    assert [p.text for p in page.find_all("p")] == ["Wrap the rows:", "After the quote."]
    assert "```" not in page.text


def test_a_blank_line_in_a_quoted_fence_does_not_end_it(make_blog):
    page = build(make_blog, "> ```py\n> a = 1\n\n> b = 2\n> ```\n\nAfter.\n")
    quote = page.find("blockquote")
    assert code_of(quote.find("figure", "code-block")) == "a = 1\n\nb = 2\n"
    assert len(page.find_all("blockquote")) == 1
    assert [p.text for p in page.find_all("p")] == ["After."]


def test_a_tag_pair_opened_in_a_quote_is_drawn_once_and_the_quote_goes_on(make_blog):
    page = build(make_blog, ">{% codeblock head.html lang:html %}\n"
                            '<link rel="stylesheet" href="/extra.css">\n{% endcodeblock %}\n'
                            ">\n> Then reload the page.\n\nBelow.\n")
    quote = page.find("blockquote")
    assert code_of(quote.find("figure", "code-block")) == '<link rel="stylesheet" href="/extra.css">\n'
    assert [p.text for p in quote.find_all("p")] == ["Then reload the page."]
    assert [p.text for p in page.find_all("p")] == ["Then reload the page.", "Below."]
    assert not [link for link in page.find_all("link") if link.attrs.get("href") == "/extra.css"]
    assert "endcodeblock" not in page.text


def test_a_fence_quoted_on_every_line_is_read_as_before(make_blog):
    page = build(make_blog, "> Run:\n> ```sh\n> make\n>   all\n> ```\n> Done.\n\nAfter.\n")
    quote = page.find("blockquote")
    assert code_of(quote.find("figure", "code-block")) == "make\n  all\n"
    assert [p.text for p in quote.find_all("p")] == ["Run:", "Done."]
