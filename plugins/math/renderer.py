"""One formula → HTML: numbering, macros, the disk cache, the engine chain, error boxes.

Per post it keeps the macro "preamble" (the formulas that define macros, in order): it is
part of each formula's cache key, and it is replayed into the engine when the engine's
state belongs to another post (or was skipped because those formulas came from the cache).
"""

from __future__ import annotations

import html
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .cache import FormulaCache, formula_key
from .dollars import escaped
from .engine import DEFINES_MACROS, Engine, EngineDown, MathError, longer_limit
from .noundefined import in_red, undefined_command
from .numbering import EquationNumbers
from .syntax import DISPLAY_TYPES, MACROS_TYPE, MATH_TYPES
from .textmode import literal_text

if TYPE_CHECKING:
    from markdown_it.token import Token

    from quillpress.plugin_api import RenderContext

# Each formula's HTML is wrapped in these private-use characters (with its index) while a
# document renders; the plain-text pass swaps them for the TeX source and strips them.
OPEN, MID, CLOSE = "\ue010", "\ue011", "\ue012"
# [^CLOSE]* is what a lazy .*? up to CLOSE matches, without its per-character backtracking:
# 6× faster over the megabytes of KaTeX markup a math-dense post has.
MARKED = re.compile(f"{OPEN}(\\d+){MID}([^{CLOSE}]*){CLOSE}")
# A formula an engine after the first drew is cached as WARNED, its warning's length, MID, the
# warning, then its HTML: a build that takes it from the cache warns where the build that drew
# it did. Without it, which of a formula's places warned depended on which reached the shared
# cache first (forked workers' timing), and an incremental build warned at none.
WARNED = "\ue013"
_serial = itertools.count()


class Foreseen(NamedTuple):
    """What `send_ahead` worked out for a formula, left on its token for `_formula`."""

    key: str  # the cache key
    missed: bool  # not on disk (nor already foreseen in this post)
    definitions: int  # the length of the preamble the key was made with
    tex: str  # the TeX the key was made for (references resolved)


@dataclass
class PostMath:
    """The math state of one document while it renders."""

    numbers: EquationNumbers = field(default_factory=EquationNumbers)
    preamble: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # Each formula's HTML as drawn, in the same order: the feed's cleaning is told them
    # (`ctx.data["formulas"]`, feed/clean.py) and need not walk KaTeX's markup to find them.
    drawn: list[str] = field(default_factory=list)
    serial: int = field(default_factory=lambda: next(_serial))
    # No definition `send_ahead` foresaw failed or was drawn in another form (in red): with
    # as many definitions as it foresaw, the preamble is the one its cache keys were made with
    # (`Foreseen.definitions`).
    as_foreseen: bool = True
    # Its formulas were sent ahead once, when the document was parsed: a tag's body, parsed
    # only as it is drawn, sends its own only when nothing else is foreseen (`send_ahead`).
    sent: bool = False
    # The formulas an engine after the first was given (MathJax): what it may have defined
    # that the first did not, which decides whether it can be known to reject one unasked.
    given: list[str] = field(default_factory=list)


