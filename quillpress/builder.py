"""The pipeline: source → render → site → routes → write, kept warm for rebuilds.

`Builder.build()` does a whole build; called again with the changed paths (the dev server
does that) it re-reads only those files, re-renders only their bodies, and re-renders only
routes whose fingerprint changed. A plain CLI build benefits too: bodies come from the disk
cache and route fingerprints from the last build, so an unchanged site renders nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import json
import logging
import os
import re
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import __version__
from .cache import BodyCache
from .collisions import same_url_error, shared_tag_warnings
from .config import Config, finish_checks, load_config
from .document import Document, Rendered
from .errors import Problems, QuillError
from .generators import BUILTIN_GENERATORS
from .line_breaks import line_breaks
from .linkcheck import LinkChecker
from .highlight import stylesheet
from .manifest import Manifest, changed_since, stamp_files
from .markdown import build_parser
from .parallel import fork_map
from .plugin_api import Extensions, PageView, PluginError, load_plugins
from .progress import Progress
from .render import render_document
from .reads import Key, PageRecord, ReadRecorder, ReadValues, records_from_json, records_to_json
from .render_context import LINK_MARKER, LINK_OPEN, deps_current
from .routes import Route
from .site import Site, build_site
from .source import SourceTree, hexo_theme_source, load_document, scan, theme_source_files
from .stylesheets import Stylesheets, is_stylesheet
from .theme import Theme
from .urls import full_url_for, make_relative, output_file, url_for
from .writer import Writer, check_public_dir, make_folder

log = logging.getLogger("quillpress")
CACHE_DIR = ".quillpress-cache"
PARALLEL_THRESHOLD = 48


@dataclass
class BuildResult:
    posts: int = 0
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    rendered_docs: int = 0
    rendered_routes: int = 0
    seconds: float = 0.0
    problems: Problems = field(default_factory=Problems)
    changed_paths: list[str] = field(default_factory=list)  # output files written or removed
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems.errors


class Builder:
    """One blog, loaded once; `build()` may be called again after files change."""

    cache: BodyCache  # set by setup(), which closes the one it replaces

    def __init__(self, root: Path, *, config_files: list[Path] | None = None,
                 drafts: bool = False, in_place: bool = False, workers: int | None = None,
                 overrides: dict[str, Any] | None = None, progress: Progress | None = None,
                 use_cache: bool = True, cache_dir: Path | None = None,
                 trust_manifest: bool = False, force: bool = False) -> None:
        self.root = root.resolve()
        self.force = force  # may write into a folder of the user's (never deleting its files)
        # A fresh CLI build may end at once when the last build's manifest shows nothing
        # changed; the dev server needs the whole model in memory, so it never does.
        self.trust_manifest = trust_manifest and use_cache and not in_place
        self.cache_dir = cache_dir or self.root / CACHE_DIR
        self.config_files = config_files
        self.drafts = drafts
        self.in_place = in_place
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self.overrides = overrides or {}
        self.progress = progress or Progress(enabled=False)
        self.use_cache = use_cache
        self.docs: dict[Path, Document] = {}
        self._stamps: dict[Path, tuple[int, int]] = {}
        self._doc_errors: dict[Path, QuillError] = {}
        self._records: dict[str, PageRecord] = {}
        self._outputs: set[str] = set()
        self._outputs_known = False  # True once an in-place commit left exactly _outputs
        self._tree: SourceTree | None = None
        self._tree_files: set[Path] = set()
        self._links: dict[int, tuple[Rendered, list[str]]] = {}
        self._late_warnings: list[tuple[str, str]] = []  # link warnings of the pages being made
        self._tampered: set[str] = set()  # outputs changed by hand since the last build
        self._read_stamps: dict[str, list[int]] = {}  # sources as this build found them
        self.site: Site | None = None
        self.routes: dict[str, Route] = {}
        self.setup()

    # -- set-up: config, plugins, theme, parser; redone when config or plugins change --
    def setup(self) -> None:
        overrides = dict(self.overrides)
        if self.drafts:
            overrides["render_drafts"] = True
        self.config: Config = load_config(self.root, self.config_files, overrides,
                                          defer_errors=True)
        self.drafts = self.drafts or bool(self.config["render_drafts"])
        self._public_checked = False  # (again) before this set-up's first write
        if self.use_cache:
            make_folder(self.cache_dir, "the cache folder")  # a read-only project fails here
        self.extensions = Extensions(cache_root=self.cache_dir)
        load_plugins(self.config, self.extensions)
        finish_checks(self.config)  # every config error at once, the plugins' sections too
        self.extensions.emit("after_config", config=self.config)
        self.theme = Theme(self.config, self.extensions)  # may warn about theme keys
        self._config_warnings = list(self.config.report.warnings)  # shown by the next build
        self.md = build_parser(self.config, self.extensions)
        salt = (f"{__version__}|{self.config.fingerprint()}|{self.extensions.fingerprint()}"
                f"|breaks={line_breaks(self.config)}")
        self._salt = hashlib.sha256(salt.encode()).hexdigest()[:16]
        self._global_print = f"{self._salt}|{self.theme.fingerprint()}"
        cache_dir = self.cache_dir
        if hasattr(self, "cache"):
            self.cache.close()
        self.cache = BodyCache(cache_dir / "bodies.sqlite" if self.use_cache else None)
        self._prints_file = cache_dir / "routes.json" if self.use_cache else None
        self._records = self._load_records()
        self.link_checker = LinkChecker(self.config.public_path,
                                        cache_dir if self.use_cache else None, self.config)
        self.docs.clear()
        self._tree = None
        self._stamps.clear()

    def reload_theme(self) -> None:
        self.theme = Theme(self.config, self.extensions)
        self._global_print = f"{self._salt}|{self.theme.fingerprint()}"

    def _load_records(self) -> dict[str, PageRecord]:
        if self._prints_file and self._prints_file.exists():
            try:
                data = json.loads(self._prints_file.read_text())
                if data.get("public") == str(self.config.public_path):
                    return records_from_json(data)
            except (ValueError, KeyError, TypeError):
                pass
        return {}

    def _save_records(self) -> None:
        if self._prints_file:
            self._prints_file.parent.mkdir(parents=True, exist_ok=True)
            self._prints_file.write_text(json.dumps(
                {"public": str(self.config.public_path), **records_to_json(self._records)}))

    # -- stage 1: source --
    def _load_documents(self, tree: SourceTree, problems: Problems,
                        suspects: set[Path] | None = None) -> list[Document]:
        """Re-read documents whose file changed; with `suspects` (the dev server knows what
        changed), only those and documents that read other files are checked."""
        found = set(tree.documents)
        for gone in set(self.docs) - found:
            del self.docs[gone]
            self._stamps.pop(gone, None)
        for gone in set(self._doc_errors) - found:
            del self._doc_errors[gone]
        if suspects is None:
            check = tree.documents
        else:
            readers = {p for p, d in self.docs.items() if d.rendered is not None and d.rendered.deps}
            check = [p for p in tree.documents if p in suspects or p in readers]
        for path in check:
            try:
                stat = path.stat()
            except OSError:
                continue
            stamp = (stat.st_mtime_ns, stat.st_size)
            if self._stamps.get(path) == stamp and (path in self._doc_errors or (
                    path in self.docs and self._deps_current(self.docs[path]))):
                continue
            self._stamps[path] = stamp
            try:
                self.docs[path] = load_document(path, self.config, tree.asset_dirs.get(path))
                self._doc_errors.pop(path, None)
            except QuillError as exc:
                self._doc_errors[path] = exc
                self.docs.pop(path, None)
            except Exception as exc:  # a bug met by one file must not stop the others
                self._doc_errors[path] = QuillError(
                    f"could not read this file: {exc!r}", path.relative_to(self.root),
                    hint="run with --debug and report it if the file looks right")
                self.docs.pop(path, None)
        for error in self._doc_errors.values():
            problems.error(error)
        return [self.docs[p] for p in tree.documents if p in self.docs]

    @staticmethod
    def _deps_current(doc: Document) -> bool:
        """A body that read other files (chart data) is stale once one of them changed."""
        return doc.rendered is None or deps_current(doc.rendered.deps)

    # -- stage 2: render bodies (cached, parallel when many) --
    def _body_key(self, doc: Document) -> str:
        assets = ""
        if doc.asset_dir is not None:
            assets = ",".join(sorted(p.name for p in doc.asset_dir.rglob("*")))
        return hashlib.sha256(f"{self._salt}|{doc.source_hash}|{doc.path}|{assets}".encode()).hexdigest()

    def _render_documents(self, docs: list[Document], problems: Problems) -> int:
        todo: list[tuple[Document, str]] = []
        for doc in docs:
            if doc.rendered is not None:
                continue
            key = self._body_key(doc)
            cached = self.cache.get(key)
            if cached is not None and deps_current(cached.deps):
                doc.rendered = cached
            else:
                todo.append((doc, key))
        fresh: dict[str, Rendered] = {}
        results = self._render_many([doc for doc, _ in todo])
        for (doc, key), (rendered, failure) in zip(todo, results):
            if rendered is None:
                problems.error(QuillError(f"rendering failed:\n{failure}",
                                          f"{self.config['source_dir']}/{doc.rel}"))
                doc.rendered = Rendered("", "", [], [], "")
                continue
            doc.rendered = rendered
            fresh[key] = rendered
        for doc in docs:
            for warning in [*doc.read_warnings, *(doc.rendered.warnings if doc.rendered else [])]:
                problems.warn(warning["message"], warning["path"], warning["line"], warning.get("hint"))
        self.cache.put_many(fresh)
        return len(todo)

    def _render_many(self, docs: list[Document]) -> list[tuple[Rendered | None, str | None]]:
        """Render bodies (in forked workers when many): (rendered, None) or (None, traceback)."""
        total = len(docs)
        results: list[tuple[Rendered | None, str | None]] = [(None, None)] * total
        for done, (index, outcome) in enumerate(
                fork_map(self._render_body, docs, self.workers, PARALLEL_THRESHOLD), 1):
            results[index] = outcome
            self.progress.update("rendering", done, total)
        return results

    def _render_body(self, doc: Document) -> tuple[Rendered | None, str | None]:
        try:
            return render_document(doc, self.md, self.config, self.extensions), None
        except PluginError as exc:  # names the plugin, its event and its line
            return None, str(exc)
        except Exception:
            return None, traceback.format_exc()

    # -- stage 4: routes --
    def _collect_routes(self, site: Site, tree: SourceTree, problems: Problems) -> dict[str, Route]:
        routes: dict[str, Route] = {}

        def add(route: Route, origin: str) -> None:
            try:
                rel = output_file(route.path)
            except ValueError as exc:
                problems.error(_route_path_error(route, origin, exc, self.config))
                return
            if self.theme.path is None and route.layouts:  # `theme: false`: no templates
                if not route.docs:
                    return  # list pages need a theme
                route.layouts = []  # documents are written as their rendered HTML
            if rel in routes and origin != "asset":
                previous = routes[rel]
                if isinstance(route.page, Document) and isinstance(previous.page, Document):
                    problems.error(same_url_error(previous.page, route.page, rel, self.config))
                    return
                problems.warn(f"two pages want {rel!r} ({origin} wins over an earlier route"
                              f"{' from ' + previous.docs[0].rel if previous.docs else ''})")
            routes[rel] = route

        hexo_source = hexo_theme_source(self.config, self.theme.path)
        for path in theme_source_files(hexo_source) if hexo_source else []:  # lowest priority
            assert hexo_source is not None
            add(Route(path=path.relative_to(hexo_source).as_posix(), source=path), "asset")
        theme_static = self.theme.static_dir()
        if theme_static:
            for path in sorted(p for p in theme_static.rglob("*") if p.is_file()):
                add(Route(path=path.relative_to(theme_static).as_posix(), source=path), "asset")
        for source, dest in self.extensions.statics:
            if not source.is_dir():
                problems.warn(f"static folder {source} is missing",
                              hint="run the set-up (make setup) to install browser assets")
                continue
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                add(Route(path=f"{dest}/{path.relative_to(source).as_posix()}", source=path), "asset")
        add(Route(path="css/highlight.css", content=stylesheet()), "asset")
        source_root = self.config.source_path
        styles: list[tuple[str, Path]] = []
        for path in tree.assets:
            rel: str | None = path.relative_to(source_root).as_posix()
            if rel is not None and rel.startswith("_posts/"):
                rel = self._post_asset_path(path, tree)
            elif rel is not None and is_stylesheet(path):
                styles.append((rel, path))  # rendered to .css below, as Hexo does
                continue
            if rel is not None:
                add(Route(path=rel, source=path), "asset")
        stylesheets = Stylesheets(self.config, self.cache_dir if self.use_cache else None)
        for route in stylesheets.routes(styles, problems):
            add(route, "asset")
        for name, generator in [*BUILTIN_GENERATORS, *self.extensions.generators]:
            try:
                for route in generator(site):
                    add(route, name)
            except QuillError as exc:
                problems.error(exc)
            except Exception as exc:
                problems.error(QuillError(f"generator {name} failed: {exc!r}\n{traceback.format_exc()}"))
        for warning in self.theme.fallback_warnings(routes.values()):
            problems.warn(warning.message, warning.path, warning.line, warning.hint)
        return routes

    def _post_asset_path(self, path: Path, tree: SourceTree) -> str | None:
        """A file in a post's asset folder goes beside the post's output."""
        for post_file, folder in tree.asset_dirs.items():
            if path.is_relative_to(folder) and post_file in self.docs:
                base = self.docs[post_file].path
                base = base if base.endswith("/") else base.rsplit("/", 1)[0] + "/"
                return base + path.relative_to(folder).as_posix()
        return None

    # -- stage 5: render routes through the theme --
    def _context(self, route: Route, site: Site, reads: ReadRecorder) -> dict[str, Any]:
        """The template variables; `page`, `site` and `extra` are recording views (reads.py)."""
        page = route.page
        kind = "post" if isinstance(page, Document) and page.is_post else (
            "page" if isinstance(page, Document) else None)

        def get(key: str) -> Any:
            return getattr(page, key, None) if page is not None else None

        context = {
            "page": reads.wrap(page), "path": route.path,
            "url": full_url_for(route.path, self.config),
            "config": self.config, "site": reads.wrap(site), "theme": self.theme.settings,
            "is_home": lambda: bool(get("__index")) if not isinstance(page, Document) else False,
            "is_post": lambda: kind == "post", "is_page": lambda: kind == "page",
            "is_archive": lambda: bool(get("archive")), "is_tag": lambda: bool(get("tag")),
            "is_category": lambda: bool(get("category")),
            "is_year": lambda: bool(get("year")) and not get("month"),
            "is_month": lambda: bool(get("month")),
        }
        context.update({name: reads.wrap(value) for name, value in route.extra.items()})
        return context

    def _render_routes(self, todo: list[tuple[str, Route]]
                       ) -> Iterator[tuple[str, bytes | Path | QuillError, list[Key]]]:
        """Render routes through the theme, yielding each as it is done so the writer can
        put it on disk at once (in forked workers when there are many)."""
        total = len(todo)
        outcomes = fork_map(self._route_output, todo, self.workers, PARALLEL_THRESHOLD * 4)
        for done, (index, (output, error, warnings, keys)) in enumerate(outcomes, 1):
            self._late_warnings.extend(warnings)
            self.progress.update("writing", done, total)
            rel = todo[index][0]
            if error:
                yield rel, QuillError(**error), keys
            else:
                assert output is not None  # a route without an error has its output
                yield rel, output, keys

    def _route_output(self, item: tuple[str, Route]) -> tuple[
            bytes | Path | None, dict[str, Any] | None, list[tuple[str, str]], list[Key]]:
        """One route's bytes, or its error as a dict (plain data crosses from a worker
        whole), with the link warnings it raised and what its templates read."""
        rel, route = item
        outer, self._late_warnings = self._late_warnings, []
        assert self.site is not None
        reads = ReadRecorder(self.site, route)
        try:
            return (self._render_route(rel, route, self.site, reads), None, self._late_warnings,
                    reads.sorted_keys())
        except QuillError as exc:
            return None, exc.to_dict(), self._late_warnings, []
        except RecursionError:  # a template or generator nesting without end: name the page
            error = QuillError(f"making {rel} nested too deeply (RecursionError)",
                               hint="look for a template or macro that includes itself")
            return None, error.to_dict(), self._late_warnings, []
        finally:
            self._late_warnings = outer

    def _render_route(self, rel: str, route: Route, site: Site,
                      reads: ReadRecorder | None = None) -> bytes | Path:
        reads = reads or ReadRecorder(site, route)
        if route.source is not None:
            return route.source
        if route.make is not None:
            data = route.make()
        elif route.content is not None:
            data = route.content
        elif not route.layouts:
            data = route.page.content if route.page is not None else ""
        else:
            try:
                data = self.theme.render(route.layouts, self._context(route, site, reads))
            except jinja2.TemplateError as exc:
                raise _template_error(exc, rel) from exc
            data = self._inject(data, rel, route)
            if self.config["relative_link"]:
                data = make_relative(data, route.path, self.config)
        if isinstance(data, str):
            if LINK_OPEN in data:
                data = self._resolve_links(data, site, reads)
            return data.encode("utf-8")
        return data

    def _inject(self, page_html: str, rel: str, route: Route) -> str:
        injections = self.extensions.injections
        if not any(injections.values()):
            return page_html
        view = PageView(url=route.path, html=page_html, layout=route.layouts[0])
        parts = {where: "".join(item if isinstance(item, str) else item(view) for item in items)
                 for where, items in injections.items()}
        if parts["head_begin"]:
            page_html = re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + parts["head_begin"], page_html, count=1)
        if parts["head_end"]:
            page_html = page_html.replace("</head>", parts["head_end"] + "</head>", 1)
        if parts["body_begin"]:
            page_html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + parts["body_begin"], page_html, count=1)
        if parts["body_end"]:
            at = page_html.rfind("</body>")
            page_html = page_html[:at] + parts["body_end"] + page_html[at:] if at >= 0 else page_html + parts["body_end"]
        return page_html

    def _resolve_links(self, text: str, site: Site, reads: ReadRecorder) -> str:
        by_slug = site.posts_by_slug()

        def replace(match: re.Match[str]) -> str:
            what, slug, label, where = (match.group(1).split("|", 3) + ["", "", ""])[:4]
            reads.note(("l", slug))
            post = by_slug.get(slug) or by_slug.get(slug.removesuffix(".md"))
            if post is None:
                self._late_warnings.append((f"post_{what}: no post with slug {slug!r}", where))
                return html.escape(label or slug) if what == "link" else "#"
            href = url_for(post.path, self.config)
            if what == "path":
                return href
            return f'<a href="{html.escape(href)}" title="{html.escape(post.title)}">{label or html.escape(post.title)}</a>'
        return LINK_MARKER.sub(replace, text)

    # -- the whole pipeline --
    def _apply_changes(self, paths: set[Path]) -> None:
        """Reload what a change invalidates beyond documents: config, plugins, theme."""
        if any((p.name.startswith("_config") and p.suffix in (".yml", ".yaml"))
               or (self.root / "plugins") in p.parents for p in paths):
            self.setup()
        elif any(p.is_relative_to(self.root / "themes") for p in paths):
            self.reload_theme()

    def _known_tree(self, changed: set[Path]) -> SourceTree | None:
        """The last scan, when the changes cannot have added or removed a source file:
        they are all edits of files it found, or lie outside the source folder."""
        if self._tree is None or not changed:
            return None
        source = self.config.source_path
        for path in changed:
            if path.is_relative_to(source) and (path not in self._tree_files or not path.is_file()):
                return None
        return self._tree

    def build_model(self, result: BuildResult | None = None,
                    changed: set[Path] | None = None) -> BuildResult:
        """Stages 1–4: read sources, render bodies, make the site and its routes.

        `changed` (resolved paths) lets a rebuild skip walking the source folder and
        checking every file, when those changes are all it has to look at."""
        result = result or BuildResult()
        problems = result.problems
        for warning in self._config_warnings:
            problems.warn(warning.message, warning.path, warning.line, warning.hint)
        self._config_warnings = []
        self._late_warnings = []
        tree = self._known_tree(changed or set())
        suspects = changed if tree is not None else None
        if tree is None:
            try:
                tree = scan(self.config, self.drafts)
            except QuillError as exc:
                problems.error(exc)
                return result
            self._tree, self._tree_files = tree, {*tree.documents, *tree.assets}
            if self.trust_manifest:  # the sources as this build reads them (manifest.py)
                self._read_stamps = stamp_files(self._tree_files, {self.config.source_path})
        docs = self._load_documents(tree, problems, suspects)
        result.rendered_docs = self._render_documents(docs, problems)
        site = build_site(docs, self.config, self.drafts)
        problems.warnings.extend(shared_tag_warnings(site))
        try:
            self.extensions.emit("after_site", site=site)
        except PluginError as exc:
            problems.error(exc)
        self.site = site
        result.posts, result.pages = len(site.posts), len(site.pages)
        self.routes = self._collect_routes(site, tree, problems)
        return result

    def build(self, changed: Iterable[Path] = ()) -> BuildResult:
        """Build the site, re-using whatever is still valid; returns what happened.

        `changed` names the files that changed since the last build of this Builder (the
        dev server's watcher knows): then only those are looked at. Without it, every
        source file is checked (mtime and size), which a fresh process must do anyway."""
        start = time.perf_counter()
        paths = {Path(p).resolve() for p in changed}
        if self.trust_manifest and not paths and self.site is None:
            current = self._current_manifest()
            if current is not None:
                return self._result_from(current, start)
        self._apply_changes(paths)
        if not self._public_checked:  # before any work: a refused folder fails at once
            check_public_dir(self.config, self.force)
            self._public_checked = True
        result = self.build_model(changed=paths)
        problems = result.problems
        if self.site is None or (problems.errors and not self.routes):
            result.seconds = time.perf_counter() - start
            return result
        site, routes = self.site, self.routes
        writer = Writer(self.config.public_path, in_place=self.in_place, force=self.force,
                        expected=set(routes))
        shared = f"{self._global_print}|{site.shared_fingerprint()}"
        by_slug = site.posts_by_slug()
        linking = self._link_slugs([*site.posts, *site.unlisted, *site.pages])
        public = self.config.public_path
        records: dict[str, PageRecord] = {}
        values = ReadValues(site)
        explain = self._explainer(site, shared) if log.isEnabledFor(logging.DEBUG) else None
        todo: list[tuple[str, Route]] = []
        for rel, route in routes.items():
            fingerprint = route.fingerprint(shared + _linked_posts(route, linking, by_slug))
            old = self._records.get(rel)
            if (old is not None and old.is_current(fingerprint, values)
                    and self._has_output(public, rel) and rel not in self._tampered):
                records[rel] = old
                if not self.in_place:
                    writer.add(rel, public / rel)  # staging holds a link to it: no copy
                continue
            records[rel] = PageRecord(fingerprint)
            if explain is not None:
                log.debug("render %s: %s", rel, explain.why(rel, route, shared, old, fingerprint,
                                                           values))
            todo.append((rel, route))
        for rel, output, keys in self._render_routes(todo):
            if isinstance(output, QuillError):
                problems.error(output)
                records.pop(rel, None)
            else:
                writer.add(rel, output)
                records[rel] = PageRecord(records[rel].fingerprint, tuple(keys),
                                          values.digest(keys))
                result.rendered_routes += 1
        for message, where in self._late_warnings:
            path, _, line = where.rpartition(":")
            problems.warn(message, path or None, int(line) if line.isdigit() else None)
        try:
            self.extensions.emit("after_build", result=result)
        except PluginError as exc:
            problems.error(exc)
        if problems.errors and not self.in_place:
            writer.abort()
            result.seconds = time.perf_counter() - start
            return result  # the public folder keeps its last good content
        keep = set(routes) if self.in_place else set()
        if problems.errors:
            keep |= self._outputs  # keep last good pages of documents that broke
        stats = writer.commit(keep_extra=keep)
        result.written, result.unchanged, result.removed = stats.written, stats.unchanged, stats.removed
        result.changed_paths = stats.changed_paths
        result.committed = True
        problems.warnings.extend(self.link_checker.check(routes))
        self._outputs = set(routes) | (self._outputs if problems.errors else set())
        self._outputs_known = self.in_place
        self._records = {**(self._records if problems.errors else {}), **records}
        self._save_records()
        self._tampered = set()
        if self.trust_manifest and not problems.errors:
            self._record_manifest(result)
        result.seconds = time.perf_counter() - start
        return result

    # -- the no-change shortcut (see manifest.py) --
    def _manifest_key(self) -> str:
        return f"{self._global_print}|{self.drafts}|{self.config.public_path}"

    def _current_manifest(self) -> Manifest | None:
        """The last build's manifest if nothing changed since; else None, after noting
        output files edited by hand, which must be made again despite their fingerprints."""
        manifest = Manifest.load(self.cache_dir / "manifest.json")
        if manifest is None:
            return None
        if manifest.is_current(self._manifest_key(), self.config.public_path):
            return manifest
        self._tampered = manifest.changed_outputs(self.config.public_path)
        return None

    def _result_from(self, manifest: Manifest, start: float) -> BuildResult:
        result = BuildResult(posts=manifest.posts, pages=manifest.pages,
                             unchanged=len(manifest.outputs), committed=True)
        for warning in manifest.warnings:
            result.problems.warn(str(warning["message"]), warning.get("path"),  # type: ignore[arg-type]
                                 warning.get("line"), warning.get("hint"))  # type: ignore[arg-type]
        log.debug("nothing changed since the last build (manifest); no page rendered")
        result.seconds = time.perf_counter() - start
        return result

    def _record_manifest(self, result: BuildResult) -> None:
        tree = self._tree
        if tree is None or self.site is None:
            return
        inputs: list[Path] = [*tree.documents, *tree.assets]
        inputs += [route.source for route in self.routes.values() if route.source is not None]
        inputs += [Path(dep) for doc in self.docs.values() if doc.rendered
                   for dep in doc.rendered.deps]
        now = dt.datetime.now(dt.timezone.utc)
        hidden = [d.date for d in self.docs.values()
                  if d.is_post and d.published and d.date > now and not self.config["future"]]
        manifest = Manifest.make(self._manifest_key(), inputs, self._manifest_roots(),
                                 self.config.public_path, min(hidden, default=None), result.posts,
                                 result.pages, [w.to_dict() for w in result.problems.warnings],
                                 read=self._read_stamps)
        for path in changed_since(self._read_stamps):
            log.info("%s changed while this build ran; the next build takes it up", path)
        manifest.save(self.cache_dir / "manifest.json")

    def _manifest_roots(self) -> set[Path]:
        """The folders whose listings a build walks: their stamps show added or removed files."""
        roots = {self.root, self.config.source_path, *(src for src, _ in self.extensions.statics)}
        if self.theme.static_dir() is not None:
            roots.add(self.theme.static_dir())  # type: ignore[arg-type]
        return roots

    def _link_slugs(self, docs: list[Document]) -> dict[int, list[str]]:
        """Slugs each document's post_link/post_path tags point at, by id(document). A body
        is searched once per rendering (remembered across rebuilds), not once per route
        showing it: list pages would search the same bodies thousands of times."""
        known, fresh, found = self._links, {}, {}
        for doc in docs:
            rendered = doc.rendered
            if rendered is None:
                continue
            hit = known.get(id(rendered))
            if hit is None or hit[0] is not rendered:
                slugs = [m.group(1).split("|")[1] for m in LINK_MARKER.finditer(rendered.content)] \
                    if LINK_OPEN in rendered.content else []
                hit = (rendered, slugs)
            fresh[id(rendered)] = hit
            if hit[1]:
                found[id(doc)] = hit[1]
        self._links = fresh
        return found

    def preview_edits(self, changed: Iterable[Path]) -> list[str]:
        """Re-render just the pages of edited documents, in the site as it was, and write
        them; returns the output files written. The dev server calls this before the real
        rebuild so the page being edited updates at once (Hugo's "fast render"); the rebuild
        that follows corrects anything else (lists, neighbours) and normally finds these
        pages already right. Anything unusual (a new, moved or broken document) is left to
        the rebuild. Needs an in-place builder that has built once."""
        if not self.in_place or self.site is None or not self._outputs_known:
            return []
        source = self.config.source_path
        writer = Writer(self.config.public_path, in_place=True)
        fresh: dict[str, Rendered] = {}
        for path in {Path(p).resolve() for p in changed}:
            old = self.docs.get(path)
            if old is None or not path.is_relative_to(source) or path not in self._tree_files:
                if not path.is_relative_to(source):
                    return []  # a template, plugin or config change: only a rebuild will do
                continue
            try:
                doc = load_document(path, self.config, old.asset_dir)
            except (QuillError, OSError):
                continue
            rel = output_file(old.path)
            route = self.routes.get(rel)
            if doc.path != old.path or route is None or route.docs != [old] or route.page is not old:
                continue
            key = self._body_key(doc)
            doc.rendered = self.cache.get(key)
            if doc.rendered is None:
                try:
                    doc.rendered = render_document(doc, self.md, self.config, self.extensions)
                except Exception:
                    continue  # the rebuild reports it
                fresh[key] = doc.rendered
            doc.prev, doc.next, doc.tags, doc.categories = old.prev, old.next, old.tags, old.categories
            quick = dataclasses.replace(route, page=doc, docs=[doc])
            try:
                writer.add(rel, self._render_route(rel, quick, self.site))
            except QuillError:
                continue
        self.cache.put_many(fresh)
        if not writer.added:
            return []
        return writer.commit(keep_extra=self._outputs).changed_paths

    def _explainer(self, site: Site, shared: str) -> "_Explainer":
        """For --debug: what each re-rendered page's inputs were at the previous build."""
        previous = getattr(self, "_explained", None)
        current = _Explainer(shared, {d.source_hash for d in self.docs.values()},
                             {d.list_fingerprint() for d in site.posts})
        self._explained = current
        return current if previous is None else previous

    def _has_output(self, public: Path, rel: str) -> bool:
        return rel in self._outputs or (public / rel).is_file()


def _route_path_error(route: Route, origin: str, exc: ValueError, config: Config) -> QuillError:
    """A route outside the output folder, blamed on the document whose permalink made it."""
    if route.docs:
        doc = route.docs[0]
        line = next((n for n, text in enumerate(doc.source.read_text(encoding="utf-8",
                     errors="replace").splitlines(), 1) if text.startswith("permalink:")), None)
        return QuillError(f"{exc}; refused", f"{config['source_dir']}/{doc.rel}", line,
                          hint="a permalink must stay inside the site: remove the `..` parts")
    return QuillError(f"{origin}: {exc}", hint="use a path inside the site")


def _linked_posts(route: Route, linking: dict[int, list[str]], by_slug: dict[str, Document]) -> str:
    """Titles and URLs of the posts that the route's post_link/post_path tags point at, so
    the page is made again when one of them is renamed or moves."""
    found = []
    for doc in (*route.docs, *route.summaries):
        for slug in linking.get(id(doc), ()):
            post = by_slug.get(slug) or by_slug.get(slug.removesuffix(".md"))
            found.append((slug, post.title, post.path) if post else (slug,))
    return repr(found) if found else ""


@dataclass
class _Explainer:
    """The inputs of the previous build, to say why `--debug` re-renders a page."""

    shared: str
    sources: set[str]
    listed: set[str]

    def why(self, rel: str, route: Route, shared: str, old: PageRecord | None,
            fingerprint: str, values: ReadValues) -> str:
        if old is None:
            return "new page (or no record of it from an earlier build)"
        if old.fingerprint == fingerprint:
            if old.is_current(fingerprint, values):
                return "its output file is missing or was changed by hand"
            return "something its templates read changed (another post, a site-wide list)"
        if shared != self.shared:
            return "templates, config, plugins or site-wide lists (tags, categories, months) changed"
        edited = [d.rel for d in route.docs if d.source_hash not in self.sources]
        if edited:
            return "its source changed: " + ", ".join(edited)
        listed = [d.rel for d in route.summaries if d.list_fingerprint() not in self.listed]
        if listed:
            return f"a listed post's title, date, tags or excerpt changed: {', '.join(listed[:3])}"
        if route.docs or route.summaries:
            return "its posts or their neighbours, links or data files changed"
        return "its generated content or copied file changed"


def _template_error(exc: jinja2.TemplateError, rel: str) -> QuillError:
    """Name the template file and line of a Jinja2 error."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if not name:
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith(".html"):
                name, line = filename, tb.tb_lineno
            tb = tb.tb_next
    return QuillError(f"template error while making {rel}: {exc.message or exc}", name, line,
                      hint="a variable that may be missing needs `is defined` or a default")
