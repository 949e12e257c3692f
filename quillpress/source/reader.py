"""Find the files of a blog and turn each Markdown/HTML source into a Document.

Layout rules are Hexo's: `_posts/` holds posts (nested folders allowed), `_drafts/` drafts;
any other .md/.html not starting with `_` is a page; other files are copied as they are.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from stat import S_ISREG
from typing import Any

from .abbrlink import abbrlink_for, gives_abbrlinks
from .birth_time import birth_time
from ..config.loader import Config
from .dates import legacy_early_year, parse_date, site_zone
from ..model.document import DRAFT, PAGE, POST, Document
from ..errors import QuillError
from .front_values import shape_warnings
from .frontmatter import key_line, read_source, split_front_matter
from .permalinks import page_path, post_path
from .slugs import slugize
from ..config.yaml12 import RolledDate, RolledDateTime, js_text, why_rolled

RENDERABLE = {".md", ".markdown", ".html", ".htm"}
YAML_PAGES = {".yml", ".yaml"}  # rendered, but to JSON: output/yaml_pages.py
# Document formats Hexo renders only through a renderer plugin (hexo-renderer-typst, -org,
# -asciidoc, -rst, -textile) and QuillPress not at all: a post in one is left out, as Hexo
# without the plugin leaves it, but with a warning, not silently (a blog written in Typst
# built with no post and no word).
FOREIGN_DOCUMENTS = {".typ", ".org", ".adoc", ".asciidoc", ".rst", ".textile"}
MAX_CATEGORY_DEPTH = 32
_DATE_KEYS = {"year", "month", "day", "i_month", "i_day", "hash"}
# How hexo-util reads each token of `new_post_name` back out of a file name.
_NAME_SEGMENTS = {"year": r"(\d{4})", "month": r"(\d{2})", "day": r"(\d{2})",
                  "i_month": r"(\d{1,2})", "i_day": r"(\d{1,2})", "hash": r"([0-9a-f]{12})"}
_NAME_TOKEN = re.compile(r":(\w*[^_\W])")


@dataclass
class SourceTree:
    """Everything found under the source folder."""

    documents: list[Path] = field(default_factory=list)
    assets: list[Path] = field(default_factory=list)  # copied verbatim
    asset_dirs: dict[Path, Path] = field(default_factory=dict)  # post file -> its asset folder
    skipped: list[QuillError] = field(default_factory=list)  # files the walk had to leave: warnings
    # Each linked file or folder taken: its real path -> each place the walk found it (one
    # images folder linked into two posts' folders is found twice). The dev server watches
    # the real one (no watcher follows links), and reads a change there as a change of each
    # place found.
    links: dict[str, list[Path]] = field(default_factory=dict)
    # The YAML files among `assets` that Hexo renders, published as JSON (output/yaml_pages.py)
    json_pages: set[Path] = field(default_factory=set)


# Why the walk leaves out a file or folder it would otherwise take: (message, hint).
_SKIPPED = {
    "name": ("its name is not valid UTF-8, so it has no URL: skipped, as Hexo skips it",
             "rename it (in UTF-8, as your other files are named)"),
    "loop": ("a link to a folder above it: not followed, as its files would be walked forever",
             "remove the link, or point it at a folder outside this one"),
    "nothing": ("a link to nothing (its target is missing): skipped",
                "point the link at an existing file, or delete it"),
    "written": ("a link into the output folder or the cache: not followed, as each build would "
                "publish what the last one wrote again, one folder deeper",
                "link the folder the files come from, not the built site"),
    "unreadable": ("a folder you may not read: its files are left out (Hexo stops here, "
                   "\"Failed to read directory\")",
                   "fix its permissions (chmod a+rx), or move it out of the source folder"),
    "special": ("a named pipe, a socket or a device, not a file: skipped (Hexo 7.3 stops on a "
                "socket and waits forever on a pipe)",
                "move it out of the source folder"),
    "format": ("a post in a format no QuillPress renderer reads (Typst, Org, AsciiDoc, "
               "reStructuredText or Textile; Hexo reads it only through a renderer plugin): "
               "left out", "convert it to Markdown (pandoc converts each of these)"),
}


def _post_suffix(config: Config) -> str | None:
    """With `post_asset_folder`, the one suffix a post's file has: `new_post_name`'s (`.md`).
    Hexo renders no other file under `_posts/` or `_drafts/` then: an `.html` page in a
    post's folder is that post's asset, copied beside it as it is. (It was read as one more
    post, whose path could take another page's: a report in a folder named by its post took
    the home page.) None without the option: every Markdown or HTML file there is a post."""
    if not config["post_asset_folder"]:
        return None
    return PurePosixPath(str(config["new_post_name"])).suffix.lower()


def _matches(rel: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*")
               for p in patterns if p)


def scan(config: Config, drafts: bool = False, written: Iterable[Path] = ()) -> SourceTree:
    """Walk the source folder once, deterministically (sorted), skipping hidden files.
    `written`: the folders builds write (the output folder, the cache), which a link in
    the source folder must not lead into: each build would take the last one's output as
    sources, and publish the site inside itself once more."""
    root = config.source_path
    if not root.is_dir():
        raise QuillError("source folder not found", root,
                         hint="create it, or set source_dir in _config.yml")
    include, exclude = config["include"], config["exclude"] + config["ignore"]
    skip_render = config["skip_render"]
    post_suffix = _post_suffix(config)
    tree = SourceTree()
    post_files: set[Path] = set()
    skipped: list[tuple[str, str]] = []
    foreign: list[tuple[str, Path]] = []  # posts in a format no renderer here reads
    own = frozenset(os.path.realpath(folder) for folder in written)
    walk = _walk(str(root), "", root, (os.path.realpath(root),), skipped, tree.links, own)
    for folder, below, entry in walk:
        name = entry.name
        rel = below + name
        if _matches(rel, exclude):
            continue
        parts = rel.split("/")
        top = parts[0]
        if name.endswith(("~", "%")):  # editors' backup and lock files: Hexo skips them
            continue
        if top in ("_posts", "_drafts") and any(p.startswith((".", "_")) for p in parts[1:]):
            continue  # `_posts/_idea.md`: Hexo never reads it, `include` or not
        in_posts = top == "_posts" or (top == "_drafts" and drafts)
        if not in_posts and (top == "_drafts" or (any(p.startswith((".", "_")) for p in parts)
                                                     and not _matches(rel, include))):
            continue  # skipped before the render test: its patterns are asked of kept files only
        path = folder / name
        if not name.isascii() and not _is_utf8(name):  # most names are ASCII: no call
            skipped.append((rel, "name"))
            continue
        if _is_link(entry):
            if not os.path.exists(entry.path):
                skipped.append((rel, "nothing"))
                continue
            real = os.path.realpath(path)
            if _below(real, own):
                skipped.append((rel, "written"))
                continue
            tree.links.setdefault(real, []).append(path)
        if not _is_file(entry):
            skipped.append((rel, "special"))
            continue
        suffix = name[_suffix_at(name):].lower()
        if suffix in RENDERABLE and not _matches(rel, skip_render) and (
                not in_posts or post_suffix is None or suffix == post_suffix):
            tree.documents.append(path)
            if in_posts:
                post_files.add(path)
        else:
            if in_posts and suffix in FOREIGN_DOCUMENTS:
                foreign.append((rel, path))
            elif not in_posts and suffix in YAML_PAGES and not _matches(rel, skip_render):
                tree.json_pages.add(path)
            tree.assets.append(path)
    if config["post_asset_folder"]:
        for post in post_files:
            folder = post.with_suffix("")
            if folder.is_dir():
                tree.asset_dirs[post] = folder
    # one in a post's asset folder is published beside the post (a download it links to)
    skipped += [(rel, "format") for rel, path in foreign
                if not any(path.is_relative_to(folder) for folder in tree.asset_dirs.values())]
    for rel, why in skipped:
        shown = os.fsencode(rel).decode("utf-8", "backslashreplace")  # `caf\xe9.md`
        message, hint = _SKIPPED[why]
        tree.skipped.append(QuillError(message, f"{config['source_dir']}/{shown}", hint=hint))
    return tree


def _walk(folder: str, below: str, path: Path, chain: tuple[str, ...],
          skipped: list[tuple[str, str]], links: dict[str, list[Path]],
          own: frozenset[str]) -> Iterator[tuple[Path, str, os.DirEntry[str]]]:
    """The files below `folder` as `os.walk` finds them, each with its folder's Path and its
    folder's path below the top with a `/`: a folder's files by name, then its folders by
    name, skipping hidden folders and node_modules. Linked folders are entered, as Hexo's
    walk (`stat`) enters them, unless the link leads to a folder of `chain` (the real paths
    of `folder` and those above it) or above one: that is a loop, where Hexo stops (ELOOP).
    Nor is a folder of `own` (the real paths of the folders builds write) entered, or a
    link into one. A folder left out is added to `skipped` with the reason's key in
    `_SKIPPED`, a linked one entered to `links` (`SourceTree.links`). Written with
    `scandir`, whose entries know a link without another `lstat`, and plain strings: a
    Path made relative and split per file cost ~50 ms at 5,000 posts, in the main process
    alone before anything else can start."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except FileNotFoundError:  # deleted since its folder was listed
        return
    except OSError as exc:  # not ours to read (another account's, `lost+found`): said
        if not below:  # the source folder itself: a site of nothing would replace the last
            raise QuillError(f"could not read the source folder: {exc.strerror or exc}",
                             folder, hint="fix its permissions (chmod a+rx)") from None
        skipped.append((below.rstrip("/"), "unreadable"))
        return
    files: list[os.DirEntry[str]] = []
    folders: list[os.DirEntry[str]] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (folders if is_dir else files).append(entry)
    for entry in sorted(files, key=_name):
        yield path, below, entry
    for entry in sorted(folders, key=_name):
        name = entry.name
        if name.startswith(".") or name == "node_modules":
            continue
        if not name.isascii() and not _is_utf8(name):
            skipped.append((below + name, "name"))
            continue
        real = os.path.join(chain[-1], name)  # its real path: no system call unless a link
        if _is_link(entry):
            real = os.path.realpath(entry.path)
            inside = os.path.join(real, "")
            if any(above == real or above.startswith(inside) for above in chain):
                skipped.append((below + name, "loop"))
                continue
            if _below(real, own):
                skipped.append((below + name, "written"))
                continue
            links.setdefault(real, []).append(path / name)
        elif real in own:  # reached through a link to a folder that holds it
            skipped.append((below + name, "written"))
            continue
        yield from _walk(entry.path, f"{below}{name}/", path / name, (*chain, real), skipped,
                         links, own)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _below(real: str, folders: frozenset[str]) -> bool:
    """Whether the real path `real` is one of `folders` or inside one."""
    return any(real == folder or real.startswith(os.path.join(folder, "")) for folder in folders)


