"""The blog's own Markdown renderer version on the Hexo side, where the pinned one differs.

The pinned set (package.json here) holds one version of each renderer: hexo-renderer-marked
6.3 with marked 4.3. A blog whose lock file pins another (sjf0115's marked 0.3.6) was built by
its author with that one, and marked 0.3 and 4.3 differ (a tab in a table's delimiter row, lists
after a paragraph): a diff against 4.3 reports differences that are not ours. So the renderer
and its engine are installed in the versions the blog's lock (else its package.json range)
names, once per pair under ./renderers/ (git-ignored; npm, offline from its cache when it can),
and the Hexo copy's node_modules is a folder of links to the pinned set with those two
replaced. Where that cannot be done, the report says which version ran against which was asked.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import NamedTuple

from quillpress.config.hexo_plugins import markdown_renderer
from quillpress.config.locked_versions import locked_version

HERE = Path(__file__).resolve().parent
RENDERERS = HERE / "renderers"
# each renderer's engine: the package whose version decides what the Markdown becomes
ENGINES = {"hexo-renderer-marked": "marked", "hexo-renderer-kramed": "kramed",
           "hexo-renderer-markdown-it": "markdown-it"}


class Pin(NamedTuple):
    """What the Hexo copy renders with: `ran` (`marked 0.3.6`), what the blog asked for,
    where the two packages come from (None: the pinned set), and a note for the report."""

    renderer: str
    ran: str
    asked: str
    folder: Path | None
    note: str


def version_in(modules: Path, name: str, parent: str) -> str | None:
    """The version of `name` that `parent` (both in node_modules folder `modules`) loads."""
    for path in (modules / parent / "node_modules" / name, modules / name):
        try:
            return str(json.loads((path / "package.json").read_text(encoding="utf-8"))["version"])
        except (OSError, ValueError, KeyError):
            continue
    return None


def _asked(blog: Path, renderer: str, engine: str) -> tuple[str, str | None] | None:
    """The renderer's and the engine's versions (or range) the blog asks for, from its lock,
    else the renderer's range in package.json (the engine then as that renderer resolves)."""
    locked = locked_version(blog, renderer, renderer)
    engine_locked = locked_version(blog, engine, renderer)
    if locked is not None and engine_locked is not None:
        return ".".join(map(str, locked)), ".".join(map(str, engine_locked))
    try:
        package = json.loads((blog / "package.json").read_text(encoding="utf-8"))
        deps = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    except (OSError, ValueError, AttributeError):
        return None
    spec = deps.get(renderer)
    return (str(spec), None) if isinstance(spec, str) and re.match(r"[\^~=v]*\d", spec) else None


# The pairs npm could not install in this run: each is tried once. Offline, npm retries the
# registry for up to a minute before it fails, and many blogs ask for the same pair.
_FAILED: set[tuple[str, ...]] = set()


def _install(renderer: str, spec: str, engine: str, engine_spec: str | None) -> Path | None:
    """`renderer@spec` (and `engine@engine_spec`) installed under RENDERERS, or None."""
    wanted = [f"{renderer}@{spec}"] + ([f"{engine}@{engine_spec}"] if engine_spec else [])
    folder = RENDERERS / re.sub(r"[^\w.@+-]", "_", "+".join(wanted))
    if (folder / "node_modules" / renderer / "package.json").is_file():
        return folder
    if tuple(wanted) in _FAILED:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text('{"private": true}\n')
    try:
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefer-offline",
                        "--ignore-scripts", *wanted], cwd=folder, check=True,
                       capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        _FAILED.add(tuple(wanted))
        return None
    return folder


def pin(blog: Path, pinned: Path, install: bool = True) -> Pin | None:
    """The renderer the Hexo copy of `blog` should load, when the blog's renderer is one of
    ENGINES and the pinned set (`pinned`, a node_modules folder) holds it; None otherwise."""
    renderer = markdown_renderer(blog)
    if renderer not in ENGINES or not (pinned / renderer).is_dir():
        return None
    engine = ENGINES[renderer]
    here = f"{engine} {version_in(pinned, engine, renderer)}"
    asked = _asked(blog, renderer, engine)
    if asked is None:
        return Pin(renderer, here, "", None, "")
    spec, engine_spec = asked
    wish = f"{renderer}@{spec}" + (f" with {engine} {engine_spec}" if engine_spec else "")
    if engine_spec and here == f"{engine} {engine_spec}":
        return Pin(renderer, here, here, None, "")
    folder = _install(renderer, spec, engine, engine_spec) if install else None
    if folder is None:
        return Pin(renderer, here, wish, None,
                   f"the blog asks for {wish}; it could not be installed, so {here} ran")
    ran = f"{engine} {version_in(folder / 'node_modules', engine, renderer)}"
    if ran == here:
        return Pin(renderer, here, wish, None, "")
    return Pin(renderer, ran, wish, folder, f"the blog's {wish} ran, not the pinned {here}")


def link_modules(work: Path, pinned: Path, chosen: Pin | None) -> None:
    """`work/node_modules`: the pinned set, with the renderer and its engine from the blog's
    versions when `chosen` installed them (a renderer resolves its engine from where it
    really lies, so both come from the same install)."""
    target = work / "node_modules"
    if chosen is None or chosen.folder is None:
        target.symlink_to(pinned, target_is_directory=True)
        return
    own = chosen.folder / "node_modules"
    swapped = {chosen.renderer, ENGINES[chosen.renderer]}
    target.mkdir()
    for entry in pinned.iterdir():
        if entry.name not in swapped:
            (target / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    for name in swapped:
        if (own / name).is_dir():
            (target / name).symlink_to(own / name, target_is_directory=True)
        elif (pinned / name).exists():
            (target / name).symlink_to(pinned / name, target_is_directory=True)
