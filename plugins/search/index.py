"""The search index the dialog reads: a small manifest, term buckets and the documents' files.

A document's entry carries what a result shows and what its snippet is cut from: title, URL
(under `root`, so a site served from a sub-path works), date, tags, categories and the
post's plain text cut to `content_limit` characters. The buckets (shards.py) say which
documents hold which terms, so a query downloads only the buckets of its words and the
files of the documents it shows: a few hundred KB at most, where the whole index is 12 MB
at 5,000 posts. The entries go `GROUP` consecutive ids to a file (`g<n>.json`).

Every file keeps its name from build to build, so that a route's path is known before its
content (the postings may be made while the pages are); the manifest names each file's
version, which the dialog asks for as `?v=<version>` and the file also holds. A browser's
copy of an earlier build's file (a host lets it keep one for its max-age: GitHub Pages' 10
minutes) is then never read with a newer manifest, and a page that loaded the manifest
before the site was rebuilt finds that a file's version is not the one it asked for and
loads the manifest again (qp-search.js), where it read a newer file as if it were the older
one: other posts under the ids it knew, or a bucket count it did not.

A bucket's version is a hash of its postings; a file of entries' a hash of what its entries
are made from (`_made_from`): hashing the entries themselves cost ~40 ms of CPU per 1,000
posts, the manifest's maker making every file's entries again. So an edit past the indexed
text gives a file a new version for the same entries, and a config change that changes only
the text (a renderer's option) keeps the versions: a browser may show its kept copy's older
snippet for its max-age, never another post (each entry's URL is in its file's version).
"""
from __future__ import annotations

import functools
import hashlib
import json
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from quillpress.plugin_api import Route, __version__, url_for

from .shards import SHARD_DIR, Columns, Postings, document_columns

if TYPE_CHECKING:
    from quillpress.plugin_api import Config, Document, Site

FIELDS = ("post", "page", "all")
FACT = "search.flags"  # the key of a body's `document_flags` in `Rendered.facts`
# Documents per file, consecutive ids: a quarter of the files one per document made (at
# 5,000 posts 1,250, not 5,000; creating a file cost 0.05-0.7 ms of kernel CPU each), for
# up to four times the bytes per result shown; the dialog fetches a screenful of results at
# a time (qp-search.js), so a first query's bytes stayed under 300 KB (bench/search_bytes.py).
GROUP = 4
VERSION = 4  # of the manifest's layout, which qp-search.js checks
VERSION_LENGTH = 8  # hex digits of a file's version, as webpack's [contenthash:8]


def version(content: str | bytes) -> str:
    """A file's version: a hash of its content (see the module's docstring)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).hexdigest()[:VERSION_LENGTH]


def _trimmed(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space when one is near (not mid-word)."""
    if limit <= 0 or len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", int(limit * 0.9))
    return cut[:space] if space > 0 else cut


def _title(doc: "Document") -> str:
    return str(doc.title or doc.slug)


def _categories(doc: "Document") -> list[str]:
    return [" / ".join(path) for path in doc.category_paths]


def entry(doc: "Document", config: "Config") -> dict[str, Any]:
    """A document's entry but its text, which `SearchIndex._documents` adds last: its
    version is made from this much (`FileVersions`)."""
    item: dict[str, Any] = {
        "title": _title(doc),
        "url": url_for(doc.path, config),
        "date": doc.date.date().isoformat(),
    }
    if doc.is_post:
        item["tags"] = list(doc.tag_names)
        item["categories"] = _categories(doc)
    return item


def document_flags(doc: "Document", text: str, content_limit: int | None) -> Columns:
    """What the document contributes to the buckets (`document_columns`), from its rendered
    plain `text`. It depends only on the document's file and the config (title, tags, categories,
    body), like the body itself: so it is made where the body is rendered (in a worker, in
    parallel) and cached with it, and the main process only gathers it. The pairs of CJK
    characters of the part searched are kept for the related posts, which cut only the rest
    (`lead_pairs`)."""
    labels = [*doc.tag_names, *_categories(doc)] if doc.is_post else []
    searched = indexed_text(text, content_limit) if content_limit is not None else None
    return document_columns(_title(doc), labels, searched, text)


