"""Math: LaTeX rendered to finished HTML at build time; pages carry no math JavaScript.

Syntax: `$…$`, `\\(…\\)` inline; `$$…$$`, `\\[…\\]` and bare `\\begin{equation|align|…}`
blocks display (see syntax.py). KaTeX from npm renders in one Node worker per process
(node_worker.py; in-process QuickJS when Node is missing, katex.py); without KaTeX,
latex2mathml does, with one warning per build (mathml.py). A formula KaTeX rejects is
tried with MathJax 4 → SVG in the same Node worker when npm's `@mathjax/src` is installed
(mathjax.py), with a warning, unless MathJax is known to reject it too (mathjax_rejects.py);
otherwise it shows in an error box. KaTeX's CSS and fonts are
copied into the site and linked only from pages that contain math. Macros the blog defines in
its browser MathJax/KaTeX configuration are read from it (config_macros.py).

_config.yml:

    math:
      enable: true          # false: no math anywhere
      every_page: true      # false: only posts with `math: true` (or Hexo's `mathjax: true`
                            #        / `katex: true`) front-matter get math
      macros: {"\\\\RR": "\\\\mathbb{R}"}
      cdn: null             # e.g. https://cdn.jsdelivr.net/npm/katex@0.19.1/dist
      escapes: auto         # marked | kramed | none: undo Markdown escapes written inside
                            # math for hexo-renderer-marked (auto: guessed from package.json)

Front-matter `math: false` turns it off for one post. A Hexo blog that sets up no math (no
math plugin; neither its config nor its theme's turns MathJax or KaTeX on: asked.py) gets it only on posts
whose front-matter asks, as Hexo shows `$…$` as written there; one warning says so.
"""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown_it.token import Token

from quillpress.plugin_api import (DRAWS_MATH, Choice, Flag, Legacy, Route, Section, Text, TextMap,
                                   js_text)

from . import config_macros
from .asked import ASSUMED, set_up
from .cache import FormulaCache, formula_key
from .engine import Engine
from .escapes import (MODES as ESCAPE_MODES, choose as choose_escapes, describe as describe_escapes,
                      blank_lines_in_blocks, drawn_at_build as escapes_drawn_at_build, loose_dollars,
                      own_math_script)
from .katex import KatexEngine
from .launch import find_katex, find_node
from .mathjax import MathJaxEngine, find_mathjax
from .mathml import MathMLEngine, available as mathml_available
from .node_worker import NodeWorker
from .renderer import MathRenderer, PostMath, line_of, plain_form, strip_marks
from .hexo_math import DISPLAY_OPTION, draws_display
from .syntax import (DISPLAY_TYPES, FORMULA_MARKS, MACROS_TYPE, MATH_TYPES, REF_TYPE, Declined,
                     math_syntax_plugin)

if TYPE_CHECKING:
    from quillpress.plugin_api import Document, PageView, PluginAPI, RenderContext, Rendered, TagFunc

log = logging.getLogger("quillpress.math")
CSS_DIR = "css/katex"
PAGE_CSS = ("<style>.qp-math-display{display:block;overflow-x:auto;overflow-y:hidden}"
            ".qp-math-display .katex-display{margin:.8em 0}"
            ".qp-math-error{color:#b00020;background:#fff0f0;border:1px solid #f3b0b0;"
            "border-radius:3px;padding:0 .25em;white-space:pre-wrap}"
            ".qp-math-quiet{color:inherit;background:none;border:1px dashed currentColor;"
            "opacity:.75}pre.qp-math-quiet{padding:.5em;overflow-x:auto}</style>")
