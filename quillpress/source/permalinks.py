"""Post and page URLs exactly as Hexo makes them, so a moved blog breaks no link."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from .slugs import slugize

from ..errors import QuillError

if TYPE_CHECKING:
    from ..config.loader import Config
    from ..model.document import Document

# hexo-util's Permalink rule: a name may not end in `_`, so `:year_:month` is two tokens.
_TOKEN = re.compile(r":(\w*[^_\W])")


def category_slug(hierarchy: list[str], config: "Config") -> str:
    """Slug of the last category in a hierarchy, with its parents: `tech/python`."""
    mapping = config["category_map"] or {}
    case = config["filename_case"]
    return "/".join(slugize(str(mapping.get(name, name)), case) for name in hierarchy)


def tag_slug(name: str, config: "Config") -> str:
    mapping = config["tag_map"] or {}
    return slugize(str(mapping.get(name, name)), config["filename_case"])


def _unix(doc: "Document") -> int:
    return int(doc.date.timestamp())


def _category(doc: "Document", config: "Config") -> Any:
    if doc.category_paths:
        return category_slug(doc.category_paths[-1], config)
    return config["default_category"]


# Each token the permalink names is made when a post's URL is filled in, and only those:
# made all at once, for every post, they were most of the time a post's URL took.
_BUILTIN_TOKENS: dict[str, Callable[["Document", "Config"], Any]] = {
    "year": lambda doc, config: f"{doc.date.year:04d}",
    "month": lambda doc, config: f"{doc.date.month:02d}",
    "day": lambda doc, config: f"{doc.date.day:02d}",
    "i_month": lambda doc, config: str(doc.date.month),
    "i_day": lambda doc, config: str(doc.date.day),
    "hour": lambda doc, config: f"{doc.date.hour:02d}",
    "minute": lambda doc, config: f"{doc.date.minute:02d}",
    "second": lambda doc, config: f"{doc.date.second:02d}",
    "timestamp": lambda doc, config: str(_unix(doc)),
    # Hexo sets a post's `slug` from its file name over any front-matter `slug:`,
    # so `:slug` is `:title`, never "undefined"
    "title": lambda doc, config: doc.slug,
    "slug": lambda doc, config: doc.slug,
    "name": lambda doc, config: PurePosixPath(doc.slug).name,
    # Hexo's post title defaults to '' (not the file name), so :post_title does too.
    "post_title": lambda doc, config: slugize(str(doc.front.get("title") or ""), 1),
    "hash": lambda doc, config: hashlib.sha1(f"{doc.slug}{_unix(doc)}".encode()).hexdigest()[:12],
    # Hexo's :id is the front-matter `id`, else a database id that changes on
    # `hexo clean`; the stable stand-in is the slug's hash.
    "id": lambda doc, config: doc.front.get("id") or hashlib.sha1(doc.slug.encode()).hexdigest()[:24],
    "category": _category,
}


def _token(name: str, doc: "Document", config: "Config") -> Any:
    """A permalink token's value: QuillPress's own, else the front-matter's, else the
    config's `permalink_defaults`; None when none has it."""
    make = _BUILTIN_TOKENS.get(name)
    if make is not None:
        return make(doc, config)
    if name in doc.front:
        return doc.front[name]
    return (config["permalink_defaults"] or {}).get(name)


def _token_text(value: Any) -> str:
    """The value as JavaScript's String() prints it, which is what Hexo puts in the URL."""
    if value is None:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):  # an array: its items joined by commas, null items empty
        return ",".join("" if item is None else _token_text(item) for item in value)
    return str(value)


def post_path(doc: "Document", config: "Config") -> str:
    """The site path of a post: front-matter `permalink`, else the config rule filled in."""
    explicit = doc.front.get("permalink")
    if explicit:
        path = str(explicit).lstrip("/")
    else:
        # A token with no value becomes "undefined", as in Hexo (JavaScript's String(undefined)).
        path = _TOKEN.sub(lambda m: _token_text(_token(m.group(1), doc, config)),
                          config["permalink"])
        path = path.lstrip("/")
    if config["post_asset_folder"] and not path.endswith(("/", ".html")):
        path += "/"
    return path


def page_path(doc: "Document") -> str:
    """A page keeps its source path with .html (`about/index.md` → `about/index.html`).

    A front-matter `permalink` follows Hexo's page rule: a trailing `/` gets `index`, and a
    path with no extension gets `.html` (`about` → `about.html`, `about/` → `about/index.html`).
    """
    explicit = doc.front.get("permalink")
    if explicit:
        path = str(explicit).lstrip("/")
        if path.endswith("/") or not path:
            path += "index"
        return path if PurePosixPath(path).suffix else path + ".html"
    return str(PurePosixPath(doc.rel).with_suffix(".html"))


def unstable_id_warning(docs: "list[Document]", config: "Config") -> QuillError | None:
    """`:id` in the permalink with posts that have no front-matter `id`: Hexo fills it with
    its database id, random and new whenever db.json is rebuilt, so no build can give the
    same URLs; say so once, and which stand-in QuillPress used."""
    if "id" not in _TOKEN.findall(str(config["permalink"])):
        return None
    missing = [d for d in docs if d.is_post and not d.front.get("permalink")
               and not d.front.get("id")]
    if not missing:
        return None
    where, line = config.report.where(("permalink",))
    return QuillError(
        f"`permalink: {config['permalink']}` uses :id, and {len(missing)} post(s) have no `id:` "
        f"(e.g. {config['source_dir']}/{missing[0].rel}): Hexo puts a random database id there, so QuillPress used a "
        f"stable hash of the file name (/{missing[0].path})", where, line,
        hint="give each post an `id:` in its front-matter (or use :title or :abbrlink) to "
             "choose its URL")
