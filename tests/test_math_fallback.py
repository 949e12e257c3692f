"""A formula KaTeX rejects is drawn by MathJax (SVG, one Node worker), or shows an error box
when MathJax is not installed; either way the writer is told where and why."""

from __future__ import annotations

import re
import shutil
import sys

import pytest

from tests.conftest import REPO, serve_folder
from conftest import build_ok

POST = "content/_posts/p.md"
OUT = "2024/01/02/p/index.html"
# KaTeX 0.19.1 has no \bbox or \enclose (MathJax extensions); MathJax core draws them.
FALLBACK = r"\bbox[4px,border:1px solid blue]{x^2} + \enclose{circle}{y}"
BODY = f"Plain $a+b$ here.\n\n$$\n{FALLBACK}\n$$\n"

needs_mathjax = pytest.mark.skipif(
    shutil.which("node") is None
    or not (REPO / "node_modules" / "@mathjax" / "src" / "package.json").is_file(),
    reason="MathJax (node + npm @mathjax/src, `make setup`) is not installed")


def build(make_blog, body: str = BODY, **kwargs):
    blog = make_blog(files={
        POST: f"---\ntitle: P\ndate: 2024-01-02\n---\n{body}",
        "content/_posts/q.md": "---\ntitle: Q\ndate: 2024-01-03\n---\nOnly $x$ here.\n"})
    result = build_ok(blog, **kwargs)
    return blog, result


@needs_mathjax
def test_katex_rejects_mathjax_draws_with_a_warning(make_blog):
    blog, result = build(make_blog)
    page = blog.read(OUT)
    head, body = page.split("</head>", 1)
    [formula] = re.findall(r"<mjx-container.*?</mjx-container>", body, re.S)
    assert "<svg" in formula
    assert 'class="katex"' in body  # the other formula stays KaTeX
    assert "qp-math-error" not in body and "qp-error" not in body
    [warning] = result.problems.warnings
    assert warning.path == POST and warning.line == 7
    assert "\\bbox" in warning.message and "mathjax drew it" in warning.message
    # the SVG stylesheet comes with the MathJax formula, on that page only; no JavaScript
    assert "mjx-container[jax=\"SVG\"]" in head
    assert "mjx-container" not in blog.read("2024/01/03/q/index.html")
    assert "<script" not in formula and not re.search(r"\son\w+=", formula)


@needs_mathjax
def test_mathjax_output_is_cached_and_safe(make_blog):
    body = BODY + "\n$\\href{javascript:alert(1)}{z} \\enclose{box}{w}$\n"
    blog, _ = build(make_blog, body)
    first = blog.read(OUT)
    drawn = re.findall(r"<mjx-container.*?</mjx-container>", first, re.S)
    links = [link for formula in drawn for link in re.findall(r'href="([^"]*)"', formula)]
    assert len(drawn) == 2 and links and not [u for u in links if not u.startswith("#")]
    calls: list[str] = []
    engine = sys.modules["quillpress_plugin_math.mathjax"].MathJaxEngine
    original = engine.render
    engine.render = lambda self, tex, display: calls.append(tex) or original(self, tex, display)
    try:
        build(make_blog, body + "\nA new paragraph, so the post renders again.\n")
    finally:
        engine.render = original
    assert calls == []  # the rebuild took both SVGs from the cache
    assert re.findall(r"<mjx-container.*?</mjx-container>", blog.read(OUT), re.S) == drawn


def test_without_mathjax_the_formula_shows_an_error_box(make_blog, monkeypatch):
    build(make_blog, "$x$\n")  # loads the plugin module so its lookup can be patched
    monkeypatch.setattr(sys.modules["quillpress_plugin_math"], "find_mathjax", lambda roots: None)
    blog, result = build(make_blog, cache_dir=make_blog().root / "other-cache")
    body = blog.read(OUT).split("</head>", 1)[1]
    assert "qp-math-error" in body and "mjx-container" not in body
    [warning] = result.problems.warnings
    assert warning.line == 7 and "\\bbox" in warning.message and "drew it" not in warning.message


