"""Turning site paths into links (url_for, full_url_for) and output files, Hexo's way."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, urljoin, urlsplit

from ..config.loader import Config
from ..output.ownership import RECORD, SCRATCH

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)


def encode_path(path: str) -> str:
    """Percent-encode a path for an href, keeping what is already encoded and the slashes."""
    return quote(path, safe="/%:@!$&'()*+,;=~-._#?")


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


def output_file(path: str) -> str:
    """The file a site path is written to: `a/b/` → `a/b/index.html`."""
    path = path.lstrip("/")
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
    path, hash_mark, fragment = target.partition("#")
    relative = posixpath.relpath("/" + path.lstrip("/"), start)
    if path.endswith("/") or not path.strip("/"):
        relative = relative.rstrip("/") + "/"
    return relative + hash_mark + fragment


_ROOTED_ATTR = re.compile(r'(\s(?:href|src|poster|action)=")(/[^"]*)"')


def make_relative(page_html: str, current: str, config: Config) -> str:
    """`relative_link: true`: every site-absolute link in a finished page becomes relative
    to that page, so the site also works opened from disk or moved under another folder."""
    root = config["root"]

    def replace(match: re.Match[str]) -> str:
        link = match.group(2)
        if link.startswith("//") or not link.startswith(root):
            return match.group(0)
        return f'{match.group(1)}{relative_to(link[len(root) - 1:], current)}"'
    return _ROOTED_ATTR.sub(replace, page_html)
