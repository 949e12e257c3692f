"""hexo-markmap's `{% markmap [height] %}…{% endmarkmap %}`: a mind map drawn in the browser
from a Markdown outline (headings, then lists under them). With no script, the same tree is
shown as nested lists: what the map would show, in reading order. The map's own front-matter
(`markmap:` options between `---` lines) is dropped, and its headings do not become the page's
headings, so they stay out of the table of contents."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

_OPTIONS = re.compile(r"\A\s*---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.S)
# A closing run of `#` needs a space before it: `## Learn C#` is about C#.
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def outline_source(body: str) -> str:
    """The map's Markdown with each heading as a list item under the nearest heading above it
    of a higher level, as markmap builds its tree, and every other line indented under the
    last heading, so the whole map reads as one nested list. Nested by rank, not by level: a
    map that starts at `###` or skips from `#` to `####` would otherwise be indented four
    spaces past its parent, which Markdown reads as a code block."""
    lines: list[str] = []
    levels: list[int] = []  # the levels of the headings the current line is under
    fence = ""
    # The options become blank lines, so each line stays where it was: a warning inside
    # the map names its own line in the post.
    kept = _OPTIONS.sub(lambda options: "\n" * options.group(0).count("\n"), body)
    for line in kept.splitlines():  # unindented, as every tag body
        heading = None if fence else _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            while levels and levels[-1] >= level:
                levels.pop()
            lines.append("  " * len(levels) + "- " + heading.group(2))
            levels.append(level)
            continue
        mark = _FENCE.match(line)
        if mark and (not fence or mark.group(1).startswith(fence)):
            fence = "" if fence else mark.group(1)
        lines.append("  " * len(levels) + line if line.strip() else "")
    return "\n".join(lines) + "\n"


def markmap(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    ctx.warn("{% markmap %} is hexo-markmap's mind map, drawn in the browser; QuillPress shows "
             "its outline as nested lists",
             hint="keep it (the outline reads the same) or write the lists in the post")
    # hexo-markmap draws a node's $…$ with KaTeX at build, whatever the theme loads
    return f'<div class="tt-markmap">{ctx.render_markdown(outline_source(body or ""), draws_math=True)}</div>\n'
