"""The content model: a post, draft or page read from one source file."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import lz4.block

from .placeholder import shows_nothing
from .urls import asset_folder_path, too_long_name
from .words import Counts

POST, DRAFT, PAGE = "post", "draft", "page"
MORE_ANCHOR = '<span id="more"></span>'  # where `<!-- more -->` stood in a rendered body
_IMG_SRC = re.compile(r"""<img\b[^>]*?\ssrc=["']([^"']+)["']""", re.I)
# Where an <img> may start: `<` and the letters that match i, m and g ignoring case (ı and İ
# too), no case folding asked per character. Looked for first, _IMG_SRC then tried from there.
_IMG_START = re.compile("<[iI\u0130\u0131][mM][gG]")
DESCRIPTION_CHARS = 160  # a page's description: the start of its summary, cut to this


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at a space when one is near, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 2 // 3 else cut).rstrip(" ,;:") + "…"


@dataclass
class TocEntry:
    level: int
    id: str
    text: str


def written_excerpt(front: dict[str, Any]) -> str | None:
    """The excerpt the author wrote in the front-matter (`excerpt:`), which Hexo uses instead
    of the text before `<!-- more -->`; None when there is none."""
    value = front.get("excerpt")
    return str(value) if value else None


@dataclass
class Rendered:
    """What rendering one document produced. Depends only on that document and the config,
    so it is cached by content hash and may be made in a worker process."""

    content: str
    excerpt: str
    toc: list[TocEntry]
    features: list[str]
    text: str  # plain text of the body, for feeds and search
    warnings: list[dict[str, Any]] = field(default_factory=list)
    deps: dict[str, str] = field(default_factory=dict)  # files read besides the source -> stamp
    # Plain text of the excerpt (else the body) for the meta description and link previews:
    # no code blocks, formulas as short TeX; only its start where that is longer than a
    # description (`render.body.summary_of`). A class default, so older cached bodies load.
    summary: str = ""
    # What plugins derived from this body in `after_render` (plain JSON data, e.g. the search
    # index's term counts): made in the render worker and cached with the body, so a build
    # does that work in parallel, once per edit, instead of for every post in the main process.
    facts: dict[str, Any] = field(default_factory=dict)
    # The plain text's counts (`words.word_counts`), made once with the body, so that no post
    # page counts them again; None when the body has no text (no meta line shows them).
    word_counts: Counts | None = None
    # The slugs its post_link/post_path tags point at, in order (`linked_slugs`), found where
    # the body is made: a route's fingerprint holds those posts' titles and URLs, and looking
    # for the tags' markers in every body at each plan unpacked each of them once more.
    post_links: list[str] = field(default_factory=list)
    # The config keys the body cache's key may leave out that a body read in its process
    # (`config.body_reads`): a build that meets one puts it in the key.
    config_reads: list[str] = field(default_factory=list)

    @property
    def more(self) -> str:
        """The body after the excerpt (all of it when there is no `<!-- more -->`). Derived,
        not stored: a second copy of most of every body doubled a big site's memory."""
        content = self.content
        head, marker, tail = content.partition(MORE_ANCHOR)
        return tail if marker else content


# Packing costs CPU (each body packed once when made, unpacked about six times a build) to save
# memory that only a big site misses: at 1,000 posts the main process peaks near 150 MB
# unpacked, at 5,000 over 500 MB. LZ4, not zlib: at 5,000 posts packing every body once took
# 2.7 s of CPU with zlib (level 1) and 0.4 s with LZ4, one pass of unpacking 1.0 s and 0.2 s,
# for 48 MB of packed bodies instead of 37.5 MB.
PACK_FROM = 2000  # documents
_packing = [True]


def pack_bodies(enabled: bool) -> None:
    """Keep bodies made from now on packed (a big site) or as plain strings. The builder
    decides once it knows how many documents there are, before any body is rendered or read
    from the cache; a body made under the other choice still reads right."""
    _packing[0] = enabled


def _pack(value: str) -> bytes:
    return lz4.block.compress(value.encode("utf-8"))


def _unpack(packed: bytes) -> str:
    unpacked: bytes = lz4.block.decompress(packed)
    return unpacked.decode("utf-8")