SUMMARY_TEX = 40  # a formula in a meta description is cut to this many characters
# Node's KaTeX work for one `$` of a post, as characters of Markdown the main process renders in
# the same CPU time: conduition's 29 posts, 1.04 MB with 15,319 `$`, took ~1.0 s of Node's CPU
# and ~1.3 s of Python's, one process (bench/README.md, stop 34). Counting `$` only: `\\(` is
# rare, and looking for two characters costs ten times as much (60 ms at 5,000 posts).
CHARS_PER_DOLLAR = 52
LOW_QUALITY = ("math: KaTeX was not found (node_modules/katex), so formulas were rendered "
               "with the pure-Python latex2mathml, which draws some of them less well")


SECTION = Section({
    "enable": Flag(True, "false: no math anywhere"),
    "every_page": Flag(True, "false: only posts with `math: true` (or mathjax/katex) get math"),
    "macros": TextMap({}, "TeX macros for every formula, e.g. `\\RR: \\mathbb{R}`"),
    "cdn": Text("", "load KaTeX's CSS from here instead of the site"),
    "escapes": Choice("auto", ("auto", *ESCAPE_MODES),
                      "marked: undo Markdown escapes written inside math for hexo-renderer-marked "
                      "(C\\_{k} → C_{k}); kramed: only in $…$; none: TeX as written; "
                      "auto: guessed from the blog's package.json"),
}, legacy=(
    Legacy(lambda value: isinstance(value, bool), lambda value: {"enable": value}, None),
    Legacy(lambda value: isinstance(value, dict) and "per_page" in value and "every_page" not in value,
           lambda value: {**value, "every_page": value["per_page"] is False},
           lambda value: f"`math.per_page: {js_text(value['per_page'])}` is NexT 7's name; "
                         f"read as `math.every_page: {js_text(value['per_page'] is False)}`"),
), foreign=("engine", "per_page", "mathjax", "katex"))


_ENGINES = ("mathjax", "katex")
# A post's math state for the fragments drawn whatever it asks (DRAWS_MATH), kept apart from
# its own (`ctx.data["math"]`), which stays off for the rest of the post.
_DRAWN_HERE = "math.drawn_here"


def wants_math(front: dict[str, Any], every_page: bool) -> bool:
    """`math: false` turns math off; `math`, or Hexo's `mathjax`/`katex`, `true` turns it on
    when `math.every_page` is false (Hexo themes render math only on such posts). So do the
    other ways themes let a post ask: Volantis loads the page plugins a post names
    (`plugins: [katex]`, or `- mathjax: {...}`), Async loads KaTeX for `katex: {options}`."""
    if front.get("math") is False:
        return False
    if every_page or any(front.get(key) is True for key in ("math", *_ENGINES)):
        return True
    if any(isinstance(front.get(key), dict) for key in _ENGINES):
        return True
    plugins = front.get("plugins")
    named = plugins if isinstance(plugins, list) else [plugins]
    return any(item in _ENGINES or (isinstance(item, dict) and any(key in _ENGINES for key in item))
               for item in named if isinstance(item, (str, dict)))


# Every kind of token the math rules make: formulas, and the references and definitions
# that count in a post's links and preamble.
KINDS = frozenset((*MATH_TYPES, REF_TYPE, MACROS_TYPE))
_BREAKS = ("softbreak", "hardbreak")  # a line break in the text, with no "\n" of its own


def math_tokens(tokens: list["Token"], ctx: "RenderContext") -> list["Token"]:
    """The document's math tokens, block and inline, in reading order, found in one walk;
    each inline one is told its source line (`meta["line"]`, for warnings). A paragraph's
    inline children are looked at only when its text holds `$` or `\\`, one of which every
    inline math rule starts at: most paragraphs have no formula, and their children were most
    of the tokens walked. Only an inline token has children to look at: markdown-it gives
    other block tokens none, and the HTML renderer draws only an inline token's."""
    found: list[Token] = []
    for token in tokens:
        kind = token.type
        if kind in KINDS:
            found.append(token)
        elif kind == "inline" and ("$" in token.content or "\\" in token.content):
            children = token.children or ()
            if not token.map:
                found += [child for child in children if child.type in KINDS]
                continue
            line = ctx.source_line(token.map[0])
            for child in children:
                child_kind = child.type
                if child_kind in KINDS:
                    found.append(child)
                if child_kind.startswith("math"):  # formulas and references
                    child.meta = {**(child.meta or {}), "line": line}
                line += child.content.count("\n") + (child_kind in _BREAKS)
    return found


