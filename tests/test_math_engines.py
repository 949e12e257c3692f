"""KaTeX's two hosts (the Node math worker, in-process QuickJS) and the worker's life: the
page a reader gets must not depend on which host drew it or on a worker that had to restart."""

from __future__ import annotations

import array
import contextlib
import fcntl
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import build_ok, post
from tests.conftest import REPO

FORMULAS = Path(__file__).parent / "data" / "math_formulas.tsv"
POST = "content/_posts/p.md"
OUT = "2024/01/02/p/index.html"

needs_node = pytest.mark.skipif(
    shutil.which("node") is None
    or not (REPO / "node_modules" / "katex" / "dist" / "katex.min.js").is_file(),
    reason="Node and npm's katex (`make setup`) are not installed")


def math_module(make_blog, name: str):
    """A module of the math plugin, loaded by building a one-formula blog."""
    build_ok(make_blog(files={POST: "---\ntitle: P\ndate: 2024-01-02\n---\n$x$\n"}))
    return sys.modules[f"quillpress_plugin_math.{name}"]


def cached_keys(cache_dir: Path) -> set[str]:
    """The keys of the formulas a build filed in its cache folder."""
    with contextlib.closing(sqlite3.connect(cache_dir / "math" / "formulas.sqlite")) as db:
        return {key for (key,) in db.execute("SELECT key FROM formulas")}


def drawn(engine, rows: list[tuple[bool, str]]) -> list[str]:
    """Each formula's HTML, or the engine's message for one it rejects, in one post."""
    error = sys.modules["quillpress_plugin_math.engine"].MathError
    engine.reset({"\\RR": "\\mathbb{R}"})
    out = []
    for display, tex in rows:
        try:
            out.append(engine.render(tex, display))
        except error as exc:
            out.append(f"error: {exc}")
    return out


@needs_node
def test_a_finished_node_worker_exits_and_a_later_formula_starts_another(make_blog):
    """A one-off build lets KaTeX's Node go once the bodies are drawn (`finish`): it exits on
    its own, and a formula asked for after that is drawn the same by a fresh worker."""
    katex = math_module(make_blog, "katex")
    node_worker = sys.modules["quillpress_plugin_math.node_worker"]
    dist = sys.modules["quillpress_plugin_math.launch"].find_katex([REPO])
    worker = node_worker.NodeWorker(shutil.which("node"), dist)
    engine = katex.KatexEngine(dist, worker)
    rows = formula_rows(5)
    try:
        first = drawn(engine, rows)
        node = worker._process
        worker.finish()
        assert node is not None and node.wait(timeout=10) == 0
        assert drawn(engine, rows) == first
        assert worker._process is not None and worker._process.pid != node.pid
    finally:
        worker.close()


@needs_node
def test_a_formula_foreseen_before_the_worker_finished_is_drawn_after(make_blog):
    """Replies to foreseen calls already read but not yet taken when the bodies are done (a
    call nobody foresaw read them first) are not thrown away by `finish`: the formula is
    still drawn, not shown as "the Node math worker stopped"."""
    katex = math_module(make_blog, "katex")
    node_worker = sys.modules["quillpress_plugin_math.node_worker"]
    dist = sys.modules["quillpress_plugin_math.launch"].find_katex([REPO])
    worker = node_worker.NodeWorker(shutil.which("node"), dist)
    engine = katex.KatexEngine(dist, worker)
    try:
        engine.send_ahead([("reset", {}), ("render", "a^2", False)], queue=True)
        engine.reset({})
        engine.render("b", False)  # not foreseen: asked after those in flight, read first
        worker.finish()
        assert 'class="katex' in engine.render("a^2", False)
    finally:
        worker.close()


