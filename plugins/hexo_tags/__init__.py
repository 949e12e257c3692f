"""Hexo's built-in tag plugins: `{% codeblock %}`, `{% note %}`, `{% asset_img %}` and friends.

Each tag is written from Hexo's documented syntax (and NexT's for `note`), so an existing
Hexo blog renders unmodified. Everything a tag emits is escaped: arguments are treated as
hostile (`"` and `<script>` in a title, `javascript:` URLs, `../` paths).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from quillpress.plugin_api import url_for

from . import assets, code, destinations, media, quotes

if TYPE_CHECKING:
    from quillpress.plugin_api import PluginAPI, RenderContext

STATIC = Path(__file__).resolve().parent / "static"
# The starts of the class attributes these tags write (a note's first class is `note`).
_STYLED = ('class="note ', 'class="note"', 'class="pullquote', 'class="hexo-')


def raw(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% raw %}…{% endraw %}`: the body goes out exactly as written."""
    return body or ""


def register(api: "PluginAPI") -> None:
    api.tag("raw", raw, ends=True)
    api.tag("codeblock", code.codeblock, ends=True, aliases=["code"])
    api.tag("include_code", code.include_code)
    api.tag("blockquote", quotes.blockquote, ends=True, raw_body=False, aliases=["quote"])
    api.tag("pullquote", quotes.pullquote, ends=True, raw_body=False)
    api.tag("note", quotes.note, raw_body=False, optional_end=True, aliases=["subnote"])
    api.tag("notel", quotes.titled_note, ends=True, raw_body=False)
    if api.config.names_theme("volantis"):
        api.tag("noteblock", quotes.volantis_note_block, ends=True, raw_body=False)
    if api.config.names_theme("arknights"):  # its admonitions (its note is the note above)
        for kind in ("success", "warning", "failure", "detail"):
            api.tag(kind, quotes.admonition(kind), ends=True, raw_body=False)
    api.tag("img", media.img, aliases=["image"])
    api.tag("link", media.link, aliases=["a", "anchor"])
    api.tag("iframe", media.iframe)
    api.tag("asset_img", assets.asset_img, aliases=["asset_image"])
    api.tag("asset_link", assets.asset_link)
    api.tag("asset_path", assets.asset_path)
    api.tag("post_link", assets.post_link)
    api.tag("post_path", assets.post_path)
    api.markdown(destinations.tag_destinations)
    api.static(STATIC, "hexo-tags")
    stylesheet = html.escape(url_for("hexo-tags/tags.css", api.config))

    # Only pages that show a note, pullquote, cited quote or link card load the styles.
    api.inject("head_end", f'<link rel="stylesheet" href="{stylesheet}">', when=_STYLED)
