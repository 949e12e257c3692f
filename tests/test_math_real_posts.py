"""Math written the way real Hexo posts write it: each formula rendered once, in its place.

Every case is read back from the built page's HTML: the display formulas counted, the text
and formulas taken in reading order, lists and quotes checked as elements.
"""

from __future__ import annotations

import json
import logging

import pytest

from quillpress.errors import ConfigError

from _tags_html import Element, body, parse
from conftest import build_ok

POST = "content/_posts/p.md"
OUT = "2024/01/02/p/index.html"


def build_post(make_blog, text: str, config: dict | None = None, raw: bool = False):
    """Build one post; `raw` writes the bytes as given (CRLF, leading spaces kept)."""
    blog = make_blog(config=config)
    source = f"---\ntitle: P\ndate: 2024-01-02\n---\n{text}\n"
    path = blog.root / POST
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw:
        path.write_bytes(source.encode("utf-8"))
    else:
        blog.write(POST, source)
    result = build_ok(blog)
    return result, body(blog.read(OUT))


def tex_of(formula: Element) -> str:
    [annotation] = formula.find_all("annotation")
    return annotation.text.strip()


def displays(root: Element) -> list[str]:
    """The TeX of every display formula on the page, in order."""
    return [tex_of(f) for f in root.find_all("span", "katex-display")]


def reading_order(element: Element) -> list[str]:
    """Words and formulas as a reader meets them: a formula is `$TeX$`, text is its words."""
    out: list[str] = []
    for part in element.parts:
        if isinstance(part, str):
            out.extend(part.split())
        elif "katex" in part.classes:
            out.append(f"${tex_of(part)}$")
        else:
            out.extend(reading_order(part))
    return out


def items(root: Element, tag: str = "ol") -> list[list[str]]:
    """The reading order of each item of the page's first list of this kind."""
    return items_of(root.find(tag))


def items_of(list_element: Element) -> list[list[str]]:
    return [reading_order(li) for li in list_element.parts
            if isinstance(li, Element) and li.tag == "li"]


# -- 1. a `$$` block right under a line of text --

ISSUE_CASE = r"""Then the score is:
$$
S(q, d)=\sum_i w_i
$$

1. Init the weights:
$$
D(1)=x
$$
2. For k:
"""


def test_display_block_under_text_renders_once_in_place(make_blog):
    result, root = build_post(make_blog, ISSUE_CASE)
    assert not result.problems.warnings
    assert displays(root) == [r"S(q, d)=\sum_i w_i", "D(1)=x"]
    order = reading_order(root)
    assert order.index("score") < order.index(r"$S(q, d)=\sum_i w_i$") < order.index("Init")
    assert len(root.find_all("ol")) == 1, "the formula broke the list in two"
    assert items(root) == [["Init", "the", "weights:", "$D(1)=x$"], ["For", "k:"]]


@pytest.mark.parametrize("text, expected", [
    ("# A heading\n$$\nh_1\n$$\nafter", ["A", "heading", "$h_1$", "after"]),
    ("Text ending here $$\ny_2\n$$ and more", ["Text", "ending", "here", "$y_2$", "and", "more"]),
    ("Before\n$$y_3$$\nafter", ["Before", "$y_3$", "after"]),
    ("Before\n\\[\ny_4\n\\]\nafter", ["Before", "$y_4$", "after"]),
    ("Before \\[ y_5 \\] after", ["Before", "$y_5$", "after"]),
    ("Before\n$$\ny_6\n$$\n$$\ny_7\n$$\nafter", ["Before", "$y_6$", "$y_7$", "after"]),
    ("Before\n\n$$ y_8 \\ge 0 $$ $$ y_9 = 1 $$\n\nafter", ["Before", "$y_8 \\ge 0$", "$y_9 = 1$", "after"]),
    ("$$y_{10}$$, so $$y_{11}$$", ["$y_{10}$", ",", "so", "$y_{11}$"]),
], ids=["after-heading", "same-line-as-text", "one-line-block", "brackets", "inline-brackets",
        "two-blocks", "formulas-in-a-row", "words-between-formulas"])
def test_display_variants_render_once_in_reading_order(make_blog, text, expected):
    _, root = build_post(make_blog, text)
    assert reading_order(root) == expected
    assert len(displays(root)) == sum(word.startswith("$") for word in expected)


