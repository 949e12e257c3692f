"""`type: git`: publish the site to a branch (gh-pages by default) without losing its history.

Hexo's git deployer commits into a fresh repository and force-pushes, so a deploy from a new
machine or from CI wipes the branch's history. This one fetches the branch first into a work
folder under `.quillpress-cache/deploy/`, makes its files equal the site, commits only when
something changed and pushes without force: if the remote moved meanwhile, the push is
refused and the user is told to deploy again. URLs are never printed with their credentials.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..authoring.posts import now_in
from ..build import CACHE_DIR
from ..config.loader import Config
from ..source.dates import format_date
from ..errors import QuillError
from .mirror import mirror
from .options import DEFAULT_OPTIONS, DeployOptions

DEFAULT_BRANCH = "gh-pages"
DEFAULT_MESSAGE = "Site updated: {{ now('YYYY-MM-DD HH:mm:ss') }}"
DEFAULT_TIMEOUT = 300
_NOW = re.compile(r"\{\{\s*now(?:\(\s*(?P<q>['\"])(?P<fmt>.*?)(?P=q)\s*\))?\s*\}\}")
_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")
_AUTH_FAILURE = ("authentication failed", "could not read username", "could not read password",
                 "permission denied", "403", "401", "terminal prompts disabled",
                 "invalid username or password", "host key verification failed")


@dataclass
class Remote:
    url: str  # may carry a token; only `shown` is ever printed
    branch: str

    @property
    def shown(self) -> str:
        return redact(self.url)


def redact(text: str) -> str:
    """Hide `user:token@` in every URL of `text`."""
    return _CREDENTIALS.sub("***@", text)


def commit_message(template: str, now: dt.datetime) -> str:
    """Fill `{{ now }}` and Hexo's `{{ now('YYYY-MM-DD') }}` with the deploy time."""
    return _NOW.sub(lambda m: format_date(now, m["fmt"] or "YYYY-MM-DD HH:mm:ss"), template)


def _with_token(url: str, token: str | None) -> str:
    if not token:
        return url
    if token.startswith("$"):
        name = token[1:]
        token = os.environ.get(name)
        if not token:
            raise QuillError(f"the git deploy token names ${name}, which is not set",
                             "_config.yml", hint=f"export {name}=... before deploying "
                             "(in CI: add it as a secret)")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise QuillError("`token:` works with an https repo URL only", "_config.yml",
                         hint="use an https:// URL, or drop token: and use an ssh key")
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{token}@{host}"))


def remotes(target: dict[str, Any], blog: Path) -> list[Remote]:
    """Hexo's `repo:` forms: "url", "url,branch", or {name: "url[,branch]" | {url, branch}}."""
    repo = target.get("repo") or target.get("repository")
    branch = str(target.get("branch") or DEFAULT_BRANCH)
    token = target.get("token")
    if not repo:
        raise QuillError("a git deploy target needs `repo:`", "_config.yml",
                         hint="deploy:\n    type: git\n    repo: git@github.com:you/blog.git")
    entries = list(repo.values()) if isinstance(repo, dict) else [repo]
    found = []
    for entry in entries:
        if isinstance(entry, dict):
            url, own_branch = str(entry.get("url", "")), str(entry.get("branch") or branch)
        else:
            url, _, own_branch = str(entry).partition(",")
            own_branch = own_branch.strip() or branch
        if not url.strip():
            raise QuillError("a git deploy repo has no URL", "_config.yml")
        for value, key in ((url.strip(), "repo"), (own_branch, "branch")):
            if value.startswith("-"):  # git would read it as an option (--upload-pack=...)
                raise QuillError(f"the git deploy {key} {redact(value)!r} starts with '-'",
                                 "_config.yml", hint=f"write the {key} as a URL or path "
                                 "(./-name for a folder whose name starts with '-')")
        found.append(Remote(_with_token(_from_blog(url.strip(), blog), token), own_branch))
    return found


def _from_blog(url: str, blog: Path) -> str:
    """A relative folder as Hexo reads it: git runs in the blog's `.deploy_git/`, so
    `repo: ../pages.git` is the blog's own pages.git. Given to git as it was, it was read
    from the work folder deep in the cache: not found, and `repo: .` pushed into the work
    folder itself, reported as deployed. URLs (`scheme://`, `user@host:path`) stay as they are."""
    if _is_url(url) or Path(url).is_absolute():
        return url
    return os.path.normpath(blog / ".deploy_git" / url)


