"""Turning site paths into links (url_for, full_url_for) and output files, Hexo's way."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, urljoin, urlsplit

from ..config.loader import Config
from ..output.ownership import RECORD, SCRATCH

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)


_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def encode_path(path: str) -> str:
    """Percent-encode a path for an href, keeping what is already encoded and the slashes.
    A `%` starting no escape is the character, `%25`, as Hexo's encodeURL reads it (a post
    `100% done.md`): kept, the link was no valid URL."""
    return quote(_LONE_PERCENT.sub("%25", path), safe="/%:@!$&'()*+,;=~-._#?")


def pretty(path: str, config: Config) -> str:
    """Apply pretty_urls: drop a trailing index.html and/or .html from a link."""
    opts = config.get("pretty_urls") or {}
    if opts.get("trailing_index", True) is False and path.endswith("index.html"):
        path = path[: -len("index.html")]
    # Hexo keeps any path ending in `index.html` (even `myindex.html`) when trimming `.html`.
    if opts.get("trailing_html", True) is False and path.endswith(".html") and not path.endswith("index.html"):
        path = path[: -len(".html")]
    return path


def url_for(path: str, config: Config) -> str:
    """A link to a site path, under `root`, as Hexo's url_for helper makes it."""
    if not path:
        return config["root"]
    if _EXTERNAL.match(path):
        return path
    path = path.lstrip("/")
    return encode_path(pretty(config["root"] + path, config))


def full_url_for(path: str, config: Config) -> str:
    """An absolute URL (for feeds, canonical links and sitemaps)."""
    if _EXTERNAL.match(path) and not path.startswith("#"):
        return path
    base = urlsplit(config["url"])
    site_path = url_for(path, config)
    root_in_url = base.path.rstrip("/")
    if root_in_url and site_path.startswith(root_in_url + "/"):
        site_path = site_path[len(root_in_url):]
    return f"{config['url']}{site_path}"


def joined_url(base: str, value: str) -> str:
    """`value` made absolute against `base` (a feed's links, a page's first picture); as
    written when urllib cannot read it (a host running into the sentence after it,
    `http://host.example下：`, which NFKC makes a host with a colon): it raised, and the build
    stopped at the post that held it."""
    try:
        return urljoin(base, value)
    except ValueError:
        return value


def page_number_path(base: str, n: int, pagination_dir: str) -> str:
    """Page `n` of a list at `base` (empty or ending in `/`), as Hexo numbers them: `base`
    itself, then `base` + `page/2/`, ..."""
    return base if n == 1 else f"{base}{pagination_dir}/{n}/"


def asset_folder_path(post_path: str) -> str:
    """Where a post's asset folder is copied, as Hexo does it: the post's path with a final
    `.html`/`.htm` cut off, as a folder (`2024/trip.html` → `2024/trip/`, `2024/trip/` stays).
    So `{% asset_img %}` links and links others made to the pictures keep working, and two
    `.html` posts in one folder never write their `cover.jpg` over each other."""
    base = re.sub(r"\.html?$", "", post_path)
    return base if not base or base.endswith("/") else base + "/"


def without_query(path: str) -> tuple[str, str]:
    """`path` split before a `?` in its last part, which a browser sends as a query (and
    Hexo's router cuts): (`a/Why not`, `?/`); (`path`, "") when it has none there."""
    head, mark, query = path.partition("?")
    return (head, mark + query) if mark and "/" not in query.rstrip("/") else (path, "")


def output_file(path: str) -> str:
    """The file a site path is written to: `a/b/` → `a/b/index.html`.

    A `?` in a path's last part starts a query, which a browser cuts off, as Hexo's router
    does: a post file named `Why not?.md` has the URL `/…/Why%20not?/` (`…?.html`, `…?`
    under other permalinks), asked for as `/…/Why not`, and Hexo writes the page there, as a
    file without `.html`. So is it here: a blog that commits its output (a `docs/`
    public_dir) holds Hexo's file, which a folder `Why not/` would have to replace. A `?`
    in a folder keeps it (a post's asset folder `Why not?/`: Hexo wrote its pictures over
    the post)."""
    path = without_query(path.lstrip("/"))[0]
    if not path or path.endswith("/"):
        path += "index.html"
    normal = posixpath.normpath(path)
    if normal.startswith("../") or normal == ".." or normal.startswith("/"):
        raise ValueError(f"path leaves the output folder: {path!r}")
    if "\0" in normal:  # no file system takes it in a name
        raise ValueError(f"path holds a NUL character: {path!r}")
    if normal.startswith(".quillpress-") and normal.partition("/")[0] in (RECORD, SCRATCH):
        # a page there and the record would replace each other, build after build
        raise ValueError(f"path is one of QuillPress's own files in the output: {path!r}")
    return normal


