"""Math inside raw HTML blocks: drawn as the blog's MathJax drew it in the reader's browser.

Each case is read back from the built page: the formulas found in their HTML cells, and the
parts MathJax skips (code, scripts, attributes, comments) left exactly as written.
"""

from __future__ import annotations


from _tags_html import body
from conftest import build_ok
from test_math_real_posts import OUT, build_post, displays, hexo_blog, inline_tex, reading_order

TABLE = r"""Truth table:

<table>
  <tr><th>input</th><th>output</th></tr>
  <tr><td>$w_1$ and $w_2$</td><td>$$v=w_1+w_2$$</td></tr>
  <tr><td><code>$PATH$</code></td><td title="$z$">\(m &lt; n\)</td></tr>
</table>

After the table.
"""


def test_formulas_in_raw_html_table_cells_are_drawn_in_their_cells(make_blog):
    result, root = build_post(make_blog, TABLE)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    cells = [reading_order(td) for td in root.find("table").find_all("td")]
    assert cells[0] == ["$w_1$", "and", "$w_2$"]
    assert cells[1] == ["$v=w_1+w_2$"] and displays(root) == ["v=w_1+w_2"]
    assert cells[2] == ["$PATH$"] and root.find("code").text == "$PATH$"  # code stays code
    assert cells[3] == ["$m < n$"]  # the entity decoded, as the browser gave it to MathJax
    assert root.find_all("td")[3].attrs["title"] == "$z$"
    assert reading_order(root.find_all("p")[-1]) == ["After", "the", "table."]


def test_a_formula_kept_from_markdown_by_raw_tags_is_drawn(make_blog):
    """Writers wrap a formula in {% raw %}…{% endraw %} so Markdown leaves its `_` alone;
    Hexo passes it to the page as HTML, where the blog's MathJax drew it."""
    text = "Before.\n\n{% raw %}\n\n$$\ng_{k}*h_{k}\n$$\n\n{% endraw %}\n\n{% raw %}<b>as *is*</b>{% endraw %}\n"
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert displays(root) == ["g_{k}*h_{k}"]
    assert root.find("b").text == "as *is*"  # the rest of a raw block is untouched


def test_a_raw_pair_hugging_a_multiline_formula_is_drawn(make_blog):
    """The raw tags on the lines right above and below a `$$` formula of several rows, no
    blank line between: Hexo still hands the formula to the page as HTML for MathJax."""
    text = ("Scale one row:\n\n{% raw %}\n$$ \\left| \\begin{matrix}\n p & q\\\\\n"
            " r & s \\end{matrix} \\right| $$\n{% endraw %}\n\n### Next\n\nMore.\n")
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert displays(root) == ["\\left| \\begin{matrix}\n p & q\\\\\n r & s \\end{matrix} \\right|"]
    assert "$" not in root.text


def test_a_formula_in_an_inline_raw_pair_is_drawn_in_its_sentence(make_blog):
    """`{% raw %}$…${% endraw %}` inside a sentence: Hexo leaves `$…$` in the paragraph's
    HTML, where the blog's MathJax drew it among the words."""
    text = "The sum {% raw %}$u_{i} + v_{j}${% endraw %} is even, {% raw %}<b>*so*</b>{% endraw %} bold.\n"
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    paragraph = root.find("p")
    assert reading_order(paragraph) == ["The", "sum", "$u_{i} + v_{j}$", "is", "even,", "*so*", "bold."]
    assert paragraph.find("b").text == "*so*"


def test_display_math_under_a_lone_html_image_is_drawn_once(make_blog):
    text = '<img src="https://example.org/figure.png" alt="a figure">\n$$\nk^2 = j^2 + 1\n$$\n\nNext paragraph.\n'
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert displays(root) == ["k^2 = j^2 + 1"]
    assert root.find("img").attrs["src"] == "https://example.org/figure.png"
    assert "$" not in root.text


def test_what_mathjax_skips_in_raw_html_stays_as_written(make_blog):
    text = ("<div>\n<pre>$a_1$ in pre</pre>\n<textarea>$b_1$</textarea>\n"
            "<!-- $c_1$ in a comment -->\n<p>It costs $5 and $6 here.</p>\n</div>\n")
    result, root = build_post(make_blog, text)
    assert not root.find_all("span", "katex")
    assert root.find("pre").text == "$a_1$ in pre"
    assert root.find("textarea").text == "$b_1$"
    assert root.find("div").find("p").text == "It costs $5 and $6 here."


def test_raw_html_math_keeps_tex_as_written_on_a_marked_blog(make_blog):
    """marked passes raw HTML through untouched, so its escapes were never applied there."""
    text = "<div>$x\\_1 + \\{y\\}$</div>\n\nAnd $C\\_{k}$ in Markdown.\n"
    blog = hexo_blog(make_blog, "hexo-renderer-marked", text=text)
    build_ok(blog)
    root = body(blog.read(OUT))
    assert inline_tex(root) == ["x\\_1 + \\{y\\}", "C_{k}"]


def test_raw_html_is_left_alone_where_the_renderer_drew_math_with_katex(make_blog):
    """markdown-it-plus drew math at build time and the theme ran no math script, so the
    blog's readers saw `$…$` in raw HTML as text."""
    text = "<div>$x_1$ in HTML</div>\n\nAnd $y_1$ in Markdown.\n"
    blog = hexo_blog(make_blog, "hexo-renderer-markdown-it-plus", text=text)
    build_ok(blog)
    root = body(blog.read(OUT))
    assert inline_tex(root) == ["y_1"]
    assert root.find("div").text == "$x_1$ in HTML"
