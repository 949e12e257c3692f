"""`type: local`: mirror the built site into a folder (a web server's root, a mounted share).

The folder may hold files of the user's: only files earlier deploys wrote there (listed in the
folder's record, see `ownership.py`) are ever deleted or replaced. The others are named once
and left alone; one standing where the site needs a file stops the deploy unless `--force`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..config.loader import Config
from ..errors import QuillError, os_error
from ..output.ownership import Record, describe_foreign, read_record, write_record
from ..output.safety import protected_reason, resolved
from ..output.writer import staging_folder
from .mirror import MirrorPlan, apply_mirror, plan_mirror
from .options import DEFAULT_OPTIONS, DeployOptions


def deploy_local(target: dict[str, Any], public_dir: Path, log: logging.Logger, *,
                 config: Config, options: DeployOptions = DEFAULT_OPTIONS) -> None:
    """Copy changed files to `path` and delete the files of earlier deploys the site lacks."""
    raw = target.get("path") or target.get("dir")
    if not raw:
        raise QuillError("a local deploy target needs `path:`", "_config.yml",
                         hint="deploy:\n    type: local\n    path: /var/www/blog")
    if isinstance(raw, (list, dict)):  # was deployed into a folder named "['a', 'b']"
        raise QuillError(f"the local deploy target's `path:` is a {type(raw).__name__}, not "
                         "one folder", "_config.yml", hint="give one folder, and a target "
                         "of its own (a `- type: local` item) for each other folder")
    dest = target_folder(str(raw), public_dir, config)
    public = public_dir.resolve()
    record = read_record(dest) or Record()
    plan = plan_mirror(public, dest, owned=record.files)
    if plan.replaced and not options.force:
        raise QuillError(f"refusing to deploy into {dest}: the site would overwrite "
                         f"{describe_foreign(set(plan.replaced))}",
                         hint="move them away, or run `deploy --force` to replace them")
    if plan.links and not options.force:
        raise QuillError(f"refusing to deploy into {dest}: the site's files would be written "
                         f"through {describe_links(plan.links)}",
                         hint="remove the link, or run `deploy --force` to replace the link "
                              "(not the folder it names) with the site's folder")
    if options.dry_run:
        _show(plan, dest, log)
        return
    try:
        write_record(dest, Record(record.files | plan.wanted, record.reported))  # before copying
        apply_mirror(public, dest, plan)
        write_record(dest, Record(plan.wanted, record.reported | plan.foreign))
    except OSError as exc:  # files copied so far are in the record: the next deploy goes on
        raise os_error(exc, "copy the site there", dest) from None
    log.info("local: %s: %d files copied, %d deleted, %d unchanged", dest, len(plan.copied),
             len(plan.deleted), plan.unchanged)
    unnamed = plan.foreign - record.reported
    if unnamed:
        log.warning("local: left %s alone in %s: earlier deploys did not write them, so they "
                    "are never deleted", describe_foreign(unnamed), dest)


def target_folder(raw: str, public_dir: Path, config: Config, kind: str = "local") -> Path:
    """The folder a `local` (or host-less `rsync`) target names, refused when deploying
    there could destroy something: the project, the sources, home, the output itself."""
    dest = Path(raw).expanduser()
    dest = resolved(dest if dest.is_absolute() else config.root_path / dest, f"the {kind} target")
    public = public_dir.resolve()
    reason = protected_reason(dest, config)
    if reason is None and (dest.is_relative_to(public) or public.is_relative_to(dest)):
        reason = "it is, holds or sits inside the output folder"
    if reason is None and dest.is_relative_to(staging_folder(public)):
        reason = "a first build stages the site there"
    if reason is None and dest.exists() and not dest.is_dir():
        reason = "it is a file, not a folder"
    if reason:
        raise QuillError(f"refusing to deploy into {dest}: {reason}", "_config.yml",
                         hint=f"point the {kind} target's path at a folder only the site lives in")
    return dest


def _show(plan: MirrorPlan, dest: Path, log: logging.Logger) -> None:
    """`--dry-run`: every file that would be copied or deleted, and what is left alone."""
    log.info("local: %s (dry run, nothing changed): would copy %d files, delete %d, leave %d "
             "unchanged and %d of yours alone", dest, len(plan.copied), len(plan.deleted),
             plan.unchanged, len(plan.foreign))
    for link in sorted(plan.links):
        log.info("  replace link  %s", link)
    for rel in plan.copied:
        log.info("  copy    %s%s", rel, "  (replaces a file of yours)" if rel in plan.replaced else "")
    for rel in sorted(plan.deleted):
        log.info("  delete  %s", rel)


def describe_links(links: set[str]) -> str:
    """'your link a, into the folder it names' (or 'your links a, b, …'), for one line."""
    listed = sorted(links)
    if len(listed) == 1:
        return f"your link {listed[0]} into the folder it names"
    return f"your links {', '.join(listed)} into the folders they name"
