"""Relative links of a blog whose Hexo theme sets `<base href>`, resolved as its readers' did.

A few Hexo themes (Inside, a single-page app) write `<base href="{{ config.root }}">` in the
head of every page. A browser then resolves every relative link of the page against the
site's root, not against the page: authors of such blogs write `[Part 2](notes/part-2)` on
`/notes/part-1.html` and mean `/notes/part-2`. QuillPress's theme sets no base (its own
`#section` links would all lead to the home page), so those links pointed one folder too
deep and were dead.

On such a blog, a relative link or image path of a post is made site-absolute here, as the
theme's base resolved it (`/notes/part-2`): it works on the post's page, in excerpts on list
pages and in feeds alike. `#section` links stay as they are, landing on the section, where
the theme's base sent them to the home page. Paths of the post's asset folder are resolved
before (asset_paths.py), so they keep working.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..asset_paths import rewrite_paths, under_root
from ..source.reader import THEME_TEMPLATES, hexo_theme_folders

if TYPE_CHECKING:
    from markdown_it.rules_core import StateCore

    from ..config.loader import Config
    from .context import RenderContext

# The tag in an HTML-like template (`<base href="{{ config.root }}">`, `<%- config.root %>`)
# or in Pug (`base(href=config.root)`).
_BASE_TAG = re.compile(r"<base\b[^>]*>|^\s*base\([^)]*\)", re.I | re.M)


@lru_cache(maxsize=8)
def _root_base_in(layout_dir: Path) -> bool:
    """Whether a template under `layout_dir` writes a base whose href is the site's root."""
    for path in sorted(layout_dir.rglob("*")):
        if path.suffix.lower() not in THEME_TEMPLATES or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if any("root" in match.group(0) for match in _BASE_TAG.finditer(text)):
            return True
    return False


def forget_layouts() -> None:
    """The theme's files changed (the dev server saw it): read the layouts again when next
    asked, since an edit may add or remove the base."""
    _root_base_in.cache_clear()


def theme_sets_root_base(config: "Config") -> bool:
    """Whether the blog's Hexo theme (in themes/ or installed as hexo-theme-<name>) writes a
    `<base href>` of the site's root into its pages."""
    for folder in hexo_theme_folders(config):
        if (folder / "layout").is_dir():
            return _root_base_in((folder / "layout").resolve())
    return False


def base_links_rule(state: "StateCore") -> None:
    """markdown-it core rule (after `asset_paths_rule`): relative paths of links, images and
    raw HTML made site-absolute, resolved against `root` as the theme's base resolved them."""
    ctx: RenderContext | None = state.env.get("qp")
    if ctx is None:
        return
    root = ctx.config["root"]
    rewrite_paths(state.tokens, lambda value: under_root(value, root))
