"""Relative paths in a post, resolved to its asset folder as Hexo's asset plugins resolve them.

With `post_asset_folder: true`, `![](photo.png)` names a file of the post's asset folder.
hexo-asset-image (and hexo-asset, and Typora's habit of writing `<post-name>/photo.png`)
also drop the first folder of a relative image path, and rewrite raw HTML `<img src>` too.
Raw HTML links and media (`<a href="notes.pdf">`, `<video src>`, `<source src>`) are rewritten
the same way: on Hexo's post page the browser resolved them against the post's URL, which is
where the folder is copied, and an absolute path also works in excerpts and feeds.
Each such path becomes site-absolute here, so it works on the post page, in excerpts on index
pages and in feeds alike. A path is only rewritten when the file it then names exists, so
nothing that worked before changes.

hexo-renderer-marked (Hexo's default renderer) goes further with its `prependRoot` option, on
unless the blog turns it off: every other relative Markdown image is put under `root`, so
`![](images/a.png)` loads `/images/a.png` on any page, and Typora's `../images/a.png` (written
from `source/_posts/`) loads it too once the browser drops the `..` at the root. `root_images`
does the same for blogs rendered by marked, with the dots already resolved.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

if TYPE_CHECKING:
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

    from .config.loader import Config
    from .render.context import RenderContext

_NOT_RELATIVE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//|/|#)", re.I)
# Raw HTML pointing into the post's folder: an image, a link (a PDF beside the post), a video.
_RAW_TAG = re.compile(r"<(?:img|video|audio|source|a)\b[^>]*>", re.I)
_PATH_ATTR = re.compile(r"""(\s(?:src|href|poster)\s*=\s*)(["'])([^"']*)\2""", re.I)


def asset_target(value: str, names: set[str]) -> str | None:
    """The asset-folder name (with any ?query or #fragment) a relative path means, or None."""
    if not value or _NOT_RELATIVE.match(value):
        return None
    clean = unquote(value.strip().replace("\\", "/"))  # markdown-it %-encodes; Windows paths
    cut = re.search(r"[?#]", clean)
    path, tail = (clean[:cut.start()], clean[cut.start():]) if cut else (clean, "")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    for candidate in ("/".join(parts), "/".join(parts[1:])):  # as written, then as the plugins read it
        if candidate in names:
            return candidate + tail
    return None


def rewrite_paths(tokens: list["Token"], new_path: Callable[[str], str | None]) -> None:
    """Give each Markdown image, link and raw HTML path (`<img src>`, `<a href>`...) of the
    tokens the path `new_path` makes of it; a path it answers None for stays."""

    def fix(token: "Token", attr: str) -> None:
        value = token.attrGet(attr)
        path = new_path(value) if isinstance(value, str) else None
        if path is not None:
            token.attrSet(attr, path)

    def fix_attr(match: re.Match[str]) -> str:
        path = new_path(html.unescape(match.group(3)))
        if path is None:
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{html.escape(path)}{match.group(2)}"

    def fix_raw(match: re.Match[str]) -> str:
        return _PATH_ATTR.sub(fix_attr, match.group(0))

    for token in tokens:
        if token.type == "html_block":
            token.content = _RAW_TAG.sub(fix_raw, token.content)
        for child in token.children or []:
            if child.type == "image":
                fix(child, "src")
            elif child.type == "link_open":
                fix(child, "href")
            elif child.type == "html_inline":
                child.content = _RAW_TAG.sub(fix_raw, child.content)


def asset_paths_rule(state: "StateCore") -> None:
    """markdown-it core rule: images, links and raw HTML paths of a post with an asset folder."""
    ctx: RenderContext | None = state.env.get("qp")
    if ctx is None or ctx.doc.asset_dir is None:
        return
    names = ctx.asset_names()

    def in_folder(value: str) -> str | None:
        target = asset_target(value, names)
        return None if target is None else ctx.asset_url(target)

    rewrite_paths(state.tokens, in_folder)


_BASE = "http://site.invalid"  # only to let urljoin resolve the dots of a site path


def prepends_root(config: "Config", renderer: str | None) -> bool:
    """Whether relative Markdown images go under `root`, as marked's `prependRoot` puts them
    (with `relative_link`, Hexo leaves them as written)."""
    marked = config.get("marked")
    option = marked.get("prependRoot", True) if isinstance(marked, dict) else True
    return renderer == "hexo-renderer-marked" and bool(option) and not config["relative_link"]


def under_root(value: str, root: str) -> str | None:
    """A relative path resolved against `root` as a browser resolves it (dots too); None for
    a path that is not relative (`/x`, `#x`, `https:`...)."""
    if not value or _NOT_RELATIVE.match(value) or value.startswith("\\"):
        return None
    return urljoin(_BASE + root, value).removeprefix(_BASE)


def root_images_rule(state: "StateCore") -> None:
    """markdown-it core rule (after `asset_paths_rule`): a Markdown image with a relative
    path is loaded from under `root`, dots resolved as the browser resolves them."""
    ctx: RenderContext | None = state.env.get("qp")
    if ctx is None:
        return
    root = ctx.config["root"]
    for token in state.tokens:
        for child in token.children or []:
            if child.type != "image":
                continue
            src = child.attrGet("src")
            resolved = under_root(src, root) if isinstance(src, str) else None
            if resolved is not None:
                child.attrSet("src", resolved)