@needs_node
def test_node_and_quickjs_draw_identical_html(make_blog):
    katex = math_module(make_blog, "katex")
    node_worker = sys.modules["quillpress_plugin_math.node_worker"]
    dist = sys.modules["quillpress_plugin_math.launch"].find_katex([REPO])
    rows = [(mode == "D", tex) for mode, _, tex in
            (line.split("\t") for line in FORMULAS.read_text().splitlines()
             if line.strip() and not line.startswith("#"))]
    # Node's replies come unescaped, with their length first: one longer than a pipe holds
    rows += [(False, "\\text{" + '"é<' * 700 + "}")]
    # every character HTML escapes, in text and in an attribute; negative and zero dimensions
    # (the worker's faster KaTeX helpers must return what KaTeX's own do: katex_fast.js)
    rows += [(False, "".join(f"\\href{{#{c}}}{{\\text{{{c}}}}}" for c in "'\"<>")
              + "\\href{#&}{\\text{\\&}} x^{-0} \\kern-0.5em \\mkern-0mu \\rule{1em}{-0em}"
              + "\\raisebox{-0.25em}{$\\underbrace{a+b}_{n}$}")]
    # a post's own macros carry on to its later formulas, and a broken formula is rejected
    rows += [(False, "\\newcommand{\\half}{\\frac12}"), (True, "\\half \\RR"),
             (False, "\\def\\R{r} \\R"), (False, "\\frac{1}{")]
    worker = node_worker.NodeWorker(shutil.which("node"), dist)
    in_node = drawn(katex.KatexEngine(dist, worker), rows)
    in_quickjs = drawn(katex.KatexEngine(dist), rows)
    assert len(in_node) == len(rows) == 109
    assert in_node == in_quickjs
    assert in_node[-1].startswith("error: Unexpected end of input")
    assert "\\frac12" not in in_node[-3] and "mfrac" in in_node[-3]
    assert all(escaped in in_node[-5] for escaped in ("&amp;", "&#x27;", "&quot;", "&lt;", "&gt;"))
    assert len(in_node[-6]) > 1 << 16 and in_node[-6].count("&quot;é&lt;") >= 700
    # ...and so does a lone surrogate, which UTF-8 cannot carry (QuickJS's binding cannot either)
    [lone] = drawn(katex.KatexEngine(dist, worker), [(False, "\\text{\ud835}")])
    assert lone.startswith("error: Unexpected character: '\ud835'")


@needs_node
def test_each_faster_katex_helper_finds_its_text_once_and_names_the_code_cache(
        make_blog, tmp_path, monkeypatch):
    """The worker swaps a KaTeX text for its faster one only where the text occurs exactly
    once (katex_fast.js); the identity test above cannot see one left out (the HTML is the
    same, only slower), so each is counted here in the installed KaTeX: a KaTeX update that
    moves one fails here, to be written again. Editing katex_fast.js or the worker that
    applies it changes the code cache's name, so a cache compiled from the old helpers is
    never used."""
    launch = math_module(make_blog, "launch")
    dist = launch.find_katex([REPO])
    script = ("const fs = require('fs'); const k = fs.readFileSync(process.argv[1], 'utf8');"
              "for (const [t] of require(process.argv[2])) console.log(k.split(t).length - 1);")
    counts = subprocess.run([shutil.which("node"), "-e", script, str(dist / "katex.min.js"),
                             str(launch.FAST)],
                            capture_output=True, text=True, check=True).stdout.split()
    assert counts == ["1"] * 6
    before = launch.worker_command("node", dist)[-1]  # the code cache's name
    edited = tmp_path / "katex_fast.js"
    edited.write_bytes(launch.FAST.read_bytes().replace(b"4095", b"4096"))
    monkeypatch.setattr(launch, "FAST", edited)
    after = launch.worker_command("node", dist)[-1]
    assert after != before
    # ...and so does editing how the worker applies them (V8 checks only the script's length)
    worker = tmp_path / "math_worker.js"
    worker.write_bytes(launch.SCRIPT.read_bytes().replace(b"at + 1", b"at + 2"))
    monkeypatch.setattr(launch, "SCRIPT", worker)
    assert launch.worker_command("node", dist)[-1] not in (before, after)


