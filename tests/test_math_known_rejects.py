"""A formula KaTeX rejects that MathJax would reject too is not sent to MathJax, whose Node
then never starts for it (~0.2 s of CPU in each process that would have loaded it). What
MathJax knows comes from the installed MathJax (mathjax_names.js, run at set-up); its warning
still names the file and line, with KaTeX's message and why MathJax was not asked."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from _tags_html import body
from conftest import build_ok
from tests.conftest import REPO
from tests.test_math_engines import math_module, math_module_file
from tests.test_math_fallback import needs_mathjax
from tests.test_math_real_posts import hexo_blog

POST = "content/_posts/p.md"
OUT = "2024/01/02/p/index.html"
PACKAGE = REPO / "node_modules" / "@mathjax" / "src"

# KaTeX rejects each; MathJax rejects each too (asserted below against the real MathJax).
REJECTED_BY_BOTH = [
    r"a \- b",  # no package of MathJax's defines \-
    r"\ksi(r) = 1",  # a typo for \xi
    r"x + \+ y",
    r"f(t) = \frac{a}{b} \= c",  # KaTeX: no group after \=; MathJax has \= in text mode only
    r"x \= \lim_{k} y",
    r"\begin{equation*} x \end{equation}",
    r"\begin{qpnosuch} x \end{qpnosuch}",
]
# KaTeX rejects each, and MathJax draws it, or might: it is asked.
MATHJAX_MAY_DRAW = [
    r"\bbox[2px]{x}",  # a package MathJax has
    r"\dd x",  # the physics package, which a formula's \require (earlier, in any post) loads
    r"\begin{cases} a & \= \lim \end{cases}",  # MathJax reads the cell after & as text
    r"\def\ksi{\xi} \ksi \-",  # a definition: never skipped
]


@pytest.fixture(scope="module")
def names(tmp_path_factory):
    """The names of the installed MathJax, made as `make setup` makes them."""
    module = math_module_file("mathjax_names")
    target = tmp_path_factory.mktemp("names") / "names.json"
    assert module.make(shutil.which("node"), target)
    version = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    found = module.load(target, version)
    assert found is not None
    return found


def katex_message(make_blog, tex: str) -> str:
    """KaTeX's message for a formula it rejects, as the renderer sees it."""
    katex = math_module(make_blog, "katex")
    dist = sys.modules["quillpress_plugin_math.launch"].find_katex([REPO])
    engine = katex.KatexEngine(dist)  # in QuickJS: the same KaTeX, the same messages
    engine.reset({})
    with pytest.raises(sys.modules["quillpress_plugin_math.engine"].MathError) as rejected:
        engine.render(tex, True)
    return str(rejected.value)


@needs_mathjax
def test_the_names_come_from_every_package_of_the_installed_mathjax(names):
    assert {"frac", "bbox", "enclose", "ce", "dd"} <= names.math  # base, autoload, \require
    assert "=" in names.text and "=" not in names.math and "-" not in names.math | names.text
    assert {"equation*", "cases", "numcases"} <= names.environments
    assert {"text", "mbox", "fbox", "colorbox"} <= names.text_arguments


@needs_mathjax
def test_what_is_known_rejected_mathjax_rejects_and_what_it_may_draw_is_asked(make_blog, names):
    rejects = math_module(make_blog, "mathjax_rejects")
    mathjax = sys.modules["quillpress_plugin_math.mathjax"]
    worker = sys.modules["quillpress_plugin_math.node_worker"].NodeWorker(
        shutil.which("node"), None)
    engine = mathjax.MathJaxEngine(REPO, worker)
    error = sys.modules["quillpress_plugin_math.engine"].MathError
    try:
        engine.reset({})
        for tex in REJECTED_BY_BOTH:
            assert rejects.why_rejected(tex, katex_message(make_blog, tex), names, "") is not None, tex
            with pytest.raises(error):
                engine.render(tex, True)
        for tex in MATHJAX_MAY_DRAW:
            assert rejects.why_rejected(tex, katex_message(make_blog, tex), names, "") is None, tex
    finally:
        worker.close()


