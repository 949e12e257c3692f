"""A route is one output file: a site path plus how to make its bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any

from ..errors import QuillError
from .document import Document


class AttrDict(dict):
    """A dict templates can read with dots (`page.current`); missing keys read as None."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)


@dataclass(eq=False)
class Route:
    """One file of the output.

    - `layouts`: theme templates to try in order (Hexo's fallback chain), or empty for a
      route whose bytes are given (`content`), made on demand (`make`) or copied (`source`);
    - `make`: a function returning the bytes, called only when the route must be rendered
      again, so a generator whose output is costly (a feed, a search index) does no work on
      a rebuild that changed nothing it shows. Its inputs must be in `docs`/`summaries`/`key`;
    - `page`: the template's `page` variable (a Document or an AttrDict for list pages);
    - `docs`/`summaries`: documents shown in full / as list entries. With `key` (anything
      else that shapes the page, like the pagination position; or a function giving it,
      called only when the route's fingerprint is worked out) they decide whether a
      rebuild must render the route again;
    - `in_main`: make it in the main process, never in a worker (see the field);
    - `together`: its work shared with the other routes so marked, done once (see the field).
    """

    path: str
    layouts: list[str] = field(default_factory=list)
    page: Any = None
    docs: list[Document] = field(default_factory=list)
    summaries: list[Document] = field(default_factory=list)
    key: str | Callable[[], str] = ""
    content: bytes | str | None = None
    make: Callable[[], bytes | str] | None = None
    source: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # more template variables
    # Made in the main process, beside the page workers: for a `make` that keeps state
    # between builds or shares costly work between routes (the search index's postings).
    in_main: bool = False
    # For a `key` and `make` that share costly work done when first asked (the search
    # index's postings, `Postings.fill_later`), which each page worker would otherwise do
    # again. A first one-off build that works out its fingerprints in a child makes every
    # route so marked there, one after another, beside the pages (`Builder._plan`); any
    # other build asks their keys in the main process before the pages, so the page
    # workers, among which they are spread like any route, inherit that work done.
    together: bool = False

    def fingerprint(self, shared: str, shown: dict[int, bytes] | None = None) -> str:
        """Hash of everything the route's output depends on, except templates and config
        (the builder adds those). Same fingerprint, same bytes: no need to render again.

        `shown` keeps each document's part of the hash (`shown_print`) for a whole plan:
        a post is in about ten routes (its page, index, archive, tag and category pages),
        and at 5,000 posts hashing it again in each was half of the plan's time."""
        key = self.key() if callable(self.key) else self.key
        digest = hashlib.sha256(f"{self.path}\0{self.layouts}\0{key}\0{shared}".encode())
        parts = {} if shown is None else shown
        for doc in self.docs:
            part = parts.get(id(doc))
            if part is None:
                part = parts[id(doc)] = shown_print(doc)
            digest.update(part)
        if self.summaries:  # one update: list pages hold 95,000 entries at 5,000 posts
            digest.update("".join([doc.list_fingerprint() for doc in self.summaries]).encode())
        if isinstance(self.content, str):
            digest.update(self.content.encode())
        elif isinstance(self.content, bytes):
            digest.update(self.content)
        if self.source is not None:
            try:
                stat = self.source.stat()
            except FileNotFoundError:  # deleted since the walk: the copy leaves it out (Writer)
                digest.update(b"\0gone")
            else:
                digest.update(f"{self.source}\0{stat.st_mtime_ns}\0{stat.st_size}".encode())
        return digest.hexdigest()[:20]


def shown_print(doc: Document) -> bytes:
    """What a route showing `doc` in full hashes of it: its source, what lists show of it
    and of its neighbours and related posts, and the files its body read."""
    parts = [doc.source_hash, doc.list_fingerprint()]
    if doc.rendered is not None and doc.rendered.deps:
        parts.append(repr(sorted(doc.rendered.deps.items())))
    for neighbour in (doc.prev, doc.next):
        parts.append(neighbour.list_fingerprint() if neighbour else "-")
    for name, shown in sorted(doc.shown.items()):
        parts.append(name)
        parts += [other.list_fingerprint() for other in shown]
    return "".join(parts).encode()


def file_and_folder(routes: dict[str, Route], root: Path, source_dir: str) -> QuillError | None:
    """Two routes of which one needs a file and the other a folder of the same name (a post
    at `a.html`, a page at `a.html/index.html`): no file system holds both, and the write
    failed with a bare 'File exists'. Looked for only after a write failed."""
    for rel in routes:
        folder = rel.rpartition("/")[0]
        while folder:
            if folder in routes:
                file, inside = routes[folder], routes[rel]
                return QuillError(
                    f"{_origin(file, root, source_dir)} makes the file {folder}, and "
                    f"{_origin(inside, root, source_dir)} makes {rel}, in a folder of that "
                    "name: one path cannot be both", *_where(file, inside, source_dir=source_dir),
                    hint="give one of them another permalink (or rename the file)")
            folder = folder.rpartition("/")[0]
    return None


def _origin(route: Route, root: Path, source_dir: str) -> str:
    if route.docs:
        return f"{source_dir}/{route.docs[0].rel}"
    if route.source is not None:
        return (route.source.relative_to(root).as_posix() if route.source.is_relative_to(root)
                else str(route.source))
    return "a generated page"


def _where(*routes: Route, source_dir: str) -> tuple[str | None, int | None]:
    """The first document of the two, at its `permalink:` line when it has one."""
    for route in routes:
        if route.docs:
            doc = route.docs[0]
            return f"{source_dir}/{doc.rel}", doc.front_line("permalink")
    return None, None