# The Node workers of this process's last set-up. The dev server sets up again after an edit
# of _config.yml: each set-up's workers ended only at exit, so every edit left KaTeX's and
# MathJax's Node processes running. A set-up ends the last one's (one still in use, in a test
# holding two builders, starts again on its next formula).
_workers: list[NodeWorker] = []


def register(api: "PluginAPI") -> None:
    while _workers:
        _workers.pop().close()
    why = set_up(api.project_root, api.config)  # before the section's defaults fill `math`
    options = api.config_section("math", SECTION)
    if not options["enable"]:
        return
    dist = find_katex(api.install_roots)
    found = find_mathjax(api.install_roots)
    node = find_node()
    worker = NodeWorker(node, dist, api.project_root) if node and dist else None
    engines: list[Engine] = []
    if dist is not None:
        engines.append(KatexEngine(dist, worker))
    elif mathml_available():
        engines.append(MathMLEngine())
    mathjax = MathJaxEngine(found[1], NodeWorker(found[0], None, api.project_root)) if found else None
    _workers.extend([worker] if worker else [])
    _workers.extend([mathjax.worker] if mathjax else [])
    if mathjax is not None:
        engines.append(mathjax)
    # What the build says it assumed: said when a build reads the sources, once per set-up
    # (not by `deploy` without a build, which also loads the plugins).
    said: list[str] = []
    macros = _blog_macros(api, options["macros"], said)
    cache_file = api.cache_dir / "formulas.sqlite"
    cache = FormulaCache(cache_file)
    # A Hexo theme's MathJax scanned the page: it found math in raw HTML too, and read
    # `\text{…}` as MathJax 2/3 do; a renderer that drew math itself with KaTeX did neither.
    drawn_at_build = escapes_drawn_at_build(api.project_root, api.config)
    text_mode = "mathjax" if drawn_at_build is False else "scripts"
    own_script = own_math_script(api.project_root) if text_mode == "mathjax" else None
    renderer = MathRenderer(engines, macros, cache, text_mode, own_script)
    api.provide("math.renderer", renderer)  # benchmarks count what it renders
    every_page = options["every_page"] and why is not None
    if every_page and why is not None and why.endswith(ASSUMED):
        said.append(f"math: drawn on every page: {why.removesuffix(ASSUMED)}, so its math "
                    "switches are unknown; set math.every_page: false if its pages showed $…$ as written")
    declined = _say_math_is_text(api) if why is None else None
    escapes, why = choose_escapes(api.project_root, api.config, options["escapes"])
    loose = loose_dollars(api.project_root)
    blank_lines, blank_line_environments = blank_lines_in_blocks(api.project_root, drawn_at_build)
    api.depends_on(f"escapes:{escapes}:{text_mode}:{drawn_at_build}:{every_page}" + (":loose" if loose else "")
                   + f":blank-lines={blank_lines},{blank_line_environments}"
                   + (f":own={own_script}" if own_script else ""))  # its warnings name it
    if escapes != "none" or options["escapes"] != "auto" or why.startswith("hexo-renderer"):
        said.append(describe_escapes(escapes, why))

    @api.on("after_source")
    def ask_every_engine_again(docs: list["Document"]) -> None:
        renderer.new_build()

    @api.on("after_source")
    def say_assumptions(docs: list["Document"]) -> None:
        while said:
            log.info("%s", said.pop(0))

    def post_math(env: dict[str, Any]) -> PostMath | None:
        ctx: RenderContext | None = env.get("qp")
        if ctx is None:
            return None
        state = ctx.data.get("math")
        if state is None:
            state = PostMath() if wants_math(ctx.doc.front, every_page) else False
            ctx.data["math"] = state
        if not state and env.get(DRAWS_MATH):  # hexo-markmap's KaTeX: drawn, the rest as it was
            return ctx.data.setdefault(_DRAWN_HERE, PostMath())
        return state or None

    def after_parse(tokens: list["Token"], env: dict[str, Any]) -> None:
        post = post_math(env)
        ctx: RenderContext = env["qp"]
        if post is None:
            return
        formulas = math_tokens(tokens, ctx)
        renderer.number(formulas, post)
        renderer.send_ahead(formulas, post)

    def render(token: "Token", env: dict[str, Any]) -> str:
        post = post_math(env)
        ctx: RenderContext = env["qp"]
        if post is None:
            return html.escape(token.markup + token.content + token.markup)
        if token.type == REF_TYPE:
            return renderer.reference(token, ctx, post, line_of(token, ctx, env))
        if token.type == MACROS_TYPE:
            renderer.define(token.content, ctx, post, line_of(token, ctx, env))
            return ""
        return draw(token, ctx, post, line_of(token, ctx, env))

    def draw(token: "Token", ctx: "RenderContext", post: PostMath, line: int) -> str:
        ctx.features.add("math")
        if "as_text" not in ctx.data:  # the body's text and summary: formulas as their TeX
            ctx.data["as_text"] = lambda fragment, short: plain_form(
                fragment, post.sources, SUMMARY_TEX if short else None)
            ctx.data["formulas"] = post.drawn  # their HTML, for the feed's cleaning
        return renderer.render_token(token, ctx, post, line)

    def hexo_math_tag(name: str) -> "TagFunc":
        """hexo-math's `{% katex %}` / `{% mathjax %}` pair (hexo_math.py): drawn wherever
        it stands, as hexo-math draws it whatever the theme's math switches say; a post
        whose front-matter sets `katex: false` (or `mathjax: false`) shows the TeX."""
        def tag(ctx: "RenderContext", args: list[str], body: str | None) -> str:
            front = ctx.doc.front.get(name)
            if front is False:
                return html.escape(body or "")
            display = draws_display(name, api.config.get("math"), front, args)
            post = post_math({"qp": ctx})
            if post is None:
                post = ctx.data["math"] = PostMath()
            token = Token(DISPLAY_TYPES[0] if display else MATH_TYPES[0], "", 0)
            token.content = body or ""
            return draw(token, ctx, post, ctx.line)
        return tag

    for name in DISPLAY_OPTION:
        api.tag(name, hexo_math_tag(name), ends=True)

    def static_math_tag(ctx: "RenderContext", args: list[str], body: str | None) -> str:
        """hexo-static-math's `{% math %}…{% endmath %}`: a display formula, inline when its
        first argument is `inline`. The plugin drew it at build time, whatever the theme's
        switches (MathJax to SVG there; the blog's engines here, like any other formula)."""
        post = post_math({"qp": ctx})
        if post is None:
            post = ctx.data["math"] = PostMath()
        inline = bool(args) and args[0] == "inline"
        token = Token(MATH_TYPES[0] if inline else DISPLAY_TYPES[0], "", 0)
        token.content = body or ""
        return draw(token, ctx, post, ctx.line)

    api.tag("math", static_math_tag, ends=True)

    api.markdown(math_syntax_plugin, gate=lambda env: post_math(env) is not None,
                 after_parse=after_parse, render=render, escapes=escapes,
                 raw_html=drawn_at_build is not True, loose=loose, declined=declined,
                 blank_lines=blank_lines, blank_line_environments=blank_line_environments)

    def has_math(doc: "Document") -> bool:
        return wants_math(doc.front, every_page) and any(mark in doc.body for mark in FORMULA_MARKS)

    @api.on("after_source")
    def start_node_early(docs: list["Document"]) -> None:
        """No formula cache yet (a first or cold build): Node will be needed, so it starts now
        and loads KaTeX on the other core while the bodies before the first formula render."""
        first = worker or (mathjax.worker if mathjax else None)  # KaTeX's, else MathJax's
        if first is None or cache_file.exists():
            return
        if any(map(has_math, docs)):
            first.prestart()
        elif worker is not None:  # nothing to draw: its drawing ahead would be for nothing
            worker.decline_early()

    def formula_work(doc: "Document") -> int:
        """What Node's drawing of the document's formulas costs, in characters of Markdown
        this process renders meanwhile: each `$` (half an inline formula) as CHARS_PER_DOLLAR.
        Nothing once the formula cache exists (a build after the first, whose bodies render
        again: a config or theme edit they read, a new QuillPress): Node then draws only the
        formulas it lacks, and counting the others kept a math-dense blog's every post here,
        in one process, while the other core had nothing to do."""
        return 0 if cache_file.exists() else doc.body.count("$") * CHARS_PER_DOLLAR

    # In a small build, the posts with formulas render here, where Node was started before the
    # imports (one worker would start a second Node); the others in one worker meanwhile. A
    # build that forks anyway does so when this process's part is about half of the work,
    # Node's included (builder.split_here).
    api.render_in_main(has_math, formula_work)

    if worker is not None and api.builds_once:
        @api.on("after_site")
        def end_katex(site: Any) -> None:
            """The bodies are rendered: KaTeX's Node exits while the pages are made."""
            worker.finish()

    @api.on("after_render", priority=100)
    def strip_formula_marks(doc: "Document", rendered: "Rendered", ctx: "RenderContext") -> None:
        """The text and summary were made with the marks (`as_text`); the page needs none."""
        post = ctx.data.get("math") or ctx.data.get(_DRAWN_HERE)
        renderer.cache.flush()
        if not post or not post.sources:
            return
        rendered.content = strip_marks(rendered.content)
        rendered.excerpt = strip_marks(rendered.excerpt)

    if mathjax is not None:
        _add_mathjax_css(api, mathjax, cache)
    if dist is None:
        @api.on("after_build")
        def warn_quality(result: Any) -> None:
            if engines:
                result.problems.warn(LOW_QUALITY, hint="run `make setup` (npm ci) to install KaTeX")
            else:
                result.problems.warn("math: neither KaTeX (npm) nor latex2mathml (pip) is "
                                     "installed; formulas are shown as TeX source",
                                     hint="run `make setup`")
        return
    _add_assets(api, dist, options.get("cdn"))


