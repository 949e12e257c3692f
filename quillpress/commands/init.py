"""`init [folder]`: start a new blog that builds at once."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ..authoring.starter import create_blog

log = logging.getLogger("quillpress")
NEEDS_BLOG = False  # it makes one


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "init", help="create a new blog in a folder",
        description="Create _config.yml, scaffolds/, a first post and an about page. "
                    "The folder must be empty or new.")
    parser.add_argument("folder", nargs="?", default=".", type=Path,
                        help="where to create the blog (default: the current folder)")
    return parser


def run(args: argparse.Namespace) -> int:
    folder = args.folder if args.folder.is_absolute() else args.root / args.folder
    written = create_blog(folder)
    log.info("created a blog in %s (%d files)", folder.resolve(), len(written))
    step = "" if folder.resolve() == args.root else f"cd {args.folder} && "
    log.info("next: %squillpress serve   (then: quillpress new \"My first post\")", step)
    return 0
