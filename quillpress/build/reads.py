"""What a page's templates read, recorded while it renders (Lektor's `record_dependency`).

A route's fingerprint hashes what its generator declared: its own documents whole, the
posts it lists as list entries, its key. A template may read more: the 404 page lists the
newest posts, the footer shows the oldest post's year. Predicting that is how pages went
stale, so the templates get the site through recording views instead: every collection
read (`site.posts[:5]`, `site.tags`, `taxon.posts | length`) and every document attribute
read (`post.title`) beyond what the fingerprint already hashes is noted as a key. After
the page renders, the values behind its keys are hashed (`ReadValues.digest`); the next
build computes the same keys on the new site, and the page is current only if the hash
is unchanged.

Keys are tuples of str/int/None, so they cross from worker processes and into JSON:
- `("d", rel, attr)`: attribute `attr` of the document at `rel`;
- `("s", seq, op, *args)`: a sequence (`posts`, `pages`, `root_categories` or a taxon's
  `posts`/`all_posts`/`children`) read by length, index, slice or whole;
- `("m", name)`: the `tags` or `categories` mapping, read at all;
- `("t", kind, key, attr)`: a tag's or category's count or parent;
- `("l", slug)`: the post a `post_link` tag points at;
- `("site", attr)`: anything else of the site (its data files, or a method reading it all).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model.document import Document
from ..model.routes import AttrDict
from ..model.site import Site, Taxon

if TYPE_CHECKING:
    from ..model.routes import Route

Key = tuple[Any, ...]

# Attributes Document.list_fingerprint hashes: a route hashes them for the posts it lists.
LIST_ATTRS = frozenset({"title", "path", "date", "updated", "tag_names", "category_paths",
                        "excerpt", "description", "sticky", "cover"})
ALL_ATTRS = None  # `covered` value of the route's own documents: hashed whole
NOTHING: frozenset[str] = frozenset()  # `covered` value of any other document
# Attributes made from the body: their value is the source hash (and the files the body
# read), which is cheaper than hashing the rendered HTML and changes whenever it does.
BODY_ATTRS = frozenset({"content", "more", "text", "toc", "features", "rendered", "body",
                        "front", "excerpt", "description"})
# Of what the recorder notes (the kinds of keys, what a route's fingerprint already covers):
# a new number whenever that changes. Records saved by another recorder are not trusted: a
# read the old one did not note would never make its page again (`BuildState`). A release
# changes every fingerprint anyway (the version is in the build's salt); this covers
# upgrades between releases, as `cache.TABLE` does for bodies.
RECORDER = 1
SEQUENCES = ("posts", "pages", "root_categories")
TAXON_SEQUENCES = ("posts", "all_posts", "children")


class ReadRecorder:
    """Hands out recording views of one route's template inputs and collects their keys.

    `covered` documents need no keys for what the route's fingerprint already hashes:
    its own documents whole, listed posts and its documents' neighbours as list entries.
    Views are made once per object, so `a is b` in a template means what it meant before.
    The keys are kept in the order first read (a dict without values): the templates run
    the same way in every process, so a page's keys come out the same without sorting.
    """

    def __init__(self, site: Site, route: "Route | None" = None) -> None:
        self.site = site
        self.keys: dict[Key, None] = {}
        self._views: dict[int, Any] = {}
        self._covered: dict[int, frozenset[str] | None] = {}
        if route is not None:
            for doc in route.summaries:
                self._covered[id(doc)] = LIST_ATTRS
            for doc in route.docs:
                for neighbour in (doc.prev, doc.next, *(d for ds in doc.shown.values() for d in ds)):
                    if neighbour is not None:
                        self._covered.setdefault(id(neighbour), LIST_ATTRS)
            for doc in route.docs:
                self._covered[id(doc)] = ALL_ATTRS

    def note(self, key: Key) -> None:
        self.keys[key] = None

    def wrap(self, value: Any) -> Any:
        """The recording view of a document, taxon, the site or a list page's `page`;
        lists of those become lists of views; anything else is returned as it is. A page
        wraps ~60 values, most of them text, dates or None: each is told apart by one look-up
        of its type (`_wrapper`)."""
        how = _WRAPPERS.get(type(value), _unseen)
        return value if how is None else how(self, value)

    def _document(self, doc: Document) -> "DocumentView":
        view = self._views.get(id(doc))
        if view is None:
            view = self._views[id(doc)] = DocumentView(
                doc, self, self._covered.get(id(doc), NOTHING))
        return view

    def _taxon(self, taxon: Taxon) -> "TaxonView":
        view = self._views.get(id(taxon))
        if view is None:
            view = self._views[id(taxon)] = TaxonView(taxon, self)
        return view

    def _dict(self, value: dict[Any, Any]) -> Any:
        if value and all(isinstance(v, list) for v in value.values()) \
                and any(isinstance(d, Document) for v in value.values() for d in v):
            return {name: self.wrap(items) for name, items in value.items()}  # Document.shown
        if isinstance(value, AttrDict):
            return AttrDict({name: self.wrap(item) for name, item in value.items()})
        return value

    def _list(self, value: list[Any]) -> list[Any]:
        if value and isinstance(value[0], (Document, Taxon)):
            return [self.wrap(item) for item in value]
        return value

    def _site(self, value: Any) -> Any:
        return SiteView(self) if value is self.site else value

    def taxon_id(self, taxon: Taxon) -> tuple[str, str]:
        """("tag", name) or ("category", slug): how ReadValues finds it again."""
        if self.site.tags.get(taxon.name) is taxon:
            return "tag", taxon.name
        return "category", taxon.slug

    def done(self) -> None:
        """Let go of the views once the page (or piece) is made: each view points back at
        this recorder, so the two would wait for the cycle collector, ~60 objects a post
        page and ~120 a list page; freed now, the next page reuses their memory."""
        self._views.clear()

    def replay(self, piece: "Piece") -> None:
        """Note what making `piece` read, as this route would have noted it: a document's
        attribute only where this route's fingerprint does not hash it already. Asked for
        each entry of every list page; a route covers a document in one of three ways
        (ALL_ATTRS, LIST_ATTRS, NOTHING), and the piece holds the keys for the last two."""
        covered_by = self._covered
        keys = self.keys
        for read in piece.doc_reads:
            covered = covered_by.get(id(read.doc), NOTHING)
            if covered is NOTHING:
                keys.update(read.every)
            elif covered is LIST_ATTRS:
                keys.update(read.beyond_list)
        keys.update(piece.keys)


def _unseen(recorder: ReadRecorder, value: Any) -> Any:
    """`wrap` for a value of a type not met before: how to wrap its type, kept, then used."""
    how = _WRAPPERS[type(value)] = _wrapper(type(value))
    return value if how is None else how(recorder, value)


def _wrapper(kind: type) -> Callable[[ReadRecorder, Any], Any] | None:
    """How `wrap` treats values of type `kind`: None to return them as they are."""
    if issubclass(kind, Document):
        return ReadRecorder._document
    if issubclass(kind, Taxon):
        return ReadRecorder._taxon
    if issubclass(kind, dict):
        return ReadRecorder._dict
    if issubclass(kind, list):
        return ReadRecorder._list
    if issubclass(kind, Site):
        return ReadRecorder._site
    return None


# `wrap`'s treatment of each type met: text, numbers, dates and None are the values most
# read (a page reads a hundred titles, paths and dates) and are known from the start.
_WRAPPERS: dict[type, Callable[[ReadRecorder, Any], Any] | None] = dict.fromkeys(
    (str, int, float, bool, type(None), dt.datetime, dt.date))


@dataclass(frozen=True)
class DocReads:
    """What making a piece read of one document, as the keys a page notes for it: `every`
    where the page's fingerprint hashes nothing of the document, `beyond_list` where it
    hashes its list attributes."""

    doc: Document
    every: dict[Key, None]
    beyond_list: dict[Key, None]


@dataclass(frozen=True)
class Piece:
    """A part of a page made from one document alone (a post's entry in a list), kept so
    that the other pages showing it reuse it: its output, and everything making it read,
    documents' attributes apart from the rest, since whether those are noted depends on the
    page (see ReadRecorder.replay)."""

    output: Any
    doc_reads: tuple[DocReads, ...]
    keys: dict[Key, None]


def viewed(value: Any) -> Document | None:
    """The document behind a template's view of one, else None."""
    return value._doc if isinstance(value, DocumentView) else None


def traced(site: Site, doc: Document, make: Callable[[Any], Any]) -> Piece:
    """`make(view of doc)`, with every read it makes written down: the recorder it reads
    through covers nothing, so each document attribute read is noted."""
    tracer = ReadRecorder(site)
    output = make(tracer.wrap(doc))
    docs = {view._doc.rel: view._doc for view in tracer._views.values()
            if isinstance(view, DocumentView)}
    tracer.done()
    by_doc: dict[str, list[Key]] = {}
    keys: dict[Key, None] = {}
    for key in tracer.keys:
        if key[0] == "d":
            by_doc.setdefault(key[1], []).append(key)
        else:
            keys[key] = None
    return Piece(output, tuple(
        DocReads(docs[rel], dict.fromkeys(read),
                 dict.fromkeys(key for key in read if key[2] not in LIST_ATTRS))
        for rel, read in by_doc.items()), keys)


class DocumentView:
    """A document as templates see it: attribute reads are recorded, results wrapped.

    An attribute read once is kept on the view (its key is noted already, and a document
    does not change while a page renders), so a template reading `page.date` five times
    pays for the recording once."""

    def __init__(self, doc: Document, recorder: ReadRecorder,
                 covered: frozenset[str] | None) -> None:
        self._doc = doc
        self._rec = recorder
        self._covered = covered  # what the route's fingerprint hashes of it (see ReadRecorder)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        doc = self._doc
        value = getattr(doc, name)
        covered = self._covered
        if covered is not ALL_ATTRS and name not in covered:
            self._rec.keys[("d", doc.rel, name)] = None
        how = _WRAPPERS.get(type(value), _unseen)  # `wrap`, inline: most values are plain
        if how is not None:
            value = how(self._rec, value)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"<view of {self._doc.rel}>"


class TaxonView:
    """A tag or a category as templates see it: its count, parent and lists are recorded.
    Like DocumentView, it keeps what was read (a category tree reads each count twice).
    Its name, slug and path follow from its key and the config, so they are never noted:
    they are set on the view when it is made, where reads find them without `__getattr__`
    (a post page reads each of its categories' name and path)."""

    def __init__(self, taxon: Taxon, recorder: ReadRecorder) -> None:
        self._taxon = taxon
        self._rec = recorder
        self._kind, self._key = recorder.taxon_id(taxon)
        self.name, self.slug, self.path = taxon.name, taxon.slug, taxon.path

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        kind, key = self._kind, self._key
        value = getattr(self._taxon, name)
        if name in TAXON_SEQUENCES:
            view: Any = SequenceView(f"{kind}\x1f{key}\x1f{name}", value, self._rec)
        else:
            self._rec.keys[("t", kind, key, name)] = None
            view = self._rec.wrap(value)
        self.__dict__[name] = view
        return view

    def __repr__(self) -> str:
        return f"<view of {self._taxon.path}>"


class SequenceView(Sequence[Any]):
    """A list of the site read through a template: what was read of it is recorded."""

    def __init__(self, name: str, items: list[Any], recorder: ReadRecorder) -> None:
        self._name = name
        self._items = items
        self._rec = recorder

    def __len__(self) -> int:
        self._rec.note(("s", self._name, "len"))
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            self._rec.note(("s", self._name, "slice", index.start, index.stop, index.step))
        else:
            self._rec.note(("s", self._name, "i", index))
        return self._rec.wrap(self._items[index])

    def __iter__(self) -> Iterator[Any]:
        self._rec.note(("s", self._name, "all"))
        return (self._rec.wrap(item) for item in self._items)

    def __reversed__(self) -> Iterator[Any]:
        self._rec.note(("s", self._name, "all"))
        return (self._rec.wrap(item) for item in reversed(self._items))

    def __contains__(self, item: Any) -> bool:
        self._rec.note(("s", self._name, "all"))
        return any(self._rec.wrap(mine) is item or mine is item for mine in self._items)


class MappingView(Mapping[str, Any]):
    """`site.tags` or `site.categories`: reading it at all records the whole mapping."""

    def __init__(self, name: str, items: dict[str, Any], recorder: ReadRecorder) -> None:
        self._name = name
        self._items = items
        self._rec = recorder

    def __getitem__(self, key: str) -> Any:
        self._rec.note(("m", self._name))
        return self._rec.wrap(self._items[key])

    def __iter__(self) -> Iterator[str]:
        self._rec.note(("m", self._name))
        return iter(self._items)

    def __len__(self) -> int:
        self._rec.note(("m", self._name))
        return len(self._items)


class SiteView:
    """The site as templates see it (`site.posts`, `site.tags`, ...)."""

    __slots__ = ("_rec",)

    def __init__(self, recorder: ReadRecorder) -> None:
        self._rec = recorder

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        site = self._rec.site
        value = getattr(site, name)
        if name in SEQUENCES:
            return SequenceView(name, value, self._rec)
        if name in ("tags", "categories"):
            return MappingView(name, value, self._rec)
        if name != "config":  # the config is in every fingerprint already
            self._rec.note(("site", name))
        return self._rec.wrap(value)


class ReadValues:
    """The values behind keys on one site, each computed once per build."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._docs = {doc.rel: doc for doc in (*site.posts, *site.pages)}
        self._memo: dict[Key, str] = {}
        self._sequences: dict[str, list[Any] | None] = {}
        self._by_slug: dict[str, Document] | None = None

    def digest(self, keys: Sequence[Key]) -> str:
        digest = hashlib.sha256()
        for key in keys:
            value = self._memo.get(key)
            if value is None:
                value = self._memo[key] = self._value(key)
            digest.update(value.encode())
            digest.update(b"\0")
        return digest.hexdigest()[:20]

    def _value(self, key: Key) -> str:
        kind = key[0]
        if kind == "d":
            return self._document_value(key[1], key[2])
        if kind == "s":
            return self._sequence_value(key[1], key[2], key[3:])
        if kind == "m":
            items = getattr(self.site, key[1])
            return repr([(name, self._ident(item), item.length) for name, item in items.items()])
        if kind == "t":
            taxon = self._taxon(key[1], key[2])
            return "-" if taxon is None else self._plain(getattr(taxon, key[3], None))
        if kind == "l":
            post = self._post_by_slug(key[1])
            return "-" if post is None else repr((post.title, post.path))
        if key[1] == "data":
            return json.dumps(self.site.data, sort_keys=True, default=str)
        return self._whole_site()

    def _document_value(self, rel: str, attr: str) -> str:
        doc = self._docs.get(rel)
        if doc is None:
            return "-"
        if attr in BODY_ATTRS:
            deps = doc.rendered.deps if doc.rendered is not None else {}
            return f"{doc.source_hash}|{sorted(deps.items())!r}"
        return self._plain(getattr(doc, attr, None))

    def _sequence_value(self, name: str, op: str, args: tuple[Any, ...]) -> str:
        items = self._sequence(name)
        if items is None:
            return "-"
        if op == "len":
            return str(len(items))
        if op == "all":
            return repr([self._ident(item) for item in items])
        if op == "slice":
            return repr([self._ident(item) for item in items[slice(*args)]])
        try:
            return self._ident(items[args[0]])
        except (IndexError, TypeError):
            return "-"

    def _sequence(self, name: str) -> list[Any] | None:
        if name not in self._sequences:
            found: list[Any] | None
            if name in SEQUENCES:
                found = list(getattr(self.site, name))
            else:
                kind, key, attr = name.split("\x1f")
                taxon = self._taxon(kind, key)
                found = None if taxon is None else list(getattr(taxon, attr))
            self._sequences[name] = found
        return self._sequences[name]

    def _taxon(self, kind: str, key: str) -> Taxon | None:
        return (self.site.tags if kind == "tag" else self.site.categories).get(key)

    def _post_by_slug(self, slug: str) -> Document | None:
        if self._by_slug is None:
            self._by_slug = self.site.posts_by_slug()
        return self._by_slug.get(slug) or self._by_slug.get(slug.removesuffix(".md"))

    def _ident(self, item: Any) -> str:
        if isinstance(item, Document):
            return "d:" + item.rel
        if isinstance(item, Taxon):
            return f"t:{item.path}"
        return repr(item)

    def _plain(self, value: Any) -> str:
        """A value as text that changes when what a template could show of it changes."""
        if isinstance(value, (Document, Taxon)):
            return self._ident(value)
        if isinstance(value, list):
            return repr([self._plain(item) for item in value])
        if callable(value):
            return f"callable {getattr(value, '__name__', type(value).__name__)}"
        return repr(value)

    def _whole_site(self) -> str:
        memo = self._memo.get(("site", "*"))
        if memo is None:
            memo = repr([(d.rel, d.list_fingerprint()) for d in (*self.site.posts, *self.site.pages)])
            memo = self._memo[("site", "*")] = memo + self.site.shared_fingerprint()
        return memo


@dataclass(frozen=True)
class PageRecord:
    """What the last build knew of one output file: its route's fingerprint, the keys its
    templates read and the hash of their values then."""

    fingerprint: str
    keys: tuple[Key, ...] = ()
    digest: str = ""

    def is_current(self, fingerprint: str, values: ReadValues) -> bool:
        return self.fingerprint == fingerprint and (
            not self.keys or values.digest(self.keys) == self.digest)

    def with_reads(self, keys: Sequence[Key], values: ReadValues) -> "PageRecord":
        """This record after its page was made, having read `keys`."""
        return PageRecord(self.fingerprint, tuple(keys), values.digest(keys))

    def printed(self, fingerprint: str) -> "PageRecord":
        """This record with its route's fingerprint, when that was worked out apart
        (`Builder._plan`)."""
        return PageRecord(fingerprint, self.keys, self.digest)


def records_to_json(records: dict[str, PageRecord]) -> dict[str, Any]:
    """Plain data for routes.json; each distinct key is stored once (pages share many)."""
    table: dict[Key, int] = {}
    pages = {rel: [rec.fingerprint, rec.digest,
                   [table.setdefault(key, len(table)) for key in rec.keys]]
             for rel, rec in records.items()}
    return {"recorder": RECORDER, "keys": [list(key) for key in table], "pages": pages}


def records_from_json(data: dict[str, Any]) -> dict[str, PageRecord]:
    keys = [tuple(key) for key in data["keys"]]
    return {rel: PageRecord(fingerprint, tuple(keys[i] for i in indexes), digest)
            for rel, (fingerprint, digest, indexes) in data["pages"].items()}