def _is_url(url: str) -> bool:
    """`scheme://…` or scp's `user@host:path`; anything else is a folder on this machine."""
    return "://" in url or re.match(r"[^/]*:", url) is not None


class Git:
    """Runs the git CLI in one folder: no prompts, a timeout, errors with credentials hidden."""

    def __init__(self, cwd: Path, timeout: float) -> None:
        self.cwd = cwd
        self.timeout = timeout
        # No https password prompt (it would hang CI until the timeout; credential helpers
        # still work). ssh keeps the user's own settings: on a terminal it may ask for a key's
        # passphrase, and without one (CI) it fails at once.
        self.env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never",
                    "LC_ALL": "C", "LANGUAGE": "C"}

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        try:
            done = subprocess.run(["git", *args], cwd=self.cwd, env=self.env, text=True,
                                  capture_output=True, stdin=subprocess.DEVNULL,
                                  timeout=self.timeout, check=False)
        except FileNotFoundError:
            raise QuillError("git is not installed", hint="install git, then deploy again") from None
        except subprocess.TimeoutExpired:
            raise QuillError(f"`git {args[0]}` took longer than {self.timeout:.0f} s and was "
                             "stopped", hint="check the network, or raise `timeout:` in the "
                             "deploy target") from None
        if check and done.returncode != 0:
            raise QuillError(f"`git {args[0]}` failed: {redact(done.stderr.strip())}")
        return done


def _remote_error(action: str, remote: Remote, stderr: str) -> QuillError:
    text = redact(stderr.strip())
    lower = text.lower()
    if any(mark in lower for mark in _AUTH_FAILURE):
        hint = ("for an https repo set `token: $GITHUB_TOKEN` (an environment variable holding "
                "a token with push rights); for an ssh repo load a key that may push (ssh-add)")
        return QuillError(f"git could not {action} {remote.shown}: credentials are missing or "
                          f"refused\n{text}", "_config.yml", hint=hint)
    if "non-fast-forward" in lower or "fetch first" in lower or "[rejected]" in lower:
        return QuillError(f"the remote refused the push to {remote.shown} {remote.branch}: it "
                          f"has commits this deploy had not fetched (someone deployed meanwhile)."
                          f" Nothing was force-pushed.\n{text}",
                          hint="run `deploy` again: it fetches the new commits first")
    if "remote rejected" in lower or "protected branch" in lower or "hook declined" in lower:
        return QuillError(f"the remote refused the push to {remote.shown} {remote.branch}\n{text}",
                          hint="check the branch's protection rules and your push rights")
    if _is_url(remote.url):
        hint = "check `repo:` (the URL) and the network"
    else:  # a Hexo blog's repo moved to a folder here (a NAS, a test): it was "the network"
        hint = (f"`repo:` is a folder on this machine: make it a repository (`git init --bare "
                f"{remote.url}`) or correct the path")
    return QuillError(f"git could not {action} {remote.shown}\n{text}", "_config.yml", hint=hint)


def _work_dir(config: Config, remote: Remote) -> Path:
    key = hashlib.sha256(f"{remote.shown}\0{remote.branch}".encode()).hexdigest()[:12]
    return config.root_path / CACHE_DIR / "deploy" / f"git-{key}"


def _start_from_remote(git: Git, remote: Remote) -> bool:
    """Make the work folder's branch the remote's tip; False when the branch is new."""
    ref = f"refs/heads/{remote.branch}"
    listed = git.run("ls-remote", "--heads", "--", remote.url, ref, check=False)
    if listed.returncode != 0:
        raise _remote_error("reach", remote, listed.stderr)
    if not listed.stdout.strip():
        git.run("symbolic-ref", "HEAD", ref)
        git.run("update-ref", "-d", ref, check=False)  # drop commits a failed push left
        return False
    # The tip is enough to build on: the next commit's parent is the remote's head, so its
    # history stays whole however old it is, and CI runners need not download all of it.
    fetched = git.run("fetch", "--quiet", "--no-tags", "--depth=1", "--", remote.url,
                      f"+{ref}:refs/remotes/deploy/{remote.branch}", check=False)
    if fetched.returncode != 0:
        raise _remote_error("fetch from", remote, fetched.stderr)
    git.run("checkout", "--quiet", "--force", "-B", remote.branch,
            f"refs/remotes/deploy/{remote.branch}")
    return True


