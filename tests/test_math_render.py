"""Math as a writer sees it: what becomes a formula, what stays text, and what the page gets."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import json

import pytest

from quillpress.builder import Builder
from _tags_html import body
from conftest import build_ok

FORMULAS = Path(__file__).parent / "data" / "math_formulas.tsv"
POST = "content/_posts/p.md"
OUT = "2024/01/02/p/index.html"


def post(body: str, front: str = "") -> dict[str, str]:
    return {POST: f"---\ntitle: P\ndate: 2024-01-02\n{front}---\n{body}\n"}


def body_of(page: str) -> str:
    """The page after its head (whose description is the post's plain text)."""
    return page.split("</head>", 1)[1]


def tex_sources(page: str) -> list[str]:
    """The TeX KaTeX typeset, one per formula, from its MathML annotation."""
    import html
    return [html.unescape(t) for t in
            re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', page, re.S)]


def build(make_blog, body: str, front: str = "", config: dict | None = None):
    blog = make_blog(config=config, files=post(body, front))
    result = build_ok(blog)
    return blog, result, blog.read(OUT)


def test_every_delimiter_renders(make_blog):
    _, result, page = build(make_blog, r"""
Inline $a+b$ and \(c+d\), inline display $$e+f$$ and \[g+h\] here.

$$
i+j
$$

\[
k+l
\]

\begin{align*}
m &= n \\
o &= p
\end{align*}

\begin{gather}
q \\ r
\end{gather}

\begin{multline}
s + t \\ = u
\end{multline}
""")
    assert not result.problems.warnings
    sources = [s.strip() for s in tex_sources(page)]
    assert sources[:6] == ["a+b", "c+d", "e+f", "g+h", "i+j", "k+l"]
    assert len(sources) == 9
    assert page.count('class="katex-display"') == 7  # all but the two inline ones


def test_what_is_not_math(make_blog):
    _, result, page = build(make_blog, r"""
It costs $5 and $6, or $10,000 in total. A literal \$x\$ stays.

Code `$a_b$` stays code.

```
$$ y_1 $$
```
""")
    assert "katex" not in page
    page = body_of(page)
    assert "It costs $5 and $6, or $10,000 in total. A literal $x$ stays." in page
    assert "<code>$a_b$</code>" in page
    assert "$$ y_1 $$" in page


def test_markdown_leaves_the_formula_alone(make_blog):
    """Hexo's pitfalls: _ pairs, \\\\ rows, \\{ \\}, |x| in a table cell, {{ and {# in TeX."""
    _, result, page = build(make_blog, r"""
Sum $a_1 + b_1$ and $c_2 * d_2 * e$.

$$
f(x) = \begin{cases} 0 & x < 0 \\ 1 & x \ge 0 \end{cases}, \quad S = \{ x \mid x > 0 \}
$$

| norm | abs |
|---|---|
| $\|v\|_2$ | $|x|$ |

$$\newcommand{\abs}[1]{\left|{#1}\right|} \abs{y} + \frac{{a}}{b}$$
""")
    assert not result.problems.warnings
    sources = tex_sources(page)
    assert sources[0] == "a_1 + b_1" and sources[1] == "c_2 * d_2 * e"
    assert "<em>" not in page
    assert r"\\ 1 & x \ge 0" in sources[2] and r"\{ x \mid x > 0 \}" in sources[2]
    assert page.count("<mtr>") >= 2  # cases has two rows
    table = page[page.index("<table>"):page.index("</table>")]
    assert table.count("<td>") == 2  # |x| did not split the row
    assert r"\|v\|_2" in sources[3] and sources[4] == "|x|"
    assert r"{#1}" in sources[5] and r"\frac{{a}}{b}" in sources[5]


def test_macros_from_config_and_post(make_blog):
    _, result, page = build(make_blog, r"""
$\RR^n$, then $\newcommand{\R}{\mathbb{R}} \def\vv#1{\mathbf{#1}} x \in \R$ and later $\vv{w} \in \R$.
""", config={"math": {"macros": {r"\RR": r"\mathbb{R}"}}})
    assert not result.problems.warnings, result.problems.warnings
    assert page.count("mathbb") >= 3  # \RR, \R (redefined KaTeX built-in), \R again
    assert "\\vv" not in re.sub(r"<annotation.*?</annotation>", "", body_of(page), flags=re.S)
    assert page.count('class="mord mathbf"') == 1


def test_macros_do_not_leak_to_another_post(make_blog):
    blog = make_blog(files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n$\\newcommand{\\foo}{x} \\foo$\n",
        "content/_posts/b.md": "---\ntitle: B\ndate: 2024-01-02\n---\n$\\foo$\n"})
    result = blog.build()
    messages = [w.message for w in result.problems.warnings]
    assert len(messages) == 1 and "\\foo" in messages[0]


def test_equation_numbers_and_references(make_blog):
    _, result, page = build(make_blog, r"""
\begin{equation}
E = mc^2 \label{eq:energy}
\end{equation}

\begin{align}
a &= b \label{eq:a} \\
c &= d \notag \\
e &= f \label{eq:e}
\end{align}

$$ x = y \tag{*} \label{eq:star} $$

By \eqref{eq:e}, \eqref{eq:energy} and $\eqref{eq:star}$; see also \eqref{eq:missing}.
""")
    drawn = re.sub(r'<span class="katex-mathml">.*?</span>(?=<span class="katex-html")', "", page,
                   flags=re.S)
    for anchor in ("eq-eq:energy", "eq-eq:a", "eq-eq:e", "eq-eq:star"):
        assert f'id="{anchor}"' in page
    links = list(dict.fromkeys(re.findall(r'href="(#eq-[^"]+)"', page)))
    assert links == ["#eq-eq:e", "#eq-eq:energy", "#eq-eq:star"]
    text = re.sub(r"<[^>]+>", "", drawn)
    assert "(1)" in text and "(2)" in text and "(3)" in text and "(4)" not in text
    assert "(*)" in text and "(??)" in text
    [warning] = result.problems.warnings
    assert "eq:missing" in warning.message and warning.line == 18


def test_broken_formula_warns_with_file_line_and_engine_message(make_blog):
    _, result, page = build(make_blog, "Fine $x$.\n\nBroken $\\frac{1}{$ here and $\\nosuch{y}$.\n\n"
                                       "$$\n\\begin{bogus} z \\end{bogus}\n$$\n")
    assert result.ok and "Fine" in page
    warnings = result.problems.warnings
    assert [(w.path, w.line) for w in warnings] == [
        ("content/_posts/p.md", 7), ("content/_posts/p.md", 7), ("content/_posts/p.md", 9)]
    assert "Undefined control sequence: \\nosuch" in warnings[1].message
    assert page.count("qp-math-error") >= 3
    assert "\\nosuch{y}" in page


def test_math_switches(make_blog):
    _, _, page = build(make_blog, "Here $a*b$ and $c*d$.", front="math: false\n")
    assert "katex" not in page and "<em>" in page  # plain Markdown, as Hexo would do
    _, _, page = build(make_blog, "Here $x$.", config={"math": {"enable": False}})
    assert "katex" not in page and "$x$" in page
    _, _, page = build(make_blog, "Here $x$.", config={"math": {"every_page": False}})
    assert "katex" not in page
    _, _, page = build(make_blog, "Here $x$.", front="mathjax: true\n",
                       config={"math": {"every_page": False}})
    assert 'class="katex"' in page


def test_hexo_math_tag_pairs_draw_their_tex(make_blog):
    """hexo-math's `{% katex %}…{% endkatex %}` and `{% mathjax %}…{% endmathjax %}` were
    unknown tags: their TeX shown as Markdown text with a warning each (547 on one real
    post). They draw like any formula, inline unless their options say display: _config.yml's
    `math.katex.options`, then the post's `katex:` object, then the tag's JSON argument."""
    body = ("Given {% katex %}\\hat{y} = P(y=1|x){% endkatex %} and "
            "{% mathjax %}x_1{% endmathjax %}, then\n\n"
            "{% katex '{\"displayMode\": true}' %}\n\\sigma(z)=\\dfrac{1}{1+e^{-z}}\n{% endkatex %}\n\n"
            "{% mathjax '{\"conversion\": {\"display\": true}}' %}a^2{% endmathjax %}\n")
    _, result, page = build(make_blog, body, config={"math": {"every_page": False}})
    assert not result.problems.warnings
    assert [s.strip() for s in tex_sources(page)] == [
        "\\hat{y} = P(y=1|x)", "x_1", "\\sigma(z)=\\dfrac{1}{1+e^{-z}}", "a^2"]
    assert page.count('class="katex-display"') == 2
    assert "{%" not in body_of(page) and "endkatex" not in body_of(page)
    _, _, page = build(make_blog, "{% katex %}b^2{% endkatex %}", front="katex:\n  displayMode: true\n",
                       config={"math": {"katex": {"options": {"output": "mathml"}}}})
    assert page.count('class="katex-display"') == 1
    _, _, page = build(make_blog, "{% katex %}c^2{% endkatex %}", front="katex: false\n")
    assert "katex" not in body_of(page) and "c^2" in body_of(page)
    _, result, page = build(make_blog, "{% katex {displayMode: true} %}d{% endkatex %}")
    [box] = [str(e) for e in result.problems.warnings]
    assert "content/_posts/p.md:5" in box and "{% katex %}: its argument is not JSON" in box


def test_static_math_tag_pairs_draw_their_tex(make_blog):
    """hexo-static-math's `{% math %}…{% endmath %}` was an unknown tag: a warning and its TeX
    shown as text. It draws a display formula, inline with `{% math inline %}`, on a blog
    that set no math up (the plugin draws at build time, whatever the theme says)."""
    body = ("Let {% math inline %}k_2{% endmath %} be given, then\n\n"
            "{% math %}\nR = \\frac{a}{b}\n{% endmath %}\n\nand no more.\n")
    blog = make_blog(files={**post(body), "package.json": '{"dependencies": {"hexo": "^7.3.0", '
                            '"hexo-renderer-marked": "^6.3.0", "hexo-static-math": "0.1.0"}}'})
    result = build_ok(blog)
    page = blog.read(OUT)
    assert not result.problems.warnings
    assert [s.strip() for s in tex_sources(page)] == ["k_2", "R = \\frac{a}{b}"]
    assert page.count('class="katex-display"') == 1
    assert "{%" not in body_of(page) and "endmath" not in body_of(page)


@pytest.mark.parametrize("config,front,argument,display", [
    ({}, "", "", False),  # hexo-math's own options: conversion.display false
    ({}, "", """ '{"conversion": {"em": 14}}'""", True),  # a conversion without display
    ({}, "mathjax:\n  conversion:\n    em: 14\n", "", True),
    ({}, "mathjax: true\n", "", False),  # a theme's switch, no options
    ({"mathjax": {"css": False}}, "", "", True),  # the blog's section replaces hexo-math's
    ({"mathjax": {"options": {"conversion": {"display": False}}}}, "", "", False),
])
def test_hexo_math_mathjax_display_as_hexo_math_draws_it(make_blog, config, front, argument, display):
    """hexo-math hands MathJax the options merged one level deep, and MathJax draws display
    where they do not say (its conversion default): only hexo-math's own options, which a
    blog's `math.mathjax` replaces whole, say inline. Hexo 7.3 with hexo-math 5.0.0 drew
    these so."""
    _, _, page = build(make_blog, f"A {{% mathjax{argument} %}}x_1{{% endmathjax %}} B.",
                       front=front, config={"math": {"every_page": False, **config}})
    assert tex_sources(page) == ["x_1"]
    assert page.count('class="katex-display"') == display


def test_css_and_fonts_only_where_needed(make_blog):
    blog = make_blog(files={
        **post("Math $x$."),
        "content/_posts/q.md": "---\ntitle: Q\ndate: 2024-01-03\n---\nNo math.\n"})
    assert blog.build().ok
    head = blog.read(OUT).split("</head>")[0]
    assert 'href="/css/katex/katex.min.css"' in head
    assert "katex.min.css" not in blog.read("2024/01/03/q/index.html")
    files = blog.files()
    assert "css/katex/katex.min.css" in files
    assert any(f.startswith("css/katex/fonts/KaTeX_Main-Regular.woff2") for f in files)
    assert not [f for f in files if "katex" in f.lower() and f.endswith(".js")]
    assert "<script" not in blog.read(OUT).split("<body")[1] or "katex" not in "".join(
        re.findall(r"<script[^>]*>", blog.read(OUT)))


def test_cdn_setting(make_blog):
    _, _, page = build(make_blog, "$x$", config={"math": {"cdn": "https://cdn.example/katex/"}})
    assert '<link rel="stylesheet" href="https://cdn.example/katex/katex.min.css">' in page


def test_plain_text_reads_as_tex(make_blog):
    blog = make_blog(files=post("Energy $E = mc^2$ is **famous**.\n\n$$\\int_0^1 x\\,dx$$\n"))
    builder = blog.builder()
    assert builder.build().ok
    [doc] = builder.site.posts
    assert doc.text == "Energy E = mc^2 is famous . \\int_0^1 x\\,dx"
    assert "\ue010" not in doc.content and "\ue010" not in doc.excerpt


def _katex_class():
    return sys.modules["quillpress_plugin_math.katex"].KatexEngine


def test_rebuild_renders_only_new_formulas(make_blog, monkeypatch):
    blog = make_blog(files=post("$a$ $b$\n\n$$c$$\n"))
    assert blog.build().ok
    calls: list[str] = []
    engine = _katex_class()
    original = engine.render
    monkeypatch.setattr(engine, "render", lambda self, tex, display: calls.append(tex) or
                        original(self, tex, display))
    blog.write(POST, "---\ntitle: P\ndate: 2024-01-02\n---\n$a$ $b$ $d$\n\n$$c$$\n")
    assert blog.build().ok
    assert calls == ["d"]
    assert len(tex_sources(blog.read(OUT))) == 4


def test_without_katex_latex2mathml_renders_with_one_warning(make_blog, monkeypatch):
    blog = make_blog(files={**post("$x^2$ and $\\frac{a}{b}$"),
                            "content/_posts/q.md": "---\ntitle: Q\ndate: 2024-01-03\n---\n$y$\n"})
    blog.build()  # loads the plugin module so it can be patched
    monkeypatch.setattr(sys.modules["quillpress_plugin_math"], "find_katex", lambda roots: None)
    result = Builder(blog.root, workers=1, cache_dir=blog.root / "other-cache").build()
    assert result.ok
    page = blog.read(OUT)
    assert 'class="katex"' not in page and "<mfrac>" in page
    assert len([w for w in result.problems.warnings if "latex2mathml" in w.message]) == 1


def test_formula_set_renders_with_katex(make_blog):
    """The 103 formulas collected from ML/maths blogs: at least 101 by KaTeX, none lost."""
    rows = [line.rstrip("\n").split("\t") for line in FORMULAS.read_text().splitlines(True)
            if line.strip() and not line.startswith("#")]
    assert len(rows) == 103
    parts = [f"$$\n{tex}\n$$" if mode == "D" else f"Inline ${tex}$ here." for mode, _, tex in rows]
    blog, result, page = build(make_blog, "\n\n".join(parts))
    failed = len(result.problems.warnings)
    assert failed <= 2, [w.message for w in result.problems.warnings]
    assert len(tex_sources(page)) >= 101
    # the rest are drawn by MathJax when it is installed, else shown in error boxes
    assert len(tex_sources(page)) + page.count("qp-math-error") + page.count('jax="SVG"') >= 103


def test_the_pass_after_parsing_is_skipped_only_without_any_math_mark(make_blog):
    """A post with none of the marks a math rule needs skips the whole-document pass (no
    formula to number or place); each form of math has its mark, so it is never skipped
    for them, and the same post with a formula in raw HTML is found and drawn."""
    from markdown_it import MarkdownIt

    from plugins.math.syntax import MACROS_TYPE, MATH_TYPES, REF_TYPE, may_hold_math, math_syntax_plugin

    seen: list[list[str]] = []

    def parser(escapes: str) -> MarkdownIt:
        md = MarkdownIt("commonmark")
        md.use(math_syntax_plugin, gate=lambda env: True, escapes=escapes,
               after_parse=lambda tokens, env: seen.append(
                   [t.type for block in tokens for t in (block, *(block.children or []))]),
               render=lambda token, env: "")
        return md

    md = parser("marked")
    forms = ["a $x$ b", "$$\nx\n$$", "\\\\(x\\\\)", "\\\\[x\\\\]",
             "\\begin{align}\nx\n\\end{align}", "see \\eqref{e}", "see \\ref{e}",
             "\\newcommand{\\R}{x}", "\\renewcommand{\\R}{x}", "\\providecommand{\\R}{x}",
             "\\def\\R{x}", "\\let\\R\\x", "<div>\n$x$ in HTML\n</div>"]
    kinds = {*MATH_TYPES, REF_TYPE, MACROS_TYPE}
    # a lone `\\(` is math where the blog's renderer left it for MathJax (escapes: none)
    for md, form in [*((md, form) for form in forms),
                     *((parser("none"), form) for form in ["\\(x\\)", "\\[x\\]"])]:
        seen.clear()
        md.parse(form, {})
        assert may_hold_math(form) and seen and kinds & set(seen[0]), form
    for plain in ["C:\\Users\\me and `\\n`", "```\nprintf(\"%d\\n\", x);\n```", "Just words."]:
        seen.clear()
        md.parse(plain, {})
        assert not may_hold_math(plain) and not seen, plain
    _, _, page = build(make_blog, "<div>\nThe sum \\(a+b\\) in a box.\n</div>")
    assert tex_sources(page) == ["a+b"]


def test_every_spelling_of_the_pipe_stand_ins_entity_is_restored() -> None:
    """The table-pipe restore walks a document's tokens only when its source holds the
    stand-in character or an entity markdown-it reads as it: in either case, with zeros
    before the digits, each comes out as the pipe, as formulas' own pipes in table cells do."""
    from markdown_it import MarkdownIt

    from plugins.math.syntax import PIPE, math_syntax_plugin

    md = MarkdownIt("commonmark").enable("table")
    md.use(math_syntax_plugin, gate=lambda env: True, after_parse=lambda tokens, env: None,
           render=lambda token, env: f"<m>{token.content}</m>")
    for entity in ["&#57359;", "&#0057359;", "&#xE00F;", "&#xe00f;", "&#Xe00F;", "&#x0E00F;",
                   "&#X00e00f;", PIPE]:
        # no pipe in the formulas: the entity alone must open the walk
        html = md.render(f"| $a$ | b{entity}c |\n|---|---|\n| d{entity}e | $x$ |\n")
        assert "b|c" in html and "d|e" in html and PIPE not in html, entity
    assert "<m>|a|</m>" in md.render("| $|a|$ | b |\n|---|---|\n")


def test_formulas_in_and_out_of_paragraphs_are_numbered_in_reading_order(make_blog):
    """Display formulas are numbered in reading order, whether a block, inside a paragraph
    (a list item's lazy line), in raw HTML or in a table cell, with paragraphs without a
    formula between them; references and a broken formula's warning find theirs."""
    _, result, page = build(make_blog, r"""No formula here, only text.

$$ a \label{eq:a} $$

- an item
$$ b \label{eq:b} $$

Plain words again, a price of 5 dollars.

\begin{equation} c \label{eq:c} \end{equation}

A sentence with \[ d \label{eq:d} \] shown apart, no dollar.

<div>
In a box: $$ e \label{eq:e} $$
</div>

| sum | note |
|-----|------|
| $$ f \label{eq:f} $$ | in a cell |

See \eqref{eq:a}, \eqref{eq:b}, \eqref{eq:d}, \eqref{eq:e}, \eqref{eq:f} and $\eqref{eq:c}$.

Then a broken $\frac{1}{$ formula.
""")
    for label in "abcdef":
        assert f'id="eq-eq:{label}"' in page
    text = body_of(page)
    assert '<a class="qp-eqref" href="#eq-eq:a">(1)</a>' in text
    assert '<a class="qp-eqref" href="#eq-eq:b">(2)</a>' in text
    assert '<a class="qp-eqref" href="#eq-eq:d">(4)</a>' in text
    assert '<a class="qp-eqref" href="#eq-eq:e">(5)</a>' in text  # in raw HTML: a block token
    assert '<a class="qp-eqref" href="#eq-eq:f">(6)</a>' in text  # in a table cell's inline
    drawn = re.sub(r'<span class="katex-mathml">.*?</span>(?=<span class="katex-html")', "", text,
                   flags=re.S)
    inside = re.search(r'href="#eq-eq:c"[^>]*>(.*?)</a>', drawn, re.S)  # KaTeX's link
    assert inside and re.sub(r"<[^>]+>", "", inside.group(1)) == "(3)"
    [warning] = result.problems.warnings
    assert (warning.path, warning.line) == (POST, 28)


def test_a_display_block_does_not_close_past_its_list_item(make_blog):
    """A `$$` in a tab-indented list item whose closer lies past the item (a blank line, then
    the next item) is text, as on the blog's Hexo page: it no longer pairs with a later `$$`,
    which drew the text between as a formula and every formula after it from the wrong text."""
    _, result, page = build(make_blog, "1. The step map $g$  \n\t   $$  \n\tg : P \\to Q\n\n"
                            "\t$$\n\n\n2. The start $p$\n\nThen, apart:\n\n$$\ny^3\n$$\n\n"
                            "- a last item\n\n\t$$\n\tz+1\n\t$$\n")
    assert "qp-math-error" not in body_of(page)
    assert tex_sources(page) == ["g", "p", "y^3", "z+1"]
    lists = body(page).find_all("ol") + body(page).find_all("ul")
    items = lists[0].find_all("li")
    assert len(items) == 2 and items[0].text.count("$$") == 2 and "g : P" in items[0].text
    assert lists[-1].find_all("div", "qp-math-display")  # a block closing inside its item


SPLIT_BLOCKS = ("1. first\n2. second\n\n\t$$\n\ta = b\n\t\n\t\n\t$$\n\n3. third\n\nTop:\n\n"
                "$$\nc = d\n\ne = f\n$$\n\nWhole:\n\n$$\ng = h\n$$\n")


@pytest.mark.parametrize("renderer,drawn", [
    ("hexo-renderer-marked", ["g = h"]),  # marked 4.3: `<p>$$<br>c = d</p><p>e = f<br>$$</p>`
    ("hexo-renderer-pandoc", ["g = h"]),  # pandoc's manual: no blank line between the `$$`
    ("hexo-renderer-kramed", ["c = d\n\ne = f", "g = h"]),  # kramed reads its own `$$` blocks
    (None, ["a = b", "c = d\n\ne = f", "g = h"]),  # QuillPress's own blog
])
def test_a_display_block_holds_a_blank_line_only_where_the_renderer_read_it_so(
        make_blog, renderer, drawn):
    """Where the theme's MathJax found the math in the rendered page, a blank line (a line of
    tabs too, which marked 4.3 makes spaces) had split a `$$` block into two paragraphs, and
    MathJax pairs no `$$` across them: Hexo's page showed the TeX as text (chillcharlie357's
    tab-indented item, hexo-renderer-marked with hexo-filter-mathjax), where it was drawn
    here."""
    files = post(SPLIT_BLOCKS)
    if renderer:
        files["package.json"] = json.dumps({"dependencies": {"hexo": "^7.0.0", renderer: "*"}})
    blog = make_blog(config={"math": {"enable": True}}, files=files)
    build_ok(blog)
    page = blog.read(OUT)
    assert [tex.strip() for tex in tex_sources(page)] == drawn
    assert "qp-math-error" not in body_of(page)
    if len(drawn) == 1:
        assert body(page).text.count("$$") == 4


def test_an_environment_ends_at_a_blank_line_where_the_page_split_it(make_blog):
    """`\\end{align*}\\\\` closes no bare environment block (a closing line must end with it):
    on a marked blog the search for its end crossed the blank line, a heading and a later
    block up to the next `\\end{align*}`, one formula of all of it, an error box. In the
    page marked wrote, the first environment lay in one paragraph and MathJax drew it there."""
    text = ("$$\n\\begin{align*}\nx &= 1\n\\end{align*}\\\\\n\nSome prose.\n\n$$\n\n## Next\n\n"
            "$$\n\\begin{align*}\ny &= 2\n\\end{align*}\n$$\n")
    files = post(text)
    files["package.json"] = json.dumps({"dependencies": {"hexo": "^7.0.0",
                                                         "hexo-renderer-marked": "^6.3.0"}})
    blog = make_blog(config={"math": {"enable": True}}, files=files)
    build_ok(blog)
    page = blog.read(OUT)
    assert "qp-math-error" not in body_of(page)
    assert [tex.strip() for tex in tex_sources(page)] == [
        "\\begin{align*}\nx &= 1\n\\end{align*}", "\\begin{align*}\ny &= 2\n\\end{align*}"]


def test_lines_of_a_paragraph_starting_with_a_backslash_are_read_once(monkeypatch) -> None:
    """On a blog whose environments stop at a blank line (marked), each line of a paragraph is
    asked whether an environment starts there; the search for the blank line ran from every
    line starting with a backslash, not only from `\\begin{…}`: a post of 20,000 such lines
    took 15 s of CPU to parse instead of 0.6 s. The paragraph stays text, the environment
    after it is drawn, and the lines are looked at a bounded number of times each."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

    from plugins.math.syntax import math_syntax_plugin

    looked = 0
    is_empty = StateBlock.isEmpty

    def counted(self: StateBlock, line: int) -> bool:
        nonlocal looked
        looked += 1
        return is_empty(self, line)

    monkeypatch.setattr(StateBlock, "isEmpty", counted)
    md = MarkdownIt("commonmark")
    md.use(math_syntax_plugin, gate=lambda env: True, after_parse=lambda tokens, env: None,
           render=lambda token, env: f"<m>{token.content}</m>", blank_lines=False,
           blank_line_environments=False)
    lines = 2000
    html = md.render("\n".join(f"\\alpha {i}" for i in range(lines))
                     + "\n\n\\begin{align}\nx\n\\end{align}\n")
    assert html.count("<p>") == 1 and "\\alpha 1999</p>" in html
    assert "<m>\\begin{align}\nx\n\\end{align}</m>" in html
    assert looked < 20 * lines