def failed_at(tex: str, name: str) -> str:
    """KaTeX's message for `\\name` undefined where `tex` first has it."""
    return f"Undefined control sequence: \\{name} at position {tex.index(chr(92) + name) + 1}: "


@needs_mathjax
@pytest.mark.parametrize("tex", [
    r"{a \= b}",  # in a group: perhaps an argument read as text
    r"\mbox \= b",  # an argument
    r"\fbox{a} \= b",  # perhaps a further argument of a command that reads text
    r"\mycommand{a} \= b",  # the writer's own macro, which might
    r"\begin{cases} a & \= b \end{cases}",  # a cell MathJax reads as text
    r"x \\= b",  # no \= at all: a line break, then =
])
def test_a_text_mode_command_is_known_rejected_only_outside_groups_and_arguments(
        make_blog, names, tex):
    rejects = math_module(make_blog, "mathjax_rejects")
    message = f"Expected group as argument to '\\=' at position {tex.index('=') + 2}: "
    assert rejects.why_rejected(tex, message, names, "") is None
    alone = "a % a comment's {\n\\= b"  # not in a group: the brace is in a comment
    message = f"Expected group as argument to '\\=' at position {alone.index('=') + 2}: "
    assert rejects.why_rejected(alone, message, names, "") is not None


@needs_mathjax
def test_a_name_the_post_may_have_defined_for_mathjax_alone_is_asked(make_blog, names):
    """A formula MathJax was given in this post (KaTeX rejected it) may have defined the name
    or environment for MathJax only, even if it was rejected after the definition."""
    rejects = math_module(make_blog, "mathjax_rejects")
    undefined = failed_at(r"\ksi", "ksi")
    assert rejects.why_rejected(r"\ksi", undefined, names, r"\bbox{x}\def\ksi{\xi}") is None
    assert rejects.why_rejected(r"\ksi", undefined, names, r"\bbox{x}\def\ksin{\xi}") is not None
    mismatch = r"Mismatch: \begin{qq} matched by \end{equation} at position 12: "
    assert rejects.why_rejected(r"\begin{qq}x\end{equation}", mismatch, names,
                                r"\newenvironment{qq}{}{}") is None


def build_with_names(make_blog, names, monkeypatch, body: str, new_blog=None):
    """A build of one post (in the blog `new_blog()` makes, else a plain one), the MathJax names
    being `names`, and the formulas MathJax was asked."""
    math_module(make_blog, "mathjax")
    mathjax = sys.modules["quillpress_plugin_math.mathjax"]
    monkeypatch.setattr(mathjax, "read_names", lambda package, version: names)
    asked: list[str] = []
    original = mathjax.MathJaxEngine.render
    monkeypatch.setattr(mathjax.MathJaxEngine, "render",
                        lambda self, tex, display: asked.append(tex) or original(self, tex, display))
    blog = new_blog() if new_blog else make_blog(
        files={POST: f"---\ntitle: P\ndate: 2024-01-02\n---\n{body}"})
    return blog, build_ok(blog), asked


@needs_mathjax
def test_a_build_does_not_ask_mathjax_what_it_would_reject(make_blog, names, monkeypatch):
    body = ("Text $a \\ksi b$ here.\n\n"
            "$$\n\\begin{equation*} x \\end{equation}\n$$\n\n"
            "And $\\bbox[2px]{y}$ there.\n")
    blog, result, asked = build_with_names(make_blog, names, monkeypatch, body)
    assert asked == [r"\bbox[2px]{y}"]  # only the formula MathJax draws
    page = blog.read(OUT).split("</head>", 1)[1]
    assert page.count("<mjx-container") == 1 and page.count("qp-math-error") == 2
    warnings = sorted((w.line, w.message) for w in result.problems.warnings)
    (first, undefined), (second, mismatch), (third, drawn) = warnings
    assert (first, second, third) == (5, 7, 11)
    assert undefined.startswith("math: katex: Undefined control sequence: \\ksi at position 3")
    assert undefined.endswith("; mathjax (not asked): Undefined control sequence \\ksi "
                              "(none of its packages has it)")
    assert mismatch.startswith("math: katex: Mismatch: \\begin{equation*} matched by \\end{equation}")
    assert mismatch.endswith("; mathjax (not asked): \\begin{equation*} ended with \\end{equation}")
    assert drawn.startswith("math: mathjax drew it instead; katex: Undefined control sequence: \\bbox")
    assert {w.path for w in result.problems.warnings} == {POST}


