"""`type: rsync`: send the built site to a folder on your own server over SSH (or, without
`host:`, to a folder on this machine), with the `rsync` program.

rsync's own `--delete` removes every file the site lacks, the user's uploads included, so it
is never passed. As for `type: local`, the target folder keeps `.quillpress-files.json`, the
list of files earlier deploys wrote there; it is fetched first, and only the files listed
there that the site no longer has are deleted (`--delete-missing-args` on exactly those
names; folders they leave empty stay). A file of the user's standing where the site needs one
stops the deploy unless `deploy --force`, and so does a link of the user's standing where the
site needs a folder (`2024 -> /mnt/big/2024`), which rsync replaced with a real folder: the
link is kept, as `type: local` keeps it, and `--force` replaces the link alone. (rsync 3.4
and later refuse to write through such a link even with `--keep-dirlinks`.) `delete: false`
deletes nothing.
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config.loader import Config
from ..errors import QuillError
from ..output.ownership import RECORD, SCRATCH, Record, describe_foreign, files_in, read_record
from .local import describe_links, target_folder
from .options import DEFAULT_OPTIONS, DeployOptions

EXAMPLE = ("deploy:\n    type: rsync\n    host: example.com\n    user: me\n"
           "    root: /var/www/blog")
COPY = ["--recursive", "--links", "--times", "--checksum", f"--exclude=/{RECORD}",
        f"--exclude=/{SCRATCH}"]  # same bytes: not sent again; the output's record stays home
KNOWN = {"type", "host", "user", "root", "path", "port", "key", "rsh", "delete", "args"}
NO_FILE = 23  # rsync's "some files were not transferred": the record is not there yet
VANISHED = 24  # "some files vanished": the missing names `--delete-missing-args` deletes


@dataclass(frozen=True)
class RsyncTarget:
    """Where the site goes: `dest` as rsync spells it (`user@host:path` or a local folder)
    and the options every call takes (the SSH port, the user's extra `args`)."""

    dest: str
    options: list[str]
    delete: bool


def _text(target: dict[str, Any], key: str) -> str | None:
    """A string option; one starting with `-` would be read by rsync or ssh as an option."""
    value = target.get(key)
    if value is None or value == "":
        return None
    text = str(value)
    if text.startswith("-"):
        raise QuillError(f"the rsync target's `{key}: {text}` is refused: it starts with `-`, "
                         "so rsync would take it as an option", "_config.yml", hint=EXAMPLE)
    if key in ("host", "user") and any(c.isspace() or c in "@:" for c in text):
        raise QuillError(f"the rsync target's `{key}: {text}` is not a {key} name",
                         "_config.yml", hint=EXAMPLE)
    return text


def _extra_args(raw: Any) -> list[str]:
    """The user's own rsync options (`args:`, a string or a list); rsync's deleting options
    are refused because they would remove files earlier deploys did not write."""
    args = shlex.split(raw) if isinstance(raw, str) else [str(a) for a in raw or []]
    for arg in args:
        if arg.startswith(("--delete", "--del", "--remove-source", "--prune")) or arg == "-":
            raise QuillError(f"the rsync target's `args:` holds {arg}, which could delete files "
                             "QuillPress did not write", "_config.yml",
                             hint="leave deleting to `delete: true` (the default): it deletes "
                                  "only the files earlier deploys wrote")
        if not arg.startswith("-"):
            raise QuillError(f"the rsync target's `args:` holds {arg!r}, which is not an option",
                             "_config.yml", hint="give the folder as `root:`; `args:` takes "
                                                 "options such as --compress")
    return args


def _remote_shell(target: dict[str, Any]) -> list[str]:
    """`--rsh` when the target sets `port`, `key` (an SSH identity file) or `rsh` (the
    command itself, as hexo-deployer-rsync names them); none of them: rsync's default ssh."""
    port, key, rsh = target.get("port"), _text(target, "key"), _text(target, "rsh")
    if port is None and key is None and rsh is None:
        return []
    command = rsh or "ssh"
    if port is not None:
        if not str(port).isdigit() or not 0 < int(port) < 65536:
            raise QuillError(f"the rsync target's `port: {port}` is not a port number",
                             "_config.yml", hint="port: 22")
        command += f" -p {int(port)}"
    if key is not None:
        command += " -i " + shlex.quote(str(Path(key).expanduser()))
    return ["--rsh", command]


def rsync_target(target: dict[str, Any], public_dir: Path, config: Config) -> RsyncTarget:
    """Read and check the target's options (see EXAMPLE)."""
    host, user = _text(target, "host"), _text(target, "user")
    path = _text(target, "root") or _text(target, "path")
    if path is None:
        raise QuillError("an rsync deploy target needs `root:` (the folder to fill)",
                         "_config.yml", hint=EXAMPLE)
    options = _remote_shell(target) + _extra_args(target.get("args"))
    delete = target.get("delete", True) not in (False, "false", "no", 0)
    if host is None:  # a folder on this machine: the same checks as `type: local`
        dest = str(target_folder(path, public_dir, config, kind="rsync"))
    else:
        dest = f"{user + '@' if user else ''}{host}:{path}"
    return RsyncTarget(dest.rstrip("/") + "/", options, delete)


def _rsync(spec: RsyncTarget, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["rsync", *spec.options, *args]
    try:  # LC_ALL=C: the messages read below ("No such file") are in English
        return subprocess.run(command, capture_output=True, text=True, check=False,
                              env={**os.environ, "LC_ALL": "C"})
    except OSError as exc:
        raise QuillError(f"could not run rsync: {exc.strerror}", "_config.yml",
                         hint="install rsync (Debian: apt-get install rsync)") from None


_FULL = ("No space left on device", "Disk quota exceeded")


def _notice(line: str) -> bool:
    """A blank line or one of ssh's notices, which come before the cause (see `_checked`)."""
    said = line.strip()
    return not said or said.startswith(("**", "@")) or said.lower().startswith("warning")


def _checked(done: subprocess.CompletedProcess[str], doing: str) -> str:
    """rsync's output, or an error with the cause: rsync's (or ssh's) first message, not its
    last, which tells what followed from it (a full target ended with "[sender] write
    error: Broken pipe", an unreachable host with "unexplained error (code 255)"). ssh's
    notices before it are passed over: warnings ("Warning: Permanently added …"), OpenSSH
    10's "** WARNING: … post-quantum …" written on every connection to an older server,
    and the `@` frame of a changed host key."""
    if done.returncode != 0:
        said = [line.strip() for line in done.stderr.splitlines() if not _notice(line)]
        cause = said[0] if said else f"exit code {done.returncode}"
        hint = ("make room there and deploy again: the files sent so far are kept, and the "
                "next deploy sends the rest" if any(full in cause for full in _FULL)
                else "check host, user, root and that you can `ssh` there")
        raise QuillError(f"rsync could not {doing}: {cause}", "_config.yml", hint=hint)
    return done.stdout


def _fetch_record(spec: RsyncTarget, scratch: Path) -> Record:
    """The target's record of earlier deploys; an empty one when there is none yet."""
    done = _rsync(spec, "--", spec.dest + RECORD, str(scratch) + "/")
    if done.returncode == NO_FILE and "No such file" in done.stderr:
        return Record()
    _checked(done, f"read {RECORD} from the target")
    return read_record(scratch) or Record()


def _push_record(spec: RsyncTarget, record: Record, scratch: Path) -> None:
    """Send the record alone (as a folder transfer, so rsync creates the target folder)."""
    stage = scratch / "record"
    stage.mkdir(exist_ok=True)
    (stage / RECORD).write_text(record.to_json(), encoding="utf-8")
    _checked(_rsync(spec, "--recursive", "--", f"{stage}/", spec.dest), f"write {RECORD}")


def _made_folders(itemized: str) -> set[str]:
    """From `--itemize-changes` output: the folders rsync would create."""
    return {name.rstrip("/") for flags, _, name in (line.partition(" ") for line in itemized.splitlines())
            if flags.startswith("cd+++")}


def _linked_folders(spec: RsyncTarget, source: str, plan: str) -> set[str]:
    """The links to folders in the target standing where the site needs a folder: a folder
    the plan creates (replacing what is there) that a plan keeping such links would not
    create. Only the topmost of nested ones. Asked only when the plan creates a folder."""
    made = _made_folders(plan)
    if not made:
        return set()
    kept = _checked(_rsync(spec, *COPY, "--keep-dirlinks", "--dry-run", "--itemize-changes", "--",
                           source, spec.dest), "compare the site with the target")
    links = made - _made_folders(kept)
    return {rel for rel in links if not any(rel.startswith(other + "/") for other in links)}


def _changes(itemized: str) -> tuple[list[str], list[str]]:
    """From `--itemize-changes` output: (files sent, of them those already there)."""
    sent, existing = [], []
    for line in itemized.splitlines():
        flags, _, name = line.partition(" ")
        if flags[:1] in (">", "c") and flags[1:2] in ("f", "L"):  # a file or a link
            sent.append(name)
            if "+++++++" not in flags:
                existing.append(name)
    return sent, existing


def deploy_rsync(target: dict[str, Any], public_dir: Path, log: logging.Logger, *,
                 config: Config, options: DeployOptions = DEFAULT_OPTIONS) -> None:
    """Send changed files, then delete the files of earlier deploys the site lacks."""
    if shutil.which("rsync") is None:
        raise QuillError("the rsync deploy target needs the `rsync` program", "_config.yml",
                         hint="install it (Debian: apt-get install rsync)")
    spec = rsync_target(target, public_dir, config)
    unknown = sorted(set(target) - KNOWN)  # hexo-deployer-rsync's verbose, progress...
    if unknown:
        log.warning("rsync: ignored %s (options QuillPress knows: %s)", ", ".join(unknown),
                    ", ".join(sorted(KNOWN - {"type"})))
    source = f"{public_dir.resolve()}/"
    with tempfile.TemporaryDirectory(prefix="quillpress-rsync-") as tmp:
        scratch = Path(tmp)
        record = _fetch_record(spec, scratch)
        plan = _checked(_rsync(spec, *COPY, "--dry-run", "--itemize-changes", "--",
                               source, spec.dest), "compare the site with the target")
        sent, existing = _changes(plan)
        wanted = {rel for rel in files_in(public_dir) if not rel.startswith(SCRATCH + "/")}
        replaced = sorted(set(existing) - record.files)
        if replaced and not options.force:
            raise QuillError(f"refusing to deploy to {spec.dest}: the site would overwrite "
                             f"{describe_foreign(set(replaced))}",
                             hint="move them away, or run `deploy --force` to replace them")
        links = _linked_folders(spec, source, plan)
        if links and not options.force:
            raise QuillError(f"refusing to deploy to {spec.dest}: the site's folder would "
                             f"replace {describe_links(links)}",
                             hint="remove the link, or run `deploy --force` to replace the link "
                                  "(not the folder it names) with the site's folder")
        deleted = sorted(record.files - wanted) if spec.delete else []
        if options.dry_run:
            log.info("rsync: %s (dry run, nothing changed): would send %d files, delete %d",
                     spec.dest, len(sent), len(deleted))
            for rel in sorted(links):
                log.info("  replace link  %s", rel)
            for rel in sent:
                log.info("  send    %s%s", rel, "  (replaces a file of yours)"
                         if rel in replaced else "")
            for rel in deleted:
                log.info("  delete  %s", rel)
            return
        _push_record(spec, Record(record.files | wanted, record.reported), scratch)
        _checked(_rsync(spec, *COPY, "--", source, spec.dest), "send the site")
        if deleted:
            listing = scratch / "deleted.txt"
            listing.write_text("".join(rel + "\n" for rel in deleted), encoding="utf-8")
            done = _rsync(spec, "--delete-missing-args", f"--files-from={listing}", "--",
                          source, spec.dest)
            if done.returncode != VANISHED:  # how rsync reports the names it was given to delete
                _checked(done, "delete the files the site no longer has")
        kept = record.files | wanted if not spec.delete else wanted
        _push_record(spec, Record(kept, record.reported), scratch)
    log.info("rsync: %s: %d files sent, %d deleted", spec.dest, len(sent), len(deleted))