def test_formula_in_quote_stays_in_the_quote(make_blog):
    _, root = build_post(make_blog, "> Quoted line:\n$$\nq_1\n$$\n> still quoted\n\nOutside.")
    [quote] = root.find_all("blockquote")
    assert reading_order(quote) == ["Quoted", "line:", "$q_1$", "still", "quoted"]
    assert displays(root) == ["q_1"]


def test_nested_list_keeps_its_shape(make_blog):
    text = "- outer\n  - inner:\n  $$\n  n_1\n  $$\n  - inner two\n- outer two\n"
    _, root = build_post(make_blog, text)
    assert displays(root) == ["n_1"]
    outer = root.find("ul")
    assert [li.tag for li in outer.parts if isinstance(li, Element)] == ["li", "li"]
    inner = outer.find("ul")
    assert items_of(inner) == [["inner:", "$n_1$"], ["inner", "two"]]


def test_indented_block_in_list_item(make_blog):
    _, root = build_post(make_blog, "1. first:\n   $$\n   i_1\n   $$\n2. second\n")
    assert items(root) == [["first:", "$i_1$"], ["second"]]
    assert displays(root) == ["i_1"]


def test_crlf_source(make_blog):
    _, root = build_post(make_blog, ISSUE_CASE.replace("\n", "\r\n"), raw=True)
    assert displays(root) == [r"S(q, d)=\sum_i w_i", "D(1)=x"]
    assert items(root) == [["Init", "the", "weights:", "$D(1)=x$"], ["For", "k:"]]


# -- 2. inline math with spaces inside the dollars; prices and shell variables --

def inline_tex(root: Element) -> list[str]:
    return [tex_of(f) for f in root.find_all("span", "katex")
            if f not in root.find_all("span", "katex-display")]


def test_spaced_inline_math_renders_when_it_is_clearly_tex(make_blog):
    text = (r"Error $ \delta^l $, model $ h(y_t;X) $, costs $O(1), O(log(n)), O(n^k) $ and "
            r"area $ \int_a^b f(x)\,dx $ and set $ x_{i} $, size $ n $, key $ e=17 $, pair $ < X, Y > $, "
            r"difference $ R - S $.")
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings
    assert inline_tex(root) == [r"\delta^l", "h(y_t;X)", "O(1), O(log(n)), O(n^k)",
                                r"\int_a^b f(x)\,dx", "x_{i}", "n", "e=17", "< X, Y >", "R - S"]
    assert "$" not in root.text


def test_spaced_inline_quotient_of_letters_or_digits_is_math(make_blog):
    """`$ k/p $` and `$ 1/p $` (a skip list's expected steps) were kept as text with their
    dollars, where the blog's MathJax drew them; a price per unit stays text."""
    text = r"Steps $ k/p $ from $ 1/p $ nodes, in $ (n+1)/2 $ tries; plans $ 5/month $ and $ 10/ $ 20."
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert inline_tex(root) == ["k/p", "1/p", "(n+1)/2"]
    assert "$ 5/month $ and $ 10/ $ 20" in root.text


def test_spaced_inline_index_and_pair_of_letters_are_math(make_blog):
    """`$ A[1:n] $` (an array and its range) and `$ (i, j) $` (a pair of indices) were kept as
    text with their dollars, 11 on a real blog (Aloento, Icarus), where its MathJax drew them;
    a price before a bracketed note stays text."""
    text = (r"Given $ A[1:n] $, try every $ (i, j) $ and $ A[j] - A[i] $; "
            r"costs $ 5 [approx] $ or $ 6 (each).")
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert inline_tex(root) == ["A[1:n]", "(i, j)", "A[j] - A[i]"]
    assert "$ 5 [approx] $ or $ 6 (each)." in root.text


def test_spaced_inline_math_opened_by_a_control_space_or_a_function(make_blog):
    text = (r"Let $\ g(t) $ and $\ Y $ hold, $ |v| = ReLU(3v) - v$, cost $O(m) $, "
            r"sum $ PQ + P'R $, term $ PQ $, count $ 2（1+1）$, gap $\ $ and area 20~80$m^2$ here.")
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert inline_tex(root) == [r"\ g(t)", r"\ Y", "|v| = ReLU(3v) - v", "O(m)", "PQ + P'R",
                                "PQ", "2（1+1）", "\\", "m^2"]
    assert "$" not in root.text


def test_underscore_and_caret_in_text_mode_show_as_characters(make_blog):
    """MathJax 2 set them as text; KaTeX refuses them unless escaped."""
    text = r"$$\text{step_size} \cdot \text{exp(AB^T)} + \text{when $y_1>0$}$$"
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    [formula] = root.find_all("span", "katex-display")
    drawn = formula.find("span", "katex-html").text
    assert "step_size" in drawn and "exp(AB^T)" in drawn
    assert len(formula.find_all("msub")) == 1  # y_1 in the nested math is still a subscript


