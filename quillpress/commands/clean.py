"""`clean`: remove the output folder and the cache, refusing anything outside the project."""

from __future__ import annotations

import argparse
import logging
import shutil

from ..builder import CACHE_DIR
from ..config import load_config
from ..errors import QuillError
from ..safety import protected_reason

log = logging.getLogger("quillpress")


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    return commands.add_parser(
        "clean", help="remove the output folder and the render cache",
        description="Delete the output folder (public_dir) and .quillpress-cache/, so the next "
                    "build starts from nothing. Sources are never touched, and an output folder "
                    "outside the project (or one that holds the blog) is refused.")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.root, args.config_files)
    public = config.public_path.resolve()
    reason = protected_reason(public, config)
    if reason is None and not public.is_relative_to(config.root_path.resolve()):
        reason = "it is outside the project"
    if reason:
        raise QuillError(f"refusing to delete {public}: {reason}; nothing was deleted",
                         "_config.yml", hint="set public_dir to a folder inside the project, "
                                             "such as `site`")
    for target in (public, args.root / CACHE_DIR):
        if target.exists():
            shutil.rmtree(target)
            log.info("removed %s", target.relative_to(args.root))
    return 0