@needs_node
def test_a_worker_that_died_mid_post_is_replaced_with_the_post_macros(make_blog, monkeypatch):
    katex = math_module(make_blog, "katex")
    original = katex.KatexEngine.render
    killed: list[int] = []

    def render_then_kill(self, tex: str, display: bool) -> str:
        out = original(self, tex, display)
        if tex == "a" and not killed:  # the worker dies after the post's second formula
            process = self.worker._process
            process.kill()
            process.wait()
            killed.append(process.pid)
        return out

    monkeypatch.setattr(katex.KatexEngine, "render", render_then_kill)
    blog = make_blog(files={POST: "---\ntitle: P\ndate: 2024-01-02\n---\n"
                                  "$\\newcommand{\\half}{\\frac12}$ and $a$ then $\\half b$\n"})
    result = build_ok(blog, cache_dir=blog.root / "fresh-cache")
    page = blog.read(OUT)
    assert killed
    assert result.problems.warnings == []
    assert "qp-math-error" not in page.split("</head>", 1)[1]
    # \half b was drawn by KaTeX in the new worker, with the post's \half defined again
    [half] = [m for m in re.findall(r'<span class="katex">.*?</annotation>', page, re.S)
              if "\\half b" in m]
    assert "<mfrac>" in half


@needs_node
def test_a_cold_build_starts_node_before_the_first_formula_and_only_then(make_blog, monkeypatch):
    """Node loads KaTeX while the builder works on: started after the sources are read when
    there is no formula cache yet, never for a blog without formulas or with a cache."""
    node_worker = math_module(make_blog, "node_worker")
    katex = sys.modules["quillpress_plugin_math.katex"]
    events: list[str] = []

    def logging_call(name: str, original):
        def logged(self, *args, **kwargs):
            events.append(name)
            return original(self, *args, **kwargs)
        return logged

    for cls, name in ((node_worker.NodeWorker, "prestart"), (node_worker.NodeWorker, "ask"),
                      (katex.KatexEngine, "render")):
        monkeypatch.setattr(cls, name, logging_call(name, getattr(cls, name)))
    blog = make_blog(files={POST: "---\ntitle: P\ndate: 2024-01-02\n---\n$x^2$ and $y$\n",
                            "content/_posts/q.md": "---\ntitle: Q\ndate: 2024-01-03\n---\nNo math.\n"})
    build_ok(blog, cache_dir=blog.root / "cold-cache")
    assert events[0] == "prestart" and events.count("prestart") == 1 and "render" in events
    assert "<math" in blog.read(OUT)
    events.clear()
    blog.write(POST, "---\ntitle: P\ndate: 2024-01-02\n---\n$x^2$ and $y$, again\n")
    build_ok(blog, cache_dir=blog.root / "cold-cache")  # the formulas come from the cache
    assert "prestart" not in events and "ask" not in events
    plain = make_blog(files={POST: "---\ntitle: P\ndate: 2024-01-02\n---\nNo formula here.\n"})
    build_ok(plain, cache_dir=plain.root / "another-cache")
    assert "prestart" not in events and "ask" not in events


@needs_node
@pytest.mark.skipif(not (REPO / "node_modules" / "@mathjax" / "src" / "package.json").is_file(),
                    reason="MathJax (npm @mathjax/src, `make setup`) is not installed")
def test_formulas_sent_ahead_are_drawn_as_if_sent_one_at_a_time(make_blog, monkeypatch):
    """A post's formulas go to Node as soon as it is parsed. Where the renderer then asks for
    what that plan did not foresee (KaTeX's built-in \\R redefined, retried as \\renewcommand;
    a definition KaTeX rejects and MathJax draws, after which KaTeX's macros are made again;
    a repeated formula), the pages must be those a formula-at-a-time build makes."""
    katex = math_module(make_blog, "katex")
    node_worker = sys.modules["quillpress_plugin_math.node_worker"]
    taken: list[int] = []
    take = node_worker.NodeWorker.take_ahead

    def counted(self, seconds: float):
        taken.append(1)
        return take(self, seconds)

    monkeypatch.setattr(node_worker.NodeWorker, "take_ahead", counted)
    blog = make_blog(files={
        "content/_posts/a.md": post("A", "$\\newcommand{\\R}{\\mathbb{R}} x \\in \\R$, "
                                    "$\\newcommand{\\half}{\\frac12}$ $\\half \\R$, $\\half \\R$\n\n"
                                    "$$\\def\\w{W} \\bbox[2px]{\\w}$$\n\n$\\w + \\half$ and $y^2$\n",
                                    date="2024-01-02"),
        "content/_posts/b.md": post("B", "$\\newcommand{\\R}{\\mathbf{R}} \\R^n$ and $\\R + z$\n",
                                    date="2024-01-03")})
    pages = ["2024/01/02/a/index.html", "2024/01/03/b/index.html"]
    build_ok(blog, cache_dir=blog.root / "cache-ahead")
    ahead = [blog.read(page) for page in pages]
    assert len(taken) >= 6  # most formulas were drawn from what was sent ahead
    monkeypatch.setattr(katex.KatexEngine, "send_ahead", lambda self, calls, queue=False: None)
    build_ok(blog, cache_dir=blog.root / "cache-one-at-a-time")
    assert [blog.read(page) for page in pages] == ahead
    body = ahead[0].split("</head>", 1)[1]
    assert "<mjx-container" in body and "qp-math-error" not in body
    assert "mathbf" not in body and "\\mathbf" in ahead[1]  # each post its own \\R