AS_TEXT = "math.as_text"  # a body's `Rendered.facts`: the source line of its first `$…$` shown as written


def _say_math_is_text(api: "PluginAPI") -> "Declined":
    """One warning, on a blog that set up no math (asked.py), naming the first of the posts
    whose `$…$` is shown as written and how to have formulas drawn. The `$` rule, which
    declines such a formula, says where (the `declined` it returns), and the line travels
    with the body (its facts, kept in the body cache) from whichever process rendered it."""
    read: list["Document"] = []

    def declined(line: int, env: dict[str, Any]) -> None:
        ctx: RenderContext | None = env.get("qp")
        if ctx is not None:
            line = ctx.source_line(line)
            ctx.data[AS_TEXT] = min(line, ctx.data.get(AS_TEXT, line))

    @api.on("after_source")
    def keep_documents(docs: list["Document"]) -> None:
        read[:] = docs

    @api.on("after_render")
    def keep_line(doc: "Document", rendered: "Rendered", ctx: "RenderContext") -> None:
        if AS_TEXT in ctx.data:
            rendered.facts[AS_TEXT] = ctx.data[AS_TEXT]

    @api.on("after_build")
    def warn(result: Any) -> None:
        found = [(doc.rel, doc.rendered.facts[AS_TEXT]) for doc in read
                 if doc.rendered is not None and AS_TEXT in doc.rendered.facts]
        if found:
            pages = f"{len(found)} pages" if len(found) > 1 else "1 page"
            result.problems.warn(
                f"math: nothing in this blog sets up math (no math plugin; neither its config nor its "
                f"theme's turns MathJax or KaTeX on), so $…$ on {pages} is shown as written, as Hexo "
                "shows it",
                Path(api.config["source_dir"]) / found[0][0], found[0][1],
                hint="write `math: {enable: true}` in _config.yml to draw formulas everywhere, "
                     "or `mathjax: true` in a post's front-matter for that post")
    return declined


