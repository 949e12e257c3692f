"""`{% codeblock %}` and `{% include_code %}`: highlighted code with Hexo's captions."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from quillpress.plugin_api import CodeOptions, QuillError, highlight_code, parse_code_options

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

MAX_INCLUDE_BYTES = 2_000_000  # a code listing, not a data dump
_INCLUDE_OPTIONS = ("lang:", "from:", "to:")


def _highlight(ctx: "RenderContext", code: str, options: CodeOptions) -> str:
    """The block as fenced code draws it, its text given to the post's (`code_texts`), so
    the post's plain text takes its words from the tokens instead of stripping its spans."""
    for problem in options.problems:
        ctx.warn(f"code option {problem!r} is not understood",
                 hint="write e.g. mark:1,4-7 first_line:10 line_number:false")
    return highlight_code(code, options, ctx.config.get("highlight") or {}, ctx.code_texts)


def codeblock(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% codeblock [title] [lang:xx] [url] [link text] [opt:value…] %}code{% endcodeblock %}`"""
    options = parse_code_options(" ".join(args))
    return _highlight(ctx, body or "", options)


def _code_file(ctx: "RenderContext", rel: str) -> Path:
    """The file `rel` inside source_dir/code_dir; refuses paths that climb out of it."""
    root = (ctx.config.source_path / ctx.config["code_dir"]).resolve()
    target = (root / rel.lstrip("/")).resolve()
    if not target.is_relative_to(root):
        raise QuillError(f"{rel!r} is outside the code folder {ctx.config['code_dir']}/",
                         hint="include_code paths are relative to source_dir/code_dir and "
                              "may not climb out with ../")
    ctx.depend_on(target)  # a later edit (or creation) of the file re-renders the post
    if not target.is_file():
        raise QuillError(f"no file {rel!r} in {ctx.config['code_dir']}/",
                         hint=f"put the file in {ctx.config['source_dir']}/{ctx.config['code_dir']}/")
    if target.stat().st_size > MAX_INCLUDE_BYTES:
        raise QuillError(f"{rel!r} is larger than {MAX_INCLUDE_BYTES // 1_000_000} MB",
                         hint="include a smaller file, or a part of it with from:/to:")
    return target


def include_code(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% include_code [title] [lang:x] [from:N] [to:M] path %}` from source_dir/code_dir."""
    options = {a.split(":", 1)[0]: a.split(":", 1)[1] for a in args if a.startswith(_INCLUDE_OPTIONS)}
    words = [a for a in args if not a.startswith(_INCLUDE_OPTIONS)]
    if not words:
        raise QuillError("no file given", hint="write {% include_code [title] path/in/code_dir %}")
    rel = words[-1]
    path = _code_file(ctx, rel)
    text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = text.replace("\r\n", "\n").split("\n")
    try:
        first = max(1, int(options.get("from") or 1))
        last = int(options["to"]) if options.get("to") else len(lines)
    except ValueError as exc:
        raise QuillError(f"from:/to: must be line numbers ({exc})") from None
    code_options = CodeOptions(
        lang=options.get("lang") or Path(rel).suffix.lstrip("."),
        title=" ".join(words[:-1]) or posixpath.basename(rel),
        url=ctx.url_for(posixpath.join(ctx.config["code_dir"], rel.lstrip("/"))),
        link_text="view raw", first_line=first)
    return _highlight(ctx, "\n".join(lines[first - 1:last]), code_options)