@needs_node
def test_a_failed_definition_keeps_the_cache_keyed_as_when_nothing_is_sent_ahead(
        make_blog, monkeypatch):
    """The plan sent ahead works out each formula's cache key with every definition before it;
    rendering takes those keys. After a definition no engine draws, the post's real macros
    lack it, so the later formulas must be filed under the keys a formula-at-a-time build
    gives them: a key naming the failed definition would hand a later build or another post
    HTML drawn without it."""
    renderer = math_module(make_blog, "renderer")
    blog = make_blog(files={"content/_posts/a.md": post(
        "A", "$\\newcommand{\\q}{x} \\left( \\q$ then $\\q + 1$ and $y^3$\n\n"
        "$\\newcommand{\\h}{h} \\h$ and $\\h^2$\n", date="2024-01-02")})

    build_ok(blog, cache_dir=blog.root / "cache-ahead")
    page = blog.read("2024/01/02/a/index.html")
    assert page.count("qp-math-error") == 2  # the broken definition, and \q left undefined
    monkeypatch.setattr(renderer.MathRenderer, "send_ahead", lambda self, tokens, post: None)
    build_ok(blog, cache_dir=blog.root / "cache-one-at-a-time")
    assert blog.read("2024/01/02/a/index.html") == page
    assert cached_keys(blog.root / "cache-ahead") == cached_keys(blog.root / "cache-one-at-a-time")


def built_ahead_and_one_at_a_time(make_blog, monkeypatch, first: str, second: str
                                  ) -> tuple[str, str]:
    """Two posts (A, then B) built with formulas sent ahead: the bodies of their pages, checked
    equal, pages and cache keys, to a build drawing the formulas one at a time."""
    renderer = math_module(make_blog, "renderer")
    blog = make_blog(files={"content/_posts/a.md": post("A", first, date="2024-01-02"),
                            "content/_posts/b.md": post("B", second, date="2024-01-03")})
    pages = ["2024/01/02/a/index.html", "2024/01/03/b/index.html"]
    build_ok(blog, cache_dir=blog.root / "cache-ahead")
    a, b = (blog.read(page).split("</head>", 1)[1] for page in pages)
    monkeypatch.setattr(renderer.MathRenderer, "send_ahead", lambda self, tokens, post: None)
    build_ok(blog, cache_dir=blog.root / "cache-one-at-a-time")
    assert [blog.read(page).split("</head>", 1)[1] for page in pages] == [a, b]
    assert cached_keys(blog.root / "cache-ahead") == cached_keys(blog.root / "cache-one-at-a-time")
    return a, b


@needs_node
@pytest.mark.parametrize("first, second, here, elsewhere", [
    pytest.param("{% note %}\n$\\def\\alpha{\\beta}$\n{% endnote %}\n\nThen $\\alpha$.\n",
                 "Just $\\alpha$.\n", "β", "α", id="a macro defined in the body"),
    pytest.param("{% note %}\n$$x = 1 \\label{eq:one}$$\n{% endnote %}\n\nThen $\\eqref{eq:one}$.\n",
                 "Just $\\eqref{nowhere}$.\n", "(1)", "??", id="an equation labelled in the body"),
])
def test_what_a_tag_body_defines_reaches_the_formulas_after_the_tag(
        make_blog, monkeypatch, first: str, second: str, here: str, elsewhere: str) -> None:
    """A tag's body is parsed only when the tag is drawn, after the plan sent ahead made the
    keys of the formulas that follow the tag. A macro the body defines is theirs all the same,
    and a label it numbers is known to their `\\eqref`: they must be drawn and filed as in a
    formula-at-a-time build, not under the key of the same formula without the definition
    (or of an unknown label's ??), which would hand this post another post's rendering or
    that post this one's."""
    a, b = built_ahead_and_one_at_a_time(make_blog, monkeypatch, first, second)
    then = a.split("Then", 1)[1]
    assert here in then and elsewhere not in then
    assert elsewhere in b and here not in b


