"""`clean`: remove the output folder and the cache, refusing anything outside the project."""

from __future__ import annotations

import argparse
import logging
import shutil

from ..builder import CACHE_DIR
from ..config import load_config
from ..errors import QuillError
from ..writer import check_public_dir

log = logging.getLogger("quillpress")


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    return commands.add_parser("clean", help="remove the output folder and the render cache")


def run(args: argparse.Namespace) -> int:
    config = load_config(args.root, args.config_files)
    public = config.public_path.resolve()
    check_public_dir(public, args.root)
    if not public.is_relative_to(args.root) or public == config.source_path.resolve():
        raise QuillError(f"refusing to delete {public}: it is outside the project or is the "
                         "source folder", "_config.yml", hint="fix public_dir")
    for target in (public, args.root / CACHE_DIR):
        if target.exists():
            shutil.rmtree(target)
            log.info("removed %s", target.relative_to(args.root))
    return 0
