"""Tags that read a file of the source folder (`source_file_text`; Shoka's `linksfile` in
groups.py too): NexT's `{% include_raw /path/in/source %}` reads it into the post.

NexT hands the file's text to Hexo before Markdown runs, so Markdown in it is rendered and
HTML passes through; here it is rendered as part of the post the same way.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from quillpress.plugin_api import QuillError

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

MAX_BYTES = 2_000_000  # a snippet of a page, not a data dump


def source_file_text(ctx: "RenderContext", args: list[str], example: str) -> str:
    """The text of the file a tag names by its path in the source folder (`example` shows
    the tag written right); the post is rendered again when the file changes."""
    if not args:
        raise QuillError("no file given", hint=f"write {example}")
    root = ctx.config.source_path.resolve()
    target = (root / args[0].lstrip("/")).resolve()
    if not target.is_relative_to(root):
        raise QuillError(f"{args[0]!r} is outside the source folder",
                         hint="the path is relative to source_dir")
    ctx.depend_on(target)  # a later edit (or creation) of the file re-renders the post
    if not target.is_file():
        raise QuillError(f"no file {args[0]!r} in {ctx.config['source_dir']}/",
                         hint=f"put the file in {ctx.config['source_dir']}/")
    if target.stat().st_size > MAX_BYTES:
        raise QuillError(f"{args[0]!r} is larger than {MAX_BYTES // 1_000_000} MB")
    return target.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")


def include_raw(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """The file's Markdown rendered in place, its HTML passed through. A warning about the
    file's text names the tag's line and the file's own line: counted as the post's lines
    below the tag, it named a line of the post holding something else."""
    text = source_file_text(ctx, args, "{% include_raw /snippets/box.html %}")
    name = posixpath.normpath(args[0].lstrip("/"))
    drawing = ctx.data.setdefault("include_raw", [])  # the files being drawn, outermost first
    if name in drawing:  # a file that includes itself, at once or through others
        circle = " → ".join([*drawing[drawing.index(name):], name])
        raise QuillError(f"{name} includes itself ({circle})",
                         hint=f"remove the include_raw of {name} from {drawing[-1]}")
    line, before = ctx.line, len(ctx.warnings)
    drawing.append(name)
    try:
        rendered = ctx.render_markdown(text, 1)  # the file's lines, from its first
    finally:
        drawing.pop()
    for warning in ctx.warnings[before:]:
        where = f", line {warning['line']}" if warning["line"] else ""
        warning["message"] = f"in {args[0]}{where}: {warning['message']}"
        warning["line"] = line
    return rendered