# MathJax 3's names of four TeX packages, which MathJax 4 renamed; posts written for MathJax 3
# (Hexo's hexo-filter-mathjax, most themes' MathJax) `\require` them by those names. Each with
# what MathJax 3 drew it as: the package by its new name; configmacros and tagformat, which
# `\require` may not load by their new names, change nothing a formula shows (\bbox: a
# formula KaTeX rejects, so that MathJax draws each).
CD = r"\begin{CD} A @>{f}>> B \\ @V{g}VV @VV{h}V \\ C @>{k}>> D \end{CD}"
OLD_NAMES = [(rf"\require{{amsCd}} {CD}", rf"\require{{amscd}} {CD}"),
             (r"\require{colorV2} \color{red}{x} + y", r"\require{colorv2} \color{red}{x} + y"),
             (r"\require{configMacros} \bbox[2px]{x}", r"\bbox[2px]{x}"),
             (r"\require{tagFormat} \bbox[2px]{E} \tag{1}", r"\bbox[2px]{E} \tag{1}")]


def drawing(formula: str) -> str:
    """A MathJax SVG without what names its source: its TeX (data-latex) and the ids made
    from it."""
    return re.sub(r"MJX-[0-9a-f]{12}-", "MJX-", re.sub(r' data-latex="[^"]*"', "", formula))


@needs_mathjax
def test_mathjax_3s_names_of_four_packages_load_them_as_mathjax_3_did(make_blog):
    """`\\require{amsCd}` drew a commutative diagram in MathJax 3, which MathJax 4 names
    amscd; the old names were errors. Each draws as MathJax 3 drew it."""
    body = "".join(f"$$\n{old}\n$$\n\n$$\n{same}\n$$\n\n" for old, same in OLD_NAMES)
    blog, _ = build(make_blog, body)
    page = blog.read(OUT).split("</head>", 1)[1]
    assert "qp-math-error" not in page
    drawn = [drawing(formula) for formula in re.findall(r"<mjx-container.*?</mjx-container>",
                                                         page, re.S)]
    assert len(drawn) == 2 * len(OLD_NAMES)
    assert drawn[0::2] == drawn[1::2]


@needs_mathjax
def test_mathjax_formula_has_a_box_in_chromium(make_blog, page):
    blog, _ = build(make_blog)
    server, base = serve_folder(blog.public)
    try:
        page.goto(base + OUT.removesuffix("index.html"), wait_until="networkidle")
        box = page.evaluate("""() => {
            const r = document.querySelector('mjx-container[jax="SVG"] svg').getBoundingClientRect();
            return [r.width, r.height, [...document.scripts].filter(s => /mathjax|mjx/i.test(s.src + s.text)).length];
        }""")
    finally:
        server.shutdown()
    assert box[0] > 10 and box[1] > 5, box
    assert box[2] == 0 and page.problems == []


@needs_mathjax
def test_a_mathjax_formulas_ids_do_not_depend_on_what_was_drawn_before_it(make_blog):
    """The SVG's ids are named after the formula, not after how many formulas the worker
    drew before it: they do not change with the order (or the forked worker) in which
    formulas were drawn, and two formulas on a page share none."""
    def ids(body: str, cache: str) -> list[set[str]]:
        blog, _ = build(make_blog, body, cache_dir=make_blog().root / cache)
        drawn = re.findall(r"<mjx-container.*?</mjx-container>", blog.read(OUT), re.S)
        return [set(re.findall(r'id="([^"]+)"', svg)) for svg in drawn]

    [alone] = ids(f"$$\n{FALLBACK}\n$$\n", "cache-one")
    [before, after] = ids(f"$$\n\\enclose{{box}}{{z}}\n$$\n\n$$\n{FALLBACK}\n$$\n", "cache-two")
    assert alone and after == alone
    assert before and not before & after


@needs_mathjax
def test_a_mathjax_formula_is_drawn_the_same_whether_or_not_its_packages_were_used_before(
        make_blog):
    """MathJax loads the package of `\\bbox`, `\\enclose`, `\\color`, … the first time a formula
    uses it, and reads that formula again with a space after the macro, which its SVG kept
    (`data-latex="\\bbox [4px,…]"`). The same formula's page then depended on whether an earlier
    formula drawn by that Node worker had used the package: on which forked worker drew it,
    and a clean build differed from an incremental one. It is drawn as a later use is."""
    def drawn(body: str, cache: str) -> list[str]:
        blog, _ = build(make_blog, body, cache_dir=make_blog().root / cache)
        return re.findall(r"<mjx-container.*?</mjx-container>", blog.read(OUT), re.S)

    [alone] = drawn(f"$$\n{FALLBACK}\n$$\n", "cache-one")
    [_, after] = drawn(f"$$\n\\bbox[2px]{{z}} + \\enclose{{box}}{{z}}\n$$\n\n$$\n{FALLBACK}\n$$\n",
                       "cache-two")
    assert alone == after
    assert not re.findall(r'data-latex="[^"]*\\(?:bbox|enclose) ', alone)


