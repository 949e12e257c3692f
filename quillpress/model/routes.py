"""A route is one output file: a site path plus how to make its bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any

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
      else that shapes the page, like the pagination position) they decide whether a
      rebuild must render the route again;
    - `in_main`: make it in the main process, never in a worker (see the field).
    """

    path: str
    layouts: list[str] = field(default_factory=list)
    page: Any = None
    docs: list[Document] = field(default_factory=list)
    summaries: list[Document] = field(default_factory=list)
    key: str = ""
    content: bytes | str | None = None
    make: Callable[[], bytes | str] | None = None
    source: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # more template variables
    # Made in the main process, beside the page workers: for a `make` that keeps state
    # between builds or shares costly work between routes (the search index's postings).
    in_main: bool = False

    def fingerprint(self, shared: str) -> str:
        """Hash of everything the route's output depends on, except templates and config
        (the builder adds those). Same fingerprint, same bytes: no need to render again."""
        digest = hashlib.sha256(f"{self.path}\0{self.layouts}\0{self.key}\0{shared}".encode())
        for doc in self.docs:
            digest.update(doc.source_hash.encode())
            digest.update(doc.list_fingerprint().encode())
            if doc.rendered is not None and doc.rendered.deps:
                digest.update(repr(sorted(doc.rendered.deps.items())).encode())
            for neighbour in (doc.prev, doc.next):
                digest.update((neighbour.list_fingerprint() if neighbour else "-").encode())
            for name, shown in sorted(doc.shown.items()):
                digest.update(name.encode())
                for other in shown:
                    digest.update(other.list_fingerprint().encode())
        for doc in self.summaries:
            digest.update(doc.list_fingerprint().encode())
        if isinstance(self.content, str):
            digest.update(self.content.encode())
        elif isinstance(self.content, bytes):
            digest.update(self.content)
        if self.source is not None:
            stat = self.source.stat()
            digest.update(f"{self.source}\0{stat.st_mtime_ns}\0{stat.st_size}".encode())
        return digest.hexdigest()[:20]
