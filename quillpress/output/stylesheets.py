"""Stylesheets Hexo renders (`.styl`, `.scss`, `.sass`, `.less` in source/) become `.css`.

Hexo renders them with hexo-renderer-stylus, -sass and -less; here the same reference
compilers from npm (stylus, sass, less) run in one Node process (stylesheets.mjs), found in
the blog's own node_modules first (a Hexo blog that used them has them), then QuillPress's.
A format with no compiler at hand gets one warning and its files are copied as they are; a
file that does not compile gets a warning with its line and is copied as it is too.

Compiling costs a Node start (about half a second with Dart Sass), so results are cached by
the content of every stylesheet of the blog (a file may import any other): a build with no
stylesheet changed starts no Node.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..bundled import PACKAGE_DIR
from ..errors import Problems
from ..model.routes import Route

if TYPE_CHECKING:
    from ..config.loader import Config

KINDS = {".styl": "styl", ".scss": "scss", ".sass": "sass", ".less": "less"}
PACKAGES = {"styl": "stylus", "scss": "sass", "sass": "sass", "less": "less"}
WORKER = PACKAGE_DIR / "stylesheets.mjs"
CACHE_NAME = "stylesheets.json"
TIMEOUT_SECONDS = 120


def is_stylesheet(path: Path) -> bool:
    return path.suffix.lower() in KINDS


@dataclass
class Outcome:
    """A compiler's answer for one file: css, or an error (with its line), or the name of
    the npm package that is missing."""

    css: str | None = None
    error: str | None = None
    line: int | None = None
    missing: str | None = None


def _compile(files: list[Path], search: list[Path]) -> list[Outcome]:
    node = shutil.which("node")
    if node is None:
        return [Outcome(missing="Node.js") for _ in files]
    request = json.dumps([{"file": str(f), "kind": KINDS[f.suffix.lower()]} for f in files])
    try:
        done = subprocess.run([node, str(WORKER), *map(str, search)], input=request,
                              capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=True)
        answers = json.loads(done.stdout)
    except (subprocess.SubprocessError, ValueError, OSError) as exc:
        return [Outcome(error=f"the stylesheet compiler failed: {exc}") for _ in files]
    return [Outcome(**answer) for answer in answers]


class Stylesheets:
    """Renders a build's stylesheets, through a cache in the cache folder."""

    def __init__(self, config: "Config", cache_dir: Path | None) -> None:
        self.source = config.source_path
        self.source_dir = config["source_dir"]
        self.search = [config.root_path, PACKAGE_DIR.parent]
        self.cache_file = cache_dir / CACHE_NAME if cache_dir else None

    def _load(self) -> dict[str, str]:
        if self.cache_file is None or not self.cache_file.is_file():
            return {}
        try:
            return dict(json.loads(self.cache_file.read_text(encoding="utf-8")))
        except (ValueError, TypeError):
            return {}

    def _keys(self, files: list[Path]) -> dict[Path, str]:
        """One key per file: its path and the content of every stylesheet of the blog."""
        everything = hashlib.sha256()
        for path in sorted(p for p in self.source.rglob("*") if is_stylesheet(p) and p.is_file()):
            everything.update(path.as_posix().encode() + b"\0" + path.read_bytes())
        shared = everything.hexdigest()
        return {f: hashlib.sha256(f"{f}\0{shared}".encode()).hexdigest()[:24] for f in files}

    def routes(self, files: list[tuple[str, Path]], problems: Problems) -> list[Route]:
        """A route per stylesheet (`rel` in the output, file): its CSS under the `.css`
        name, or the file as it is, with a warning, when it cannot be compiled."""
        if not files:
            return []
        known = self._load()
        keys = self._keys([path for _, path in files])
        todo = [path for _, path in files if keys[path] not in known]
        outcomes = dict(zip(todo, _compile(todo, self.search))) if todo else {}
        missing: set[str] = set()
        routes = []
        for rel, path in files:
            outcome = Outcome(css=known[keys[path]]) if keys[path] in known else outcomes[path]
            if outcome.css is not None:
                known[keys[path]] = outcome.css
                routes.append(Route(path=str(Path(rel).with_suffix(".css").as_posix()),
                                    content=outcome.css))
                continue
            where = f"{self.source_dir}/{path.relative_to(self.source).as_posix()}"
            if outcome.missing and path.suffix not in missing:
                missing.add(path.suffix)
                problems.warn(f"no renderer for {path.suffix} stylesheets: {outcome.missing!r} "
                              f"is not installed; copied as they are", where,
                              hint=f"run `make setup` (npm ci), or `npm install "
                                   f"{PACKAGES[KINDS[path.suffix.lower()]]}` in the blog")
            elif outcome.error:
                problems.warn(f"stylesheet not rendered: {outcome.error}; copied as it is",
                              where, outcome.line, hint="fix the stylesheet (Hexo would stop here)")
            routes.append(Route(path=rel, source=path))
        if self.cache_file is not None and todo:
            fresh = {keys[p]: known[keys[p]] for _, p in files if keys[p] in known}
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            self.cache_file.write_text(json.dumps(fresh), encoding="utf-8")
        return routes