def test_text_mode_on_a_mathjax_blog_shows_commands_and_braces_as_written(make_blog):
    """MathJax 2/3 in the reader's browser set `\\text{…}` as characters: a cheat sheet's
    `\\text{\\overset{a}{b}}` shows its source, beside the drawn formula."""
    text = "$$\\text{\\overset{a}{b} and v_{2}}:\\overset{a}{b}$$\n"
    blog = hexo_blog(make_blog, "hexo-renderer-kramed", text=text)
    result = build_ok(blog)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    drawn = body(blog.read(OUT)).find("span", "katex-html").text
    assert "\\overset{a}{b} and v_{2}" in drawn.replace("\xa0", " ")
    assert len(body(blog.read(OUT)).find_all("mover")) == 1  # the one outside \text is drawn


def test_undefined_command_on_a_mathjax_blog_is_red_and_the_rest_drawn(make_blog):
    """MathJax's noUndefined extension printed an unknown command in red and drew the rest."""
    text = "$$\\frac{\\nosuch F}{\\nosuch x} > 0$$\n\n$$a^{[2]\\(k\\)}$$\n"
    blog = hexo_blog(make_blog, "hexo-renderer-pandoc", text=text)
    result = build_ok(blog)
    root = body(blog.read(OUT))
    assert not root.find_all(cls="qp-math-error")
    [formula, script] = root.find_all("span", "katex-display")
    red = "".join(e.text for e in formula.find_all("span") if "red" in e.attrs.get("style", ""))
    assert red.count("nosuch") >= 2  # each use, in red
    assert formula.find("span", "katex-html").text.count("\\nosuch") == 2
    assert formula.find_all("mfrac")
    assert "\\(k\\)" in script.find("span", "katex-html").text  # a stray \( is a red symbol
    warnings = [w.message for w in result.problems.warnings]
    assert len(warnings) == 3 and "\\nosuch is not defined" in warnings[0]


def test_a_macro_of_the_blogs_own_math_script_is_not_said_to_be_mathjaxs(make_blog):
    """A blog whose own scripts/katex.js drew its math with KaTeX and katex-physics' macros
    (`\\dd`): the name is shown in red as on a MathJax blog, but the warning said that
    MathJax had shown it so; it names the script that drew the math instead."""
    blog = hexo_blog(make_blog, "hexo-renderer-pandoc", text="$$\\int f \\dd{x}$$\n")
    blog.write("scripts/katex.js", 'const katex = require("katex");\n'
                                   'const physics = require("katex-physics");\n')
    result = build_ok(blog)
    (warning,) = [w.message for w in result.problems.warnings if w.message.startswith("math:")]
    assert warning.startswith("math: \\dd is not defined; it is shown in red")
    assert "scripts/katex.js drew its math" in warning and "MathJax" not in warning


def test_text_mode_on_a_quillpress_blog_runs_commands(make_blog):
    _, root = build_post(make_blog, "$$\\text{see \\textbf{this} and a_b}$$")
    drawn = root.find("span", "katex-html")
    assert drawn.find_all("span", "textbf") and "a_b" in drawn.text


@pytest.mark.parametrize("text", [
    "It costs $5 and $6, or $10,000 in all.",
    "A price of $ 5 $ stays.",
    "Plain words $ and more words $ stay.",
    "Two prices $ 5 = $ 6 here.",
    "From $ 5 - $ 6 a night.",
    "A house from $ 2M - $ 3M, a flat $ 1M + $ 50k.",
    "Between $5 and $ 6 the gap is small.",
    "Set $HOME and $JAVA_HOME, then $PATH.",
    "Run with $HOME/bin:$PATH first.",
    "Or ${HOME}/bin:${PATH} braced.",
    "Then run deploy ${site_name} ${bucket_name} ${region} once.",
    "A ticket costs $5-$10 today.",
    "Pay 5$ now and 6$ later.",
    r"An escaped \$x\$ pair.",
])
def test_prices_and_shell_variables_stay_text(make_blog, text):
    _, root = build_post(make_blog, text)
    assert not root.find_all("span", "katex")
    assert root.find("p").text.strip() == text.replace("\\$", "$")


