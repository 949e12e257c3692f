"""Turning a request path into a file of the output folder, refusing anything outside it.

The rules, in order: the path is percent-decoded once; it must sit under the site's `root`;
no segment may be `..` (or `.`), no backslash or NUL may appear, and after symlinks are
followed the file must still be inside the output folder. Clean URLs: `/a/` is
`/a/index.html`, `/a` (a folder) redirects to `/a/`, and `/a` may also be `a.html` (for
`pretty_urls.trailing_html: false`). QuillPress's own files in the output folder are not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..output.ownership import RECORD, SCRATCH


@dataclass
class Resolved:
    """The outcome of a lookup: exactly one of `file`, `redirect`, or a bare status."""

    status: int  # 200, 301 (see redirect), 400, 403 or 404
    file: Path | None = None
    redirect: str | None = None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):  # broken or looping symlink
        return False


def resolve_request(raw_target: str, public: Path, root: str = "/") -> Resolved:
    """Map the request target (path and query) to a file under `public` (already resolved)."""
    parts = urlsplit(raw_target)
    try:
        path = unquote(parts.path, errors="strict") if "%" in parts.path else parts.path
    except UnicodeDecodeError:
        return Resolved(400)
    if "\0" in path or "\\" in path or not path.startswith("/"):
        return Resolved(403)
    root = "/" + root.strip("/") + "/" if root.strip("/") else "/"
    if root != "/" and path + "/" == root:
        return Resolved(301, redirect=root + (f"?{parts.query}" if parts.query else ""))
    if root != "/" and path == "/":
        return Resolved(301, redirect=root)
    if not path.startswith(root):
        return Resolved(404)
    rel = path[len(root):]
    segments = rel.split("/")
    if rel.startswith("/") or any(s in ("..", ".") for s in segments):
        return Resolved(403)
    if segments[0] in (RECORD, SCRATCH):  # QuillPress's own, never the site's (deploy leaves
        return Resolved(404)  # them out): the record, and a rebuild's pages not renamed in yet
    target = public.joinpath(*[s for s in segments if s])
    if not _inside(target, public):
        return Resolved(403)
    try:
        return _look_up(target, path, parts.query, public)
    except OSError:  # a name longer than the file system takes (a scanner's request): none
        return Resolved(404)


def _look_up(target: Path, path: str, query: str, public: Path) -> Resolved:
    """The file `target` names in the output folder (clean URLs: see the module)."""
    if target.is_dir():
        if not path.endswith("/"):
            location = quote(path, safe="/:@!$&'()*+,;=~-._") + "/"
            return Resolved(301, redirect=location + (f"?{query}" if query else ""))
        target = target / "index.html"
    elif not target.exists() and not path.endswith("/") and target.suffix == "":
        target = target.with_name(target.name + ".html")
    if not target.is_file():
        return Resolved(404)
    if not _inside(target, public):
        return Resolved(403)
    return Resolved(200, file=target)