def indexed_text(text: str, content_limit: int) -> str:
    """The part of a document's plain text that the index holds."""
    return _trimmed(text, content_limit)


def _made_from(doc: "Document", item: dict[str, Any]) -> str:
    """What a document's entry is made from: `item`, its `entry` (title, URL, date, tags,
    categories), and its text's sources, the document's file and the files its
    body read (by their contents' hashes: their paths, like the config as a whole, hold the
    site's folder, and the same site built elsewhere would get other versions)."""
    deps = doc.rendered.deps if doc.rendered is not None else {}
    return f"{item}{doc.source_hash}{sorted(deps.values())}|"


class FileVersions:
    """Each file of entries' version: a hash of what its entries are made from (`salt`: the
    index's layout, `content_limit` and QuillPress's version, see `SearchIndex.routes`).
    The manifest names every file's version and each file holds its own: worked out once
    per build in a process that makes both (`serve`, a build of one process), and, where a
    file is made, from the entries it writes (each document's entry made once, not twice).
    A first build makes the manifest in one child and the files in the page workers, each
    of which works out only its own files' versions."""

    def __init__(self, groups: list[list["Document"]], config: "Config", salt: str) -> None:
        self.groups, self.config, self.salt = groups, config, salt
        self._known: dict[int, str] = {}

    def of(self, number: int, items: list[dict[str, Any]] | None = None) -> str:
        """File `number`'s version; `items`: its documents' entries without their text,
        when the caller has them."""
        made = self._known.get(number)
        if made is None:
            group = self.groups[number]
            if items is None:
                items = [entry(doc, self.config) for doc in group]
            made = self._known[number] = version(
                self.salt + "".join(map(_made_from, group, items)))
        return made


def searched_documents(site: "Site", field: str) -> list["Document"]:
    """Posts newest first, then pages; `search: false` front-matter leaves one out, and
    pages that are not HTML (feeds, data files written as pages) are never searched."""
    docs: list[Document] = []
    if field in ("post", "all"):
        docs += site.posts
    if field in ("page", "all"):
        docs += [p for p in site.pages if p.layout != "false" and not p.path.endswith(
            (".xml", ".json", ".txt", ".js", ".css"))]
    return [d for d in docs if d.front.get("search") is not False]