@needs_node
def test_posts_parsed_ahead_draw_their_formulas_as_one_at_a_time(make_blog, monkeypatch):
    """A post is parsed, and its formulas sent to Node, before the post before it is drawn:
    its calls queue behind that post's. Posts that share short formulas, each defining \\R
    its own way, with formulas and a definition in a tag's body (which no plan foresaw):
    every page and cache key as a formula-at-a-time build makes them, whether the posts
    render beside a forked worker (a math-free post) or all in one process."""
    katex = math_module(make_blog, "katex")
    renderer = sys.modules["quillpress_plugin_math.renderer"]
    events: list[str] = []
    send, render = katex.KatexEngine.send_ahead, katex.KatexEngine.render

    def sent(self, calls, queue=False):
        events.append("send") if calls else None
        return send(self, calls, queue)

    def drawn(self, tex, display):
        events.append("render")
        return render(self, tex, display)

    monkeypatch.setattr(katex.KatexEngine, "send_ahead", sent)
    monkeypatch.setattr(katex.KatexEngine, "render", drawn)
    blog = make_blog(files={
        "content/_posts/a.md": post("A", "$x$ and $n$, $\\newcommand{\\R}{\\mathbb{R}} \\R$, "
                                    "$\\R^n$\n\n{% note %}\n$x + \\R$ and $y_1$\n{% endnote %}\n\n"
                                    "$x$ and $\\R^n$\n", date="2024-01-02"),
        "content/_posts/b.md": post("B", "$x$ and $n$, $\\R^n$, then "
                                    "$\\newcommand{\\R}{\\mathbf{R}} \\R$ and $\\R^n$\n",
                                    date="2024-01-03"),
        "content/_posts/c.md": post("C", "{% note %}\n$\\def\\v{V}$\n{% endnote %}\n\n"
                                    "$\\v + x$ and $n$\n", date="2024-01-04"),
        "content/_posts/d.md": post("D", "$x$ and $n$\n\n{% note %}\n$n + 1$\n{% endnote %}\n\n"
                                    "$\\R^n$ and $z^3$\n", date="2024-01-05"),
        "content/_posts/e.md": post("E", "No formula here.\n", date="2024-01-06")})
    pages = [f"2024/01/0{day}/{name}/index.html" for day, name in zip("2345", "abcd")]

    def built(name: str, workers: int) -> list[str]:
        build_ok(blog, workers=workers, cache_dir=blog.root / name)
        return [blog.read(page).split("</head>", 1)[1] for page in pages]

    beside = built("cache-beside", 2)
    assert events.index("render") > 1 and events[:2] == ["send", "send"]  # B's sent before A drawn
    assert built("cache-alone", 1) == beside
    monkeypatch.setattr(renderer.MathRenderer, "send_ahead", lambda self, tokens, post: None)
    assert built("cache-one-at-a-time", 1) == beside
    assert (cached_keys(blog.root / "cache-beside") == cached_keys(blog.root / "cache-alone")
            == cached_keys(blog.root / "cache-one-at-a-time"))
    a, b, c, d = beside
    assert "mathbb" in a and "mathbf" in b and "mathbf" not in d and "qp-math-error" not in c
    assert ">V<" in c


