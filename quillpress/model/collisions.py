"""Two things that want one URL are named, never silently merged or dropped.

Two posts whose permalinks give one URL (`permalink: :id/` and `id: 1` in both): Hexo writes
both, and the one it writes last replaces the other, so one post vanishes. Here the post Hexo
publishes keeps the URL, the other is published beside it with `-2` added to the URL's last
part (`1/` → `1-2/`, `7.html` → `7-2.html`; `-3` for a third..., older posts first), and a warning names both
files, both URLs and the fix. `build --strict` turns that warning into an error (as Hugo
does). Hexo writes pages before posts and posts newest first (a date tie in source-path
order), so the page, else the oldest post, keeps the URL.

Two tags whose names slugize alike (`C++`, `C#` → `tags/C/`) share one page that lists
the posts of both, with a warning naming them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ..errors import QuillError
from .site import visible
from .urls import output_file, without_query

if TYPE_CHECKING:
    from ..config.loader import Config
    from .document import Document
    from .site import Site


def _first_line(doc: "Document", *needles: str) -> int | None:
    """The first source line holding the first of `needles` found (a front-matter key
    or value, the most telling first)."""
    lines = doc.source.read_text(encoding="utf-8", errors="replace").splitlines()
    for needle in needles:
        for number, line in enumerate(lines, 1):
            if needle in line:
                return number
    return None


def separate_same_urls(docs: list["Document"], config: "Config",
                       drafts: bool = False) -> list[QuillError]:
    """Give every published document a URL of its own: where several want one, the one Hexo
    publishes keeps it and each other one gets the next free `-N` URL. Returns one warning
    per document moved. Run before bodies are rendered (their asset links follow `path`)."""
    now = dt.datetime.now(dt.timezone.utc)
    wanting: dict[str, list["Document"]] = {}
    for doc in docs:
        if doc.wanted_path:  # moved by an earlier build: start from its own URL again
            doc.path, doc.wanted_path = doc.wanted_path, ""
        if doc.is_post and not visible(doc, config, drafts, now):
            continue
        try:
            wanting.setdefault(output_file(doc.path), []).append(doc)
        except ValueError:
            continue  # a path outside the output folder: the route check reports it
    taken = set(wanting)
    warnings = []
    for group in wanting.values():
        if len(group) < 2:
            continue
        *moved, keeper = sorted(group, key=_hexo_write_order)
        for doc in reversed(moved):  # numbered in date order: the older gets -2
            doc.wanted_path, doc.path = doc.path, _free_path(doc.path, taken)
            taken.add(output_file(doc.path))
            warnings.append(_moved_warning(doc, keeper, config))
    return warnings


def _hexo_write_order(doc: "Document") -> tuple[bool, float, str]:
    """The order Hexo writes documents in: pages, then posts newest first."""
    return doc.is_post, -doc.date.timestamp(), doc.rel


def _free_path(path: str, taken: set[str]) -> str:
    """`path` with `-2` (or the first free `-N`) added to its last part, before a query
    there (`a?b/` → `a-2?b/`: after it, every number names the file `a`)."""
    kept, query = without_query(path)
    if query:
        return _free_path(kept, taken) + query
    folder = path.endswith("/") or PurePosixPath(path).name == "index.html"
    base = path.rstrip("/").removesuffix("/index.html") if folder else path
    suffix = PurePosixPath(base).suffix if not folder else ""
    stem = base[:len(base) - len(suffix)]
    number = 2
    while True:
        candidate = f"{stem}-{number}{suffix}" + ("/" if folder else "")
        if output_file(candidate) not in taken:
            return candidate
        number += 1


def _moved_warning(doc: "Document", keeper: "Document", config: "Config") -> QuillError:
    """The warning at the moved document, on the front-matter line that made its URL."""
    source = config["source_dir"]
    where = f"{source}/{doc.rel}"
    keys = ["permalink", *(token for token in ("id", "abbrlink", "slug", "title")
                           if f":{token}" in str(config["permalink"]))]
    line = next((found for key in keys if key in doc.front
                 and (found := doc.front_line(key)) is not None), None)
    # URLs that differ after a `?` (`a?old/`, `a?new/`) share the file before it (`a`)
    shared = (f"both want the URL /{doc.wanted_path}" if keeper.path == doc.wanted_path else
              f"(/{keeper.path} and /{doc.wanted_path}) both make the file "
              f"{output_file(doc.wanted_path)}, as a URL's `?` starts its query")
    return QuillError(
        f"{source}/{keeper.rel} and {where} {shared}; Hexo publishes only {keeper.rel} there, "
        f"so {doc.rel} is published at /{doc.path}",
        where, line or _first_line(doc, "title:"),
        hint="give one of them its own `id:` or `permalink:` in its front-matter")


def shared_tag_warnings(site: "Site") -> list[QuillError]:
    """One warning per URL that several tag names share, at the first post using the
    second name."""
    found = []
    for path, taxa in site.shared_tag_urls().items():
        names = " and ".join(repr(t.name) for t in taxa)
        later = taxa[-1].name
        post = next((p for p in reversed(taxa[-1].posts) if later in p.tag_names), None)
        where = f"{site.config['source_dir']}/{post.rel}" if post else None
        line = _first_line(post, later) if post else None
        found.append(QuillError(
            f"tags {names} both become /{path}; that page lists the posts of both", where, line,
            hint=f"rename one, or give it its own URL with `tag_map: {{{later!r}: another-name}}` "
                 f"in _config.yml"))
    return found


def unnamed_taxon_warnings(site: "Site") -> list[QuillError]:
    """A tag or category named without a letter or digit (`.`, `..`, `#`) slugizes to
    nothing, as in Hexo: its page is its folder's own index (/tags//, the file
    tags/index.html), where the list of all tags is, which it replaces. Named at the first
    post that uses it, with the fix; a name shared with another tag is named once, by
    `shared_tag_warnings`."""
    found = []
    shared = site.shared_tag_urls()
    kinds = (("tag", site.tags.values(), "tag_map", ("tags:", "tag:")),
             ("category", site.categories.values(), "category_map", ("categories:", "category:")))
    for kind, taxa, option, keys in kinds:
        for taxon in taxa:
            if taxon.slug.rsplit("/", 1)[-1] or taxon.path in shared:
                continue
            post = taxon.posts[-1] if taxon.posts else None  # newest first: the oldest
            found.append(QuillError(
                f"{kind} {taxon.name!r} has no letter or digit for its URL: its page is "
                f"/{taxon.path}, the index of its folder, which it replaces",
                f"{site.config['source_dir']}/{post.rel}" if post else None,
                _first_line(post, *keys) if post else None,
                hint=f"rename it, or give it a URL name with `{option}: "
                     f"{{{taxon.name!r}: another-name}}` in _config.yml"))
    return found


def long_taxon_error(site: "Site", part: str, message: str) -> QuillError | None:
    """The error for a list page whose URL part `part` is too long for a file name, when a
    tag's or category's name made it: named at the line of the oldest post using it, with
    the map that gives it a shorter URL (its pages have no post of their own to blame)."""
    kinds = (("tag_map", site.tags.values(), "tags:"),
             ("category_map", site.categories.values(), "categories:"))
    for option, taxa, key in kinds:
        for taxon in taxa:
            if part in taxon.slug.split("/") and taxon.posts:
                post = taxon.posts[-1]  # newest first: the oldest
                return QuillError(
                    message, f"{site.config['source_dir']}/{post.rel}",
                    _first_line(post, taxon.name, key),
                    hint=f"give it a shorter URL name with `{option}: {{{taxon.name!r}: "
                         "shorter-name}` in _config.yml, or shorten the name")
    return None