@needs_mathjax
def test_every_formula_mathjax_draws_warns_whether_or_not_it_was_cached(make_blog):
    """The warning comes with the formula's HTML, from the engines or from the cache: the
    same formula in two posts warns at both (which one reached the shared cache first
    depended on the forked workers' timing, so a build warned 31 or 30 times), and an
    incremental build warns as a clean one does."""
    other = f"---\ntitle: Q\ndate: 2024-01-03\n---\nAlso:\n\n$$\n{FALLBACK}\n$$\n"
    blog = make_blog(files={POST: f"---\ntitle: P\ndate: 2024-01-02\n---\n$$\n{FALLBACK}\n$$\n",
                            "content/_posts/q.md": other})

    def drawn_by_mathjax() -> list[tuple[str, int]]:
        result = build_ok(blog)
        return sorted((w.path, w.line) for w in result.problems.warnings
                      if "mathjax drew it" in w.message)

    clean = drawn_by_mathjax()
    assert clean == [(POST, 5), ("content/_posts/q.md", 7)]
    blog.write("content/_posts/q.md", other + "\nMore, so the post renders again.\n")
    assert drawn_by_mathjax() == clean


def assert_katex_drew_it(blog, result) -> None:
    """The post's formula is KaTeX's again, with no "drew it instead" warning."""
    body = blog.read(OUT).split("</head>", 1)[1]
    assert 'class="katex' in body and "mjx-container" not in body
    assert not [w for w in result.problems.warnings if "drew it" in w.message]


@needs_mathjax
def test_a_formula_mathjax_drew_while_katex_gave_no_answer_is_drawn_again(make_blog, monkeypatch):
    """KaTeX's Node worker too slow to answer (a loaded machine) or stopped: MathJax draws the
    formula for that build only. Kept in the cache, the SVG and its warning ("katex: the Node
    math worker gave no answer") came back in every later build, which a clean build does not
    show; the next build asks KaTeX again."""
    blog, _ = build(make_blog, "Before.\n")  # loads the plugin, whose KaTeX is silenced below
    katex_worker_is_silent(monkeypatch)
    _, hitch = build(make_blog, "$$\na^2 + b^2\n$$\n")
    assert "mjx-container" in blog.read(OUT)
    assert [w for w in hitch.problems.warnings if "gave no answer" in w.message]
    monkeypatch.undo()
    _, result = build(make_blog, "$$\na^2 + b^2\n$$\n\nMore, so the post renders again.\n")
    assert_katex_drew_it(blog, result)


def katex_worker_is_silent(monkeypatch) -> None:
    """KaTeX's Node worker starts, says it is ready and then answers nothing, so the real
    time limit runs out, however fast the machine is. (A time limit of 1 µs on the real
    worker was not enough: the reply to a formula sent ahead was often in the pipe already,
    and KaTeX drew it in about one run in three under load.)"""
    node_worker = sys.modules["quillpress_plugin_math.node_worker"]
    real_command = node_worker.worker_command

    def command(node: str, katex_dist, ahead: bool = False) -> list[str]:
        if katex_dist is None:  # MathJax's worker answers as usual
            return real_command(node, katex_dist, ahead)
        return [node, "-e", "process.stdout.write('{\"ready\": true}\\n'); process.stdin.resume()"]
    monkeypatch.setattr(node_worker, "worker_command", command)
    monkeypatch.setattr(sys.modules["quillpress_plugin_math.katex"]._InNode, "TIMEOUT", 0.05)


def katex_gives_no_answer(monkeypatch) -> None:
    """KaTeX's Node worker silent for every formula (too slow under load, or stopped), as
    its reader says so, whether or not the reply was sent ahead and is already there."""
    engine = sys.modules["quillpress_plugin_math.engine"]

    def render(self, tex: str, display: bool) -> str:
        raise engine.EngineDown("the Node math worker gave no answer within 30 s")
    monkeypatch.setattr(sys.modules["quillpress_plugin_math.katex"].KatexEngine, "render", render)