@needs_node
def test_forked_render_workers_send_formulas_ahead_and_draw_them_as_one_at_a_time(
        make_blog, monkeypatch, tmp_path):
    """A forked render worker sends each post's formulas to its Node as the post is parsed,
    as the process that loaded the plugin does (one wake-up of Node per pipeful, not one per
    formula): posts defining \\R each their own way, drawn in two workers, give the pages and
    cache keys of a build in one process that draws its formulas one at a time."""
    katex = math_module(make_blog, "katex")
    renderer = sys.modules["quillpress_plugin_math.renderer"]
    senders = tmp_path / "senders"  # the pid of each process that sent calls ahead
    send = katex.KatexEngine.send_ahead

    def sent(self, calls, queue=False):
        if calls:
            with senders.open("a") as out:
                out.write(f"{os.getpid()}\n")
        return send(self, calls, queue)

    monkeypatch.setattr(katex.KatexEngine, "send_ahead", sent)
    monkeypatch.setattr("quillpress.build.builder.PARALLEL_BODY_CHARS", 1)  # render workers
    letters = "abcdef"
    blog = make_blog(files={
        f"content/_posts/{letter}.md": post(
            letter.upper(), f"$x_{letter}$ and $\\newcommand{{\\R}}{{\\mathbf{{{letter}}}}} \\R$, "
            f"then $\\R^n + {letter}$ and $n$\n", date=f"2024-01-0{day}")
        for day, letter in enumerate(letters, 1)})
    pages = [f"2024/01/0{day}/{letter}/index.html" for day, letter in enumerate(letters, 1)]

    def built(name: str, workers: int) -> list[str]:
        build_ok(blog, workers=workers, cache_dir=blog.root / name)
        return [blog.read(page).split("</head>", 1)[1] for page in pages]

    forked = built("cache-forked", 2)
    assert set(senders.read_text().split()) - {str(os.getpid())}  # a forked worker sent ahead
    monkeypatch.setattr(renderer.MathRenderer, "send_ahead", lambda self, tokens, post: None)
    assert built("cache-one-at-a-time", 1) == forked
    assert cached_keys(blog.root / "cache-forked") == cached_keys(blog.root / "cache-one-at-a-time")
    for letter, page in zip(letters, forked):  # \\R^n drew the post's own bold letter
        used = page.split("then", 1)[1]
        assert re.findall(r'<mi mathvariant="bold">(\w)</mi>', used)[:1] == [letter]
        assert "qp-math-error" not in page


