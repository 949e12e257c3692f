"""`publish <draft>`: move a draft into _posts/, dated now."""

from __future__ import annotations

import argparse
import logging


log = logging.getLogger("quillpress")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Move _drafts/<draft>.md (and its asset folder) into _posts/, both in the "
                          "source folder (source_dir: content/ in a new blog, source/ in a Hexo "
                          "one), named by new_post_name, with `date:` set to now.")
    parser.add_argument("words", nargs="+", metavar="[layout] draft",
                        help="the draft's file name, with or without .md (a leading `post` "
                             "layout word is accepted, as in Hexo)")
    parser.add_argument("-r", "--replace", action="store_true",
                        help="overwrite a post of the same name")


def run(args: argparse.Namespace) -> int:
    from ..authoring.posts import publish
    from ..config.loader import load_config

    config = load_config(args.root, args.config_files)
    words = list(args.words)
    if len(words) > 1 and words[0] == "post":
        words.pop(0)
    path = publish(config, " ".join(words), replace=args.replace)
    log.info("published %s", path.relative_to(args.root))
    return 0
