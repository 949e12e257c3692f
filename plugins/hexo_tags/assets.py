"""Tags that point at a post's asset folder or at another post.

Post links leave a marker that the builder turns into the target's URL once every post is
known, so a body still depends only on its own source (and can be cached).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from quillpress.plugin_api import QuillError, attrs

from .media import image_html, split_image_args

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext


def _no_asset(ctx: "RenderContext", wanted: str) -> QuillError:
    if ctx.doc.asset_dir is None:
        folder = f"{ctx.config['source_dir']}/{ctx.doc.rel.rsplit('.', 1)[0]}/"
        if ctx.config["post_asset_folder"] and ctx.doc.is_post:  # the folder was never made
            return QuillError(f"{wanted!r}: the asset folder is missing (no folder {folder})",
                              hint=f"put the file in {folder}")
        return QuillError(f"{wanted!r}: this document has no asset folder",
                          hint=f"set post_asset_folder: true in _config.yml and put the file in "
                               f"{folder}")
    folder = ctx.doc.asset_dir.name
    return QuillError(f"no file {wanted!r} in the asset folder {folder}/",
                      hint=f"check the name; the folder holds: "
                           f"{', '.join(sorted(ctx.asset_names())[:8]) or 'nothing'}")


def _asset(ctx: "RenderContext", name: str) -> str:
    clean = name.removeprefix("./")
    if clean not in ctx.asset_names():
        raise _no_asset(ctx, name)
    return ctx.asset_url(clean)


def _escape_flag(args: list[str]) -> tuple[list[str], bool]:
    """Hexo's trailing `true`/`false` argument: escape the title (default) or not."""
    if args and args[-1] in ("true", "false"):
        return args[:-1], args[-1] == "true"
    return args, True


def asset_path(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% asset_path file %}`: the URL of a file in the post's asset folder."""
    if not args:
        raise QuillError("no file given", hint="write {% asset_path diagram.svg %}")
    return html.escape(_asset(ctx, args[0]))


def asset_link(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% asset_link file [title] [escape] %}`"""
    if not args:
        raise QuillError("no file given", hint="write {% asset_link data.csv 'the data' %}")
    href = _asset(ctx, args[0])
    words, escape = _escape_flag(args[1:])
    title = " ".join(words) or args[0]
    label = html.escape(title) if escape else title
    return f"<a{attrs(href=href, title=title)}>{label}</a>"


def asset_img(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% asset_img [class…] file [width] [height] ["title 'alt'"] %}`: the first argument
    naming a file of the asset folder is the image; the ones before it are classes."""
    names = ctx.asset_names()
    index = next((i for i, arg in enumerate(args) if arg.removeprefix("./") in names), None)
    if index is None:
        raise _no_asset(ctx, args[0] if args else "")
    image = split_image_args(args, index)
    return image_html(image, ctx.asset_url(image.src.removeprefix("./")))


def post_path(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% post_path slug %}`: the URL of another post (by its file name)."""
    if not args:
        raise QuillError("no post given", hint="write {% post_path hello-world %}")
    return ctx.post_link(args[0], "path")


def post_link(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% post_link slug [title] [escape] %}`: a link titled with the post's title unless
    a title is given."""
    if not args:
        raise QuillError("no post given", hint="write {% post_link hello-world 'read this' %}")
    words, escape = _escape_flag(args[1:])
    return ctx.post_link(args[0], "link", " ".join(words), escape)
