"""Making output files from routes: templates, injections, relative links, post links.

A route's bytes come from a copied file, a generator's `make`, given content, or the theme.
Through the theme, the templates see the site through recording views (`reads.py`), so
each page comes back with what it read. Many pages are made in forked workers; what comes
back from one is plain data (bytes, error and warning dicts, read keys).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..config.loader import Config
from .manifest import Stamp
from ..model.document import Document, unpacked_utf8
from ..output.linkcheck import LinkReader, PageLinks, Shown, shared_strings
from ..errors import QuillError, blog_code_error
from .page_marks import MarkScan
from .parallel import fork_map
from ..plugin_api import Extensions, PageView
from .progress import Progress
from .reads import Key, Piece, ReadRecorder, traced, viewed
from ..render.context import LINK_MARKER, PostLink, has_link_marker
from ..model.routes import Route
from ..model.site import Site
from ..theme.loader import Theme
from ..model.urls import full_url_for, make_relative, url_for

PARALLEL_PAGES = 192  # fewer pages than this are made in this process: a pool costs more


@dataclass
class Page:
    """One route made: its bytes (or the file to copy), or the error that stopped it; the
    warnings it raised and the keys of what its templates read."""

    rel: str
    output: bytes | Path | QuillError
    warnings: list[QuillError] = field(default_factory=list)
    reads: list[Key] = field(default_factory=list)
    links: PageLinks | None = None  # an HTML page's links and anchors, for the link check
    written: Stamp | None = None  # put on disk where it was made, this its stamp (`output` is then empty)


class PageMaker:
    """Makes routes' output files for one loaded theme, config and set of plugins."""

    def __init__(self, config: Config, theme: Theme, extensions: Extensions) -> None:
        self.config = config
        self.theme = theme
        self.extensions = extensions
        self._site: Site | None = None
        self._write: Callable[[str, bytes | Path], Stamp] | None = None
        self._pieces: dict[tuple[Any, ...], Piece] = {}  # see _memo; made again each build
        self._marks = MarkScan(())  # see _inject; made again each build
        self._links = LinkReader()  # made again each build, as the theme's fragments are
        self._injected = ""  # the injection before `</body>` every page gets the same; each build

    def make_all(self, todo: list[tuple[str, Route]], site: Site, workers: int,
                 progress: Progress, write: Callable[[str, bytes | Path], Stamp] | None = None
                 ) -> Generator[Page, None, None]:
        """Make every route of `todo`, yielding each as it is done so the writer can put
        it on disk at once (in forked workers when there are many). With `write` (a first
        build's, see Writer.direct_writer), each page's bytes are written where it is
        made, a worker included, and so is each copied file (a picture, a static file):
        only what the build records of it comes back."""
        self._site = site
        self._write = write
        self.theme.new_build((page.path for page in site.pages if not page.shows_nothing),
                             site.archive_months())
        self._pieces.clear()
        self._links = LinkReader()
        # Each build: a plugin may inject `when=` from a handler (after_source, after_site...).
        self._marks = MarkScan(self.extensions.page_marks)
        self._injected = _fixed_injection(self.extensions.injections.get("body_end", []))
        total = len(todo)
        here = [index for index, (_, route) in enumerate(todo) if route.in_main]
        for done, (index, plain) in enumerate(
                fork_map(self._make_plain, todo, workers, PARALLEL_PAGES, here, _lane, _cost), 1):
            progress.update("writing", done, total)
            output, error, warnings, reads, links, written = plain
            made: bytes | Path | QuillError = output if output is not None \
                else QuillError.from_dict(error or {"message": "no output"})
            yield Page(todo[index][0], made, [QuillError.from_dict(w) for w in warnings], reads,
                       shared_strings(links) if links is not None else None, written)
        self._pieces.clear()  # a warm server keeps this PageMaker: let the documents go

    def _make_plain(self, item: tuple[str, Route]) -> tuple[
            bytes | Path | None, dict[str, Any] | None, list[dict[str, Any]], list[Key],
            PageLinks | None, Stamp | None]:
        """One route as plain data, which crosses from a worker whole. An HTML page's links
        are read here too, in the worker, instead of from the written file afterwards."""
        rel, route = item
        assert self._site is not None
        page = self.make(rel, route, self._site, links=True)
        warnings = [w.to_dict() for w in page.warnings]
        if isinstance(page.output, QuillError):
            return None, page.output.to_dict(), warnings, [], None, None
        if self._write is not None and isinstance(page.output, bytes):
            # a full disk stops the build (Builder._write)
            return b"", None, warnings, page.reads, page.links, self._write(rel, page.output)
        if self._write is not None and isinstance(page.output, Path):
            try:  # copied in the worker, beside the pages (bench/README, "Asset copies, stop 43")
                return b"", None, warnings, page.reads, page.links, self._write(rel, page.output)
            except Exception:  # deleted meanwhile, unreadable, a full disk: the main process
                pass  # copies it again (Writer.add) and meets the fault there, as it always did
        return page.output, None, warnings, page.reads, page.links, None

    def make(self, rel: str, route: Route, site: Site, links: bool = False) -> Page:
        """One route's output, or the QuillError that stopped it (naming template and line).
        With `links`, an HTML page's links are read too, from its text (see LinkReader)."""
        reads = ReadRecorder(site, route)
        page = Page(rel, b"")
        shown = Shown()  # what it shows of the text many pages show
        try:
            output = self._output(rel, route, site, reads, page.warnings, shown)
            if isinstance(output, str):
                if links and rel.endswith(".html"):
                    page.links = self._links.read(output, shown)
                output = _encoded(output, route)
            page.output = output
        except QuillError as exc:
            page.output = exc
            return page
        except RecursionError as exc:  # a template or generator nesting without end
            page.output = QuillError(f"making {rel} nested too deeply (RecursionError)",
                                     *template_line(exc),
                                     hint="look for a template or macro that includes itself")
            return page
        except Exception as exc:  # raised by the blog's theme or plugins: name their line
            fault = blog_code_error(exc, self.config.root_path, f"making {rel}", route.make)
            if fault is None:
                raise
            page.output = fault
            return page
        finally:
            reads.done()
        page.reads = list(reads.keys)
        return page

    def _output(self, rel: str, route: Route, site: Site, reads: ReadRecorder,
                warnings: list[QuillError], shown: Shown) -> str | bytes | Path:
        if route.source is not None:
            return route.source
        if route.make is not None:
            data = route.make()
            if not isinstance(data, (str, bytes)):  # else it fails in the writer, unnamed
                raise TypeError(f"make() returned {type(data).__name__}, not str or bytes")
        elif route.content is not None:
            data = route.content
        elif not route.layouts:
            data = route.page.content if route.page is not None else ""
        else:
            try:
                data = self.theme.render(route.layouts, self._context(route, site, reads))
            except jinja2.TemplateError as exc:
                raise template_error(exc, rel) from exc
            data = self._inject(data, route)
            shown.parts, shown.last = self.theme.shown, self._injected
            if self.config["relative_link"]:
                data = make_relative(data, route.path, self.config)
        if isinstance(data, str) and has_link_marker(data):
            data = self._resolve_links(data, site, reads, warnings)
        return data

    def _context(self, route: Route, site: Site, reads: ReadRecorder) -> dict[str, Any]:
        """The template variables; `page`, `site` and `extra` are recording views."""
        page = route.page
        kind = "post" if isinstance(page, Document) and page.is_post else (
            "page" if isinstance(page, Document) else None)

        def get(key: str) -> Any:
            return getattr(page, key, None) if page is not None else None

        context = {
            "page": reads.wrap(page), "path": route.path,
            "url": full_url_for(route.path, self.config),
            "config": self.config, "site": reads.wrap(site), "theme": self.theme.settings,
            # a list page is an AttrDict, whose dunder-named `__index` key getattr cannot read
            "is_home": lambda: isinstance(page, dict) and bool(page.get("__index")),
            "is_post": lambda: kind == "post", "is_page": lambda: kind == "page",
            "is_archive": lambda: bool(get("archive")), "is_tag": lambda: bool(get("tag")),
            "is_category": lambda: bool(get("category")),
            "is_year": lambda: bool(get("year")) and not get("month"),
            "is_month": lambda: bool(get("month")),
            "memo": self._memo(route, site, reads),
        }
        context.update({name: reads.wrap(value) for name, value in route.extra.items()})
        context.update(self.theme.page_helpers(context["page"]))
        return context

    def _memo(self, route: Route, site: Site, reads: ReadRecorder) -> Callable[..., Any]:
        """The template helper `memo(macro, post, *args)`: `macro(post, *args)`, made once
        per build and page language and reused by every page that shows the same post (a
        post is on a dozen list pages, and in its neighbours' related posts). The macro
        may show only what it is given and translated text, not the page it is on. What
        making it read is noted on each page that shows it (ReadRecorder.replay), so the
        next build knows the pages to make again as if each had made it."""
        lang = getattr(route.page, "lang", None)  # what `__` translates into (Theme._helpers)
        pieces = self._pieces

        def memo(macro: Callable[..., Any], item: Any, *args: Any) -> Any:
            doc = viewed(item)
            if doc is None or route.page is None:
                return macro(item, *args)
            # A macro is made anew for each page that imports it, from the same code: found
            # by its code. Any other callable by itself: a page's own helper (a closure made
            # per page) must not hand its entries to the next page.
            made_by = macro._func.__code__ if isinstance(macro, jinja2.runtime.Macro) else macro
            key = (made_by, id(doc), lang, args)
            try:
                piece = pieces.get(key)
            except TypeError:  # an unhashable argument: made each time
                return macro(item, *args)
            if piece is None:
                piece = pieces[key] = traced(site, doc, lambda view: macro(view, *args))
            reads.replay(piece)
            return piece.output
        return memo

    def _inject(self, page_html: str, route: Route) -> str:
        """Plugins' `api.inject` HTML at the start or end of head and body; the texts that
        decide injections made `when` a page contains them are looked for in one pass."""
        injections = self.extensions.injections
        if not any(injections.values()):
            return page_html
        view = PageView(url=route.path, html=page_html, layout=route.layouts[0],
                        marked=self._marks.found(page_html) if self._marks.texts else frozenset())
        parts = {where: "".join(item if isinstance(item, str) else item(view) for item in items)
                 for where, items in injections.items()}
        if parts["head_begin"]:
            page_html = re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + parts["head_begin"], page_html, count=1)
        if not parts["body_begin"]:
            return _spliced(page_html, parts["head_end"], parts["body_end"])
        page_html = _spliced(page_html, parts["head_end"], "")
        page_html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + parts["body_begin"], page_html, count=1)
        return _spliced(page_html, "", parts["body_end"])

    def _resolve_links(self, text: str, site: Site, reads: ReadRecorder,
                       warnings: list[QuillError]) -> str:
        """post_link/post_path markers become links to the posts as they are now."""
        by_slug = site.posts_by_slug()

        def replace(match: re.Match[str]) -> str:
            link = PostLink.parse(match.group(1))
            slug, anchor = link.target()
            reads.note(("l", slug))
            post = by_slug.get(slug) or by_slug.get(slug.removesuffix(".md"))
            if post is None:
                warnings.append(QuillError(f"post_{link.what}: no post with slug {link.slug!r}",
                                           link.path, link.line))
                return html.escape(link.label or link.slug) if link.what == "link" else "#"
            href = url_for(post.path, self.config) + anchor
            if link.what == "path":
                return href
            return (f'<a href="{html.escape(href)}" title="{html.escape(post.title)}">'
                    f'{link.label or html.escape(post.title)}</a>')
        return LINK_MARKER.sub(replace, text)


