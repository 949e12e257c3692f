"""`build` (aliases `generate`, `g`): the whole site into the output folder.

Hexo's habits work: `g -d` builds then deploys (same as `deploy -g`), `g -w` keeps
watching and rebuilds what changed, without serving.
"""

from __future__ import annotations

import argparse
import logging
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from ..build import heap
from ..errors import QuillError
from .foreground import wait_until_stopped

if TYPE_CHECKING:
    from ..build.builder import Builder, BuildResult
    from ..build.report import Said

log = logging.getLogger("quillpress")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Build the blog. Errors name the file and line; when there is any, the "
                          "output folder keeps its last good content and the exit code is 1.")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--no-cache", action="store_true", help="render everything again")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="build processes (default: the number of cores, at most 4; "
                             "1: the whole build in this one)")
    parser.add_argument("--force", action="store_true",
                        help="build into a folder that holds files QuillPress did not write "
                             "(they are kept, never deleted)")
    parser.add_argument("-d", "--deploy", action="store_true",
                        help="deploy after a successful build (as `deploy -g`)")
    parser.add_argument("-w", "--watch", action="store_true",
                        help="keep watching the sources and rebuild what changes (no server)")


def make_builder(args: argparse.Namespace, **kwargs: object) -> Builder:
    from ..build.prestart import launch

    launch(args.root, args.config_files)  # before the builder's imports: Node starts meanwhile
    # its set-up frozen once made (heap.py), except under `--watch`, which lives on
    with nullcontext() if getattr(args, "watch", False) else heap.set_up():
        from ..build.builder import Builder
        from ..build.progress import Progress

        return Builder(args.root, config_files=args.config_files, drafts=args.drafts,
                       progress=Progress(), **kwargs)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    if args.deploy:
        from . import deploy  # deploy builds through this module: imported here, not above
        args.generate = True
        return deploy.run(args)
    builder = make_builder(args, workers=args.workers, use_cache=not args.no_cache,
                           trust_manifest=not args.watch, in_place=args.watch,
                           force=args.force)
    from ..build.report import Said

    said = Said()  # `--watch`: each rebuild prints the warnings no build printed before it
    status = report(builder.build(), builder, args, said)
    if args.watch:
        watch(builder, said)
        return 0
    return status


def report(result: BuildResult, builder: Builder, args: argparse.Namespace,
           said: Said | None = None) -> int:
    """Print the outcome of one build; 1 when it failed (or has warnings under --strict)."""
    from ..build.report import announce, plural, summary

    announce(result, builder.cache_dir, args.verbose, said)
    if not result.ok:
        log.error("build failed: %s; %s left as it was",
                  plural(len(result.problems.errors), "error"), builder.config["public_dir"])
        return 1
    if args.strict and result.problems.warnings:
        log.error("build has %s and --strict is on", plural(len(result.problems.warnings), "warning"))
        return 1
    warn_placeholder_url(builder)
    if not args.quiet:
        log.info("%s", summary(result, f"{builder.config['public_dir']}/"))
    return 0


def warn_placeholder_url(builder: Builder) -> None:
    """One warning while `url` is still the example address, said once per command (`build`
    and `serve`), not per rebuild: every build would say the same."""
    from ..config.loader import placeholder_url

    placeholder = placeholder_url(builder.config)
    if placeholder is not None:
        log.warning("%s", placeholder)


def watch(builder: Builder, said: Said) -> None:
    """Rebuild on every change until Ctrl+C, as `hexo generate --watch` does."""
    from ..build.report import announce, plural
    from ..server.preview import watcher_for
    from ..server.watcher import ChangeBatcher

    def rebuild(changed: set[Path]) -> None:
        try:
            result = builder.build(changed)
        except QuillError as exc:  # a config error, or Ctrl+C while waiting for another build
            log.error("%s", exc)
            return
        announce(result, builder.cache_dir, said=said)
        log.info("rebuilt: %s changed%s", plural(len(result.changed_paths), "file"),
                 "" if result.ok else f", {plural(len(result.problems.errors), 'error')}")

    batcher = ChangeBatcher(rebuild)
    watcher = watcher_for(builder, batcher.add)
    batcher.start()
    watcher.start()
    log.info("watching %s for changes (Ctrl+C to stop)", builder.root)
    wait_until_stopped()
    builder.stop_waiting.set()  # a rebuild waiting for another build's write
    watcher.stop()
    batcher.stop()
    builder.cache.close()