class MathRenderer:
    def __init__(self, engines: list[Engine], macros: dict[str, str], cache: FormulaCache,
                 text_mode: str = "scripts", own_script: str | None = None) -> None:
        self.engines = engines
        self.macros = macros
        self.cache = cache
        self.text_mode = text_mode  # how `\text{…}` is read (textmode.py)
        # the blog's own script that drew its math (escapes.own_math_script), not MathJax
        self.own_script = own_script
        self.rendered = 0  # formulas this process sent to an engine (the cache missed)
        self._macro_print = json.dumps(macros, sort_keys=True)
        self._macro_text = "\n".join(f"{name} {body}" for name, body in macros.items())
        # A cache written before its rows held their warnings (WARNED) is not read.
        self._versions = "+".join(engine.version for engine in engines) + "+warned"
        # engine name → (post serial, preamble length, engine epoch) of its macro state
        self._engine_state: dict[str, tuple[int, int, int]] = {}
        # engines that gave no answer twice running, first try and retry (see _draw): not
        # asked again until the next build (`new_build`)
        self._silent: set[str] = set()

    def new_build(self) -> None:
        """A new build (the dev server's next) asks every engine again."""
        self._silent.clear()

    # -- a whole document's tokens, before any is rendered: numbers and labels --
    def number(self, formulas: list["Token"], post: PostMath) -> None:
        """Number display formulas in reading order, also those inside a paragraph (`$$…$$`
        on the lazy line of a list item). `formulas`: the document's math tokens, block and
        inline, in reading order (other tokens are passed over)."""
        for token in formulas:
            if token.type in DISPLAY_TYPES:
                tex = token.content
                if token.type == "math_block_label" and token.info:
                    tex = f"{tex} \\label{{{token.info}}}"
                numbered = post.numbers.number(tex)
                token.meta = {**(token.meta or {}), "tex": numbered.tex,
                              "anchors": numbered.anchors}

    # -- a whole document's tokens: the formulas KaTeX will be asked for, sent ahead --
    def send_ahead(self, formulas: list["Token"], post: PostMath) -> None:
        """Tell the first engine, if it takes them (KaTeX in Node), the calls `_formula` and
        `_prepare` will make for this document's formulas, foreseen as if each one renders:
        the same cache keys, preamble and macro resets. A foresight that proves wrong costs
        time, never a different page (katex.py checks every call; `_formula` takes a foreseen
        key only while the preamble is as foreseen).

        In every process, forked render workers too: there both cores are full already, but
        a document's formulas sent together wake Node and the worker once per pipeful instead
        of once per formula each, which cost more CPU than it saved (BlitherBoom812 -17 %,
        NotDesigned -18 % of a cold build's CPU; bench/README.md, stop 35)."""
        engine = self.engines[0] if self.engines else None
        send = getattr(engine, "send_ahead", None)
        if engine is None or send is None:
            return
        calls: list[tuple[Any, ...]] = []
        preamble = list(post.preamble)
        state = self._engine_state.get(engine.name, (-1, -1, -1))[:2]
        planned: list[tuple["Token", str, bool, str, bool, int]] = []
        for token in formulas:  # as `number`'s
            if token.type == MACROS_TYPE:
                tex, display = token.content.strip(), False
            elif token.type in MATH_TYPES:
                display = token.type in DISPLAY_TYPES
                tex = post.numbers.resolve((token.meta or {}).get("tex", token.content), [])
                tex = literal_text(strip_tex(tex), self.text_mode)
            else:
                continue
            defines = bool(DEFINES_MACROS.search(tex))
            planned.append((token, tex, display, self._key(post, preamble, tex, display),
                            defines, len(preamble)))
            if defines:
                preamble.append(tex)
        cached = self.cache.get_many([plan[3] for plan in planned])  # one query per document
        seen: set[str] = set()
        for token, tex, display, key, defines, definitions in planned:
            missed = key in seen or key not in cached
            if token.type != MACROS_TYPE:  # `_formula` takes the key and the disk's answer
                token.meta = {**(token.meta or {}),
                              "foreseen": Foreseen(key, missed, definitions, tex)}
            if missed and key not in seen:
                seen.add(key)
                if state != (post.serial, definitions):
                    calls.append(("reset", self.macros))
                    calls.extend(("render", definition, True)
                                 for definition in preamble[:definitions])
                calls.append(("render", tex, display))
                state = (post.serial, definitions + defines)
        send(calls, not post.sent)
        post.sent = True

    def _key(self, post: PostMath, preamble: list[str], tex: str, display: bool) -> str:
        return formula_key(self._versions, self._macro_print, "\n".join(preamble),
                           "D" if display else "I", tex)

    # -- one formula --
    def render_token(self, token: "Token", ctx: "RenderContext", post: PostMath, line: int) -> str:
        display = token.type in DISPLAY_TYPES
        tex = (token.meta or {}).get("tex", token.content)
        missing: list[str] = []
        tex = post.numbers.resolve(tex, missing)
        for label in missing:
            self._warn_missing(ctx, label, line)
        body = self._formula(literal_text(strip_tex(tex), self.text_mode), display, ctx, post, line,
                             (token.meta or {}).get("foreseen"))
        index = len(post.sources)
        post.sources.append(token.content.strip())
        post.drawn.append(body)
        body = f"{OPEN}{index}{MID}{body}{CLOSE}"
        if not display:
            return body
        anchors = (token.meta or {}).get("anchors", [])
        ident = f' id="{html.escape(anchors[0])}"' if anchors else ""
        extra = "".join(f'<span id="{html.escape(a)}"></span>' for a in anchors[1:])
        wrapper = "div" if token.block else "span"
        return f'<{wrapper} class="qp-math-display"{ident}>{extra}{body}</{wrapper}>' + (
            "\n" if token.block else "")

    def define(self, definitions: str, ctx: "RenderContext", post: PostMath, line: int) -> None:
        """Macro definitions written outside math: they join the post's preamble (a broken
        one warns, with the engine's message)."""
        self._formula(definitions.strip(), False, ctx, post, line)

    def reference(self, token: "Token", ctx: "RenderContext", post: PostMath, line: int) -> str:
        """A `\\eqref{label}` written in the text: a link to the numbered equation."""
        target = post.numbers.link(token.info, token.content)
        if target is None:
            self._warn_missing(ctx, token.content, line)
            return "(??)" if token.info == "eqref" else "??"
        href, text = target
        return f'<a class="qp-eqref" href="{html.escape(href)}">{html.escape(text)}</a>'

    @staticmethod
    def _warn_missing(ctx: "RenderContext", label: str, line: int) -> None:
        ctx.warn(f"\\eqref{{{label}}}: no equation in this post has \\label{{{label}}}",
                 line, hint="check the label's spelling")

    def _formula(self, tex: str, display: bool, ctx: "RenderContext", post: PostMath,
                 line: int, foreseen: Foreseen | None = None) -> str:
        """The formula's HTML, from the cache or the engines. `foreseen` is what `send_ahead`
        worked out for it, which holds while the post's preamble and the formula's TeX are as
        foreseen: the key is not made again, nor the disk asked again after a miss (a formula
        another process has put there since is drawn again, the same). A tag's body is parsed
        only when the tag is drawn, after that plan was made: a definition in it lengthens
        the preamble, a label in it changes the `\\eqref`s after it, and those formulas make
        their keys again."""
        if (foreseen is not None and post.as_foreseen and foreseen.tex == tex
                and foreseen.definitions == len(post.preamble)):
            key = foreseen.key
            cached = self.cache.get(key, disk=not foreseen.missed)
        else:
            key = self._key(post, post.preamble, tex, display)
            cached = self.cache.get(key)
        defines = bool(DEFINES_MACROS.search(tex))
        if cached is not None:
            if defines:
                post.preamble.append(tex)
            if cached[:1] == WARNED:
                size, rest = cached[1:].split(MID, 1)
                ctx.warn(rest[:int(size)], line)
                return rest[int(size):]
            return cached
        failures: list[str] = []
        down = False  # an engine before the one that drew it gave no answer (EngineDown)
        for engine in self.engines:
            if (reason := self._known_rejection(engine, tex, failures, post)) is not None:
                failures.append(f"{engine.name} (not asked): {reason}")
                continue
            try:
                out = self._draw(engine, tex, display, post)
            except MathError as exc:
                failures.append(f"{engine.name}: {exc}")
                if isinstance(exc, EngineDown):  # whoever draws it, this body is a stand-in
                    down = True
                    ctx.draw_again()
                continue
            self.rendered += 1
            if not failures:
                self.cache.put(key, out)
            else:
                warning = f"math: {engine.name} drew it instead; {failures[0]}"
                ctx.warn(warning, line)
                if not down:
                    self.cache.put(key, f"{WARNED}{len(warning)}{MID}{warning}{out}")
            if defines:
                post.preamble.append(tex)
                self._engine_state[engine.name] = (post.serial, len(post.preamble), engine.epoch)
            return out
        if defines:  # the preamble goes on without this definition, or with it in red
            post.as_foreseen = False
        unknown = undefined_command(failures) if self.text_mode == "mathjax" else None
        if unknown is not None and (shown := in_red(tex, unknown)) != tex:
            how = (f"the blog's own {self.own_script} drew its math, with macros QuillPress "
                   "does not run" if self.own_script else "as the blog's MathJax showed it")
            ctx.warn(f"math: {unknown} is not defined; it is shown in red and the rest drawn, "
                     f"{how}", line, hint="define it in math.macros, or fix its spelling")
            return self._formula(shown, display, ctx, post, line)
        return self._error(tex, display, ctx, line, "; ".join(failures) or "no math engine")

    def _known_rejection(self, engine: Engine, tex: str, failures: list[str],
                         post: PostMath) -> str | None:
        """Why `engine` would reject `tex` too, when it can tell without being asked (MathJax
        after KaTeX: mathjax_rejects.py); the formula is then not sent to it, and otherwise
        recorded as given to it."""
        known = getattr(engine, "known_rejection", None)
        if known is None or not failures:
            return None
        context = "\n".join([self._macro_text, *post.preamble, *post.given])
        reason: str | None = known(tex, failures, context)
        if reason is None:
            post.given.append(tex)
        return reason

    def _draw(self, engine: Engine, tex: str, display: bool, post: PostMath) -> str:
        """The engine's drawing of `tex`, asked once more when it gave no answer: under load
        (a CI runner, a busy laptop) a worker can miss its time limit for a formula it draws
        in milliseconds, and the formula became an error box or another engine's drawing,
        different from run to run. The second try goes to a fresh worker (the silent one was
        stopped; `_prepare` gives it the post's macros again) with a longer limit; a normal
        build never gets here. An engine silent on the retry too (a hung KaTeX worker, 2 × 30 s)
        is not asked again in this build: every later formula would wait as long."""
        if engine.name in self._silent:
            raise EngineDown("it gave no answer twice earlier in this build, so was not asked")
        try:
            self._prepare(engine, post)
            return engine.render(tex, display)
        except EngineDown:
            pass
        with longer_limit(engine):
            try:
                self._prepare(engine, post)
                return engine.render(tex, display)
            except EngineDown:
                self._silent.add(engine.name)
                raise

    def _prepare(self, engine: Engine, post: PostMath) -> None:
        """Make the engine's macros those of this post so far."""
        if self._engine_state.get(engine.name) == (post.serial, len(post.preamble), engine.epoch):
            return
        engine.reset(self.macros)  # starts the engine's worker if it has none
        for definition in post.preamble:
            try:
                engine.render(definition, True)
            except MathError:
                pass  # already reported when that formula was rendered
        self._engine_state[engine.name] = (post.serial, len(post.preamble), engine.epoch)

    @staticmethod
    def _error(tex: str, display: bool, ctx: "RenderContext", line: int, message: str) -> str:
        """A formula no engine could draw. The writer (`serve`, `--drafts`) sees the box with
        file:line and the engine's message; a deployable build shows readers only the TeX
        source, in a quiet box. Both builds warn."""
        hint = "check the formula; KaTeX's supported functions: https://katex.org/docs/supported"
        if display and ctx.for_writer:
            return ctx.error_box(f"math: {message}", tex, line, hint).replace(
                'class="qp-error"', 'class="qp-error qp-math-error"', 1)
        ctx.warn(f"math: {message}", line, hint)
        if display:
            return f'<pre class="qp-math-error qp-math-quiet">{html.escape(tex)}</pre>\n'
        title = f' title="{html.escape(message)}"' if ctx.for_writer else ""
        quiet = "" if ctx.for_writer else " qp-math-quiet"
        return f'<code class="qp-math-error{quiet}"{title}>{html.escape(tex)}</code>'


def strip_tex(tex: str) -> str:
    """The formula without surrounding blanks, keeping a final control space (`$\\ $`)."""
    stripped = tex.strip()
    if escaped(stripped + " ", len(stripped)):
        return stripped + " "  # an odd run of backslashes at the end: `\\ ` was a control space
    return stripped


def plain_form(fragment: str, sources: list[str], limit: int | None = None) -> str:
    """The HTML with each formula replaced by its TeX source, for the plain text. With a
    `limit` (descriptions), a longer formula is cut with "…" and a macro definition left out."""
    def tex(match: re.Match[str]) -> str:
        source = sources[int(match.group(1))]
        if limit is not None:
            if DEFINES_MACROS.match(source):
                return " "
            if len(source) > limit:
                source = source[:limit - 1].rstrip() + "…"
        return " " + html.escape(source) + " "
    return MARKED.sub(tex, fragment)


def strip_marks(fragment: str) -> str:
    return MARKED.sub(lambda m: m.group(2), fragment)


def line_of(token: "Token", ctx: "RenderContext", env: dict[str, Any]) -> int:
    meta = token.meta or {}
    if "line" in meta:
        return int(meta["line"])
    if token.map:
        return ctx.source_line(token.map[0])
    return ctx.line