def _identity(git: Git, target: dict[str, Any]) -> list[str]:
    """`-c user.name=... -c user.email=...`: the target's, else git's own, else QuillPress's."""
    name, email = target.get("name"), target.get("email")
    user = target.get("user")
    if isinstance(user, dict):
        name, email = name or user.get("name"), email or user.get("email")
    if not name and not git.run("config", "user.name", check=False).stdout.strip():
        name = "QuillPress"
    if not email and not git.run("config", "user.email", check=False).stdout.strip():
        email = "quillpress@localhost"
    return [*(["-c", f"user.name={name}"] if name else []),
            *(["-c", f"user.email={email}"] if email else [])]


def _add_extras(work: Path, target: dict[str, Any], config: Config) -> None:
    if target.get("nojekyll", True):
        (work / ".nojekyll").write_bytes(b"")
    cname = target.get("cname") or config.get("cname")
    if cname:
        (work / "CNAME").write_text(f"{str(cname).strip()}\n", encoding="utf-8")


def _drop_stale_locks(work: Path, log: logging.Logger) -> None:
    """Remove the `*.lock` files a git that was killed left in the work folder. A deploy
    stopped by Ctrl+C or SIGTERM (a CI job cancelled) kills the git it runs, which leaves its
    `index.lock`, and every deploy after failed 'index.lock: File exists' until the user found
    the file deep in the cache folder. The folder is the deploy's own, and no other deploy of
    the blog runs meanwhile (the output folder's lock, `output.lock.in_use`)."""
    folder = work / ".git"
    for lock in [*folder.glob("*.lock"), *folder.glob("refs/**/*.lock")]:
        lock.unlink(missing_ok=True)
        log.info("git: removed %s, left by a deploy that was stopped", lock.relative_to(work))


def deploy_to(remote: Remote, target: dict[str, Any], public_dir: Path, log: logging.Logger,
              config: Config, dry_run: bool = False) -> bool:
    """Deploy to one remote; True when a commit was pushed. A dry run fetches the branch
    and says which files the commit would add, change and delete, then stops."""
    work = _work_dir(config, remote)
    work.mkdir(parents=True, exist_ok=True)
    git = Git(work, float(target.get("timeout") or DEFAULT_TIMEOUT))
    if not (work / ".git").is_dir():
        git.run("init", "--quiet")
    _drop_stale_locks(work, log)
    had_branch = _start_from_remote(git, remote)
    mirror(public_dir, work)
    _add_extras(work, target, config)
    git.run("add", "--all")
    if dry_run:
        changes = git.run("diff", "--cached", "--name-status", "--no-renames").stdout.splitlines()
        log.info("git: %s %s (dry run, nothing pushed): the commit would change %d files",
                 remote.shown, remote.branch, len(changes))
        for line in changes:
            status, _, name = line.partition("\t")
            log.info("  %s  %s", {"A": "add    ", "M": "change ", "D": "delete "}.get(status, status),
                     name)
        return False
    if had_branch and git.run("diff", "--cached", "--quiet", check=False).returncode == 0:
        log.info("git: %s %s is up to date; nothing to commit", remote.shown, remote.branch)
        return False
    message = commit_message(str(target.get("message") or DEFAULT_MESSAGE), now_in(config))
    git.run(*_identity(git, target), "commit", "--quiet", "--allow-empty", "-m", message)
    pushed = git.run("push", "--porcelain", "--", remote.url, f"HEAD:refs/heads/{remote.branch}",
                     check=False)
    if pushed.returncode != 0:
        raise _remote_error("push to", remote, pushed.stderr + pushed.stdout)
    log.info("git: pushed a commit to %s %s (%s)", remote.shown, remote.branch, message)
    return True


def deploy_git(target: dict[str, Any], public_dir: Path, log: logging.Logger, *,
               config: Config, options: DeployOptions = DEFAULT_OPTIONS) -> None:
    for remote in remotes(target, config.root_path):
        deploy_to(remote, target, public_dir, log, config, options.dry_run)
