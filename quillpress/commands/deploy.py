"""`deploy` (alias `d`): publish the output folder to the targets under `deploy:`."""

from __future__ import annotations

import argparse
import logging

from ..builder import Builder
from ..config import placeholder_url
from ..errors import QuillError
from ..deploy import deploy_all
from ..report import announce, plural
from . import build

log = logging.getLogger("quillpress")


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "deploy", aliases=["d"], help="publish the site as `deploy:` in _config.yml says",
        description="Send the output folder to each deploy target (git branch, local folder, "
                    "or a type a plugin adds). The git target keeps the branch's history and "
                    "never force-pushes.")
    parser.add_argument("-g", "--generate", action="store_true", help="build first")
    return parser


def run(args: argparse.Namespace) -> int:
    builder = build.make_builder(args) if args.generate else Builder(
        args.root, config_files=args.config_files, drafts=args.drafts)
    placeholder = placeholder_url(builder.config)
    if placeholder is not None and builder.config["deploy"]:
        raise QuillError(f"refusing to deploy: {placeholder.message}", placeholder.path,
                         placeholder.line, hint=placeholder.hint)
    if args.generate:
        result = builder.build()
        announce(result, builder.cache_dir, args.verbose)
        if not result.ok:
            log.error("build failed: %s; nothing was deployed",
                      plural(len(result.problems.errors), "error"))
            return 1
    failures = deploy_all(builder.config, builder.extensions.deployers, log)
    return 1 if failures else 0
