"""KaTeX's worker that a first build starts before its imports draws the blog's formulas while
the build has not asked for any yet (katex_predraw.js): a guess from the Markdown, whose
drawings answer only the very requests they match, in the very state they were drawn in. The
pages must be those of a worker that drew nothing ahead."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_math_engines import math_module, math_module_file, needs_node

PREDRAW = REPO / "plugins" / "math" / "katex_predraw.js"
DIST = REPO / "node_modules" / "katex" / "dist"
# Two documents as the build renders them: what a post's formulas are asked as (its TeX after
# the build's own rewrites), and the Markdown the worker reads ahead.
ABOUT = ("---\ntitle: About\n---\nInline $a^2 + b^2$ and $$\\frac{1}{2}$$ and $\\RR^n$.\n\n"
         "```\n$not a formula$\n```\n\n`$code$` then $\\color{red}{x}$ and $y_1$, at $5 and $6.\n")
POST = ("---\ntitle: P\n---\n$\\newcommand{\\v}{\\mathbf{v}}$ and $\\v + w$, $\\sqrt{2}$, "
        "$\\RR$, $y_1$ and $\\frac{1}{2}$ then $\\bad{x}$.\n")
ASKED = [  # (display, TeX) per document, as the build asks KaTeX for them
    [(False, "a^2 + b^2"), (True, "\\frac{1}{2}"), (False, "\\RR^n"), (False, "\\color{red}{x}"),
     (False, "y_1")],
    [(False, "\\newcommand{\\v}{\\mathbf{v}}"), (False, "\\v + w"), (False, "\\sqrt{2}"),
     (False, "\\RR"), (False, "y_1"), (False, "\\frac{1}{2}"), (False, "\\bad{x}")],
]


def node_module(expression: str) -> Any:
    """The value (JSON) of a JavaScript expression over katex_predraw.js's exports, `m`."""
    script = f"const m = require({json.dumps(str(PREDRAW))}); console.log(JSON.stringify({expression}))"
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def blog_sources(root: Path) -> Path:
    sources = root / "source"
    (sources / "_posts").mkdir(parents=True)
    (sources / "about.md").write_text(ABOUT, encoding="utf-8")
    (sources / "_posts" / "p.md").write_text(POST, encoding="utf-8")
    return sources


def replies(worker: Any, macros: dict[str, str]) -> list[str]:
    """Each formula's reply, the documents asked in turn, each from a reset to `macros`."""
    out = []
    for document in ASKED:
        worker.ask({"op": "katex-reset", "macros": json.dumps(macros)}, 30)
        out += [str(worker.ask({"op": "katex", "tex": tex, "display": display}, 30)["out"])
                for display, tex in document]
    return out


def ahead(worker: Any) -> dict[str, Any]:
    """What the worker says of its drawing ahead: drawn, used, still drawing."""
    return dict(worker.ask({"op": "katex-ahead"}, 30))


@needs_node
@pytest.mark.parametrize("macros", [{}, {"\\RR": "\\mathbb{R}"}])
def test_formulas_drawn_ahead_answer_as_a_worker_that_drew_none(make_blog, tmp_path, macros):
    """What was drawn ahead answers its request only in the state it was drawn in: a post's
    start with no macros. Not `\\v` after the post defined it (ahead, it was an undefined
    command), nor anything after that in the post (`y_1` is the same either way, but not known
    to be); on a blog with site macros (`\\RR`), none of it."""
    node_worker, launch = math_module(make_blog, "node_worker"), math_module_file("launch")
    node = shutil.which("node")
    plain = node_worker.NodeWorker(node, DIST)
    early = node_worker.NodeWorker(node, DIST)
    early.command = launch.worker_command(node, DIST, sources=blog_sources(tmp_path))
    try:
        deadline = time.monotonic() + 30
        while ahead(early)["drawing"]:  # (the build's first request would end the drawing)
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert replies(early, macros) == replies(plain, macros)
        # ten formulas drawn (the definition left out, y_1 once); the first post's five used
        assert ahead(early) == {"drawn": 10, "used": 0 if macros else 5, "drawing": False}
        assert ahead(plain) == {"drawn": 0, "used": 0, "drawing": False}
    finally:
        early.close()
        plain.close()