def test_unspaced_inline_math_beside_prices(make_blog):
    _, root = build_post(make_blog, "It costs $5, and $x_1$ is $AB$ long; $a\\$b$ too.")
    assert inline_tex(root) == ["x_1", "AB", r"a\$b"]
    assert "costs $5, and" in root.text


def test_capitals_before_a_slash_are_math_when_no_shell_variable_follows(make_blog):
    """`$NP/P$` read as the shell path `$HOME/bin:$PATH`, so its closing dollar paired with the
    next formula's opening one and drew the words between them as math."""
    _, root = build_post(make_blog, "先用$DFS/BFS$求出$f(x)$再输出。Both $NP/P$ and $O(n)$ hold.")
    assert inline_tex(root) == ["DFS/BFS", "f(x)", "NP/P", "O(n)"]
    assert "求出" in root.text and "再输出" in root.text and " and " in root.text


def test_a_digit_after_a_word_formula_does_not_make_it_a_price(make_blog):
    """`$Emacs$2333`: the digit after the closing dollar made it a price, and the next dollar
    opened a formula of the words up to the one after it; MathJax draws `$Emacs$`."""
    _, root = build_post(make_blog, "Editors: $Vim$ but no $Nano$2333, so $Vim$ again.")
    assert inline_tex(root) == ["Vim", "Nano", "Vim"]
    assert "2333, so" in root.text


def test_a_spaced_product_of_numbers_is_math_and_pairs_the_next_formula_right(make_blog):
    """`$2*64 $` was read as a price, so its closing dollar opened a formula that swallowed
    the words up to the next one; MathJax pairs the dollars left to right."""
    _, root = build_post(make_blog, "Each of $2*64 $ boxes holds the row $[7,8]$ in full.")
    assert inline_tex(root) == ["2*64", "[7,8]"]
    assert "boxes holds the row" in root.text


# -- 3. math in table cells --

def test_math_in_table_cells_next_to_a_dash(make_blog):
    table = "| a | b |\n|---|---|\n|$\\tau$-3|$\\tau$-2|\n| $ x^2 $ | $|x|$ |\n"
    result, root = build_post(make_blog, table)
    assert not result.problems.warnings
    cells = [reading_order(td) for td in root.find_all("td")]
    assert cells == [["$\\tau$", "-3"], ["$\\tau$", "-2"], ["$x^2$"], ["$|x|$"]]


# -- 4. macros defined on bare lines outside math (hexo-renderer-pandoc's latex_macros) --

def test_bare_macro_lines_define_the_posts_macros(make_blog):
    text = ("\\newcommand{\\Prover}{\\mathcal{P}}\n\\newcommand{\\R}{\\mathbb{R}}\n"
            "\\def\\vec#1{\\mathbf{#1}}\n\n"
            "The prover $\\Prover$ sends $\\vec{w} \\in \\R^n$.\n\n$$\n\\Prover(\\vec{x})\n$$\n")
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert "newcommand" not in root.text and "\\def" not in root.text
    assert root.find("p").text.startswith("The prover")
    assert len(root.find_all("span", "mathcal")) == 2  # \Prover, inline and display
    assert len(root.find_all("span", "mathbf")) == 2
    assert len(root.find_all("span", "mathbb")) == 1


def test_broken_bare_definition_stays_visible(make_blog):
    result, root = build_post(make_blog, "\\newcommand{\\Open}{\\left(\n\nText $x$.\n")
    assert "\\newcommand{\\Open}" in root.find("p").text
    assert not result.problems.errors


# -- issue 16: what readers see of a broken formula, and what the writer reads --

BROKEN = "Fine $x$.\n\n$$\na + \\nosuch{y} + b\n$$\n\nInline $\\frac{1}{$ too.\n"


def test_broken_formula_in_a_deployable_build_shows_only_its_tex(make_blog):
    result, root = build_post(make_blog, BROKEN)
    assert "content/_posts" not in root.text and "Undefined control" not in root.text
    [quiet] = root.find_all("pre", "qp-math-quiet")
    assert quiet.text.strip() == "a + \\nosuch{y} + b"
    [inline] = root.find_all("code", "qp-math-error")
    assert inline.text == "\\frac{1}{" and "title" not in inline.attrs
    assert [(w.path, w.line) for w in result.problems.warnings] == [
        ("content/_posts/p.md", 7), ("content/_posts/p.md", 11)]


@pytest.mark.parametrize("how", [{"drafts": True}, {"overrides": {"_preview": True}}],
                         ids=["drafts", "serve"])