def _blog_macros(api: "PluginAPI", configured: dict[str, str], said: list[str]) -> dict[str, str]:
    """The macros of the blog's own MathJax/KaTeX configuration (config_macros.py), then
    `math.macros`, which wins. A macro that could not be read is named in one warning."""
    found = config_macros.find(api.project_root, api.config.source_path,
                               api.config.get("theme"))
    if found.files:
        said.append(f"math: {len(found.macros)} macros read from {', '.join(found.files)}")
        api.depends_on("macros:" + json.dumps(found.macros, sort_keys=True))
    if found.unread:
        @api.on("after_build")
        def warn_unread(result: Any) -> None:
            for path, names in found.unread:
                result.problems.warn(
                    f"math: macros {', '.join(names)} in this MathJax configuration could not be "
                    "read (not a plain string, or an optional argument); formulas using them "
                    "may fail", path, hint="define them in math.macros in _config.yml")
    return {**found.macros, **configured}


def _add_assets(api: "PluginAPI", dist: Path, cdn: str | None) -> None:
    """KaTeX's CSS and fonts (never its JS), linked from pages that have math only."""
    if cdn:
        href = f"{str(cdn).rstrip('/')}/katex.min.css"
    else:
        from quillpress.plugin_api import url_for
        href = url_for(f"{CSS_DIR}/katex.min.css", api.config)
        api.static(dist / "fonts", f"{CSS_DIR}/fonts")

        @api.generator(name="math.katex_css")
        def katex_css(site: Any) -> list[Route]:
            return [Route(path=f"{CSS_DIR}/katex.min.css", source=dist / "katex.min.css")]

    link = f'<link rel="stylesheet" href="{html.escape(href)}">{PAGE_CSS}'

    def head(view: "PageView") -> str:
        return link if ('class="katex' in view.html or "qp-math-error" in view.html
                        or MATHJAX_MARK in view.html) else ""

    api.inject("head_end", head)