class SearchIndex:
    """Makes the index's files, keeping each document's term flags between builds and the
    postings in memory, so that in `serve` an edit re-encodes its own document file and
    only the buckets of the terms it added, removed or changed."""

    def __init__(self, field: str, content_limit: int | None, manifest_path: str,
                 builds_once: bool = False) -> None:
        self.field = field
        self.builds_once = builds_once  # no next build in this process to keep flags for
        self.content_limit = content_limit
        self.manifest_path = manifest_path
        self.folder = posixpath.join(posixpath.dirname(manifest_path), SHARD_DIR)
        self._docs: dict[tuple[Any, ...], Columns] = {}  # term flags by document
        self._postings = Postings()
        self._made_for = ""

    def routes(self, site: "Site") -> list[Route]:
        """The manifest, every bucket and every file of documents. The postings are brought
        up to date here, in the main process, where they are kept between builds (once per
        change of any searched document, `digest`); a bucket's route is keyed by its
        content's digest (worked out when the plan asks), so only the buckets an edit changed
        are made again, by the page workers like any page. A one-off `build` fills them
        when a bucket is first asked for (`Postings.fill_later`); its buckets are made
        `together`, in one process, so no two fill them. A file of documents is made again
        when one of its documents changes; a new post changes only the last one."""
        docs = list(reversed(searched_documents(site, self.field)))  # ids from the oldest
        if self.builds_once:  # filled once (when first asked): no digest to compare with a
            self._postings.fill_later([self._new_flags(doc) for doc in docs])  # next build, no keys
        else:
            digest = Route(path=self.manifest_path, docs=docs).fingerprint(str(self.content_limit))
            if self._made_for != digest:
                keys = [self._key(site, doc) for doc in docs]
                made = [self._flags(key, doc) for key, doc in zip(keys, docs)]
                self._docs = dict(zip(keys, made))  # forget the rest
                self._postings.update(made)
                self._made_for = digest
        postings = self._postings
        groups = [docs[start:start + GROUP] for start in range(0, len(docs), GROUP)]
        versions = FileVersions(groups, site.config, f"{VERSION}|{self.content_limit}|{__version__}|")
        meta = functools.cache(functools.partial(self._manifest, len(docs), versions))
        # Keyed by its bytes alone: `digest` also hashes what the documents' pages show
        # beside them (related lists, which a one-off `build` attaches after the routes), so
        # as a key it made the manifest again after a `serve`, to the same bytes. Made with
        # the buckets (`together`): it names their digests.
        routes = [Route(path=self.manifest_path, key=meta, make=meta, together=True)]
        routes += [Route(path=posixpath.join(self.folder, f"t{n}.json"),
                         key=functools.partial(postings.digest, n),  # asked by the plan only
                         make=functools.partial(self._bucket, n), together=True)
                   for n in range(postings.buckets)]
        routes += [Route(path=posixpath.join(self.folder, f"g{number}.json"), docs=group,
                         key=str(self.content_limit),
                         make=functools.partial(self._documents, versions, number))
                   for number, group in enumerate(groups)]
        return routes

    def fill_while(self, busy: Callable[[], bool]) -> None:
        """Fill part of the postings `routes` left for later, while `busy()`
        (`Postings.fill_while`)."""
        self._postings.fill_while(busy)

    def _manifest(self, docs: int, versions: FileVersions) -> str:
        """What the dialog fetches first: the documents' count and group, and the version
        of every bucket and every file of entries, in file order (see the module's
        docstring)."""
        buckets = [self._bucket_version(n) for n in range(self._postings.buckets)]
        files = [versions.of(number) for number in range(len(versions.groups))]
        return json.dumps({"version": VERSION, "docs": docs, "group": GROUP,
                           "dir": SHARD_DIR + "/", "buckets": buckets, "files": files},
                          separators=(",", ":"))

    def _bucket_version(self, number: int) -> str:
        return self._postings.digest(number)[:VERSION_LENGTH]

    def _bucket(self, number: int) -> bytes:
        """A bucket's file: its version and its terms' postings."""
        return (b'{"v":"%s","terms":' % self._bucket_version(number).encode("ascii")
                + self._postings.encoded(number) + b"}")

    @staticmethod
    def _key(site: "Site", doc: "Document") -> tuple[Any, ...]:
        # The source hash covers title, dates and tags as written; the text and path
        # come from rendering and the permalink, which the config may change. The text by
        # its hash: kept whole here, every post's text would stay unpacked (document.py).
        return (doc.source_hash, doc.path, doc.date, hash(doc.text), site.config["root"])

    def _flags(self, key: tuple[Any, ...], doc: "Document") -> Columns:
        """A document's term flags (`columns`), made again only when it changed (`key`)."""
        made = self._docs.get(key)
        return made if made is not None else self._new_flags(doc)

    def _new_flags(self, doc: "Document") -> Columns:
        """A document's term flags as its body brought them (`FACT`). Taken out of
        the body, not copied: at 5,000 posts the flags were 40 MB twice over in the main
        process. The render cache on disk keeps them; a body met again without them is
        counted again."""
        made = doc.rendered.facts.pop(FACT, None) if doc.rendered is not None else None
        if made is None:  # a body no `after_render` saw (it failed to render)
            made = document_flags(doc, doc.text, self.content_limit)
        return made

    def forget(self) -> None:
        """Let go of the postings and flags kept for the next build (see `builds_once`)."""
        self._docs, self._made_for = {}, ""
        self._postings.clear()

    def _documents(self, versions: FileVersions, number: int) -> str:
        """A file of documents: its version and its entries in id order. Made only when one
        of them changed, so it is not kept."""
        group = versions.groups[number]
        items = [entry(doc, versions.config) for doc in group]
        made = versions.of(number, items)  # from the entries before their text is added
        if self.content_limit is not None:
            for item, doc in zip(items, group):
                item["text"] = indexed_text(doc.text, self.content_limit)
        entries = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
        return f'{{"v":"{made}","entries":{entries}}}'