def test_broken_formula_box_names_file_and_line_for_the_writer(make_blog, how):
    blog = make_blog(files={POST: f"---\ntitle: P\ndate: 2024-01-02\n---\n{BROKEN}"})
    assert blog.build(**how).ok
    root = body(blog.read(OUT))
    box = root.find("div", "qp-math-error")
    assert "content/_posts/p.md:7" in box.text and "Undefined control sequence" in box.text
    assert "expected" in root.find("code", "qp-math-error").attrs["title"]


def test_serve_builds_for_the_writer(tmp_path, monkeypatch):
    """`serve` asks for writer builds (file:line in boxes); `build` does not."""
    import argparse

    from quillpress.build import builder
    from quillpress.commands import serve

    seen = {}

    class Stop(Exception):
        pass

    def record(*args, **kwargs):
        seen.update(kwargs)
        raise Stop

    monkeypatch.setattr(builder, "Builder", record)  # serve imports it when it runs
    args = argparse.Namespace(root=tmp_path, config_files=None, drafts=False, quiet=True)
    with pytest.raises(Stop):
        serve.run(args)
    assert seen["overrides"]["_preview"] is True


def test_katex_message_has_a_caret_not_combining_underlines(make_blog):
    result, _ = build_post(make_blog, "Broken $a + \\nosuch{y} + b$ here.")
    [warning] = result.problems.warnings
    assert "\u0332" not in warning.message
    lines = warning.message.split("\n")
    snippet, caret = lines[-2], lines[-1]
    assert snippet.strip() == "a + \\nosuch{y} + b"
    start = snippet.index("\\nosuch")
    assert caret.index("^") == start and caret.count("^") == len("\\nosuch")


# -- 5. escapes written for hexo-renderer-marked --

MARKED_POST = ("Policy $\\pi^{\\*}$ and count $C\\_{k,d}$ with set $\\\\{x\\\\}$.\n\n"
               "$$\n\\begin{aligned} a &= b \\\\\\\\\n c &= d \\end{aligned}\n$$\n\n"
               "Also \\\\(y_1\\\\) inline.\n")


def hexo_blog(make_blog, renderer: str | None, config: dict | None = None,
              text: str = MARKED_POST):
    """A Hexo blog (package.json naming `renderer`) with one post holding `text`, which asks
    for math (`mathjax: true`) as posts on themes that load MathJax per page do."""
    deps = {"hexo": "^7.0.0", "hexo-renderer-ejs": "^2.0.0"}
    if renderer:
        deps[renderer] = "^1.0.0"
    blog = make_blog(config=config, files={
        "package.json": json.dumps({"name": "hexo-site", "dependencies": deps}),
        POST: f"---\ntitle: P\ndate: 2024-01-02\nmathjax: true\n---\n{text}"})
    return blog


def formulas(blog) -> list[str]:
    return [tex_of(f) for f in body(blog.read(OUT)).find_all("span", "katex")]


@pytest.mark.parametrize("renderer", [None, "hexo-renderer-marked", "hexo-renderer-markdown-it"])
def test_marked_blog_escapes_are_read_as_marked_did(make_blog, caplog, renderer):
    blog = hexo_blog(make_blog, renderer)
    with caplog.at_level(logging.INFO, logger="quillpress.math"):
        result = blog.build()
    assert result.ok and not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert formulas(blog) == ["\\pi^{*}", "C_{k,d}", "\\{x\\}",
                              "\\begin{aligned} a &= b \\\\\n c &= d \\end{aligned}", "y_1"]
    root = body(blog.read(OUT))
    assert len(root.find("span", "katex-display").find_all("mtr")) == 2  # the row break held
    [line] = [r.message for r in caplog.records if "math.escapes" in r.message]
    assert "marked" in line


def test_hexo2_blog_escapes_are_read_as_its_built_in_marked_did(make_blog):
    """Hexo 2 was installed globally and carried marked inside: its site's package.json,
    named `hexo-site`, lists neither `hexo` nor a renderer. Its math was read as a
    QuillPress blog's, `\\*` and `\\_` kept, and KaTeX refused or drew them wrong."""
    blog = make_blog(files={
        "package.json": json.dumps({"name": "hexo-site", "version": "2.5.7", "private": True,
                                    "dependencies": {"hexo-generator-feed": "~0.1.0"}}),
        POST: f"---\ntitle: P\ndate: 2024-01-02\nmathjax: true\n---\n{MARKED_POST}"})
    result = build_ok(blog)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert formulas(blog)[:3] == ["\\pi^{*}", "C_{k,d}", "\\{x\\}"]