@needs_mathjax
def test_without_the_names_mathjax_is_asked_as_before(make_blog, monkeypatch):
    blog, result, asked = build_with_names(make_blog, None, monkeypatch, "Text $a \\ksi b$ here.\n")
    assert asked == [r"a \ksi b"]
    [warning] = result.problems.warnings
    assert warning.line == 5 and "; mathjax: Undefined control sequence \\ksi" in warning.message


@needs_mathjax
def test_on_a_mathjax_blog_the_name_mathjax_would_not_know_is_still_red(make_blog, names,
                                                                      monkeypatch):
    """KaTeX takes `\\=` for an accent and fails on its argument; MathJax knew `\\=` in text
    mode only and said it was undefined, which drew it in red, as the blog's MathJax showed it
    (noundefined.py). Not asked, it is red all the same."""
    tex = r"x = \frac{a}{b} \= \lim_{k} y"
    blog, result, asked = build_with_names(
        make_blog, names, monkeypatch, "",
        lambda: hexo_blog(make_blog, "hexo-renderer-pandoc", text=f"$${tex}$$\n"))
    assert asked == []
    root = body(blog.read(OUT))
    assert not root.find_all(cls="qp-math-error") and not root.find_all("mjx-container")
    [formula] = root.find_all("span", "katex-display")
    red = "".join(e.text for e in formula.find_all("span") if "red" in e.attrs.get("style", ""))
    assert "=" in red and formula.find_all("mfrac")
    [warning] = [w for w in result.problems.warnings if w.message.startswith("math:")]
    assert warning.message.startswith("math: \\= is not defined; it is shown in red")


@needs_mathjax
@pytest.mark.parametrize("lists", [
    {"math": [], "text": [], "environments": [], "text_arguments": []},  # nothing was read
    {"math": "frac sqrt", "text": "=", "environments": "array", "text_arguments": "text"},
    {"math": [["bbox"]], "text": [], "environments": [], "text_arguments": []},
])
def test_a_names_file_without_mathjax_s_own_names_is_not_used(make_blog, monkeypatch, tmp_path,
                                                               lists):
    """A names file of this MathJax's version but without its base package's names (its
    handlers imported from another copy of MathJax, a file edited by hand) would show every
    formula KaTeX rejects as an error: MathJax is asked as without a file."""
    module = math_module_file("mathjax_names")
    version = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    path = tmp_path / "names.json"
    path.write_text(json.dumps({"version": version, **lists}), encoding="utf-8")
    blog, _result, asked = build_with_names(make_blog, module.load(path, version), monkeypatch,
                                            "Text $\\bbox[2px]{y}$ here.\n")
    assert asked == [r"\bbox[2px]{y}"]
    root = body(blog.read(OUT))
    assert root.find_all("mjx-container") and not root.find_all(cls="qp-math-error")


@pytest.mark.parametrize("stalls", [True, False])
def test_a_node_that_stalls_or_is_missing_makes_no_names_and_no_traceback(tmp_path, monkeypatch,
                                                                          stalls):
    """`make setup` goes on without the names (builds then ask MathJax) when Node stalls
    past its time or is not where it was found; no traceback, no half-written file."""
    module = math_module_file("mathjax_names")
    node = tmp_path / "bin" / "node"
    if stalls:
        node.parent.mkdir()
        node.write_text("#!/bin/sh\nexec sleep 30\n")
        node.chmod(0o755)
    monkeypatch.setattr(module, "START_SECONDS", 0.5)
    target = tmp_path / "cache" / "names.json"
    assert module.make(str(node), target) is False
    assert list(target.parent.iterdir()) == []