@needs_node
def test_the_builds_first_request_ends_the_drawing_ahead(make_blog, tmp_path):
    """Drawings kept for later cost more than those sent as they are made: once the build
    asks, its own requests keep the worker busy, and nothing more is drawn ahead (ten thousand
    formulas: seconds of KaTeX's time, were it to go on)."""
    node_worker, launch = math_module(make_blog, "node_worker"), math_module_file("launch")
    node = shutil.which("node")
    sources = tmp_path / "source"
    sources.mkdir()
    (sources / "many.md").write_text(" ".join(f"$x^{{{n}}}$" for n in range(10000)))
    early = node_worker.NodeWorker(node, DIST)
    early.command = launch.worker_command(node, DIST, sources=sources)
    try:
        assert ahead(early)["drawing"]
        early.ask({"op": "katex-reset", "macros": "{}"}, 30)
        assert not ahead(early)["drawing"]
    finally:
        early.close()


@needs_node
def test_the_formulas_read_ahead_are_those_a_parser_finds_unchanged():
    """Front-matter, code fences and code spans hold none, nor does an escaped dollar open one
    or a blank line fall inside an inline one; TeX the build rewrites before asking (escapes undone, text arguments, labels, numbered
    environments) is not drawn ahead: it would never be asked as written."""
    text = ("---\ntitle: $x$\n---\n$a$ and `$b$` and\n~~~\n$c$\n~~~\n$$\n d \n$$\n"
            "a \\$ sign and $f$\n\n$g\n\nh$ $\\text{i_j}$ $k\\_l$ $$\\begin{align}m"
            "\\end{align}$$ $$\\begin{align*}n\\end{align*}$$ $o \\\\\\\\ p$ $q\\\\ r$\n")
    assert node_module(f"m.formulasIn({json.dumps(text)})") == [
        ["a", False], ["d", True], ["f", False], ["\\begin{align*}n\\end{align*}", True],
        ["q\\\\ r", False]]


@needs_node
def test_formulas_after_a_line_of_macro_definitions_are_not_drawn_ahead():
    """A post's bare `\\newcommand` lines (hexo-renderer-pandoc's latex_macros, syntax.py's
    macro_block) define its macros from there on: the build asks the formulas after them in
    that state, so a drawing made ahead without the macros is never used, only paid for
    (neozhaoliang's largest post, drawn first: 1,554-1,697 drawn, 22-27 used). Those before
    the line, and a definition inside a formula, are drawn as before."""
    text = ("---\ntitle: T\n---\n$a$ and $$b$$\n\n  \\newcommand{\\E}{\\mathbb{E}}\n"
            "\\def\\P{\\mathbb{P}}\n\n$\\E x$ and $c$\n")
    assert node_module(f"m.formulasIn({json.dumps(text)})") == [["a", False], ["b", True]]
    inline = "$a$ then $\\newcommand{\\v}{x}$ and $\\v$; \\newcommand in a sentence $d$"
    assert node_module(f"m.formulasIn({json.dumps(inline)})") == [
        ["a", False], ["\\newcommand{\\v}{x}", False], ["\\v", False], ["d", False]]


@needs_node
def test_the_sources_are_read_ahead_in_the_order_the_build_renders_them(tmp_path):
    from quillpress.config.loader import load_config
    from quillpress.source.reader import scan

    source = tmp_path / "blog" / "source"
    for rel in ("b.md", "a.markdown", "z/x.md", ".git/c.md", "node_modules/m/i.md", "_posts/p.md",
                "_posts/sub/q.md", "_posts/_idea.md", "_drafts/d.md", "_hidden.md", "_data/n.md",
                "a/y.png", "A.MD"):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text("x")
    (tmp_path / "blog" / "_config.yml").write_text("source_dir: source\n")
    documents = [path for path in scan(load_config(tmp_path / "blog")).documents
                 if path.suffix.lower() in (".md", ".markdown")]
    read = node_module(f"[...m.markdownFiles({json.dumps(str(source))})]")
    assert read == [str(path) for path in documents]


