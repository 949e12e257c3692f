"""Stylesheets Hexo renders (`.styl`, `.scss`, `.sass`, `.less` in source/) become `.css`.

Hexo renders them with hexo-renderer-stylus, -sass and -less; here the same reference
compilers from npm (stylus, sass, less) run in one Node process (stylesheets.mjs), found in
the blog's own node_modules first (a Hexo blog that used them has them), then QuillPress's.
A format with no compiler at hand gets one warning and its files are copied as they are; a
file that does not compile gets a warning with its line and is copied as it is too.

Compiling costs a Node start (about half a second with Dart Sass), so results are cached by
the content of every stylesheet of the blog (a file may import any other): a build with no
stylesheet changed starts no Node. A build that has some to compile starts Node once its
sources are read (`Stylesheets.start`), so the compile runs on another core while the bodies
render, not while this process waits for it among the routes (conduition's one `.styl`: ~0.2 s).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..build.cache import write_cache_file
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
# Left out of Node's environment: with it, Node reads the named certificates as it starts, 36 ms
# of a ~160 ms compile of one small `.styl` (conduition's, 15 runs); the compilers make no
# connection. The math plugin's workers leave it out for the same reason (its launch.py).
UNUSED_ENV = ("NODE_EXTRA_CA_CERTS",)


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


class _Compiling:
    """The compilers at work on `files` in Node (stylesheets.mjs): the request written, its
    input closed, its answer going to a temporary file, so Node never waits on a full pipe for
    this process to read it. `outcomes` waits for it."""

    def __init__(self, files: list[Path], search: list[Path]) -> None:
        self.files = files
        self.process: subprocess.Popen[bytes] | None = None
        self.known: list[Outcome] | None = None  # answers known without Node's
        node = shutil.which("node")
        if node is None:
            self.known = [Outcome(missing="Node.js") for _ in files]
            return
        request = json.dumps([{"file": str(f), "kind": KINDS[f.suffix.lower()]} for f in files])
        self.answer = tempfile.TemporaryFile()
        try:
            env = {name: value for name, value in os.environ.items() if name not in UNUSED_ENV}
            self.process = subprocess.Popen([node, str(WORKER), *map(str, search)],
                                            stdin=subprocess.PIPE, stdout=self.answer,
                                            stderr=subprocess.DEVNULL, env=env)
            assert self.process.stdin is not None
            with self.process.stdin:
                self.process.stdin.write(request.encode("utf-8"))
        except OSError as exc:
            self.answer.close()
            self.known = self._failed(exc)

    def outcomes(self) -> list[Outcome]:
        """One answer per file, once Node is done (within TIMEOUT_SECONDS)."""
        if self.known is not None:
            return self.known
        assert self.process is not None
        try:
            code = self.process.wait(TIMEOUT_SECONDS)
            if code:
                raise subprocess.CalledProcessError(code, self.process.args)
            self.answer.seek(0)
            answers = json.loads(self.answer.read().decode("utf-8"))
        except (subprocess.SubprocessError, ValueError, OSError) as exc:
            return self._failed(exc)
        finally:
            self.answer.close()
            if self.process.returncode is None:  # too slow
                self.process.kill()
                self.process.wait()
        return [Outcome(**answer) for answer in answers]

    def stop(self) -> None:
        """End Node and forget its answer: the build that wanted it stopped."""
        if self.process is None or self.known is not None:
            return
        self.known = self._failed(RuntimeError("stopped"))
        self.answer.close()
        if self.process.returncode is None:
            self.process.kill()
        self.process.wait()

    def _failed(self, exc: Exception) -> list[Outcome]:
        return [Outcome(error=f"the stylesheet compiler failed: {exc}") for _ in self.files]


class _Started(NamedTuple):
    """What `Stylesheets.start` found and started for `files`."""

    files: list[tuple[str, Path]]
    known: dict[str, str]  # the cache: key -> CSS
    keys: dict[Path, str]
    compiling: _Compiling | None


class Stylesheets:
    """Renders a build's stylesheets, through a cache in the cache folder."""

    def __init__(self, config: "Config", cache_dir: Path | None) -> None:
        self.source = config.source_path
        self.source_dir = config["source_dir"]
        self.search = [config.root_path, PACKAGE_DIR.parent]
        self.cache_file = cache_dir / CACHE_NAME if cache_dir else None
        self._started: _Started | None = None

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

    def start(self, files: list[tuple[str, Path]]) -> None:
        """Start compiling those of `files` (`rel` in the output, file) the cache lacks;
        `routes` for the same files takes the answers."""
        if not files:  # most blogs: neither the cache nor the source folder is read
            self._started = None
            return
        known = self._load()
        keys = self._keys([path for _, path in files])
        todo = [path for _, path in files if keys[path] not in known]
        self._started = _Started(files, known, keys, _Compiling(todo, self.search) if todo else None)

    def stop(self) -> None:
        """End a compile `start` began whose build stopped before `routes` took it (an
        error, Ctrl+C, SIGTERM): Node was left compiling for nobody, then unreaped beside
        the dev server, or running on after the command had ended."""
        if self._started is not None and self._started.compiling is not None:
            self._started.compiling.stop()
        self._started = None

    def routes(self, files: list[tuple[str, Path]], problems: Problems) -> list[Route]:
        """A route per stylesheet (`rel` in the output, file): its CSS under the `.css`
        name, or the file as it is, with a warning, when it cannot be compiled."""
        if not files:
            return []
        if self._started is None or self._started.files != files:
            self.start(files)
        assert self._started is not None
        _, known, keys, compiling = self._started
        self._started = None
        todo = compiling.files if compiling else []
        outcomes = dict(zip(todo, compiling.outcomes())) if compiling else {}
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
            write_cache_file(self.cache_file, json.dumps(fresh))  # a full disk only warns
        return routes
