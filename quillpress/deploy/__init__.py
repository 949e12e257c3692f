"""`deploy`: send the built site to every target listed under `deploy:` in _config.yml.

Built-in types are `git`, `local` (alias `folder`) and `rsync`; a plugin adds more with
`api.deployer("name", func)`, called as `func(target, public_dir, log)`. One failing target
does not stop the others; the command fails if any did.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import CONFIG_NAME
from ..config.loader import Config
from ..errors import QuillError
from ..output.ownership import SCRATCH, is_working_folder
from .git import deploy_git
from .local import deploy_local
from .rsync import deploy_rsync
from .options import DEFAULT_OPTIONS, DeployOptions

Deployer = Callable[[dict[str, Any], Path, logging.Logger], None]
EXAMPLE = "deploy:\n    type: git\n    repo: git@github.com:you/you.github.io.git"


def deployers(config: Config, plugin_deployers: dict[str, Deployer],
              options: DeployOptions = DEFAULT_OPTIONS) -> dict[str, Deployer]:
    """Every known type: the built-ins, then the plugins' (a plugin may replace a built-in).
    A dry run skips plugins' types: they cannot be asked to change nothing."""
    found: dict[str, Deployer] = {
        "git": functools.partial(deploy_git, config=config, options=options),
        "local": functools.partial(deploy_local, config=config, options=options),
        "folder": functools.partial(deploy_local, config=config, options=options),
        "rsync": functools.partial(deploy_rsync, config=config, options=options),
    }
    for name, func in plugin_deployers.items():
        found[name] = _skipped if options.dry_run else func
    return found


def _skipped(target: dict[str, Any], public_dir: Path, log: logging.Logger) -> None:
    log.info("%s: a plugin's deploy type has no dry run; skipped", target["type"])


def _deploy_line(config: Config) -> tuple[str, int | None]:
    """The file and line of `deploy:`, for errors about a target ("_config.yml" when unset)."""
    path, line = config.report.where(("deploy",)) if config.report else (None, None)
    return path or CONFIG_NAME, line


def _at_deploy_line(exc: QuillError, config: Config) -> QuillError:
    """A deployer's error about its target's settings, which names the config file but no
    line, pointed at the `deploy:` line."""
    if exc.path == CONFIG_NAME and exc.line is None:
        exc.path, exc.line = _deploy_line(config)
    return exc


def deploy_targets(config: Config) -> list[dict[str, Any]]:
    """The targets under `deploy:`, checked before anything is built or looked at: a blog
    with none was told to build first, then, after the build, that there was nowhere to
    deploy to (Hexo says so first)."""
    targets = config["deploy"] or []
    if isinstance(targets, dict):
        targets = [targets]
    if not targets:
        raise QuillError("there is nothing to deploy to: `deploy:` is empty",
                         *_deploy_line(config), hint=EXAMPLE)
    for index, target in enumerate(targets, 1):
        if not isinstance(target, dict) or not target.get("type"):
            raise QuillError(f"deploy target #{index} has no `type:`", *_deploy_line(config),
                             hint=EXAMPLE)
    return targets


def deploy_all(config: Config, plugin_deployers: dict[str, Deployer], log: logging.Logger,
               options: DeployOptions = DEFAULT_OPTIONS) -> int:
    """Deploy to each target; returns how many failed (each failure is logged)."""
    targets = deploy_targets(config)
    public = config.public_path
    if not public.is_dir() or not any(public.iterdir()):
        raise QuillError(f"{config['public_dir']}/ is empty or missing", "_config.yml",
                         hint="build first, or run `deploy -g` to build and deploy")
    _say_scratch_left_out(public, log)
    known = deployers(config, plugin_deployers, options)
    failures = 0
    for target in targets:
        kind = str(target["type"])
        func = known.get(kind)
        try:
            if func is None:
                raise QuillError(f"unknown deploy type {kind!r}", "_config.yml",
                                 hint="known types: " + ", ".join(sorted(known)))
            func(target, public, log)
        except QuillError as exc:
            failures += 1
            log.error("deploy (%s) failed: %s", kind, _at_deploy_line(exc, config))
        except KeyboardInterrupt:  # Ctrl+C (or SIGTERM): the command ended silently, exit 130
            log.error("deploy (%s) was stopped before it finished: what it had sent stays, "
                      "nothing else changed; run `deploy` again to finish it", kind)
            raise
    return failures


def _say_scratch_left_out(public: Path, log: logging.Logger) -> None:
    """The built-in deployers leave out the scratch folder, where a build puts the pages it has yet
    to rename into place (hexo-deployer-git publishes no hidden file either); a folder of
    the user's of that name was left out without a word."""
    scratch = public / SCRATCH
    if os.path.lexists(scratch) and not is_working_folder(scratch):
        log.warning("left %s out: QuillPress keeps that name for the files a build is "
                    "writing, so it is never deployed (nor served); rename it to publish "
                    "what it holds", scratch)
