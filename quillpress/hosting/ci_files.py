"""`init --ci HOST`: write the file a host reads to build the blog and publish it on push.

The templates are data files in `templates/`, one per host, with `@key@` markers filled from
the blog's config (its source and output folders) so the file matches the blog it lands in.
A file that already exists is the user's and is never overwritten unless they ask (`--replace`).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ..errors import QuillError

TEMPLATES = Path(__file__).resolve().parent / "templates"
# host -> (template, where it goes in the blog)
HOSTS: dict[str, tuple[str, str]] = {
    "github": ("github.yml", ".github/workflows/quillpress.yml"),
    "gitlab": ("gitlab-ci.yml", ".gitlab-ci.yml"),
    "netlify": ("netlify.toml", "netlify.toml"),
    "vercel": ("vercel.json", "vercel.json"),
    "cloudflare": ("wrangler.toml", "wrangler.toml"),
}
# The blog's requirements.txt names the QuillPress it was written for; else the released one.
INSTALL = ("if [ -f requirements.txt ]; then pip install -r requirements.txt; "
           "else pip install quillpress; fi")


def _branch(folder: Path) -> str:
    """The branch a push to publishes: the repository's current one, else `main`."""
    try:
        done = subprocess.run(["git", "-C", str(folder), "symbolic-ref", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "main"
    name = done.stdout.strip()
    return name if done.returncode == 0 and re.fullmatch(r"[\w./-]+", name) else "main"


def _project_name(folder: Path) -> str:
    """Cloudflare's project names are lowercase letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-") or "blog"


def render(host: str, values: dict[str, str]) -> str:
    """The host's file with every `@key@` of `values` filled in."""
    template, _ = HOSTS[host]
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def write_ci_files(folder: Path, host: str, source_dir: str, public_dir: str,
                   replace: bool = False) -> Path:
    """Write the host's file into the blog at `folder`; returns its path."""
    if host not in HOSTS:
        raise QuillError(f"unknown host {host!r} for --ci", hint="choose one of: " +
                         ", ".join(HOSTS))
    target = folder / HOSTS[host][1]
    if target.exists() and not replace:
        raise QuillError(f"{HOSTS[host][1]} already exists and was left as it is", target,
                         hint="keep yours, or run `init --ci "
                              f"{host} --replace` to overwrite it with QuillPress's")
    values = {"branch": _branch(folder), "source_dir": source_dir.strip("/"),
              "public_dir": public_dir.strip("/"), "install": INSTALL,
              "name": _project_name(folder)}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(host, values), encoding="utf-8")
    return target