# By field name: (packed bytes, the str unpacked from them, its UTF-8 bytes), see packed_text.
_last: dict[str, tuple[bytes, str, bytes]] = {}


def packed_text(name: str) -> property:
    """A str attribute kept LZ4-compressed in the instance (under `_packed_<name>`) and
    unpacked where it is read, when `pack_bodies` says so. The value unpacked last is kept
    with its packed bytes (held, so no other bytes can take their identity) until the next:
    a post page reads its body twice in a row (its og:image looks for the first picture,
    then the page shows it); and with its UTF-8 bytes, which the page's bytes reuse
    (`unpacked_utf8`)."""
    key = f"_packed_{name}"
    _last[name] = (b"", "", b"")

    def unpack(self: object) -> str:
        packed = self.__dict__[key]
        if type(packed) is str:
            return packed
        held = _last[name]
        if held[0] is packed:
            return held[1]
        raw: bytes = lz4.block.decompress(packed)
        value = raw.decode("utf-8")
        _last[name] = (packed, value, raw)
        return value

    def pack(self: object, value: str) -> None:
        self.__dict__[key] = _pack(value) if _packing[0] else value

    return property(unpack, pack)


# On a big site a body's HTML, excerpt and plain text are kept compressed (about 4x smaller:
# KaTeX markup makes a post's HTML some 16,000 characters, 165 MB as strings at 5,000 posts,
# the three 210 MB) and unpacked where they are read (its page, list pages, the search index,
# the link check): about 0.01 ms each. Bodies also cross from the render workers, and are
# copied into the page workers, at that size.
PACKED_FIELDS = ("content", "excerpt", "text")
for _name in PACKED_FIELDS:
    setattr(Rendered, _name, packed_text(_name))


def unpacked_utf8(rendered: Rendered, name: str) -> tuple[str, bytes] | None:
    """(text, its UTF-8 bytes) of one of `PACKED_FIELDS` when it is packed and was the
    last of its field unpacked, as a page's body is just after its template showed it;
    None otherwise (plain strings have no bytes at hand)."""
    held = _last[name]
    return (held[1], held[2]) if rendered.__dict__.get(f"_packed_{name}") is held[0] else None


def made_plain(make: Callable[[], Rendered]) -> Rendered:
    """The body `make` returns, kept as plain strings while it is made and packed once at
    the end (if bodies are packed): `after_render` handlers read and replace its HTML and
    text several times (the math marks stripped, terms counted), and each of those reads
    unpacked it and each write packed it again."""
    packing = _packing[0]
    _packing[0] = False
    try:
        rendered = make()
    finally:
        _packing[0] = packing
    for name in PACKED_FIELDS:
        restore_text(rendered, name, stored_text(rendered, name))
    return rendered


def stored_text(rendered: Rendered, name: str) -> str | bytes:
    """One of `PACKED_FIELDS` as the instance holds it: packed bytes or a plain string. The
    body cache saves it so, and `restore_text` puts it back without packing it again."""
    value: str | bytes = rendered.__dict__[f"_packed_{name}"]
    return value


def _held_bytes(rendered: Rendered | None, name: str) -> bytes:
    """One of `PACKED_FIELDS` as bytes to hash, as the instance holds it: packed, its LZ4
    bytes (the same text packs to the same bytes), not unpacked, decoded and encoded again.
    The list prints of 5,000 posts (`Document.list_fingerprint`, 8 M characters of excerpts)
    took 0.18-0.20 s of CPU in the fingerprint child, 0.09-0.13 s so (bench/README.md, stop 31).
    The first byte says which form it is, so no text reads as another's packed bytes; a
    site that starts or stops packing (`PACK_FROM`) only makes its pages once more."""
    if rendered is None:
        return b"s"
    stored = stored_text(rendered, name)
    return b"p" + stored if isinstance(stored, bytes) else b"s" + stored.encode()


def restore_text(rendered: Rendered, name: str, stored: str | bytes) -> None:
    """Set one of `PACKED_FIELDS` from what `stored_text` gave: as it is when it was stored
    the way bodies are kept now (a big site's edit build reads 5,000 packed bodies back and
    packing each again cost some 6 s), else packed or unpacked once."""
    if type(stored) is bytes and not _packing[0]:
        stored = _unpack(stored)
    elif type(stored) is str and _packing[0]:
        stored = _pack(stored)
    rendered.__dict__[f"_packed_{name}"] = stored


