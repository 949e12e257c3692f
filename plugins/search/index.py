"""The search index: one JSON array the browser fetches when the search dialog first opens.

Each entry carries what a result shows and what a query is matched against: title, URL
(under `root`, so a site served from a sub-path works), date, tags, categories and the
post's plain text cut to `content_limit` characters, which bounds the download on a big
blog while keeping the opening of every post searchable.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from quillpress.plugin_api import url_for

if TYPE_CHECKING:
    from quillpress.plugin_api import Config, Document, Site

FIELDS = ("post", "page", "all")


def _trimmed(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space when one is near (not mid-word)."""
    if limit <= 0 or len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", int(limit * 0.9))
    return cut[:space] if space > 0 else cut


def entry(doc: "Document", config: "Config", content_limit: int | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": str(doc.title or doc.slug),
        "url": url_for(doc.path, config),
        "date": doc.date.date().isoformat(),
    }
    if doc.is_post:
        item["tags"] = list(doc.tag_names)
        item["categories"] = [" / ".join(path) for path in doc.category_paths]
    if content_limit is not None:
        item["text"] = _trimmed(doc.text, content_limit)
    return item


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
    """Makes search.json on every build, re-encoding only documents that changed: a
    warm build of a 5,000-post blog would otherwise spend most of its index time making
    the same URLs and JSON again."""

    def __init__(self, field: str, content_limit: int | None) -> None:
        self.field = field
        self.content_limit = content_limit
        self._encoded: dict[tuple[Any, ...], str] = {}

    def json(self, site: "Site") -> str:
        fresh: dict[tuple[Any, ...], str] = {}
        parts = []
        for doc in searched_documents(site, self.field):
            # The source hash covers title, dates and tags as written; the text and path
            # come from rendering and the permalink, which the config may change.
            key = (doc.source_hash, doc.path, doc.date, doc.text, site.config["root"])
            encoded = self._encoded.get(key) or json.dumps(
                entry(doc, site.config, self.content_limit), ensure_ascii=False, separators=(",", ":"))
            fresh[key] = encoded
            parts.append(encoded)
        self._encoded = fresh
        return "[" + ",".join(parts) + "]"
