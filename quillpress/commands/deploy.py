"""`deploy` (alias `d`): publish the output folder to the targets under `deploy:`."""

from __future__ import annotations

import argparse
import logging

from ..errors import QuillError
from . import build

log = logging.getLogger("quillpress")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # what to write under `deploy:`: a Hexo user's first question, which the help left open
    parser.description = (
        "Send the output folder to each target under `deploy:` in _config.yml (one mapping, "
        "or a list of them): `{type: git, repo: URL, branch: gh-pages}` commits to a branch, "
        "keeping its history (never a force-push); `{type: local, path: /var/www/blog}` "
        "mirrors into a folder; `{type: rsync, host: example.com, root: /var/www/blog}` into "
        "one on your server, over SSH. local and rsync delete only what earlier deploys "
        "wrote there. A plugin may add other types; README.md (\"Deploy\") lists every "
        "setting.")
    parser.add_argument("-g", "--generate", action="store_true", help="build first")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what each target would copy and delete; change nothing")
    parser.add_argument("--strict", action="store_true",
                        help="refuse to deploy a site built with warnings")
    parser.add_argument("--force", action="store_true", dest="deploy_force",
                        help="let a local or rsync target's site files replace files of yours there")


def run(args: argparse.Namespace) -> int:
    from ..build.builder import Builder
    from ..build.manifest import Manifest
    from ..build.report import announce, plural, summary
    from ..config.loader import placeholder_url
    from ..deploy import deploy_all, deploy_targets
    from ..deploy.options import DeployOptions
    from ..output.lock import in_use

    builder = build.make_builder(args, trust_manifest=True) if args.generate else Builder(
        args.root, config_files=args.config_files, drafts=args.drafts)
    # No target: `deploy` and `deploy -g` say so first, as Hexo's deploy does; `g -d` (which
    # has args.deploy) builds first, as Hexo's generate does, and deploy_all says it after.
    if not getattr(args, "deploy", False):
        deploy_targets(builder.config)
    placeholder = placeholder_url(builder.config)
    if placeholder is not None and builder.config["deploy"]:
        raise QuillError(f"refusing to deploy: {placeholder.message}", placeholder.path,
                         placeholder.line, hint=placeholder.hint)
    warnings = None  # how many warnings the deployed site was built with, when known
    if args.generate:
        result = builder.build()
        announce(result, builder.cache_dir, args.verbose)
        if not result.ok:
            log.error("build failed: %s; nothing was deployed",
                      plural(len(result.problems.errors), "error"))
            return 1
        if not args.quiet:  # as `build -d` says it: what was built, where, how long it took
            log.info("%s", summary(result, f"{builder.config['public_dir']}/"))
        warnings = len(result.problems.warnings)
    else:
        last = Manifest.load(builder.cache_dir / "manifest.json")  # the last `build`'s
        warnings = len(last.warnings) if last is not None else None
    if warnings:
        if args.strict:
            log.error("the site was built with %s and --strict is on; nothing was deployed",
                      plural(warnings, "warning"))
            return 1
        log.warning("deploying a site built with %s (`build` lists them; `deploy --strict` "
                    "refuses)", plural(warnings, "warning"))
    # `build -d` (Hexo's `g -d`) comes here too, without deploy's own options
    options = DeployOptions(dry_run=getattr(args, "dry_run", False),
                            force=getattr(args, "deploy_force", False))
    with in_use(builder.config.public_path):  # never a site a build is swapping in
        failures = deploy_all(builder.config, builder.extensions.deployers, log, options)
    return 1 if failures else 0
