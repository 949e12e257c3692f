"""`init [folder]`: start a new blog that builds at once; `--ci HOST` adds the file a host
needs to build and publish it on push (also to a blog that already exists)."""

from __future__ import annotations

import argparse
import shlex
import logging
from pathlib import Path

from ..hosting.ci_files import HOSTS, write_ci_files

log = logging.getLogger("quillpress")
NEEDS_BLOG = False  # it makes one


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Create _config.yml, scaffolds/, a first post and an about page. The "
                          "folder must be empty or new.")
    parser.add_argument("folder", nargs="?", default=".", type=Path,
                        help="where to create the blog (default: the current folder)")
    parser.add_argument("--ci", choices=sorted(HOSTS), action="append", default=[],
                        help="also write what this host needs to build and publish on push "
                             "(repeatable); in a folder that already holds a blog, only that")
    parser.add_argument("--replace", action="store_true",
                        help="let --ci overwrite a host file that already exists")


def run(args: argparse.Namespace) -> int:
    from ..authoring.starter import create_blog

    folder = args.folder if args.folder.is_absolute() else args.root / args.folder
    if args.ci and (folder / "_config.yml").is_file():
        _write_ci(folder, args)  # a blog already: add the host files, touch nothing else
        return 0
    from ..program import run_anywhere

    program = run_anywhere()
    written = create_blog(folder, program=program)
    log.info("created a blog in %s (%d files)", folder.resolve(), len(written))
    _write_ci(folder, args)
    step = "" if folder.resolve() == args.root else f"cd {shlex.quote(str(args.folder))} && "
    log.info("next: %s%s serve", step, program)
    log.info("then: %s new \"My first post\"", program)
    return 0


def _write_ci(folder: Path, args: argparse.Namespace) -> None:
    """Each `--ci` host's file, filled in with the blog's source and output folders."""
    if not args.ci:
        return
    from ..config.loader import load_config

    config = load_config(folder.resolve())
    for host in args.ci:
        path = write_ci_files(folder.resolve(), host, str(config["source_dir"]),
                              str(config["public_dir"]), replace=args.replace)
        log.info("wrote %s (%s): README.md, section Hosting, of QuillPress's README says what to set on the host",
                 path.relative_to(folder.resolve()), host)