def test_marked_blog_escaped_periods_inside_math_are_periods(make_blog):
    """`[x\\_1,\\.\\.\\.,x\\_n]`: marked turned `\\.` into `.` before MathJax looked; taken as
    TeX it is the dot accent, which KaTeX refused and MathJax showed in red."""
    text = "Holdings $[x\\_1,\\.\\.\\.,x\\_n]^T$ here.\n"
    blog = hexo_blog(make_blog, "hexo-renderer-marked", text=text)
    result = build_ok(blog)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert formulas(blog) == ["[x_1,...,x_n]^T"]


def test_marked_blog_parentheses_escaped_inside_math_are_parentheses(make_blog):
    """marked turned `\\(` into `(` and `\\\\\\{` into `\\{` before MathJax looked; `\\\\(` stays
    a row break."""
    text = "Chance $ P \\( A \\cap B \\) $ and $$a \\\\\\\\(b)$$ and $\\left\\\\\\{ c \\right.$.\n"
    blog = hexo_blog(make_blog, "hexo-renderer-marked", text=text)
    result = build_ok(blog)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert formulas(blog) == ["P ( A \\cap B )", "a \\\\(b)", "\\left\\{ c \\right."]


@pytest.mark.parametrize("renderer", ["hexo-renderer-marked", "hexo-renderer-markdown-it"])
def test_marked_blog_character_references_inside_math_are_the_characters(make_blog, renderer):
    """`$ a &lt; b $`: marked and markdown-it put the reference into the page as written, the
    reader's browser showed `<`, and MathJax read that (a real blog's three red formulas, each
    "Misplaced &")."""
    text = ("Bound $ \\delta &lt; 2^\\circ $ and $c &gt; c' &#62; d$.\n\n"
            "$$\n\\begin{aligned} x &amp;= 1 \\end{aligned}\n$$\n")
    blog = hexo_blog(make_blog, renderer, text=text)
    result = build_ok(blog)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert formulas(blog) == ["\\delta < 2^\\circ", "c > c' > d",
                              "\\begin{aligned} x &= 1 \\end{aligned}"]


def test_marked_blog_escaped_brackets_and_equals_inside_math_are_plain(make_blog):
    """`\\left\\[ … \\right\\]` and a row opening with `\\=` (so marked does not read a line of
    `=` as a heading's underline): marked turned `\\[`, `\\]` and `\\=` into `[`, `]` and `=`
    before MathJax looked. Taken as TeX they are errors (`\\=` is a text accent): 13 red
    formulas on a real blog. `\\\\[2pt]` stays a row break with its spacing."""
    text = ("$$\n\\forall x\\left\\[ P(x) \\right\\]\n$$\n\n"
            "$$\n\\begin{bmatrix} a \\end{bmatrix}\n\\=\n\\begin{bmatrix} b \\end{bmatrix}\n$$\n\n"
            "$$a \\\\\\\\[2pt] b$$\n")
    blog = hexo_blog(make_blog, "hexo-renderer-marked", text=text)
    result = build_ok(blog)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert formulas(blog) == ["\\forall x\\left[ P(x) \\right]",
                              "\\begin{bmatrix} a \\end{bmatrix}\n=\n\\begin{bmatrix} b \\end{bmatrix}",
                              "a \\\\[2pt] b"]


@pytest.mark.parametrize("renderer", ["hexo-renderer-marked", "hexo-renderer-markdown-it"])
def test_a_lone_backslash_paren_on_a_marked_blog_is_a_parenthesis(make_blog, renderer):
    """marked (and markdown-it) read `\\(` and `\\[` as escaped punctuation: Hexo 7.3 shows
    `\\(MIT License\\)` as "(MIT License)" and a reference `[\\[1\\] A](url)` as "[1] A",
    where QuillPress drew formulas, two of them error boxes on a real blog. A lone pair
    that holds TeX (`\\( r_\\theta \\)`, shown as text on the blog too) warns at its line;
    `\\\\(…\\\\)`, which reached MathJax, is drawn."""
    text = ("A licence \\(MIT License\\) and [\\[1\\] A reference](https://example.org/r).\n\n"
            "Loss \\( r_\\theta \\) here, \\\\(x^2\\\\) drawn.\n\nDisplay \\[ a + b \\] inline.\n")
    blog = hexo_blog(make_blog, renderer, text=text)
    result = build_ok(blog)
    assert formulas(blog) == ["x^2"]
    shown = body(blog.read(OUT)).text
    for words in ("(MIT License)", "[1] A reference", "( r_\\theta )", "[ a + b ]"):
        assert words in shown, words
    warned = [(w.message, w.line) for w in result.problems.warnings]
    assert len(warned) == 1 and "r_\\theta" in warned[0][0] and warned[0][1] == 8, warned
    assert "\\\\(" in (result.problems.warnings[0].hint or "")