@needs_node
def test_the_sources_are_drawn_ahead_largest_first_as_the_render_pool_hands_them_out(tmp_path):
    """The pool's first render worker begins with the longest bodies and takes the early
    worker over (parallel.py): what it drew first is what that worker asks for first. (A
    file's size is the worker's guess of its body's length: here, where every front-matter
    is alike and every character one byte, the very order.)"""
    from quillpress.build.builder import body_length
    from quillpress.config.loader import load_config
    from quillpress.source.reader import load_document, scan

    source = tmp_path / "blog" / "source"
    bodies = {"a.md": "$x$ " * 30, "b.md": "text " * 24, "z/c.md": "$y$ " * 30, "_posts/d.md": "d",
              "_posts/e.md": "$$\\frac{1}{2}$$\n" * 40, "f.md": "$x$ " * 31}
    for rel, body in bodies.items():
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(f"---\ntitle: T\n---\n{body}", encoding="utf-8")
    (tmp_path / "blog" / "_config.yml").write_text("source_dir: source\n")
    config = load_config(tmp_path / "blog")
    documents = [load_document(path, config) for path in scan(config).documents]
    pool = sorted(documents, key=body_length, reverse=True)  # (fork_map's cost order)
    assert node_module(f"m.largestFirst({json.dumps(str(source))})") == [str(doc.source) for doc in pool]
    assert [doc.source.name for doc in pool] == ["e.md", "f.md", "a.md", "b.md", "c.md", "d.md"]  # (ties)


# TeX as writers write it, some of which the build rewrites before asking KaTeX (escapes.py,
# textmode.py, numbering.py) and some of which it asks for as written.
WRITTEN = ["a^2", "C\\_{k,d}", "\\pi^{\\*}", "a \\\\\\\\ b", "a \\\\ b", "\\\\{x\\\\}", "\\{x\\}",
           "x\\.y", "\\left\\[ x \\right\\]", "\\text{rate}", "\\text{learning_rate}", "\\mbox{a^b}",
           "\\textbf {x}", "\\text\\alpha", "\\texttt{a}", "\\textcolor{red}{x}", "\\tag{3} x",
           "\\begin{align}a\\end{align}", "\\begin{align*}a\\end{align*}",
           "\\begin{align*}a\\end{align*}\\begin{align}b\\end{align}", "\\begin{alignat}{2}a\\end{alignat}",
           "\\begin{equation*}a\\label{e}\\end{equation*}", "x \\label {e}", "\\eqref{e}",
           "\\ref{e}", "\\begin{aligned}a\\end{aligned}", "\\operatorname{ref}", "\\labelx",
           "a &lt; b", "a &#62; b", "a & b \\\\ c"]


@needs_node
def test_the_worker_reads_the_rewrites_as_the_python_rewriters_do(make_blog):
    """The rewriters' patterns and those the worker passes over are one list (rewrites.txt):
    each reads the same in JavaScript as in Python (a pattern only Python reads would stop
    the worker; one read otherwise would draw formulas the build never asks for)."""
    math_module(make_blog, "escapes")
    rewrites = sys.modules["quillpress_plugin_math.rewrites"]
    escapes = sys.modules["quillpress_plugin_math.escapes"]
    textmode = sys.modules["quillpress_plugin_math.textmode"]
    numbering = sys.modules["quillpress_plugin_math.numbering"]
    assert [escapes._MARKED, escapes._REFERENCE, textmode._TEXT, numbering._BEGIN,
            numbering._LABEL, numbering._REF] == [rewrites.rewrite(name) for name in rewrites.PATTERNS]
    in_node = node_module(f"Object.fromEntries(Object.entries(m.rewrites()).map(([name, re]) => "
                          f"[name, {json.dumps(WRITTEN)}.map((tex) => re.test(tex))]))")
    assert in_node == {name: [re.search(pattern, tex) is not None for tex in WRITTEN]
                       for name, pattern in rewrites.PATTERNS.items()}


# …of which the build asks for these as written, though a rewrite's pattern matches them: which
# text arguments textmode.py rewrites, and that a starred environment first leaves the formula
# unnumbered, only their code says (such formulas are not drawn ahead).
PASSED_OVER = ["\\text{rate}", "\\textbf {x}", "\\texttt{a}",
               "\\begin{align*}a\\end{align*}\\begin{align}b\\end{align}"]


@needs_node
def test_what_the_build_rewrites_is_not_drawn_ahead_and_the_rest_is(make_blog):
    """A formula is drawn ahead when the build asks for it as written, in every mode of its
    rewrites (marked's escapes, MathJax's text mode, equation numbers), but for one with a
    text argument; one it rewrites in any mode is not (it would be drawn for nothing)."""
    math_module(make_blog, "escapes")
    unescape = sys.modules["quillpress_plugin_math.escapes"].unescape
    literal_text = sys.modules["quillpress_plugin_math.textmode"].literal_text
    numbers = sys.modules["quillpress_plugin_math.numbering"].EquationNumbers

    def as_asked(tex: str) -> set[str]:
        return {unescape(tex), literal_text(tex, "scripts"), literal_text(tex, "mathjax"),
                numbers().number(tex).tex, numbers().resolve(tex, [])}

    found = node_module(f"{json.dumps(WRITTEN)}.map((tex) => m.formulasIn(`$$${{tex}}$$`))")
    drawn = [tex for tex, formulas in zip(WRITTEN, found) if formulas]
    assert drawn == [tex for tex in WRITTEN if as_asked(tex) == {tex} and tex not in PASSED_OVER]