MATHJAX_MARK = 'jax="SVG"'  # on every <mjx-container> MathJax's SVG output writes


def _add_mathjax_css(api: "PluginAPI", engine: MathJaxEngine, cache: FormulaCache) -> None:
    """MathJax's SVG stylesheet (~6 KB, inline) on pages that have a MathJax formula only.
    It is kept in the formula cache, so a warm rebuild does not start Node to get it. A body
    with such a formula asks for it as soon as it is rendered, from the Node worker that has
    just loaded MathJax: otherwise a forked page-making worker would start a Node of its own
    and load MathJax again (~0.4 s of CPU) only for this stylesheet."""
    key = formula_key(engine.version, "svg-stylesheet")
    style: list[str] = []

    def stylesheet() -> str:
        css = cache.get(key)
        if css is None:
            css = engine.stylesheet()
            cache.put(key, css)
            cache.flush()
        return css

    @api.on("after_render")
    def keep_stylesheet(doc: "Document", rendered: "Rendered", ctx: "RenderContext") -> None:
        if MATHJAX_MARK in rendered.content:
            stylesheet()

    def head(view: "PageView") -> str:
        if MATHJAX_MARK not in view.html:
            return ""
        if not style:
            style.append(f"<style>{stylesheet()}</style>")
        return style[0]

    api.inject("head_end", head)
