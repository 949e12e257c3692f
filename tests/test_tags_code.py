"""codeblock, include_code and Hexo's ``` captions: what a reader sees in the built page."""

from __future__ import annotations

import pytest

from _tags_html import body, parse
from conftest import build_ok

POST_URL = "2024/03/01/code/index.html"


def build_post(make_blog, text: str, files: dict[str, str] | None = None,
               config: dict | None = None):
    """One post with `layout: false`, so the page is exactly the rendered body."""
    blog = make_blog(config=config, files={
        "content/_posts/code.md": "---\ntitle: Code\ndate: 2024-03-01\nlayout: false\n---\n" + text,
        **(files or {})})
    result = build_ok(blog)
    return blog, result, parse(blog.read(POST_URL))


def lines(figure) -> list[str]:
    return [span.text.rstrip("\n") for span in figure.find_all("span", "line")]


def test_codeblock_title_lang_link_and_line_options(make_blog):
    _, result, page = build_post(make_blog, """
{% codeblock Fib lang:python https://example.com/fib.py Full source mark:11 first_line:10 line_number:true %}
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
{% endcodeblock %}
""")
    figure = page.find("figure", "code-block")
    assert figure.attrs["data-lang"] == "python"
    assert figure.find("span", "code-title").text == "Fib"
    link = figure.find("a", "code-link")
    assert (link.attrs["href"], link.text) == ("https://example.com/fib.py", "Full source")
    assert "line-numbers" in figure.classes
    assert figure.find("pre").attrs["style"] == "counter-reset: line 9"  # numbering starts at 10
    assert lines(figure) == ["def fib(n):", "    return n if n < 2 else fib(n - 1) + fib(n - 2)"]
    marked = [s.text.strip() for s in figure.find_all("span", "marked")]
    assert marked == ["return n if n < 2 else fib(n - 1) + fib(n - 2)"]  # marks count like the shown numbers (Hexo)
    assert figure.find_all("span", "k"), "Python keywords are highlighted"
    assert not result.problems.warnings


def test_code_alias_plain_title_and_default_link_text(make_blog):
    _, _, page = build_post(make_blog, """
{% code "Shell session" https://example.com %}
echo hi
{% endcode %}

{% codeblock %}
    indented
    text
{% endcodeblock %}
""")
    first, second = page.find_all("figure", "code-block")
    assert first.find("span", "code-title").text == "Shell session"
    assert first.find("a", "code-link").text == "link"
    assert lines(second) == ["indented", "text"]  # the common indent is removed, as Hexo does
    assert "line-numbers" not in second.classes


def test_codeblock_bad_option_warns_with_line(make_blog):
    _, result, _ = build_post(make_blog, "text\n\n{% codeblock lang:js mark:a-b %}\nx\n{% endcodeblock %}\n")
    [warning] = result.problems.warnings
    assert warning.path == "content/_posts/code.md" and warning.line == 8
    assert "mark:a-b" in warning.message


def test_backtick_fence_caption_link_and_marks(make_blog):
    _, _, page = build_post(make_blog, """
```js Array sum https://example.com/sum.js Source mark:2
const xs = [1, 2];
const sum = xs.reduce((a, b) => a + b, 0);
```

```python Just a title
pass
```

```js Evil javascript:alert(1) text
x
```
""")
    first, second, third = page.find_all("figure", "code-block")
    assert first.find("span", "code-title").text == "Array sum"
    link = first.find("a", "code-link")
    assert (link.attrs["href"], link.text) == ("https://example.com/sum.js", "Source")
    assert [s.text.strip() for s in first.find_all("span", "marked")] == [
        "const sum = xs.reduce((a, b) => a + b, 0);"]
    assert second.find("span", "code-title").text == "Just a title"
    assert not second.find_all("a")
    assert not third.find_all("a"), "a javascript: caption link is never emitted"


def test_a_caption_keeps_its_formatting_tags_as_hexo_writes_them(make_blog):
    # Found by the Hexo oracle on a theme's docs: Hexo writes a fence's caption as HTML, so
    # `<u>1.2</u>` is underlined there; QuillPress showed the tags as text. Formatting tags
    # only, balanced in the caption: anything else stays text.
    _, result, page = build_post(make_blog, """
```md Changed in <u>1.2</u> and <b>2.0
x
```

```sh Run <script>alert(1)</script> <em>now</em> https://example.com/r <i>raw</i>
y
```

{% codeblock Kept <kbd>Ctrl</kbd> <img src=x onerror=alert(2)> lang:js %}
z
{% endcodeblock %}
""")
    first, second, third = (f.find("span", "code-title") for f in page.find_all("figure", "code-block"))
    assert first.find("u").text == "1.2"
    assert first.text == "Changed in 1.2 and <b>2.0"  # never closed: shown as written
    assert not first.find_all("b")
    assert second.find("em").text == "now" and not second.find_all("script")
    assert second.text == "Run <script>alert(1)</script> now"
    assert page.find("a", "code-link").find("i").text == "raw"
    assert third.find("kbd").text == "Ctrl" and not third.find_all("img")
    assert not result.problems.warnings