def formula_rows(count: int) -> list[tuple[bool, str]]:
    rows = [line.split("\t") for line in FORMULAS.read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    return [(mode == "D", tex) for mode, _, tex in rows[:count]]


@needs_node
def test_the_worker_saves_v8s_code_cache_and_draws_the_same_with_it_or_a_bad_one(
        make_blog, tmp_path, caplog):
    """The first worker compiles KaTeX and leaves V8's code cache when its input ends; the
    next one starts from it. A damaged or unwritable cache changes nothing on the page."""
    katex = math_module(make_blog, "katex")
    launch = sys.modules["quillpress_plugin_math.launch"]
    node_worker = sys.modules["quillpress_plugin_math.node_worker"]
    dist = launch.find_katex([REPO])
    rows = formula_rows(30)

    def draw(cache: Path) -> list[str]:
        worker = node_worker.NodeWorker(shutil.which("node"), dist)
        worker.command[-2] = str(cache)  # the code cache folder, before the digest
        try:
            return drawn(katex.KatexEngine(dist, worker), rows)
        finally:
            worker.close()

    cache = tmp_path / "code-cache"
    caplog.set_level("DEBUG", logger="quillpress.math")
    first = draw(cache)
    assert "without V8's code cache" in caplog.text
    [saved] = cache.glob("katex-*.bin")
    assert saved.stat().st_size > 100_000  # the functions the formulas called, compiled
    caplog.clear()
    assert draw(cache) == first
    assert "without V8's code cache" not in caplog.text  # the saved cache was used
    saved.write_bytes(b"not a code cache")
    assert draw(cache) == first
    assert saved.stat().st_size > 100_000  # rejected, then made again
    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the cache folder would go")
    assert draw(blocked) == first


@needs_node
def test_set_up_warms_the_code_cache_on_sample_formulas(tmp_path, monkeypatch):
    """`make setup` runs the worker over the sample formulas and has it save the cache."""
    launch = math_module_file("launch")
    dist = launch.find_katex([REPO])
    command = launch.worker_command
    monkeypatch.setattr(launch, "worker_command",
                        lambda node, katex: [*command(node, katex)[:-2], str(tmp_path),
                                             command(node, katex)[-1]])
    assert launch.warm_up(FORMULAS, [REPO]) and dist is not None
    [saved] = tmp_path.glob("katex-*.bin")
    assert saved.stat().st_size > 100_000


def math_module_file(name: str):
    """A standard-library-only module of the math plugin, loaded on its own."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(f"math_{name}_under_test",
                                                  REPO / "plugins" / "math" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_node
def test_a_worker_that_cannot_start_says_why(make_blog):
    """A Node that refuses the worker's command line (here an option it does not know) is
    named in the error each formula gets, with its exit status: not a bare "stopped"."""
    node_worker = math_module(make_blog, "node_worker")
    katex = sys.modules["quillpress_plugin_math.katex"]
    engine_error = sys.modules["quillpress_plugin_math.engine"].MathError
    dist = REPO / "node_modules" / "katex" / "dist"
    worker = node_worker.NodeWorker(shutil.which("node"), dist)
    worker.command.insert(1, "--no-such-option-for-quillpress")
    with pytest.raises(engine_error) as stopped:
        katex.KatexEngine(dist, worker).render("x^2", False)
    said = str(stopped.value)
    assert "stopped (exit status 9: " in said
    assert said.endswith("node: bad option: --no-such-option-for-quillpress)")


class _DyingNode:
    """Node's KaTeX as the queue sees it: requests done in order, each drawn as the macros
    defined so far and its TeX; the worker dies on `fatal` (its reply and those queued behind
    it lost) and a new one starts with no macros at the next request, as NodeWorker does."""

    def __init__(self, error: type[Exception], fatal: str) -> None:
        self.error, self.fatal, self.epoch = error, fatal, 1
        self.state: list[str] = []
        self.sent: list[dict] = []  # sent ahead, not done yet
        self.early: list[dict] = []  # done, reply not yet taken

    def _do(self, request: dict) -> dict:
        if request["op"] == "katex-reset":
            self.state = [request["macros"]]
            return {"out": ""}
        if request["tex"] == self.fatal:
            self.sent.clear(), self.early.clear()
            self.epoch += 1
            self.state = []
            raise self.error("the Node math worker stopped")
        if "\\newcommand" in request["tex"]:
            self.state.append(request["tex"])
        return {"out": "|".join(self.state) + " : " + request["tex"]}

    def start(self) -> int:
        return self.epoch

    def send_ahead(self, requests: list[dict], epoch: int | None = None) -> int:
        if epoch is not None and epoch != self.epoch:
            return -1
        self.sent += requests
        return self.epoch

    def take_ahead(self, seconds: float) -> dict:
        if self.early:
            return self.early.pop(0)
        if not self.sent:
            raise self.error("the Node math worker stopped")
        return self._do(self.sent.pop(0))

    def ask(self, request: dict, seconds: float) -> dict:
        while self.sent:
            self.early.append(self._do(self.sent.pop(0)))
        return self._do(request)

    def drop_ahead(self, seconds: float) -> None:
        with contextlib.suppress(self.error):
            while self.sent:
                self._do(self.sent.pop(0))
        self.early.clear()


def test_a_worker_that_dies_on_a_formula_sent_ahead_and_never_asked_for_costs_no_formula(
        make_blog):
    """A formula foreseen and never asked for (the plan passed it over) that kills Node takes
    the replies behind it and the post's macros: the next formula is drawn in a new worker,
    with the macros defined again, as it is drawn when nothing is sent ahead, not an error."""
    katex = math_module(make_blog, "katex")
    error = sys.modules["quillpress_plugin_math.engine"].MathError
    define, fatal = "\\newcommand{\\h}{1}", "\\fatal"
    alone = katex._InNode(_DyingNode(error, fatal))
    ahead = katex._InNode(_DyingNode(error, fatal))
    ahead.send_ahead([("reset", "{}"), ("render", define, False), ("render", "a", False),
                      ("render", fatal, False), ("render", "\\h", False),
                      ("render", "b", False)], queue=True)
    drawn = []
    for js in (alone, ahead):
        js.reset("{}")
        drawn.append([js.render(tex, False) for tex in (define, "a", "\\h", "b")])
    assert drawn[1] == drawn[0] == [
        "{}|" + define + " : " + tex for tex in (define, "a", "\\h", "b")]



# A stand-in for Node's worker: its replies are as long as each request asks, written as Node
# writes them (waiting while the pipe is full); it makes its `done` file once it has written
# the reply to a request marked `last`.
_BIG_REPLIES = r"""
import json, sys
out = sys.stdout.buffer
out.write(b'{"ready": true}\n'); out.flush()
for line in sys.stdin.buffer:
    request = json.loads(line)
    text = (request["tex"] + "|").ljust(request["size"] // 2, "x").encode("utf-16-le")
    out.write(b"=out %d\n" % len(text) + text); out.flush()
    if request.get("last"):
        open(sys.argv[1], "w").close()
"""


def test_a_worker_drawing_a_formula_dense_post_is_not_kept_waiting_for_reads(
        make_blog, tmp_path):
    """Replies to formulas sent ahead that fill several pipes (a post dense with big
    formulas) are read as this process takes each one, so the worker goes on drawing while
    this process works on the text: it had stopped on a full pipe until this process had
    used up everything read before, Node idle while the build waited for it later. Each
    reply still comes to the formula it answers, in order."""
    node_worker = math_module(make_blog, "node_worker")
    done = tmp_path / "done"
    worker = node_worker.NodeWorker(sys.executable, None)
    worker.command = worker.early = [sys.executable, "-c", _BIG_REPLIES, str(done)]
    try:
        worker.start()
        pipe = worker._process.stdout.fileno()
        pipeful = fcntl.fcntl(pipe, fcntl.F_GETPIPE_SZ)
        count, size = 48, pipeful // 16  # three pipefuls of replies
        worker.send_ahead([{"op": "katex", "tex": f"f{n}", "size": size, "last": n == count - 1}
                           for n in range(count)])
        replies: list[str] = []
        while len(replies) < count and not done.exists():
            replies.append(worker.take_ahead(30)["out"])
            unread = array.array("i", [0])
            for _ in range(3000):  # this process at work while the worker writes
                fcntl.ioctl(pipe, termios.FIONREAD, unread)
                if done.exists() or unread[0] >= pipeful // 2:
                    break
                time.sleep(0.01)
        taken_when_done = len(replies)
        replies += [worker.take_ahead(30)["out"] for _ in range(count - len(replies))]
    finally:
        worker.close()
    assert [reply[:reply.index("|")] for reply in replies] == [f"f{n}" for n in range(count)]
    assert {len(reply) for reply in replies} == {size // 2}
    # a read took at most a pipeful (16 replies); kept until all were taken, the worker could
    # not finish before this process had taken 16 of them and read again
    assert taken_when_done <= count // 4


# A stand-in for a Node worker that stops reading its requests and has not ended yet (killed
# by a Ctrl+C sent to its group, or by the kernel out of memory): a write to it breaks the pipe.
_STOPS_READING = r"""
import os, sys, time
os.close(0)
sys.stdout.buffer.write(b'{"ready": true}\n'); sys.stdout.buffer.flush()
time.sleep(60)
"""


def test_formulas_foreseen_for_a_worker_that_stopped_reading_are_dropped_not_raised(make_blog):
    """A post's formulas sent ahead to a Node worker that has stopped reading (its pipe
    broken) are dropped, as those for a worker that has ended: the post's formulas are then
    asked one at a time from a new worker. The broken pipe went up through the Markdown
    parse, and the post failed with 'rendering failed' and a traceback."""
    katex = math_module(make_blog, "katex")
    node_worker = sys.modules["quillpress_plugin_math.node_worker"]
    worker = node_worker.NodeWorker(sys.executable, None)
    worker.command = worker.early = [sys.executable, "-c", _STOPS_READING]
    js = katex._InNode(worker)
    try:
        worker.start()
        stopped = worker._process
        js.send_ahead([("reset", "{}"), ("render", "a", False)], queue=True)
        assert not js._pending()  # nothing waits for replies that will not come
        assert stopped.poll() is not None  # ended, so the next formula starts a new worker
    finally:
        worker.close()
