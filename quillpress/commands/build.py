"""`build` (aliases `generate`, `g`): the whole site into the output folder."""

from __future__ import annotations

import argparse
import logging

from ..builder import Builder
from ..progress import Progress

log = logging.getLogger("quillpress")


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "build", aliases=["generate", "g"], help="build the site into the output folder",
        description="Build the blog. Errors name the file and line; when there is any, the "
                    "output folder keeps its last good content and the exit code is 1.")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--no-cache", action="store_true", help="render everything again")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="render processes (default: the number of cores, at most 4)")
    return parser


def make_builder(args: argparse.Namespace, **kwargs: object) -> Builder:
    return Builder(args.root, config_files=args.config_files, drafts=args.drafts,
                   progress=Progress(), **kwargs)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    builder = make_builder(args, workers=args.workers, use_cache=not args.no_cache,
                           trust_manifest=True)
    result = builder.build()
    if not result.ok:
        log.error("build failed: %d errors; %s left as it was", len(result.problems.errors),
                  builder.config["public_dir"])
        return 1
    if args.strict and result.problems.warnings:
        log.error("build has %d warnings and --strict is on", len(result.problems.warnings))
        return 1
    if not args.quiet:
        log.info("%s", result.summary())
    return 0
