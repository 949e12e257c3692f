"""The dev server's fast path: the page being edited is written before the rebuild.

Hugo calls this "fast render". Only the pages of edited documents are made again, in the
site as it was, and written at once; the full rebuild that follows corrects anything else
(lists, neighbours) and normally finds these pages already right. Anything unusual (a new,
moved or broken document, a template or config change) is left to the rebuild.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.document import Rendered
from ..errors import QuillError
from ..render.body import render_document
from ..source.reader import load_document
from ..model.urls import output_file
from ..output.lock import FolderBusy, in_use
from ..output.writer import Writer

if TYPE_CHECKING:
    from ..model.site import Site
    from .builder import Builder


def preview_edits(builder: "Builder", changed: Iterable[Path]) -> list[str]:
    """Make and write the pages of the edited documents among `changed` (resolved, a linked
    post's real path already read as its path in the source folder: resolved again here, it
    was outside it); returns the output files written. Needs an in-place builder that has
    built once."""
    if not builder.in_place or builder.site is None or not builder.state.outputs_known:
        return []
    try:
        with in_use(builder.config.public_path, wait=0):
            return _write_edits(builder, builder.site, changed)
    except FolderBusy:  # another QuillPress writes the output: the rebuild waits for it
        return []


def _write_edits(builder: "Builder", site: Site, changed: Iterable[Path]) -> list[str]:
    state = builder.state
    source = builder.config.source_path
    writer = Writer(builder.config.public_path, in_place=True)
    fresh: dict[str, Rendered] = {}
    for path in changed:
        if not path.is_relative_to(source):
            return []  # a template, plugin or config change: only a rebuild will do
        old = builder.docs.get(path)
        if old is None or not builder.is_known_source(path):
            continue
        try:
            doc = load_document(path, builder.config, old.asset_dir)
        except (QuillError, OSError):
            continue
        rel = output_file(old.path)
        route = builder.routes.get(rel)
        if doc.path != old.path or route is None or route.docs != [old] or route.page is not old:
            continue
        key = builder.body_key(doc)
        doc.rendered = builder.cached_body(key)
        if doc.rendered is None:
            try:
                doc.rendered = render_document(doc, builder.md, builder.config, builder.extensions)
            except Exception:
                continue  # the rebuild reports it
            fresh[key] = doc.rendered
        doc.prev, doc.next, doc.tags, doc.categories = old.prev, old.next, old.tags, old.categories
        doc.shown = old.shown
        page = builder.pages.make(rel, dataclasses.replace(route, page=doc, docs=[doc]), site)
        if not isinstance(page.output, QuillError):
            writer.add(rel, page.output)
    state.bodies.put_many(fresh)
    if not writer.added:
        return []
    return writer.commit(keep_extra=state.outputs).changed_paths
