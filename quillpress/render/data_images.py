"""Pictures written as `data:` URLs: the renderer the blog was written for decides.

markdown-it takes a `data:` URL only for four picture types (gif, png, jpeg, webp), to keep
pages and scripts out of links. marked, kramed and pandoc refuse none, and editors paste
screenshots as `![](data:image/jpg;base64,…)` (`jpg`, not `jpeg`): Hexo showed the picture
where markdown-it's rule leaves a long line of base64 text. For those renderers (and a
QuillPress blog) any `data:image/…` URL is taken; `javascript:`, `vbscript:`, `file:` and
other `data:` URLs stay refused, as markdown-it refuses them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it.common.normalize_url import validateLink

from ..config.hexo_plugins import built_on_markdown_it

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

DATA_IMAGE = re.compile(r"data:image/[a-z0-9.+-]+[;,]")


def _with_data_images(url: str) -> bool:
    return validateLink(url) or DATA_IMAGE.match(url.strip().lower()) is not None


def take_data_images(md: "MarkdownIt", renderer: str | None) -> None:
    """Let `md` take every `data:image/…` URL, unless the blog's renderer was markdown-it."""
    if not built_on_markdown_it(renderer):  # markdown-it's own check, in JavaScript
        md.validateLink = _with_data_images  # type: ignore[method-assign]
