"""`new [layout] <title>`: start a post, page or draft from its scaffold."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import PurePosixPath

from ..errors import QuillError

log = logging.getLogger("quillpress")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("`new \"Title\"` starts a post named by new_post_name; `new page about` "
                          "makes about/index.md in the source folder (source_dir: content/ in a new blog, "
                          "source/ in a Hexo one); `new draft \"Idea\"` goes to its _drafts/. "
                          "An existing file is never overwritten without --replace.")
    parser.add_argument("words", nargs="*", metavar="[layout] title",
                        help="an optional layout (post, page, draft or a scaffold's name), "
                             "then the title (default with --path: its last part)")
    parser.add_argument("-s", "--slug", help="the file name / URL slug (default: from the title)")
    parser.add_argument("-p", "--path", help="the file's path under _posts/, _drafts/ or the "
                                             "source folder (for pages)")
    parser.add_argument("-r", "--replace", action="store_true", help="overwrite an existing file")
    parser.add_argument("--lang", help="fills :lang in new_post_name and {{ lang }} in scaffolds")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="fill any other :KEY placeholder (repeatable)")


def _values(args: argparse.Namespace) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QuillError(f"--set needs KEY=VALUE, got {item!r}")
        values[key.strip()] = value
    if args.lang:
        values["lang"] = args.lang
    return values


def run(args: argparse.Namespace) -> int:
    from ..authoring.posts import NewFile, create
    from ..authoring.scaffold import known_layouts
    from ..config.loader import load_config

    config = load_config(args.root, args.config_files)
    words = list(args.words)
    layout = str(config["default_layout"])
    if len(words) > 1 and words[0].lower() in known_layouts(args.root):
        layout = words.pop(0).lower()  # as Hexo reads it: `new Page about` is a page
    elif len(words) > 1:
        _title_of_words(words)
    title = " ".join(words).strip() or PurePosixPath(args.path or "").name  # as Hexo titles it
    if not title:
        raise QuillError("the title is empty", hint='give one: new "My post"')
    request = NewFile(layout=layout, title=title, slug=args.slug, path=args.path,
                      replace=args.replace, values=_values(args))
    path = create(config, request)
    log.info("created %s", path.relative_to(args.root))
    return 0


def _title_of_words(words: list[str]) -> None:
    """Say that a first word naming no layout went into the title: Hexo's `new photo Trip`
    makes `photo` the layout (and the last word the title), so a Hexo user's layout without
    a scaffold went by unsaid, as a post titled "photo Trip"."""
    title = json.dumps(" ".join(words), ensure_ascii=False)
    log.warning("%s", QuillError(
        f"took {title} as the title: there is no scaffolds/{words[0]}.md (Hexo would read "
        f"{words[0]!r} as the layout)", hint=f"add scaffolds/{words[0]}.md to use it as a layout;"
        " quote a title of several words to skip this note"))
