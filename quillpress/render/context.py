"""What a tag, fence or markdown rule sees while one document renders."""

from __future__ import annotations

import hashlib
import html
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..model.urls import asset_folder_path, url_for

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from ..config.loader import Config
    from ..model.document import Document

# Links to other posts are resolved after all posts are known, so a body stays a function of
# its own source: tags leave a marker made of private-use characters that no text contains.
LINK_OPEN, LINK_CLOSE = "\ue000", "\ue001"
# One marker: `what|slug|label|path|line` (PostLink). It cannot span another marker's opening,
# so a marker cut in half (a truncated description) never swallows the page up to the next one.
LINK_MARKER = re.compile(f"{LINK_OPEN}([^{LINK_OPEN}{LINK_CLOSE}]*){LINK_CLOSE}")
# A fragment's Markdown env key (`render_markdown(draws_math=True)`): its formulas are drawn
# whether or not the post gets math, as the tag's Hexo plugin drew them at build.
DRAWS_MATH = "qp_draws_math"


def has_link_marker(text: str) -> bool:
    """Whether `text` may hold a marker, to skip LINK_MARKER's pass over text without one.

    Asks for LINK_CLOSE, which every marker ends with, not LINK_OPEN: CPython looks for
    one character in a str with memchr on its low byte, unless that byte is 0, as U+E000's
    is. A page with a character past U+00FF (CJK text, KaTeX's) is then stepped through
    one character at a time: `LINK_OPEN in page` took ~150,000 instructions on a 30,000-
    character post page of the 1,000-post corpus, LINK_MARKER's own search as many, and
    `LINK_CLOSE in page` ~8,000 (bench/README.md)."""
    return LINK_CLOSE in text


@dataclass(frozen=True)
class PostLink:
    """What a post_link/post_path marker holds: the tag (`link` or `path`), the slug it
    points at, the label (HTML, `|` escaped) and where the tag was written."""

    what: str
    slug: str
    label: str = ""
    path: str | None = None
    line: int | None = None

    def marker(self) -> str:
        return (f"{LINK_OPEN}{self.what}|{self.slug}|{self.label}|{self.path or ''}|"
                f"{self.line or ''}{LINK_CLOSE}")

    def target(self) -> tuple[str, str]:
        """(slug, `#anchor` or ""): post_link reads `slug#anchor` as a link to a heading of
        that post, as Hexo does; post_path, and a slug with several `#`, are taken whole."""
        if self.what == "link" and self.slug.count("#") == 1:
            slug, anchor = self.slug.split("#")
            return slug, f"#{anchor}" if anchor else ""
        return self.slug, ""

    @classmethod
    def parse(cls, body: str) -> "PostLink":
        """The marker's text between LINK_OPEN and LINK_CLOSE (LINK_MARKER's group 1)."""
        what, slug, rest = (body.split("|", 2) + ["", ""])[:3]
        label, path, line = (rest.rsplit("|", 2) + ["", ""])[:3] if rest.count("|") >= 2 \
            else (rest, "", "")
        return cls(what, slug, label, path or None, int(line) if line.isdigit() else None)


def linked_slugs(content: str) -> list[str]:
    """The slugs the post_link/post_path markers of a finished body point at, in order."""
    if not has_link_marker(content):
        return []
    return [PostLink.parse(match.group(1)).slug for match in LINK_MARKER.finditer(content)]


