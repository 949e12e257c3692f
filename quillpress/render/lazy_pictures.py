"""Pictures a post wrote for its Hexo theme's lazy loader: `<img data-src="photo.jpg" src="wait.gif">`.

Some Hexo themes (Sakura among them) load a script that, once the page is shown, copies each
picture's `data-src` into its `src`; authors of such blogs write raw HTML pictures that way,
with `src` naming a spinner. QuillPress's theme runs no such script, so a reader saw the
spinner for ever (or, where it did not load, the picture's `onerror` calling a function of
that theme's script, which the page does not have). Each such picture is written as the
loader would have left it: `src` is the `data-src`, and the browser loads it lazily.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.rules_core import StateCore

_LAZY_IMG = re.compile(r"""<img\b(?=[^>]*\sdata-src\s*=\s*["'])[^>]*>""", re.I)
_DATA_SRC = re.compile(r"""\sdata-src\s*=\s*(["'])(.*?)\1""", re.I | re.S)
# quoted or not: an unquoted spinner (`src=wait.gif`) left beside the new one made two `src`
_SRC = re.compile(r"""(\ssrc\s*=\s*)(?:(["'])(.*?)\2|[^\s"'>]+)""", re.I | re.S)
_LOADING = re.compile(r"\sloading\s*=", re.I)


def _loaded(match: re.Match[str]) -> str:
    tag = match.group()
    found = _DATA_SRC.search(tag)
    if found is None or not found[2].strip():
        return tag
    quote, url = found[1], found[2]
    src = _SRC.search(tag)
    if src is not None:
        tag = f"{tag[:src.start()]}{src[1]}{quote}{url}{quote}{tag[src.end():]}"
    else:
        tag = f"<img src={quote}{url}{quote}{tag[4:]}"
    if _LOADING.search(tag) is None:
        tag = f'<img loading="lazy"{tag[4:]}'
    return tag


def lazy_pictures_rule(state: "StateCore") -> None:
    """markdown-it core rule (before the asset paths): raw HTML pictures with a `data-src`
    load it."""
    for token in state.tokens:
        if token.type == "html_block" and "data-src" in token.content:
            token.content = _LAZY_IMG.sub(_loaded, token.content)
        for child in token.children or []:
            if child.type == "html_inline" and "data-src" in child.content:
                child.content = _LAZY_IMG.sub(_loaded, child.content)