@pytest.mark.parametrize("renderer", ["hexo-renderer-pandoc",
                                      "hexo-renderer-multi-markdown-it"])  # its markdown-it-katex
def test_blogs_drawing_math_in_their_renderer_keep_tex_as_written(make_blog, renderer):
    blog = hexo_blog(make_blog, renderer)
    blog.build()
    found = formulas(blog)
    assert "C\\_{k,d}" in found and "C_{k,d}" not in found and "\\pi^{*}" not in found


def test_syzoj_renderer_blog_draws_every_dollar_pair_and_keeps_tex_as_written(make_blog):
    """hexo-renderer-syzoj-renderer (markdown-it-math-loose, KaTeX at build time) drew every
    `$…$`, spaces and all, and left backslashes in math as written."""
    blog = hexo_blog(make_blog, "hexo-renderer-syzoj-renderer",
                     text="Nodes from $ 1 $ to $ n $, total $ sum $ and the set $\\{a\\_1\\}$.\n")
    result = build_ok(blog)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert formulas(blog) == ["1", "n", "sum", "\\{a\\_1\\}"]
    assert "$" not in body(blog.read(OUT)).text


def test_kramed_undoes_escapes_in_single_dollars_only(make_blog):
    blog = hexo_blog(make_blog, "hexo-renderer-kramed")
    blog.build()
    found = formulas(blog)
    assert found[:2] == ["\\pi^{*}", "C_{k,d}"]
    assert "\\\\\\\\" in found[3]  # $$…$$ kept as written: kramed left it alone


MAKE_PROSE = ("> \\\\$@: the target, as in ($@) each turn.\n\n"
              "> \\\\$<: the first one, as in (\\\\$<) and ($<) in a rule.\n\n"
              "Still a formula: $x_1$.\n")


@pytest.mark.parametrize("renderer", ["hexo-renderer-kramed", "hexo-renderer-marked"])
def test_a_dollar_after_an_escaped_backslash_is_text_where_markdown_read_it_first(
        make_blog, renderer):
    """Prose about make (`\\\\$@` then `$@`): kramed and marked read `\\\\` as one
    backslash, so the theme's MathJax met `\\$@`, a dollar sign, and drew nothing there.
    QuillPress drew the text between the two dollars as a formula (9 on a real blog)."""
    blog = hexo_blog(make_blog, renderer, text=MAKE_PROSE)
    build_ok(blog)
    assert formulas(blog) == ["x_1"]
    shown = body(blog.read(OUT)).text
    assert "\\$@: the target, as in ($@) each turn." in shown
    assert "\\$<: the first one, as in (\\$<) and ($<) in a rule." in shown


def test_a_dollar_after_an_escaped_backslash_opens_math_where_tex_is_kept(make_blog):
    """Where the renderer keeps TeX as written (pandoc, a QuillPress blog), `\\\\` is a
    backslash and the dollar after it opens a formula, as before."""
    blog = hexo_blog(make_blog, "hexo-renderer-pandoc", text="Row \\\\$y_2$ here.\n")
    build_ok(blog)
    assert formulas(blog) == ["y_2"]


def test_escapes_setting_overrides_the_guess(make_blog):
    blog = hexo_blog(make_blog, "hexo-renderer-marked", config={"math": {"escapes": "none"}})
    blog.build()
    assert "C\\_{k,d}" in formulas(blog)


def test_quillpress_blog_keeps_tex_as_written(make_blog):
    _, root = build_post(make_blog, "Literal $a\\_b$ underscore.")
    assert [tex_of(f) for f in root.find_all("span", "katex")] == ["a\\_b"]


def test_bad_escapes_setting_names_the_key(make_blog):
    blog = make_blog(config={"math": {"escapes": "sideways"}}, files={POST: "---\ntitle: P\n---\nx\n"})
    with pytest.raises(ConfigError) as caught:
        blog.build()
    assert "math.escapes" in str(caught.value) and "marked" in str(caught.value)


# -- issue 16: the meta description and the link preview --