@dataclass(eq=False)
class Document:
    """One source file with its front-matter. Templates read any front-matter key as an
    attribute (`page.cover`); a key nobody set reads as None, as in Hexo themes."""

    source: Path
    rel: str  # path below the source folder, with /
    kind: str
    front: dict[str, Any]
    body: str
    body_line: int
    title: str
    date: dt.datetime
    updated: dt.datetime
    layout: str
    slug: str  # Hexo's post slug: the path below _posts without extension
    path: str = ""  # site path, e.g. 2024/01/02/hello/
    # The path its permalink gives, when another document keeps that URL and this one was
    # moved beside it (`collisions.py`); empty otherwise.
    wanted_path: str = ""
    tags: list[Any] = field(default_factory=list)
    categories: list[Any] = field(default_factory=list)
    tag_names: list[str] = field(default_factory=list)
    category_paths: list[list[str]] = field(default_factory=list)
    published: bool = True
    rendered: Rendered | None = None
    prev: "Document | None" = None
    next: "Document | None" = None
    noindex: bool = False  # hexo-hide-posts hides it and asks search engines not to index it
    # Lists of other posts a plugin attached once the site was made (`related`): the page
    # shows them as list entries, so their list fingerprints are part of its fingerprint.
    shown: dict[str, list["Document"]] = field(default_factory=dict)
    asset_dir: Path | None = None
    read_warnings: list[dict[str, Any]] = field(default_factory=list)  # front-matter assumed

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.__dict__["front"].get(name)

    @cached_property
    def source_hash(self) -> str:
        return hashlib.sha256(f"{self.rel}\0{self.front!r}\0{self.body}".encode()).hexdigest()

    @cached_property
    def shows_nothing(self) -> bool:
        """The body has no text and nothing that works without a Hexo theme's script: a
        stand for that theme's search box (`placeholder.shows_nothing`)."""
        return shows_nothing(self.body)

    @property
    def content(self) -> str:
        return self.rendered.content if self.rendered else ""

    @property
    def excerpt(self) -> str:
        return self.rendered.excerpt if self.rendered else ""

    @property
    def more(self) -> str:
        return self.rendered.more if self.rendered else ""

    @property
    def more_anchor(self) -> str:
        """`#more` when the body has the anchor `<!-- more -->` became, else "": where a
        "read more" link should land. A front-matter `excerpt:` wins over the marker (as in
        Hexo), and the body then keeps no anchor, so the link opens the post at its top."""
        return "#more" if self.excerpt and not written_excerpt(self.front) else ""

    @property
    def toc(self) -> list[TocEntry]:
        return self.rendered.toc if self.rendered else []

    @property
    def features(self) -> list[str]:
        return self.rendered.features if self.rendered else []

    @property
    def text(self) -> str:
        return self.rendered.text if self.rendered else ""

    @property
    def word_counts(self) -> Counts | None:
        """(CJK characters, other words) of the body's text, None when it has none: read
        where the theme shows a post's word count and reading time, so its page neither
        unpacks nor counts the text."""
        return self.rendered.word_counts if self.rendered else None

    @property
    def is_post(self) -> bool:
        return self.kind in (POST, DRAFT)

    def shows(self, part: str) -> bool:
        """The per-post switch themes share: `comments: false`, `toc: false` or
        `copyright: false` in the front-matter turns that part of the post page off."""
        return self.front.get(part, True) is not False

    @property
    def comments(self) -> bool:
        return self.shows("comments")

    @property
    def hidden(self) -> bool:
        """Fluid's `hide: true`: the post is built but listed nowhere (index, archives,
        tags, categories, feeds, search, sitemap, prev/next)."""
        return self.front.get("hide") is True

    @property
    def archived(self) -> bool:
        """Fluid's `archive: true`: the post is left off the home page's list only; archives,
        tags, categories, feeds and search keep it."""
        return self.front.get("archive") is True

    @property
    def pin(self) -> float:
        """How high the index pins the post: `sticky: N` (Hexo, NexT, Butterfly, Fluid) or
        `top: N` / `top: true` (hexo-generator-index-pin-top); 0 means not pinned."""
        for key in ("sticky", "top"):
            value = self.front.get(key)
            if value is True:
                return 1
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
                return value
        return 0

    @property
    def card_image(self) -> str | None:
        """The picture on the post's index card: `cover` (Butterfly, many), `index_img`
        (Fluid), `thumbnail` (NexT forks, Icarus), else the header picture."""
        return self._picture(("cover", "index_img", "thumbnail", "top_img", "banner_img"))

    @property
    def header_image(self) -> str | None:
        """The picture at the top of the post: `top_img` (Butterfly), `banner_img` (Fluid),
        else the card picture. `top_img: false` or `banner_img: false` means none."""
        return self._picture(("top_img", "banner_img", "cover", "thumbnail", "index_img"))

    def _picture(self, keys: tuple[str, ...]) -> str | None:
        if self.front.get(keys[0]) is False:
            return None
        for key in keys:
            value = self.front.get(key)
            if isinstance(value, str) and value.strip():
                return self._site_path(value.strip())
        return None

    def _site_path(self, src: str) -> str:
        """A picture named from the post's asset folder (`cover.jpg`) gets the path it has
        beside the post; URLs and site paths stay as written."""
        if "://" in src or src.startswith(("/", "data:")) or self.asset_dir is None:
            return src
        name = src.removeprefix("./")
        if self._asset_file(name):
            return asset_folder_path(self.path) + name
        return src

    def _asset_file(self, name: str) -> bool:
        """Whether `name` is a file of the asset folder, as written or %-decoded (the browser
        asks for `a%20b.png` as `a b.png`). A name longer than a file system holds is none:
        a %-encoded CJK file name is three times its file's, and asking for it stopped the
        build with "File name too long"."""
        assert self.asset_dir is not None
        return any(too_long_name(candidate) is None and (self.asset_dir / candidate).is_file()
                   for candidate in dict.fromkeys((name, unquote(name))))

    @property
    def card_text(self) -> str | None:
        """The `description` the author wrote: it stands on the index card instead of the
        excerpt (NexT's excerpt_description, Butterfly's and Fluid's default)."""
        value = self.front.get("description")
        return value.strip() if isinstance(value, str) and value.strip() else None

    def front_line(self, key: str) -> int | None:
        """The source line where the front-matter sets `key` (for warnings about it)."""
        head = self.source.read_text(encoding="utf-8", errors="replace").splitlines()[:self.body_line]
        return next((n for n, line in enumerate(head, 1) if line.startswith(f"{key}:")), None)

    @property
    def lang(self) -> str | None:
        return self.front.get("lang")

    @property
    def description(self) -> str:
        """Front-matter `description`, else the start of the excerpt's plain text."""
        explicit = self.front.get("description")
        if explicit:
            return str(explicit)
        summary = self.rendered.summary if self.rendered and self.rendered.summary else self.text
        return shorten(" ".join(summary.split()), DESCRIPTION_CHARS)

    @property
    def first_image(self) -> str | None:
        """The first picture in the body, its `src` as the page links it (og:image falls
        back to it when the post names no cover)."""
        content = self.content
        start = _IMG_START.search(content)  # a body without pictures is read once, faster
        if start is None:
            return None
        for match in _IMG_SRC.finditer(content, start.start()):
            src = html.unescape(match.group(1)).strip()
            if src and not src.startswith("data:"):
                return src
        return None

    def list_fingerprint(self) -> str:
        """Hash of what list pages show of this post: changing only the body past the
        excerpt leaves it alone, so index and tag pages are not rebuilt for that.
        Cached: a Document is replaced, never edited, when its file changes."""
        cached = self.__dict__.get("_list_print")
        if cached is None or self.rendered is None:
            shown = (self.title, self.path, self.date.isoformat(), self.updated.isoformat(),
                     self.tag_names, self.category_paths,
                     self.description,  # list pages show it for posts without an excerpt
                     self.front.get("sticky"), self.front.get("cover"))
            digest = hashlib.sha256(repr(shown).encode())
            digest.update(_held_bytes(self.rendered, "excerpt"))
            cached = digest.hexdigest()[:16]
            if self.rendered is not None:
                self.__dict__["_list_print"] = cached
        return cached