def test_tags_inside_code_stay_literal(make_blog):
    _, result, page = build_post(make_blog, """
Inline `{% note info %}` stays.

```
{% post_link nowhere %}
{% endnote %}
```

    {% codeblock %}indented code{% endcodeblock %}
""")
    assert page.find("code").text == "{% note info %}"
    figures = page.find_all("figure", "code-block")
    assert lines(figures[0]) == ["{% post_link nowhere %}", "{% endnote %}"]
    assert lines(figures[1]) == ["{% codeblock %}indented code{% endcodeblock %}"]
    assert not result.problems.warnings


CODE = "import os\n\n\ndef main():\n    print(os.getcwd())\n\n\nmain()\n"


def test_include_code_range_title_language_and_raw_link(make_blog):
    blog, result, page = build_post(make_blog, """
{% include_code lang:python from:4 to:5 scripts/cwd.py %}

{% include_code "The whole script" scripts/cwd.py %}
""", files={"content/downloads/code/scripts/cwd.py": CODE})
    part, whole = page.find_all("figure", "code-block")
    assert lines(part) == ["def main():", "    print(os.getcwd())"]
    assert part.find("pre").attrs["style"] == "counter-reset: line 3"  # shown as lines 4-5
    assert part.find("span", "code-title").text == "cwd.py"
    assert whole.find("span", "code-title").text == "The whole script"
    assert whole.attrs["data-lang"] == "py"  # from the file's extension
    assert whole.find_all("span", "kn"), "highlighted as Python"
    raw = whole.find("a", "code-link")
    assert raw.text == "view raw"
    assert (blog.public / raw.attrs["href"].lstrip("/")).read_text() == CODE
    assert not result.problems.warnings


@pytest.mark.parametrize("path", ["../../_config.yml", "../secret.txt", "/../../_config.yml",
                                  "a/../../../_config.yml"])
def test_include_code_refuses_paths_leaving_code_dir(make_blog, path):
    blog, result, page = build_post(make_blog, f"intro\n\n{{% include_code {path} %}}\n",
                                    files={"content/downloads/secret.txt": "TOP SECRET"})
    box = page.find("div", "qp-error")
    assert "outside the code folder" in box.text
    assert "content/_posts/code.md:8" in box.text
    assert "TOP SECRET" not in blog.read(POST_URL) and "title: Test blog" not in blog.read(POST_URL)
    [warning] = result.problems.warnings
    assert (warning.path, warning.line) == ("content/_posts/code.md", 8)


def test_include_code_missing_file_is_a_visible_error(make_blog):
    _, result, page = build_post(make_blog, "{% include_code nothing.py %}\n")
    assert "no file 'nothing.py'" in page.find("div", "qp-error").text
    assert len(result.problems.warnings) == 1


def test_editing_an_included_file_rebuilds_the_post(make_blog, tmp_path):
    blog = make_blog(files={
        "content/_posts/code.md": "---\ntitle: Code\ndate: 2024-03-01\n---\n{% include_code a.py %}\n",
        "content/downloads/code/a.py": "print('first')\n"})
    cache = tmp_path / "cache"
    assert blog.build(cache_dir=cache).ok
    assert "first" in body(blog.read(POST_URL)).text
    (blog.root / "content/downloads/code/a.py").write_text("print('second')\n")
    second = blog.build(cache_dir=cache)  # a new process would see the same on-disk cache
    assert second.ok
    text = body(blog.read(POST_URL)).text
    assert "second" in text and "first" not in text


def test_codeblock_keeps_lines_that_hold_only_spaces(make_blog):
    """A line of spaces inside a listing, or before an indented end tag, stays as written:
    Hexo 7.3 shows `    ` and `  ` on these lines (checked on this text); they were blanked.
    The post is written as is (`Blog.write` would dedent it, blanking them first)."""
    blog = make_blog()
    (blog.root / "content/_posts").mkdir(parents=True)
    (blog.root / "content/_posts/code.md").write_text(
        "---\ntitle: Code\ndate: 2024-03-01\nlayout: false\n---\n"
        "{% codeblock lang:python %}\ndef greet(name):\n    first = name.strip()\n    \n"
        "    return 'hi ' + first\n{% endcodeblock %}\n\n"
        "{% codeblock %}\ncode\n  {% endcodeblock %}\n", encoding="utf-8")
    result = build_ok(blog)
    listing, short = parse(blog.read(POST_URL)).find_all("figure", "code-block")
    assert lines(listing) == ["def greet(name):", "    first = name.strip()", "    ",
                              "    return 'hi ' + first"]
    assert lines(short) == ["code", "  "]
    assert not result.problems.warnings