def _fixed_injection(items: list[str | Callable[[PageView], str]]) -> str:
    """What `items` inject on every page, made of fixed text alone (`_inject`); "" when one
    is made for each page."""
    texts = [item for item in items if isinstance(item, str)]
    return "".join(texts) if len(texts) == len(items) else ""


def _encoded(text: str, route: Route) -> bytes:
    """A page's UTF-8 bytes. On a big site its document's body was just unpacked from UTF-8
    bytes (document.py) to be shown: where the page holds the body as it is, those bytes
    are used and only the text around them is encoded. The body is about 60% of a post
    page, and encoding a page with CJK or KaTeX characters (stored as UCS-2) ~9% of making
    it (bench/README.md)."""
    doc = route.page
    held = unpacked_utf8(doc.rendered, "content") \
        if isinstance(doc, Document) and doc.rendered is not None else None
    if held is None:
        return text.encode("utf-8")
    body, body_bytes = held
    # Found by its start at C speed, then compared whole: any place the page holds the
    # body's text gives the same bytes.
    head = body[:64]
    at = text.find(head)
    while at >= 0 and not text.startswith(body, at):
        at = text.find(head, at + 1)
    if at < 0:  # not shown as it is (a layout that does not show it, or changes it)
        return text.encode("utf-8")
    return b"".join((text[:at].encode("utf-8"), body_bytes,
                     text[at + len(body):].encode("utf-8")))