@needs_mathjax
@pytest.mark.parametrize("trust_manifest", [False, True], ids=["warm", "cli"])
def test_a_post_drawn_while_katex_gave_no_answer_is_drawn_again_unedited(
        make_blog, monkeypatch, trust_manifest):
    """The post whose formula MathJax drew for KaTeX's silent worker is not kept as it is:
    the next build with nothing edited draws it with KaTeX, as a clean build does. Its body
    was kept in the body cache (with the warning), its page in the page records, and a CLI
    build ended at the manifest's "nothing changed": only an edit of that post drew it
    again."""
    blog, _ = build(make_blog, "Before.\n")  # loads the plugin, whose KaTeX is silenced below
    katex_gives_no_answer(monkeypatch)
    _, hitch = build(make_blog, "$$\na^2 + b^2\n$$\n", trust_manifest=trust_manifest)
    assert "mjx-container" in blog.read(OUT)
    assert [w for w in hitch.problems.warnings if "gave no answer" in w.message]
    monkeypatch.undo()
    result = build_ok(blog, trust_manifest=trust_manifest)
    assert_katex_drew_it(blog, result)
    if trust_manifest:  # drawn without the hitch, the post is kept: nothing changed
        assert build_ok(blog, trust_manifest=True).written == 0


@needs_mathjax
def test_the_dev_servers_rebuild_draws_again_a_post_drawn_while_katex_gave_no_answer(
        make_blog, monkeypatch):
    """`serve` keeps its builder: after KaTeX's hitch, the rebuild for a save of another
    post draws the post again with KaTeX instead of keeping MathJax's stand-in."""
    blog, _ = build(make_blog, "Before.\n")
    katex_gives_no_answer(monkeypatch)
    blog.write(POST, "---\ntitle: P\ndate: 2024-01-02\n---\n$$\na^2 + b^2\n$$\n")
    builder = blog.builder(in_place=True)
    build_ok(builder)
    assert "mjx-container" in blog.read(OUT)
    monkeypatch.undo()
    other = blog.write("content/_posts/q.md", "---\ntitle: Q\ndate: 2024-01-03\n---\nOnly $y$.\n")
    result = builder.build([other])
    assert_katex_drew_it(blog, result)


@needs_mathjax
def test_a_formula_whose_engine_gave_no_answer_once_is_asked_again_with_a_longer_limit(
        make_blog, monkeypatch):
    """Under load MathJax's worker missed its 10 s for one formula and the page showed an
    error box (or KaTeX's drawing of another), one run in a few: the formula is asked once
    more, of a fresh worker, with three times the limit, and drawn as on a quiet machine."""
    build(make_blog, "Before.\n")  # loads the plugin, whose MathJax is slowed below
    mathjax = sys.modules["quillpress_plugin_math.mathjax"].MathJaxEngine
    engine = sys.modules["quillpress_plugin_math.engine"]
    real, limits = mathjax.render, []

    def render(self, tex: str, display: bool) -> str:
        limits.append(self.timeout)
        if len(limits) == 1:
            self.worker.close()  # as the real reader does when the limit runs out
            raise engine.EngineDown(f"the Node math worker gave no answer within {self.timeout:g} s")
        return real(self, tex, display)
    monkeypatch.setattr(mathjax, "render", render)
    blog, result = build(make_blog)
    body = blog.read(OUT).split("</head>", 1)[1]
    assert len(re.findall(r"<mjx-container.*?</mjx-container>", body, re.S)) == 1
    assert "qp-math-error" not in body and "qp-error" not in body
    assert not [w for w in result.problems.warnings if "gave no answer" in w.message]
    assert limits == [10.0, 30.0]


@needs_mathjax
def test_an_engine_silent_on_the_retry_too_is_not_asked_again_in_that_build(make_blog,
                                                                            monkeypatch):
    """A hung KaTeX worker cost each formula 2 × 30 s (the first try and dda4ca4's retry)
    before MathJax drew it: an engine silent twice running is not asked again until the next
    build, whose first formula asks it again."""
    build(make_blog, "Before.\n")  # loads the plugin, whose KaTeX is silenced below
    katex_gives_no_answer(monkeypatch)
    blog, result = build(make_blog, "$$\na^2\n$$\n\n$$\nb^2\n$$\n\n$$\nc^2\n$$\n")
    assert len(re.findall(r"<mjx-container", blog.read(OUT))) == 3
    told = [w.message for w in result.problems.warnings if w.path == POST]
    assert len(told) == 3
    assert "gave no answer within" in told[0]
    assert all("gave no answer twice earlier in this build" in said for said in told[1:]), told
    blog.write(POST, "---\ntitle: P\ndate: 2024-01-02\n---\n$$\nd^2\n$$\n")
    again = build_ok(blog)
    assert [w for w in again.problems.warnings if "gave no answer within" in w.message]