@dataclass
class RenderContext:
    doc: "Document"
    config: "Config"
    md: "MarkdownIt"
    line: int = 0  # source line of the construct being rendered
    first_line: int = 0  # source line of the fragment being parsed (0: the body's)
    # While a tag or a fence is drawn: the source line its body starts on (the tag's own line
    # when the body follows it there, `{% tabs x %}<!-- tab -->`; a fence's next line), for
    # a warning about its body and for `render_markdown`; 0 outside them (a tag without a
    # body gets the line after it when it ends its line, else its own line). A fence in a
    # tag's body sets its own, then the tag's again.
    body_line: int = 0
    warnings: list[dict[str, Any]] = field(default_factory=list)
    features: set[str] = field(default_factory=set)
    data: dict[str, Any] = field(default_factory=dict)  # per-document scratch for plugins
    deps: dict[str, str] = field(default_factory=dict)  # files read while rendering -> stamp
    # The code blocks drawn, in order, each as (its HTML, its plain text): `plain_text` takes
    # a block's text from here instead of stripping its highlighted spans.
    code_texts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def source_name(self) -> str:
        return f"{self.config['source_dir']}/{self.doc.rel}"

    @property
    def for_writer(self) -> bool:
        """True in `serve` and `--drafts` builds, read by the writer only: an error box may
        name the source file and line there, never on a site made for readers."""
        return bool(self.config.get("_preview") or self.config.get("render_drafts"))

    def warn(self, message: str, line: int | None = None, hint: str | None = None) -> None:
        """Report a problem in this document; the build goes on."""
        self.warnings.append({"path": self.source_name, "line": line or self.line or None,
                              "message": message, "hint": hint})

    def error_box(self, message: str, source: str = "", line: int | None = None,
                  hint: str | None = None) -> str:
        """Warn and return a visible box that stands where the broken construct was."""
        self.warn(message, line, hint)
        where = f"{self.source_name}:{line or self.line}"
        snippet = f"<pre>{html.escape(source[:2000])}</pre>" if source else ""
        return (f'<div class="qp-error" role="alert"><strong>{html.escape(where)}</strong> '
                f"{html.escape(message)}{snippet}</div>\n")

    def not_text_box(self, what: str, made: object, source: str) -> str:
        """The error box for a plugin's tag or block handler that returned something other
        than its HTML (None, a number): joined into the page it failed the whole post."""
        return self.error_box(f"{what} returned {type(made).__name__}, not text", source,
                              hint="the plugin's handler must return its HTML as a str")

    def depend_on(self, path: Path) -> None:
        """Declare that this body read `path` (a chart's data file): the cached body is
        re-rendered when that file changes, appears or disappears."""
        self.deps[str(path)] = file_stamp(str(path))

    def draw_again(self) -> None:
        """Declare that this body was drawn around a passing failure (a math engine that gave
        no answer under load): a stand-in the next build must not keep. The body depends on
        `AGAIN`, which is never current, so it is not served from the body cache, the dev
        server's next rebuild draws it again, the pages showing it are made again once it
        is drawn without the hitch, and the build saves no manifest that would end the next
        build at "nothing changed"."""
        self.deps[AGAIN] = "again"  # never a stamp `file_stamp` gives

    def source_line(self, index: int) -> int:
        """The source line of line `index` (0-based, a token's `map[0]`) of what is parsed."""
        return index + (self.first_line or self.doc.body_line)

    def render_markdown(self, text: str, first_line: int = 0, draws_math: bool = False) -> str:
        """Render a Markdown fragment (a tag's body) with the same rules and document. Its
        lines are counted from `first_line` (by default the line the body being drawn starts
        on, `body_line`), so a warning inside a tag's body names its own line, not one
        counted from the top. `draws_math`: the tag's Hexo plugin drew the fragment's
        formulas itself at build (hexo-markmap's KaTeX), whatever the blog set up for the
        rest of the post; the math rules read it from the env (DRAWS_MATH)."""
        return self._render_fragment(self.md.render, text, first_line or self.body_line,
                                     {DRAWS_MATH: True} if draws_math else {})

    def render_inline(self, text: str) -> str:
        """Render a line of Markdown (a caption, a title) where the tag is, `line`."""
        return self._render_fragment(self.md.renderInline, text, self.line)

    def _render_fragment(self, render: Callable[[str, dict[str, Any]], str], text: str,
                         first_line: int, env: dict[str, Any] | None = None) -> str:
        saved = self.first_line, self.line
        if first_line:
            self.first_line = first_line
        try:
            return render(text, {"qp": self, **(env or {})})
        finally:
            self.first_line, self.line = saved

    def url_for(self, path: str) -> str:
        return url_for(path, self.config)

    def asset_names(self) -> set[str]:
        """Files in this post's asset folder, as paths relative to it (empty without one)."""
        names = self.data.get("asset_names")
        if names is None:
            folder = self.doc.asset_dir
            names = set() if folder is None else {
                p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
            self.data["asset_names"] = names
        return names

    def asset_url(self, name: str) -> str:
        """URL of a file in this post's asset folder (see asset_folder_path)."""
        return url_for(asset_folder_path(self.doc.path) + name.lstrip("/"), self.config)

    def post_link(self, slug: str, what: str, text: str = "", escape: bool = True) -> str:
        """A marker replaced by the URL (`path`) or an <a> (`link`) to the post `slug`."""
        label = (html.escape(text) if escape else text).replace("|", "&#124;")  # | splits the marker
        return PostLink(what, slug, label, self.source_name, self.line or None).marker()


# The file a body drawn around a passing failure depends on (`draw_again`): none on any
# system (no file is below /dev/null), so its stamp is always "-".
AGAIN = "/dev/null/drawn around a passing failure"


def file_stamp(path: str) -> str:
    """Content hash of a file a render depended on ("-" when it does not exist). Read in
    pieces, as a tag may name a file it then refuses as too big (a disk image); a FIFO or
    device is never opened, which waited for a writer that never came."""
    try:  # not blocking: a FIFO's open waits for a writer otherwise
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return "-"
            return hashlib.file_digest(handle, "sha256").hexdigest()[:16]
    except OSError:
        return "-"


def deps_current(deps: dict[str, str]) -> bool:
    """True when every file a cached body depended on is still as it was."""
    return all(file_stamp(path) == stamp for path, stamp in deps.items())