@needs_node
def test_a_first_build_with_no_formula_to_draw_ends_the_drawing_ahead_at_once(make_blog, tmp_path):
    """A blog whose posts ask for no math (math turned off by each, or a Hexo blog that set up
    none) gets no request: its early KaTeX worker, which would draw the `$…$` it finds all
    through the build, ends once the build knows (after reading the sources)."""
    from quillpress.build import prestart

    node_worker = math_module(make_blog, "node_worker")
    root = tmp_path / "quiet"  # never built: no cache folder yet
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Quiet\n")
    (root / "content" / "_posts" / "p.md").write_text("---\ntitle: P\nmath: false\n---\n" + " ".join(
        f"$x^{{{n}}}$" for n in range(20000)))
    with pytest.MonkeyPatch.context() as two_cores:
        two_cores.setattr("os.cpu_count", lambda: 2)
        prestart.launch(root)
    try:
        worker = node_worker.NodeWorker(shutil.which("node"), DIST, root)
        early = prestart._started[tuple(worker.early)]
        assert worker.early[-1] == str(root / "content")  # the one that draws ahead
        worker.decline_early()
        early.wait(timeout=10)  # (drawing ahead 20,000 formulas would take seconds)
        assert not prestart.waiting(worker.early)
        worker.close()
    finally:
        prestart._wait_at_exit()


@needs_node
def test_a_forked_build_uses_what_its_early_worker_drew(make_blog, tmp_path):
    """A build whose render workers are forked: the early worker draws the longest document's
    formulas first, and the pool's first worker, which renders that document first, takes it
    over; so what was drawn is asked for, though the other worker renders every other
    document meanwhile. (In the reader's order the short documents, first there, were drawn,
    and the worker that took the early one over was whichever asked first: BlitherBoom812's
    used 15 of 239 drawings.) Counted by the worker itself, once its drawing ended (2,000
    formulas found: the long one's)."""
    from quillpress.build import prestart
    from quillpress.build.parallel import fork_map

    node_worker = math_module(make_blog, "node_worker")
    root = tmp_path / "forked"  # never built: no cache folder yet
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: B\n")
    documents = {f"content/{name}.md": " ".join(f"${name}_{{{n}}}$" for n in range(5))
                 for name in "abcdefgh"}  # first in the reader's order
    documents["content/_posts/long.md"] = " ".join(f"$x_{{{n}}}$" for n in range(2100))
    for rel, body in documents.items():
        (root / rel).write_text(f"---\ntitle: T\n---\n{body}\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as two_cores:
        two_cores.setattr("os.cpu_count", lambda: 2)
        prestart.launch(root)
    worker = node_worker.NodeWorker(shutil.which("node"), DIST, root)

    def render(body: str) -> tuple[int, dict[str, Any]]:
        """The formulas of one document asked as the build asks them; what this process's
        worker has drawn ahead and used so far."""
        deadline = time.monotonic() + 60
        while ahead(worker)["drawing"]:  # (not a timing: the drawing ends at 2,000 found)
            assert time.monotonic() < deadline
            time.sleep(0.01)
        worker.ask({"op": "katex-reset", "macros": "{}"}, 30)
        for tex in re.findall(r"\$([^$]+)\$", body):
            worker.ask({"op": "katex", "tex": tex, "display": False}, 30)
        return os.getpid(), ahead(worker)

    try:
        bodies = list(documents.values())
        made = dict(fork_map(render, bodies, workers=2, threshold=2, cost=len))
    finally:
        worker.close()
        prestart._wait_at_exit()
    [(pid, drew)] = {pid: state for pid, state in made.values() if state["drawn"]}.items()
    assert made[bodies.index(documents["content/_posts/long.md"])][0] == pid
    assert max(state["used"] for owner, state in made.values() if owner == pid) == drew["drawn"] == 2100