def _spliced(page: str, head_end: str, body_end: str) -> str:
    """`page` with `head_end` put before its first `</head>` (none: left out), then `body_end`
    before the last `</body>` of that (none: at the end). Every page gets both (the feed's
    and search's links, search's dialog), and a post page is ~30,000 characters of 16-bit
    text: the two splices one after the other copied it four times (`replace`, then two
    slices and two concatenations); where `</body>` follows `</head>`, which the first
    splice leaves the last one, both go in with one join, two copies."""
    head = page.find("</head>") if head_end else -1
    if head >= 0 and body_end:
        body = page.rfind("</body>")
        if body > head:
            return "".join((page[:head], head_end, page[head:body], body_end, page[body:]))
    if head >= 0:
        page = page.replace("</head>", head_end + "</head>", 1)
    if body_end:
        body = page.rfind("</body>")
        page = "".join((page[:body], body_end, page[body:])) if body >= 0 else page + body_end
    return page


def _lane(item: tuple[str, Route]) -> bool:
    """The pages that show documents in full (posts, with their related posts' entries) are
    made in one worker, the others (list pages, with every post's entry) in another, so that
    each memo piece (`PageMaker._memo`) is made in one: at 5,000 posts the two workers made
    ~18,400 pieces for 10,000 when each took chunks of both kinds (bench/README.md)."""
    return bool(item[1].docs)


def _cost(item: tuple[str, Route]) -> int:
    """A page's work as the page pool guesses it (`fork_map`'s `cost`): the length of the
    documents it shows in full, so a feed of twenty posts goes before their pages."""
    return sum(len(doc.body) for doc in item[1].docs)


def template_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line the error was raised in: the innermost template frame of
    its traceback, where Jinja2 puts the template's own lines (a template that includes
    itself, or a macro that calls itself, is named at that include or call)."""
    name, line, tb = None, None, exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            name, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return name, line


def template_error(exc: jinja2.TemplateError, rel: str) -> QuillError:
    """Name the template file and line of a Jinja2 error."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if not name:
        name, line = template_line(exc)
    if isinstance(exc, jinja2.TemplateSyntaxError):  # an unknown or unclosed tag
        hint = ("fix the template's syntax at that line: each {% if %}, {% for %} and "
                "{% block %} needs its {% end… %}, and only Jinja2's tags work")
    else:
        hint = "a variable that may be missing needs `is defined` or a default"
    return QuillError(f"template error while making {rel}: {exc.message or exc}", name, line,
                      hint=hint)
