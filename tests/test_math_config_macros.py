"""Macros a blog defines in its MathJax/KaTeX configuration script are defined in its posts.

The configuration is read as data (never run); what cannot be read is named in one warning.
"""

from __future__ import annotations

import pytest

from plugins.math.config_macros import read_macros

from _tags_html import body
from conftest import build_ok
from test_math_real_posts import OUT, POST, displays

CONFIG_JS = r"""(function () {
  // site-wide TeX shortcuts
  window.MathJax = {
    tex: {
      inlineMath: [['$', '$']],
      macros: {
        Reals: '\\mathbb{R}',
        mean: ['\\left\\langle #1 \\right\\rangle', 1],
        /* built at run time: not data */
        later: makeMacro('x'),
      }
    }
  };
}());
"""


def test_macros_of_the_blogs_mathjax_config_file_are_defined(make_blog):
    post = "---\ntitle: P\ndate: 2024-01-02\n---\n$$\n\\mean{v} \\in \\Reals\n$$\n"
    blog = make_blog(files={"content/js/mathjax-setup.js": CONFIG_JS, POST: post})
    result = build_ok(blog)
    root = body(blog.read(OUT))
    assert displays(root) == ["\\mean{v} \\in \\Reals"]
    assert not root.find_all(cls="qp-math-error")
    drawn = root.find("span", "katex-html").text
    assert "⟨" in drawn and "R" in drawn  # \mean drew its angle brackets, \Reals its R
    [warning] = [w for w in result.problems.warnings if "macros" in w.message]
    assert str(warning.path).endswith("content/js/mathjax-setup.js")
    assert "\\later" in warning.message and "\\mean" not in warning.message


def test_math_macros_in_config_win_over_the_script(make_blog):
    post = "---\ntitle: P\ndate: 2024-01-02\n---\n$\\Reals$\n"
    blog = make_blog(config={"math": {"macros": {"\\Reals": "\\mathcal{R}"}}},
                     files={"content/js/mathjax-setup.js": CONFIG_JS, POST: post})
    build_ok(blog)
    assert body(blog.read(OUT)).find_all("span", "mathcal")


@pytest.mark.parametrize("script, expected, unread", [
    # MathJax 2, in a theme's <script>, with quoted keys and a one-argument macro
    ('MathJax.Hub.Config({TeX: {Macros: {"NN": "\\\\mathbb{N}", vec: ["\\\\mathbf{#1}", 1]}}});',
     {"\\NN": "\\mathbb{N}", "\\vec": "\\mathbf{#1}"}, []),
    # KaTeX auto-render: names carry their backslash; JS escapes decoded
    ("renderMathInElement(document.body, {macros: {'\\\\Z': '\\\\mathbb{Z}', '\\\\half': "
     "'\\u005cfrac12'}});", {"\\Z": "\\mathbb{Z}", "\\half": "\\frac12"}, []),
    # an optional argument, a sum of strings, a template with code: skipped and named
    ("MathJax = {tex: {macros: {opt: ['#1', 1, 'x'], sum: 'a' + 'b', tpl: `${x}`, ok: 'y'}}};",
     {"\\ok": "y"}, ["\\opt", "\\sum", "\\tpl"]),
])
def test_macro_objects_are_read_as_data(script, expected, unread):
    assert read_macros(script) == (expected, unread)
