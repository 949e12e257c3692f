"""`--debug`: why a rebuild makes a page again, one line per page."""

from __future__ import annotations

from dataclasses import dataclass

from .reads import PageRecord, ReadValues
from ..model.routes import Route


@dataclass
class Explainer:
    """The inputs of the previous build, compared with a page's inputs now."""

    shared: str  # templates, config, plugins and site-wide lists
    sources: set[str]  # source hashes of every document
    listed: set[str]  # list fingerprints of every post

    def why(self, route: Route, shared: str, old: PageRecord | None, fingerprint: str,
            values: ReadValues) -> str:
        if old is None:
            return "new page (or no record of it from an earlier build)"
        if old.fingerprint == fingerprint:
            if old.is_current(fingerprint, values):
                return "its output file is missing or was changed by hand"
            return "something its templates read changed (another post, a site-wide list)"
        if shared != self.shared:
            return "templates, config, plugins or site-wide lists (tags, categories, months) changed"
        edited = [d.rel for d in route.docs if d.source_hash not in self.sources]
        if edited:
            return "its source changed: " + ", ".join(edited)
        listed = [d.rel for d in route.summaries if d.list_fingerprint() not in self.listed]
        if listed:
            return f"a listed post's title, date, tags or excerpt changed: {', '.join(listed[:3])}"
        if route.docs or route.summaries:
            return "its posts or their neighbours, links or data files changed"
        return "its generated content or copied file changed"