NAME_MAX = 255  # bytes in one file or folder name (ext4, APFS; NTFS about as many characters)


def too_long_name(rel: str) -> str | None:
    """The first part of output file `rel` longer than a file system takes in one name, or
    None. Such a file cannot be written: the build failed at its end with "File name too
    long", naming no post."""
    if len(rel) <= NAME_MAX // 4:  # four bytes at most a character: no part can be over
        return None
    return next((part for part in rel.split("/") if len(part.encode()) > NAME_MAX), None)


def relative_to(target: str, current: str) -> str:
    """A relative link from page `current` to `target` (for relative_link: true)."""
    start = posixpath.dirname("/" + output_file(current))
    return _relative(target, start, [part for part in start.split("/") if part])


def _relative(target: str, start: str, start_parts: list[str]) -> str:
    """`relative_to` from the folder `start` (split into `start_parts`): posixpath.relpath's
    answer, made from the parts without it for a path with no `.` or `..` part, whose
    normpath only drops empty parts (relpath normalises both paths at each call: most of
    relative_link's cost, ~0.7 s of a 1,000-post build)."""
    path, hash_mark, fragment = target.partition("#")
    rooted = "/" + path.lstrip("/")
    if "/." in rooted:
        relative = posixpath.relpath(rooted, start)
    else:
        parts = [part for part in rooted.split("/") if part]
        common = 0
        for mine, theirs in zip(start_parts, parts):
            if mine != theirs:
                break
            common += 1
        relative = "/".join([".."] * (len(start_parts) - common) + parts[common:]) or "."
    if path.endswith("/") or not path.strip("/"):
        relative = relative.rstrip("/") + "/"
    return relative + hash_mark + fragment


# A site-absolute attribute value, found by its literal start (a pattern starting with `\s`
# tries every space of the page: 0.22 s of CPU for the 42 MB of a 1,000-post site, 0.05 s
# so); `make_relative` keeps those of the attributes that link.
_ROOTED_VALUE = re.compile(r'="(/[^"]*)"')
_LINKING = ("href", "src", "poster", "action")
_LONGEST = max(map(len, _LINKING)) + 1  # with the space before it


def make_relative(page_html: str, current: str, config: Config) -> str:
    """`relative_link: true`: every site-absolute link in a finished page becomes relative
    to that page, so the site also works opened from disk or moved under another folder.
    A page repeats most of its links (the theme's): each is made once."""
    root = config["root"]
    start = posixpath.dirname("/" + output_file(current))
    start_parts = [part for part in start.split("/") if part]
    made: dict[str, str] = {}
    pieces: list[str] = []
    done = 0  # page_html[:done] is in `pieces`
    found = _ROOTED_VALUE.search(page_html)
    while found is not None:
        link, at = found.group(1), found.start()
        before = page_html[max(at - _LONGEST, 0):at]
        name = next((name for name in _LINKING if before.endswith(name)), None)
        if name is None or len(before) <= len(name) or not before[-len(name) - 1].isspace():
            # Another attribute's value (content="/…"): looked for again from the next
            # character, not past it: a value ending in `=` before `/>` (`alt="a="/>`)
            # matches as far as the next value's opening quote, and that value may be a link.
            found = _ROOTED_VALUE.search(page_html, at + 1)
            continue
        if not link.startswith("//") and link.startswith(root):
            relative = made.get(link)
            if relative is None:
                relative = made[link] = _relative(link[len(root) - 1:], start, start_parts)
            pieces += (page_html[done:at], '="', relative, '"')
            done = found.end()
        found = _ROOTED_VALUE.search(page_html, found.end())
    pieces.append(page_html[done:])
    return "".join(pieces)