def _is_link(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a link; when that cannot be told (it went meanwhile), no link,
    as `Path.is_symlink` says: reading it then fails, or listing it finds nothing."""
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a file (or a link to one), not a named pipe, socket or device,
    which some tools leave in a folder: one has no bytes to publish (reading a pipe waits
    for a writer that never comes, a device has no end). Told by the listing itself, with
    no system call, unless the entry is a link. One gone meanwhile is taken as a file: its
    read then says so (`Vanished`)."""
    try:
        return entry.is_file() or not os.path.lexists(entry.path)
    except OSError:
        return True


def _is_utf8(name: str) -> bool:
    """False for a name the system gave in another encoding (its bytes kept as surrogates):
    it cannot be written into a page, a URL or a cache key."""
    try:
        name.encode()
    except UnicodeEncodeError:
        return False
    return True


# Theme sources Hexo renders into pages and stylesheets of the theme QuillPress replaces
# (templates, and stylesheets that often call the theme's hexo-config()): not copied.
THEME_TEMPLATES = {".ejs", ".njk", ".nunjucks", ".swig", ".pug", ".jade", ".hbs", ".handlebars",
                   ".styl", ".scss", ".sass", ".less"}


def hexo_theme_folders(config: Config) -> list[Path]:
    """Where the blog's Hexo theme may be, in Hexo's order: `themes/<name>`, then installed as
    `node_modules/hexo-theme-<name>` (none when the config names no theme)."""
    name = config.get("theme")
    if not name:
        return []
    root = config.root_path
    return [root / "themes" / str(name), root / "node_modules" / f"hexo-theme-{name}"]


def hexo_theme_source(config: Config, theme_in_use: Path | None) -> Path | None:
    """`source/` of the blog's Hexo theme (in themes/ or installed as hexo-theme-<name>),
    when that theme is not the one rendering the pages. Hexo copies it to the output, and
    blogs keep post images there, so it is copied although the theme's layouts are not used."""
    for folder in hexo_theme_folders(config):
        if (folder / "source").is_dir():
            if theme_in_use is not None and folder.resolve() == theme_in_use.resolve():
                return None
            return folder / "source"
    return None


def published_folders(config: Config, theme_in_use: Path | None) -> list[Path]:
    """The folders whose files the site publishes at their own paths, for settings that
    name a picture by site path: the blog's source folder, then its Hexo theme's source/."""
    hexo = hexo_theme_source(config, theme_in_use)
    return [config.source_path, *([hexo] if hexo else [])]


def theme_source_files(folder: Path) -> list[Path]:
    """The files of a Hexo theme's source/ that Hexo publishes: not hidden (`_` or `.`
    first, as Hexo's isHiddenFile), not in node_modules, not a template source."""
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if (not path.is_file() or any(p.startswith(("_", ".")) for p in parts)
                or "node_modules" in parts or path.suffix.lower() in THEME_TEMPLATES):
            continue
        found.append(path)
    return found


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _plural_or_singular(front: dict[str, Any], plural: str, singular: str) -> Any:
    """Hexo reads `category` (`tag`) when `categories` (`tags`) is empty, in JavaScript's
    sense: missing, null, '', 0 or false (an empty list is not), so `categories:` left empty
    above a `category:` list gives way to it."""
    value = front.get(plural)
    if _js_empty(value):
        value = front.get(singular)
    return None if _js_empty(value) else value


def _js_empty(value: Any) -> bool:
    return value is None or value is False or value == "" or (
        isinstance(value, (int, float)) and value == 0)


def read_categories(front: dict[str, Any]) -> list[list[str]]:
    """Hexo categories: a string, a list (one hierarchy), or a list holding lists (several)."""
    raw = [c for c in _as_list(_plural_or_singular(front, "categories", "category"))
           if c is not None and c != ""]
    if any(isinstance(item, list) for item in raw):
        hierarchies = [[js_text(c) for c in _as_list(item) if c is not None and c != ""]
                       for item in raw]
        return [h for h in hierarchies if h]
    return [[js_text(c) for c in raw]] if raw else []


def read_tags(front: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in _as_list(_plural_or_singular(front, "tags", "tag")):
        if tag is not None and js_text(tag).strip():
            seen[js_text(tag).strip()] = None
    return list(seen)


def comma_list_hints(doc: Document) -> list[tuple[str, int | None, str]]:
    """`tags: machine learning, deep learning` is one tag in Hexo (a YAML string), so it
    stays one here; but it is rarely meant, so say so: (message, line, hint) each."""
    found = []
    for key, one in (("tags", "tag"), ("categories", "category")):
        value = doc.front.get(key)
        if not (isinstance(value, str) and "," in value):
            continue
        items = ", ".join(part.strip() for part in value.split(","))
        found.append((f"{key}: {value!r} is one {one}: a comma list in one string is one {one}",
                      doc.front_line(key), f"write a YAML list: `{key}: [{items}]`"))
    return found


def load_document(path: Path, config: Config, asset_dir: Path | None = None) -> Document:
    """Read one source file into a Document; raises QuillError naming file and line."""
    rel = _below_source(path, config)
    shown = f"{config['source_dir']}/{rel}"
    stat = path.stat()
    if not S_ISREG(stat.st_mode):  # a named pipe would be read forever, waiting for a writer
        raise QuillError("not a regular file (a named pipe or a device), so it cannot be read",
                         shown, hint="move it out of the source folder")
    replaced: list[tuple[str, int, str]] = []  # bytes that are not UTF-8: a warning
    text = read_source(path, shown, stat.st_size, replaced)
    split = split_front_matter(text, shown)
    front = split.data
    zone = site_zone(config["timezone"] or "")
    top = rel.split("/", 1)[0]
    kind = POST if top == "_posts" else DRAFT if top == "_drafts" else PAGE
    stem = rel.split("/", 1)[1] if kind != PAGE else rel
    slug = _without_suffix(stem)
    date_from_name = None
    if kind != PAGE:
        info = parse_filename(config["new_post_name"], stem)
        slug = info.pop("title")
        date_from_name = _date_from_name(info)
        for key, value in info.items():  # e.g. :lang in new_post_name
            if key not in _DATE_KEYS:
                front[key] = value
    mtime = dt.datetime.fromtimestamp(stat.st_mtime, zone).replace(microsecond=0)
    assumed: list[tuple[str, int, str]] = []
    date = _front_date(front, "date", text, zone, assumed, "the file's birth time")
    if date is None:  # Hexo reads the file name's date only when no `date:` is written
        unwritten = front.get("date") in (None, "")
        date = (parse_date(date_from_name, zone) if date_from_name and unwritten
                else dt.datetime.fromtimestamp(birth_time(path, stat), zone).replace(microsecond=0))
    from_date = config["updated_option"] in ("date", "empty")
    updated = _front_date(front, "updated", text, zone, assumed,
                          "the post's date" if from_date else "")
    if updated is None:
        updated = date if from_date else mtime
    title = front.get("title")
    if title is None or title == "":
        title = PurePosixPath(slug).name if kind != PAGE else ""
    layout = front.get("layout", config["default_layout"] if kind != PAGE else "page")
    if layout is False:
        layout = "false"
    published = front.get("published", kind != DRAFT)
    doc = Document(source=path, rel=rel, kind=kind, front=front, body=split.body,
                   body_line=split.body_line, title=js_text(title), date=date, updated=updated,
                   layout=str(layout), slug=slug, published=bool(published),
                   asset_dir=asset_dir)
    made = _abbrlink(front, config) if kind == POST else []
    doc.read_warnings = [{"path": shown, "line": line, "message": message, "hint": hint}
                         for message, line, hint in [*split.warnings, *shape_warnings(front, text),
                                                     *assumed, *made, *replaced]]
    doc.tag_names = read_tags(front)
    doc.category_paths = read_categories(front)
    deepest = max(map(len, doc.category_paths), default=0)
    if deepest > MAX_CATEGORY_DEPTH:  # each level is a nested folder and a nested list
        key = "categories" if "categories" in front else "category"
        raise QuillError(f"the categories nest {deepest} levels deep; at most "
                         f"{MAX_CATEGORY_DEPTH} are supported", shown, key_line(text, key),
                         hint="a YAML list of categories is one path, each inside the one "
                              "before; write [[a], [b]] for separate categories")
    url = post_path(doc, config) if kind != PAGE else page_path(doc)
    # Hexo's router writes a `\` of a URL (a permalink's, a file name's) as `/`: the page is
    # at a/b/, where its links (a\b, sent as a%5Cb) did not find it; here both are a/b/
    doc.path = url.replace("\\", "/") if "\\" in url else url
    return doc


def _below_source(path: Path, config: Config) -> str:
    """`path` below the source folder, with `/`: cut from its text (the Path made relative
    and made again as text was a tenth of reading a post). A path outside the folder
    raises ValueError, as `relative_to` does."""
    text, folder = str(path), _source_prefix(str(config.root_path), config["source_dir"])
    if text.startswith(folder):
        return text[len(folder):].replace(os.sep, "/")
    return path.relative_to(config.source_path).as_posix()


@functools.lru_cache(maxsize=8)
def _source_prefix(root: str, source_dir: str) -> str:
    """The source folder's path with a separator after it (`Config.source_path` makes a
    Path each time it is asked)."""
    return os.path.join(str(Path(root) / str(source_dir)), "")


def _without_suffix(rel: str) -> str:
    """`PurePosixPath(rel).with_suffix("")` of a path as `relative_to` gives it (no `.` or
    empty parts)."""
    return rel[:_suffix_at(rel)]


def _suffix_at(rel: str) -> int:
    """Where `PurePosixPath(rel).suffix` starts in `rel`, `len(rel)` when it has none: the
    last part's last dot, neither first nor last in it. `..md` has the suffix `.md`, as in
    Node's `path.extname`, which Hexo asks (`os.path.splitext` finds none: leading dots)."""
    name_at = rel.rfind("/") + 1
    dot = rel.rfind(".")
    return dot if name_at < dot < len(rel) - 1 else len(rel)


def _abbrlink(front: dict[str, Any], config: Config) -> list[tuple[str, int, str]]:
    """Give a post without an `abbrlink` the one hexo-abbrlink would, when the blog uses it."""
    if front.get("abbrlink") not in (None, "") or not gives_abbrlinks(config):
        return []
    link = abbrlink_for(str(front.get("title") or ""), config.get("abbrlink"))
    front["abbrlink"] = link
    return [(f"no abbrlink: using {link}, which hexo-abbrlink computes from the title", 1,
             f"add `abbrlink: {link}` to the front-matter, so the URL stays if the title changes")]


def parse_filename(rule: str, stem: str) -> dict[str, str]:
    """Read `new_post_name`'s tokens back out of a post's path below `_posts/`, as Hexo does.

    The whole path (subfolders included) must match the rule without its extension; then
    `title` is the post slug. When it does not match, the slug is the slugized path, so with
    `:year-:month-:day-:title.md` a file `notes/a b.md` gets the slug `notes-a-b`.
    """
    pattern, names = _name_pattern(rule)
    stem = _without_suffix(stem)
    found = pattern.fullmatch(stem)
    if found is None:
        return {"title": slugize(stem)}
    info = dict(zip(names, found.groups()))
    info.setdefault("title", slugize(stem))
    return info


@functools.lru_cache(maxsize=8)
def _name_pattern(rule: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """`new_post_name` as a pattern and its token names, in order: made once per rule,
    not once per post."""
    rule = str(PurePosixPath(rule).with_suffix("")) if PurePosixPath(rule).suffix else rule
    names: list[str] = []

    def segment(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return _NAME_SEGMENTS.get(match.group(1), "(.+?)")

    pattern = re.compile(_NAME_TOKEN.sub(segment, re.escape(rule)))
    return pattern, tuple(names)


def _date_from_name(info: dict[str, str]) -> str | None:
    """`2024-01-31` from the tokens of a dated file name; None if absent or impossible."""
    year, month = info.get("year"), info.get("month") or info.get("i_month")
    day = info.get("day") or info.get("i_day")
    if not (year and month and day):
        return None
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _written(text: str, key: str) -> str:
    """The value of a top-level front-matter `key:` as its line writes it."""
    return text.splitlines()[key_line(text, key) - 1].partition(":")[2].strip()


def _front_date(front: dict[str, Any], key: str, text: str, zone: dt.tzinfo,
                assumed: list[tuple[str, int, str]], fallback: str = "") -> dt.datetime | None:
    """The front-matter date under `key`, or None when absent or unreadable.

    A value neither ISO 8601 nor JavaScript's Date reads (`next tuesday`) is no error: Hexo
    drops it and uses the file's time (birth time for `date`, modification time for
    `updated`), so the build goes on with a warning in `assumed` saying what stands in for it
    (`fallback`, else the file's modification time).
    """
    if front.get(key) in (None, ""):
        return None
    try:
        date = parse_date(front[key], zone)
    except ValueError:
        instead = fallback or "the file's modification time"
        assumed.append((f"`{key}: {front[key]}` is not a date; {instead} was assumed, as in "
                        "Hexo", key_line(text, key),
                        "write dates as 2024-01-31 or 2024-01-31 14:05:00"))
        return None
    written = front[key]
    if isinstance(written, (int, float)) and not isinstance(written, bool) and written < 1e11:
        # before March 1973: surely seconds, or 20240131 meant as a day
        assumed.append((f"`{key}: {written}` is a number: read as milliseconds since 1970, "
                        f"{date:%Y-%m-%d %H:%M:%S}, as Hexo reads it (so the post's URL is the "
                        "one Hexo gave it)", key_line(text, key),
                        "write dates as 2024-01-31 or 2024-01-31 14:05:00"))
    elif isinstance(written, (RolledDate, RolledDateTime)):
        shown = f"{date:%Y-%m-%d}" if isinstance(written, RolledDate) else \
            f"{date:%Y-%m-%d %H:%M:%S}"
        given = _written(text, key)
        assumed.append((f"`{key}: {given}` {why_rolled(given)}; read as {shown}, as Hexo reads "
                        "it (so the post's URL is the one Hexo gave it)", key_line(text, key),
                        "write the date it should be, e.g. 2024-01-31 14:05:00"))
    elif isinstance(written, str) and legacy_early_year(written.strip()):
        assumed.append((f"`{key}: {written}` is read by JavaScript as a two-digit year: "
                        f"{date:%Y-%m-%d %H:%M:%S}, as Hexo reads it (so the post's URL is the "
                        "one Hexo gave it)", key_line(text, key),
                        "write the year as it should be, or the date in ISO 8601 "
                        "(0050-03-04T10:00:00) to keep it"))
    elif isinstance(written, dt.datetime) and written.tzinfo and date != written:
        assumed.append((f"`{key}: {written.isoformat()}` has an offset: its UTC time, "
                        f"{date:%Y-%m-%d %H:%M:%S}, was read as the site's, as Hexo reads it "
                        "(so the post's URL is the one Hexo gave it)", key_line(text, key),
                        "quote the date to read it in its own offset, or write it without one"))
    return date