def metas(page: str) -> dict[str, str]:
    found = {}
    for meta in parse(page).find_all("meta"):
        key = meta.attrs.get("name") or meta.attrs.get("property")
        if key:
            found[key] = meta.attrs.get("content", "")
    return found


def test_description_is_the_excerpt_in_plain_words(make_blog):
    long_tex = "\\sum_{i=1}^{n} \\frac{\\partial \\mathcal{L}}{\\partial w_i} \\cdot x_i + b_0 + b_1"
    text = ("\\newcommand{\\R}{\\mathbb{R}}\n\n"
            f"Weights $w \\in \\R^n$ and $\\def\\half{{\\frac12}}$ the loss ${long_tex}$ fall.\n\n"
            "```python\nimport torch.cuda.amp as amp\n```\n\n"
            "Still in the excerpt.\n\n<!-- more -->\n\nAfter the cut.\n")
    blog = make_blog(files={POST: f"---\ntitle: P\ndate: 2024-01-02\n---\n{text}"})
    assert blog.build().ok
    meta = metas(blog.read(OUT))
    description = meta["description"]
    assert description == meta["og:description"]
    assert description.startswith("Weights w \\in \\R^n and the loss \\sum_{i=1}^{n}")
    assert "…" in description and long_tex not in description
    assert description.endswith("fall. Still in the excerpt.")
    for absent in ("newcommand", "\\def", "torch", "After the cut"):
        assert absent not in description


def test_front_matter_description_wins(make_blog):
    blog = make_blog(files={POST: "---\ntitle: P\ndate: 2024-01-02\ndescription: My own words\n"
                                  "---\nBody $x$ text.\n"})
    assert blog.build().ok
    assert metas(blog.read(OUT))["description"] == "My own words"


@pytest.mark.parametrize("front, body_text, expected", [
    ("cover: /img/c.png\n", "![x](first.png)", "http://example.com/img/c.png"),
    ("index_img: /img/i.png\n", "text", "http://example.com/img/i.png"),
    ("thumbnail: https://cdn.example/t.png\n", "text", "https://cdn.example/t.png"),
    ("banner_img: /img/b.png\n", "text", "http://example.com/img/b.png"),
    ("", "Text.\n\n![x](pics/first.png) ![y](/img/second.png)", "http://example.com/2024/01/02/p/pics/first.png"),
    ("", "Text.\n\n![y](/img/second.png)", "http://example.com/img/second.png"),
], ids=["cover", "index_img", "thumbnail", "banner_img", "first-relative", "first-absolute"])
def test_og_image_is_the_cover_or_the_first_picture(make_blog, front, body_text, expected):
    blog = make_blog(files={POST: f"---\ntitle: P\ndate: 2024-01-02\n{front}---\n{body_text}\n"})
    assert blog.build().ok
    assert metas(blog.read(OUT))["og:image"] == expected


def test_no_picture_no_og_image(make_blog):
    blog = make_blog(files={POST: "---\ntitle: P\ndate: 2024-01-02\n---\nJust words.\n"})
    assert blog.build().ok
    meta = metas(blog.read(OUT))
    assert "og:image" not in meta and meta["twitter:card"] == "summary"


def test_formula_in_a_list_item_is_numbered_and_linked(make_blog):
    text = ("1. First:\n$$\nx = 1 \\label{eq:one}\n$$\n2. See \\eqref{eq:one}.\n\n"
            "$$\ny = 2 \\label{eq:two}\n$$\n")
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    [first_item, second_item] = root.find("ol").find_all("li")
    assert first_item.find("span", "qp-math-display").attrs["id"] == "eq-eq:one"
    link = second_item.find("a", "qp-eqref")
    assert link.attrs["href"] == "#eq-eq:one" and link.text == "(1)"
    assert "(2)" in root.find("div", "qp-math-display").text


def test_bare_environment_under_a_list_item_stays_in_the_item(make_blog):
    text = "1. Solve:\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\n2. Check.\n\n> Quote:\n\\begin{equation*}\ne_1\n\\end{equation*}\n"
    result, root = build_post(make_blog, text)
    assert not result.problems.warnings, [w.message for w in result.problems.warnings]
    assert len(root.find_all("ol")) == 1
    [first, second] = root.find("ol").find_all("li")
    assert len(first.find("span", "katex-display").find_all("mtr")) == 2
    assert reading_order(second) == ["Check."]
    assert tex_of(root.find("blockquote").find("span", "katex")).startswith("\\begin{equation*}")
    assert len(displays(root)) == 2
