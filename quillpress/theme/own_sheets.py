"""`extra_css`: the blog's own stylesheets, linked after the default theme's on every page.

The setting is one path or a list of them (files in the source folder, or URLs). A source
stylesheet Hexo would render (`css/print.styl`) is published compiled, as `css/print.css`:
its own name linked a file the site lacks, while the warning about that link suggested the
right one. An entry that is no path (a number, a mapping, `true`) became a nonsense link
(`/3`), and as the whole value stopped the build with "unexpected error"; it is left out,
and named.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ..output.stylesheets import KINDS


def stylesheet_links(value: Any) -> tuple[list[str], list[Any]]:
    """The paths to link for the setting's value, and the entries left out (not paths). A
    blank entry, or the setting left empty, links nothing and is no fault."""
    links: list[str] = []
    left_out: list[Any] = []
    for item in value if isinstance(value, list) else [value]:
        if item is None or item == "":
            continue
        if isinstance(item, str):
            links.append(_published_name(item))
        else:
            left_out.append(item)
    return links, left_out


def _published_name(path: str) -> str:
    """The name the site publishes a stylesheet of its source folder under: `.css` for one
    Hexo renders. A URL (`https://…`, `//cdn…`) is linked as it is."""
    if "//" in path or path.startswith("data:"):
        return path
    name = PurePosixPath(path)
    return str(name.with_suffix(".css")) if name.suffix.lower() in KINDS else path
