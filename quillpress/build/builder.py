"""The pipeline: source → render → site → routes → write, kept warm for rebuilds.

`Builder.build()` does a whole build; called again with the changed paths (the dev server
does that) it re-reads only those files, re-renders only their bodies, and re-renders only
routes whose fingerprint changed. A plain CLI build benefits too: bodies come from the disk
cache and route fingerprints from the last build, so an unchanged site renders nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from .. import __version__
from . import heap
from . import CACHE_DIR
from .background import Background, Gated
from .state import BuildState
from .cache import BodyCache, write_cache_file
from ..model.collisions import (long_taxon_error, separate_same_urls, shared_tag_warnings,
                                unnamed_taxon_warnings)
from ..source.permalinks import unstable_id_warning
from ..config.body_reads import UNREAD, noted, noting_reads
from ..config.loader import Config, config_paths, finish_checks, load_config
from ..model.document import PACK_FROM, Document, Rendered, pack_bodies
from ..errors import LeftOut, Problems, QuillError, Vanished, blog_code_error
from .explain import Explainer
from .loading import read_documents
from .fast_render import preview_edits
from ..model.generators import BUILTIN_GENERATORS, friend_links_route
from ..config.hexo_plugins import hexo_site, hexo_toc, markdown_renderer, marked_before_0_7
from ..render.line_breaks import line_breaks
from ..output.linkcheck import LinkChecker, PageLinks
from ..render.highlight import stylesheet
from .manifest import Manifest, Stamp, stamp_tree
from ..render.markdown import build_parser
from ..render.marked_lists import marked_numbers_from_one
from ..render.marked_tables import reads_tabbed_delimiters_as_text
from ..render.theme_base import forget_layouts, theme_sets_root_base
from .parallel import fork_map
from .split import reap_ended, split_map
from .prestart import release as release_prestarted
from ..plugin_api import Extensions, PluginError, load_plugins
from .progress import Progress
from ..render.lookahead import Lookahead
from .reads import PageRecord, ReadValues
from ..render.context import AGAIN, deps_current
from ..model.routes import Route, file_and_folder
from ..model.site import Site, build_site
from ..source.reader import SourceTree, hexo_theme_source, scan, theme_source_files
from ..output.stylesheets import Stylesheets, is_stylesheet
from ..output.yaml_pages import json_page_route
from ..theme.loader import Theme
from ..model.urls import NAME_MAX, asset_folder_path, output_file, too_long_name
from ..output.lock import in_use
from ..git_ignored import ignore_all
from ..output.writer import Writer, WriteStats, check_public_dir, make_folder

if TYPE_CHECKING:
    from .pages import Page, PageMaker

log = logging.getLogger("quillpress")
PARALLEL_THRESHOLD = 48
BODY_READS = "body_reads.json"  # in the cache folder: see `_take_reads`
# Bodies this long together render in workers however few they are: a 22-post blog with 4,661
# formulas (390 KB of Markdown) is seconds of KaTeX, far more than a pool and a second Node cost.
PARALLEL_BODY_CHARS = 256_000
# A build that forks its render workers anyway keeps a plugin's documents here (split_here)
# when they hold this share of the body text: this process and one worker do about half each.
SPLIT_SHARE = (0.4, 0.6)
# Rendered bodies written to the cache together, while the workers render the rest: each write
# is a transaction of its own. At 5,000 posts, 79 of 64 bodies cost the main process ~0.24 s of
# CPU, 10 of 512 ~0.09 s with the cache's large pages (cache.py, PAGE_BYTES).
CACHE_BATCH = 512
# From this many output files a one-off build checks the links in a forked child (`_links_beside`):
# ~0.15 s at 3,000 files (1,000 posts), against ~10 ms to fork; the demo's 174 do not pay for it.
LINK_CHILD_FROM = 1000
# From this many output files a first one-off build works out the pages' fingerprints in a
# forked child beside the pages (`_plan`): 0.5-0.7 s of CPU at 15,000 files (5,000 posts).
PRINT_CHILD_FROM = 1000
# What that child sends back: each route's fingerprint, and the routes marked `together` made.
Beside: TypeAlias = "tuple[dict[str, str], list[Page]]"


@dataclass
class Committed:
    """What a build that put its output in place hands on to its link check and manifest."""
    stamps: dict[str, Stamp] | None  # the output files' stamps, when the writer has them
    links: dict[str, PageLinks]  # of the pages made, read where each was made
    beside: Gated[list[dict[str, Any]]] | None  # the link check running in a child, if any


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

    def __init__(self, root: Path, *, config_files: list[Path] | None = None,
                 drafts: bool = False, in_place: bool = False, workers: int | None = None,
                 overrides: dict[str, Any] | None = None, progress: Progress | None = None,
                 use_cache: bool = True, cache_dir: Path | None = None,
                 trust_manifest: bool = False, force: bool = False) -> None:
        self.root = root.resolve()
        self.force = force  # may write into a folder of the user's (never deleting its files)
        # Set by `serve` as it stops: a rebuild waiting for another process to finish with the
        # output folder gives up, so Ctrl+C does not wait for that (up to lock.WAIT_SECONDS).
        self.stop_waiting = threading.Event()
        # A fresh CLI build may end at once when the last build's manifest shows nothing
        # changed; the dev server needs the whole model in memory, so it never does.
        self.trust_manifest = trust_manifest and use_cache and not in_place
        self.cache_dir = cache_dir or self.root / CACHE_DIR
        self.config_files = config_files
        # resolved: `--config site.yml` or `conf/prod.yml` is set up again when edited, as
        # `_config*.yml` is (_apply_changes), and the dev server watches it (watcher_for)
        self.config_paths = {path.resolve() for path in config_paths(self.root, config_files)}
        self.drafts = drafts
        self.in_place = in_place
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self.overrides = overrides or {}
        self.progress = progress or Progress(enabled=False)
        self.use_cache = use_cache
        self.state = BuildState()  # what the last build read and wrote (build_state.py)
        self.docs: dict[Path, Document] = {}
        self._doc_errors: dict[Path, QuillError] = {}
        self._tree: SourceTree | None = None
        self._tree_files: set[Path] = set()
        self._explained: Explainer | None = None
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
            ignore_all(self.cache_dir, "the build's cache")
        self.extensions = Extensions(cache_root=self.cache_dir, builds_once=self.trust_manifest,
                                     workers=self.workers)
        load_plugins(self.config, self.extensions)  # notes what the blog's own plugins read
        finish_checks(self.config)  # every config error at once, the plugins' sections too
        with noting_reads(self.config):  # what the plugins and parser read, every body reads
            self.extensions.emit("after_config", config=self.config)
            self.theme = self._load_theme()  # may warn about theme keys
            self.md = build_parser(self.config, self.extensions)
            self.bodies = Lookahead(self.md, self.config, self.extensions)
        self._config_warnings = list(self.config.report.warnings)  # shown by the next build
        self._read_keys = noted(self.config) | self._recorded_reads()
        self._set_salt()
        cache_dir = self.cache_dir if self.use_cache else None
        self.state.open(cache_dir, self.config.public_path)
        self._pages: PageMaker | None = None
        self._stylesheets = Stylesheets(self.config, cache_dir)
        self.link_checker = LinkChecker(self.config.public_path, cache_dir, self.config)
        self.docs.clear()
        self._tree = None

    def _set_salt(self) -> None:
        """What every body's cache key hashes besides its document: the version, the config
        but the keys no body read (`body_reads`), the plugins; and every page's fingerprint:
        that, the whole config and the theme."""
        unread = UNREAD - self._read_keys
        salt = (f"{__version__}|{self.config.fingerprint(unread)}|{self.extensions.fingerprint()}"
                f"|breaks={line_breaks(self.config)}|{markdown_renderer(self.config.root_path)}"
                f"|hexo-toc={hexo_toc(self.config.root_path)}"
                f"|marked<0.7={marked_before_0_7(self.config.root_path)}"
                f"|tab-rows={reads_tabbed_delimiters_as_text(self.config.root_path)}"
                f"|ol-from-1={marked_numbers_from_one(self.config.root_path)}"
                f"|base={theme_sets_root_base(self.config)}")
        self._salt = hashlib.sha256(salt.encode()).hexdigest()[:16]
        # a page shows what bodies do not (the site's title): the whole config
        self._global_print = f"{self._salt}|{self.config.fingerprint()}|{self.theme.fingerprint()}"

    def _recorded_reads(self) -> set[str]:
        """The `UNREAD` keys bodies of this blog were seen to read (`_take_reads`)."""
        try:
            found = json.loads((self.cache_dir / BODY_READS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        # damaged into other JSON: what it names of them, or nothing (never an error)
        return {key for key in found if isinstance(key, str) and key in UNREAD} \
            if isinstance(found, list) else set()

    def _take_reads(self, docs: list[Document]) -> None:
        """A body read a config key its cache key left out: the key hashes it from now on
        (saved for later builds), and this build's bodies, each made with the values it now
        hashes or reading none of them, are filed under their new keys."""
        read = set().union(*(doc.rendered.config_reads for doc in docs if doc.rendered))
        if read <= self._read_keys:
            return
        self._read_keys |= read
        if self.use_cache:
            write_cache_file(self.cache_dir / BODY_READS, json.dumps(sorted(self._read_keys)))
        self._set_salt()
        self.state.bodies.put_many({self.body_key(doc): doc.rendered for doc in docs
                                    if doc.rendered is not None})

    def _load_theme(self) -> Theme:
        return Theme(self.config, self.extensions,
                     self.cache_dir / "templates" if self.use_cache else None)

    def reload_theme(self) -> None:
        """The theme again (the dev server saw its files change); what loading it warns about
        is shown by the next build, as at set-up. A layout's edit that adds or removes a
        `<base href>` of the site's root changes how bodies resolve their links (theme_base):
        then the parser is set up again, with the rest."""
        base = theme_sets_root_base(self.config)
        forget_layouts()
        if theme_sets_root_base(self.config) != base:
            self.setup()
            return
        said = len(self.config.report.warnings)
        self.theme = self._load_theme()
        self._config_warnings.extend(self.config.report.warnings[said:])
        self._pages = None
        self._set_salt()

    def _set_up_pages(self) -> PageMaker:
        """The page maker, with the theme's Jinja2 environment, both set up when first asked
        for: a build that ends at its manifest (nothing changed) never imports them, and one
        that renders its bodies in two lanes sets them up while its child renders
        (`_render_many`). Set up here, before a pool of page workers forks, which inherits
        them."""
        if self._pages is None:
            from .pages import PageMaker

            self.theme.set_up()
            self._pages = PageMaker(self.config, self.theme, self.extensions)
        return self._pages

    pages = property(_set_up_pages)

    @property
    def cache(self) -> BodyCache:
        """The rendered bodies (the dev server and the CLI close it when done)."""
        return self.state.bodies

    # -- stage 1: source --
    def _load_documents(self, tree: SourceTree, problems: Problems,
                        suspects: set[Path] | None = None) -> list[Document]:
        """Re-read documents whose file changed; with `suspects` (the dev server knows what
        changed), only those and documents that read other files are checked."""
        found = set(tree.documents)
        for gone in set(self.docs) - found:
            del self.docs[gone]
            self.state.stamps.pop(gone, None)
        for gone in set(self._doc_errors) - found:
            del self._doc_errors[gone]
        if suspects is None:
            check = tree.documents
        else:
            readers = {p for p, d in self.docs.items() if d.rendered is not None and d.rendered.deps}
            check = [p for p in tree.documents if p in suspects or p in readers]
        read: list[Path] = []
        for path in check:
            try:
                stat = path.stat()
            except OSError:
                continue
            stamp = (stat.st_mtime_ns, stat.st_size)
            if self.state.stamps.get(path) == stamp and (path in self._doc_errors or (
                    path in self.docs and self._deps_current(self.docs[path]))):
                continue
            self.state.stamps[path] = stamp
            read.append(path)
        for path, outcome in zip(read, read_documents(read, self.config, tree.asset_dirs,
                                                       self.workers)):
            if isinstance(outcome, QuillError):
                self._doc_errors[path] = outcome
                self.docs.pop(path, None)
            else:
                self.docs[path] = outcome
                self._doc_errors.pop(path, None)
        for error in self._doc_errors.values():
            if isinstance(error, Vanished):
                problems.warnings.append(error)
            elif isinstance(error, LeftOut) and not self.in_place:  # the dev server shows it
                problems.warnings.append(error.warning())  # and keeps the page as it was
            else:
                problems.error(error)
        return [self.docs[p] for p in tree.documents if p in self.docs]

    @staticmethod
    def _deps_current(doc: Document) -> bool:
        """A body that read other files (chart data) is stale once one of them changed."""
        return doc.rendered is None or deps_current(doc.rendered.deps)

    # -- stage 2: render bodies (cached, parallel when many) --
    def body_key(self, doc: Document) -> str:
        """The body cache's key: the document, its asset folder's names, config and plugins."""
        assets = ""
        if doc.asset_dir is not None:
            assets = ",".join(sorted(p.name for p in doc.asset_dir.rglob("*")))
        return hashlib.sha256(f"{self._salt}|{doc.source_hash}|{doc.path}|{assets}".encode()).hexdigest()

    def cached_body(self, key: str) -> Rendered | None:
        """The body filed under `key`, unless it read a config key that `key` leaves out:
        made with values this key does not hash (cache/body_reads.json lost, or a build
        stopped after saving bodies but before recording their reads), it may be stale; or
        a file it read changed since (chart data), or it was drawn around a hitch
        (`RenderContext.draw_again`)."""
        cached = self.state.bodies.get(key)
        if cached is None or not self._read_keys.issuperset(cached.config_reads) \
                or not deps_current(cached.deps):
            return None
        return cached

    def _render_documents(self, docs: list[Document], problems: Problems) -> int:
        todo: list[tuple[Document, str]] = []
        for doc in docs:
            if doc.rendered is not None:
                continue
            key = self.body_key(doc)
            cached = self.cached_body(key)
            if cached is not None:
                doc.rendered = cached
            else:
                todo.append((doc, key))
        fresh: dict[str, Rendered] = {}
        for index, (rendered, failure) in self._render_many([doc for doc, _ in todo], problems):
            doc, key = todo[index]
            if rendered is None:
                problems.error(QuillError(f"rendering failed:\n{failure}",
                                          f"{self.config['source_dir']}/{doc.rel}"))
                doc.rendered = Rendered("", "", [], [], "")
                continue
            doc.rendered = rendered
            fresh[key] = rendered
            if len(fresh) >= CACHE_BATCH:  # saved while the workers render the rest
                self.state.bodies.put_many(fresh)
                fresh = {}
        self.state.bodies.put_many(fresh)
        self._take_reads(docs)
        self.state.bodies.trim()  # every body of the site was asked for: the rest can go
        for doc in docs:
            for warning in [*doc.read_warnings, *(doc.rendered.warnings if doc.rendered else [])]:
                problems.warnings.append(QuillError.from_dict(warning))
        return len(todo)

    def _render_many(self, docs: list[Document], problems: Problems
                     ) -> Iterator[tuple[int, tuple[Rendered | None, str | None]]]:
        """Render bodies (in forked workers when many), yielding each as it is done:
        (index, (rendered, None)) or (index, (None, traceback))."""
        total = len(docs)
        threshold, workers = fork_threshold(docs), self.workers
        try:
            here = split_here(docs, threshold, workers, self.extensions)
        except PluginError as exc:  # a plugin's render_in_main test failed: its error, no split
            problems.error(exc)
            here = []
        # The documents this process renders, in their order: those kept here, or all of
        # them when nothing forks; each is parsed a document ahead of its turn.
        self.bodies.expect([docs[index] for index in here] if here else docs)
        # The rest in one child, which renders while this process sets the pages up; a child
        # that dies (a plugin's SystemExit or os._exit) fails the document it was rendering
        outcomes = (split_map(self._render_body, docs, here, then=self._set_up_pages,
                              failed=lambda doc, failure: (None, failure)) if here
                    else fork_map(self._render_body, docs, workers, threshold, cost=body_length))
        for done, (index, outcome) in enumerate(outcomes, 1):
            self.progress.update("rendering", done, total)
            yield index, outcome

    def _render_body(self, doc: Document) -> tuple[Rendered | None, str | None]:
        try:
            return self.bodies.render(doc), None
        except PluginError as exc:  # names the plugin, its event and its line
            return None, str(exc)
        except Exception as exc:  # the blog's plugin named at its line, else QuillPress's bug
            fault = blog_code_error(exc, self.config.root_path, "rendering")
            return None, str(fault) if fault else traceback.format_exc()

    # -- stage 4: routes --
    def _collect_routes(self, site: Site, tree: SourceTree, problems: Problems) -> dict[str, Route]:
        routes: dict[str, Route] = {}
        too_long: set[str] = set()  # URL parts over NAME_MAX already named

        def add(route: Route, origin: str) -> None:
            try:
                rel = output_file(route.path)
            except ValueError as exc:
                problems.error(_route_path_error(
                    route, origin, f"{exc}; refused", "a permalink must be a path inside the "
                    "site: remove `..` parts and control characters; the .quillpress-… names "
                    "are QuillPress's own", self.config))
                return
            if (long := too_long_name(rel)) is not None:
                if long not in too_long:  # a tag's every page has it: said once
                    too_long.add(long)
                    message = (f"{rel!r} cannot be written: its part {long[:40]!r}… is "
                               f"{len(long.encode())} bytes long, over the {NAME_MAX} a file "
                               "system takes in a name")
                    problems.error(
                        (not route.docs and long_taxon_error(site, long, message))
                        or _route_path_error(route, origin, message, "shorten the permalink, "
                                             "or the file name it is made from", self.config))
                return
            if self.theme.path is None and route.layouts:  # `theme: false`: no templates
                if not route.docs:
                    return  # list pages need a theme
                route.layouts = []  # documents are written as their rendered HTML
            if rel in routes and origin != "asset":
                previous = routes[rel]
                # named at the document's `permalink:` line: the one a writer can move
                docs = route.docs or previous.docs
                problems.warn(f"two pages want {rel!r} ({origin} wins over an earlier route"
                              f"{' from ' + previous.docs[0].rel if previous.docs else ''})",
                              f"{self.config['source_dir']}/{docs[0].rel}" if docs else None,
                              docs[0].front_line("permalink") if docs else None)
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
        for path in tree.assets:
            rel: str | None = path.relative_to(source_root).as_posix()
            if rel is not None and rel.startswith("_posts/"):
                rel = self._post_asset_path(path, tree)
            elif is_stylesheet(path):
                continue  # rendered to .css below, as Hexo does
            elif rel is not None and path in tree.json_pages:
                add(json_page_route(rel, path, self.config["source_dir"], problems), "asset")
                continue
            if rel is not None:
                add(Route(path=rel, source=path), "asset")
        for route in self._stylesheets.routes(self._stylesheet_files(tree), problems):
            add(route, "asset")
        links = self.theme.settings.get("friend_links")
        generators: list[tuple[str, Callable[[Site], Iterable[Route]]]] = [
            *BUILTIN_GENERATORS, ("links", lambda site: friend_links_route(site, links)),
            *self.extensions.generators]
        for name, generator in generators:
            try:
                for route in generator(site):
                    add(route, name)
            except QuillError as exc:
                problems.error(exc)
            except Exception as exc:
                problems.error(blog_code_error(exc, self.config.root_path, f"generator {name}",
                                               generator) or QuillError(
                    f"generator {name} failed: {exc!r}\n{traceback.format_exc()}"))
        problems.warnings.extend(self.theme.fallback_warnings(routes.values()))
        return routes

    def _stylesheet_files(self, tree: SourceTree) -> list[tuple[str, Path]]:
        """The stylesheets Hexo renders (`rel` in the output, file), outside posts' folders."""
        source_root = self.config.source_path
        return [(rel, path) for path in tree.assets if is_stylesheet(path)
                and not (rel := path.relative_to(source_root).as_posix()).startswith("_posts/")]

    def _post_asset_path(self, path: Path, tree: SourceTree) -> str | None:
        """A file in a post's asset folder goes beside the post's output."""
        for post_file, folder in tree.asset_dirs.items():
            if path.is_relative_to(folder) and post_file in self.docs:
                return asset_folder_path(self.docs[post_file].path) + path.relative_to(folder).as_posix()
        return None

    # -- the whole pipeline --
    def build(self, changed: Iterable[Path] = ()) -> BuildResult:
        """Build the site, re-using whatever is still valid; returns what happened.

        `changed` names the files that changed since the last build of this Builder (the
        dev server's watcher knows): then only those are looked at. Without it, every
        source file is checked (mtime and size), which a fresh process must do anyway."""
        start = time.perf_counter()
        paths = self._through_links(changed)
        if self.trust_manifest and not paths and self.site is None:
            manifest = self.state.current_manifest(self._manifest_key())
            if manifest is not None:
                return self._finish(_result_from(manifest), start)
        self._apply_changes(paths)
        if not self._public_checked:  # before any work: a refused folder fails at once
            taken = check_public_dir(self.config, self.force, self._earlier_outputs())
            self._config_warnings.extend([taken] if taken else [])
            self._public_checked = True
        result = self.build_model(changed=paths)  # stations 1-4
        if self.site is not None and (self.routes or not result.problems.errors):
            try:
                # another build's staging is its own: wait for it to finish
                with in_use(self.config.public_path, give_up=self.stop_waiting, make_parent=True):
                    committed = self._write(self.site, self.routes, result)  # station 5
            except QuillError:
                clash = file_and_folder(self.routes, self.root, self.config["source_dir"])
                if clash is None:
                    raise
                raise clash from None
            if committed is not None:
                self._after_commit(committed, result)
        return self._finish(result, start)

    def build_model(self, result: BuildResult | None = None,
                    changed: set[Path] | None = None) -> BuildResult:
        """Stations 1-4 (source, render, site, routes), each followed by its event.

        `changed` (resolved paths) lets a rebuild skip walking the source folder and
        checking every file, when those changes are all it has to look at."""
        result = result or BuildResult()
        problems = result.problems
        problems.warnings.extend(self._config_warnings)
        self._config_warnings = []
        # 1. source: find the files, read the documents that changed
        tree, reused = self._scan(changed or set(), problems)
        if tree is None:
            return result
        problems.warnings.extend(tree.skipped)
        docs = self._load_documents(tree, problems, changed if reused else None)
        problems.warnings.extend(separate_same_urls(docs, self.config, self.drafts))
        if id_warning := unstable_id_warning(docs, self.config):
            problems.warnings.append(id_warning)
        with noting_reads(self.config):  # a handler may keep a value for the bodies' tags
            self._emit("after_source", problems, docs=docs)
        # what of the stylesheets the cache lacks compiles in Node while the bodies render
        self._stylesheets.start(self._stylesheet_files(tree))
        try:
            self._settle()
            # 2. render: bodies from the cache, else rendered (in workers when many)
            pack_bodies(len(docs) >= PACK_FROM)
            result.rendered_docs = self._render_documents(docs, problems)
            self._settle()
            # 3. site: posts, pages, tags, categories, archives (after_render ran per body)
            site = build_site(docs, self.config, self.drafts)
            problems.warnings.extend([*shared_tag_warnings(site), *unnamed_taxon_warnings(site)])
            self._emit("after_site", problems, site=site)
            self.site = site
            result.posts, result.pages = len(site.posts), len(site.pages)
            # 4. routes: every output file, from the theme, plugins, assets and generators
            self.routes = self._collect_routes(site, tree, problems)
        except BaseException:  # a plugin's sys.exit(), Ctrl+C, SIGTERM: Node compiles for nobody
            self._stylesheets.stop()
            raise
        self._emit("after_routes", problems, routes=self.routes)
        return result

    def _write(self, site: Site, routes: dict[str, Route],
               result: BuildResult) -> Committed | None:
        """Station 5: make the pages that are not current, then put the output in place
        (or, after an error in a fresh build, leave the output folder as it was): what the
        link check and the manifest need once it is in place, None when it was not."""
        problems = result.problems
        writer = Writer(self.config.public_path, in_place=self.in_place, force=self.force,
                        expected=set(routes), hexo_site=hexo_site(self.config.root_path))
        values = ReadValues(site)
        records, todo, prints = self._plan(site, routes, values, writer)
        links: dict[str, PageLinks] = {}  # of the pages made, read where each was made
        pages = self.pages.make_all(todo, site, self.workers, self.progress,
                                    writer.direct_writer())

        def take(page: Page) -> None:
            problems.warnings.extend(page.warnings)
            if isinstance(page.output, QuillError):
                problems.error(page.output)
                records.pop(page.rel, None)
                return
            if page.written is not None:
                writer.add_written(page.rel, page.written)
            else:
                writer.add(page.rel, page.output)
            if page.links is not None:
                links[page.rel] = page.links
            records[page.rel] = records[page.rel].with_reads(page.reads, values)
            result.rendered_routes += 1

        beside: Gated[list[dict[str, Any]]] | None = None
        try:
            for page in pages:
                take(page)
            beside = self._links_beside(routes, links, writer)
            if prints is not None:  # worked out beside the pages (`_plan`). Taken before `after_build`,
                made, together = prints.result()  # where plugins let go of what they hash: a failed child's work is redone here
                for page in together:
                    take(page)
                records = {rel: record.printed(made[rel]) for rel, record in records.items()}
        except BaseException:  # a full or read-only disk, met here or where a page was made;
            pages.close()  # Ctrl+C. First stop the workers and the children, which may be
            for job in (prints, beside):  # writing into the staging folder; then the pages
                if job is not None:  # written out so far go, from the output folder's scratch
                    job.close()  # folder too (a web server given the folder served them)
            writer.abort()
            raise
        stats: WriteStats | None = None
        try:
            self._settle()
            self._emit("after_build", problems, result=result)
            if not problems.errors or self.in_place:
                keep = set(routes) if self.in_place else set()
                if problems.errors:
                    keep |= self.state.outputs  # keep last good pages of documents that broke
                stats = writer.commit(keep_extra=keep)
        except BaseException:  # Ctrl+C while plugins run `after_build`: as for a failure
            writer.abort()
            raise
        finally:  # the link check may save what it read only of an output in place; told no
            # (a commit that failed too), its child is ended and waited for, not left waiting
            if beside is not None:
                if stats is not None:
                    beside.go()
                else:
                    beside.close()
        if stats is None:
            writer.abort()
            return None  # the public folder keeps its last good content
        root = self.config.root_path
        for rel, gone in writer.vanished.items():  # its page is made again when it is back
            records.pop(rel, None)
            source = Path(str(gone.path))  # named as the other warnings name a source file
            problems.warnings.append(Vanished(source.relative_to(root)
                                              if source.is_relative_to(root) else source))
        result.written, result.unchanged, result.removed = stats.written, stats.unchanged, stats.removed
        result.changed_paths = stats.changed_paths
        result.committed = True
        self.state.committed(routes, records, failed=bool(problems.errors), in_place=self.in_place)
        return Committed(writer.first_stamps(), links, beside)

    def _after_commit(self, committed: Committed, result: BuildResult) -> None:
        """The link check's warnings, then the manifest the next `build` checks before any
        work. Done once the output folder is let go (`in_use`): a build waiting to write it
        need not wait for the link check too."""
        problems = result.problems
        manifest = (self._manifest(result, committed.stamps)
                    if self.trust_manifest and not problems.errors else None)
        beside = committed.beside
        problems.warnings.extend(self.link_checker.check(self.routes, committed.links)
                                 if beside is None
                                 else [QuillError.from_dict(w) for w in beside.result()])
        if manifest is not None:
            manifest.warnings = [w.to_dict() for w in problems.warnings]
            self.state.save_manifest(manifest)

    def _links_beside(self, routes: dict[str, Route], links: dict[str, PageLinks],
                      writer: Writer) -> Gated[list[dict[str, Any]]] | None:
        """The link check of a one-off `build` of many files (`LINK_CHILD_FROM`): in a forked
        child (`Background`), started as soon as the last page is made. It judges the links
        while this process takes the pages' fingerprints, runs `after_build` and commits the
        output, and saves what it read (LinkChecker.check, with the stamps the writer took as
        the pages were written) once told the output is in place (`Gated.go`): a build that
        gives its output up saves nothing of it. Meanwhile this
        process saves the page records and stamps the manifest, the build's last work.
        Started after the commit, the child was the end's longest part, alone on one core.
        None elsewhere: the dev server checks here once the output is in place, since its
        checker keeps the verdicts for the next rebuild. A build asked for one process
        (`--workers 1`) checks here when the result is asked for."""
        if not self.trust_manifest or len(routes) < LINK_CHILD_FROM:
            return None
        return Gated(lambda committed: [w.to_dict() for w in self.link_checker.check(
            routes, links, committed, writer.stamps)], self.workers)

    def _plan(self, site: Site, routes: dict[str, Route], values: ReadValues, writer: Writer
              ) -> tuple[dict[str, PageRecord], list[tuple[str, Route]], Background[Beside] | None]:
        """Each route's record, and the routes to make: those not current (build_state.py).

        A one-off build that knows no page from an earlier build makes every route, whatever
        its fingerprint: the fingerprints are then needed only for the records saved at the
        end, and are worked out in a forked child (`Background`, returned) while the pages
        are made. At 5,000 posts they cost the main process 0.5-0.7 s of CPU, alone between
        the bodies and the pages (bench/README.md, "Serial stretch (stop 25, issue 13)").
        The child also makes the routes marked `together` (`_made_together`): their keys
        and bytes share work it would do for the keys anyway (the search postings' fill),
        so it leaves this process's stretch too, and no page worker does it again.
        A build of one process works them out here: worked out later, they would hash what
        plugins let go of once the pages are made (the search postings, `after_build`)."""
        if (not self.state.records and self.trust_manifest and self.workers >= 2
                and len(routes) >= PRINT_CHILD_FROM and not log.isEnabledFor(logging.DEBUG)):
            together = [(rel, route) for rel, route in routes.items()
                        if route.together and not route.layouts]
            maker, write = self.pages, writer.direct_writer()  # set up before the fork
            prints = Background(lambda: (self._fingerprints(site, routes, self._shared_print(site)),
                                         _made_together(maker, together, site, write)),
                                self.workers)
            apart = {rel for rel, _ in together}
            return ({rel: PageRecord("") for rel in routes},
                    [(rel, route) for rel, route in routes.items() if rel not in apart], prints)
        shared = self._shared_print(site)
        public = self.config.public_path
        explain = self._explainer(site, shared) if log.isEnabledFor(logging.DEBUG) else None
        records: dict[str, PageRecord] = {}
        todo: list[tuple[str, Route]] = []
        for rel, fingerprint in self._fingerprints(site, routes, shared).items():
            route = routes[rel]
            if self.state.page_is_current(rel, fingerprint, values):
                records[rel] = self.state.records[rel]
                if not self.in_place:
                    writer.add(rel, public / rel)  # the live file, kept: nothing written
                continue
            records[rel] = PageRecord(fingerprint)
            if explain is not None:
                log.debug("render %s: %s", rel, explain.why(route, shared, self.state.records.get(rel),
                                                           fingerprint, values))
            todo.append((rel, route))
        return records, todo, None

    def _shared_print(self, site: Site) -> str:
        """What every route's fingerprint holds: templates, config, plugins and the site's
        shared values."""
        return f"{self._global_print}|{site.shared_fingerprint()}"

    def _fingerprints(self, site: Site, routes: dict[str, Route], shared: str) -> dict[str, str]:
        """Each route's fingerprint (`Route.fingerprint`), by output file; `shared` is
        `_shared_print`'s."""
        by_slug = site.posts_by_slug()
        linking = {id(doc): doc.rendered.post_links
                   for doc in (*site.posts, *site.unlisted, *site.pages)
                   if doc.rendered is not None and doc.rendered.post_links}
        shown: dict[int, bytes] = {}  # each document's part, hashed once (Route.fingerprint)
        return {rel: route.fingerprint(shared + _linked_posts(route, linking, by_slug), shown)
                for rel, route in routes.items()}

    def _settle(self) -> None:
        """In a one-off `build`, freeze what the stages so far made (it lives to the end of
        the process) and keep the collector off from then on. A full collection walks every
        tracked object, and at 5,000 posts the four the heap's growth set off in the main
        process, alone between the bodies and the pages and at the end, cost 0.74 s of CPU
        and freed 232 objects (bench/README.md, stop 24). Only in a process that ends after
        this build (`heap.settle`); the dev server settles its heap once itself (serve.py).
        A build of one process makes its pages here, and keeps collecting their cycles."""
        if self.trust_manifest:
            heap.settle(collect=self.workers < 2)

    def _emit(self, event: str, problems: Problems, **kwargs: Any) -> None:
        """A station's event; a plugin that fails is an error of this build."""
        try:
            self.extensions.emit(event, **kwargs)
        except PluginError as exc:
            problems.error(exc)

    def _finish(self, result: BuildResult, start: float) -> BuildResult:
        release_prestarted()  # a helper the command line started that this build did not need
        reap_ended()  # a split's child, exited since: no zombie left beside the dev server
        result.seconds = time.perf_counter() - start
        return result

    def _apply_changes(self, paths: set[Path]) -> None:
        """Reload what a change invalidates beyond documents: config, plugins, theme (a
        Hexo theme's settings may come from the data folder: hexo_theme.layers; a picture
        they name is shown only when the blog has it: ThemeImport.pictures)."""
        if any(self._read_at_set_up(p) for p in paths):
            self.setup()
        elif any(p.is_relative_to(self.root / "themes")
                 or p.is_relative_to(self.config.source_path / "_data") for p in paths) \
                or (self.theme.imported and not paths.isdisjoint(self.theme.imported.pictures)):
            self.reload_theme()

    def _read_at_set_up(self, path: Path) -> bool:
        """Is `path` read when the plugins are set up: a config file (the site's, the
        theme's own `_config.yml`, a data file standing for it, `next.yml`), package.json
        (the Hexo plugins and renderer the blog installed), a plugin's code? The math
        plugin, for one, decides there whether the blog draws math (plugins/math/asked.py)."""
        theme = str(self.config.get("theme") or "")
        return ((path.name.startswith("_config") and path.suffix in (".yml", ".yaml"))
                or path in self.config_paths or path == self.root / "package.json"
                or path.is_relative_to(self.root / "plugins")
                or path.parent == self.config.source_path / "_data"
                and path.name in ("next.yml", f"{theme}.yml"))

    def _scan(self, changed: set[Path], problems: Problems) -> tuple[SourceTree | None, bool]:
        """The source files, and whether they are the last scan's: they are when the
        changes cannot have added or removed one (all are edits of files it found, or lie
        outside the source folder); else the source folder is walked again."""
        source = self.config.source_path
        if self._tree is not None and changed and not any(
                path.is_relative_to(source) and (path not in self._tree_files or not path.is_file())
                for path in changed):
            return self._tree, True
        try:
            tree = scan(self.config, self.drafts,
                        (self.config.public_path, self.cache_dir))
        except QuillError as exc:
            problems.error(exc)
            return None, False
        self._tree, self._tree_files = tree, {*tree.documents, *tree.assets}
        if self.trust_manifest:  # the sources as this build reads them (manifest.py)
            self.state.read_stamps = stamp_tree(self._tree_files, source)
        return tree, False

    def _through_links(self, changed: Iterable[Path]) -> set[Path]:
        """Changed paths (resolved) as the last scan found them: a change where a linked file
        or folder really is (the dev server watches there) is a change of each link's path."""
        paths = {Path(p).resolve() for p in changed}
        links = self._tree.links if self._tree is not None else {}
        if not links:
            return paths
        found: set[Path] = set()
        for path in paths:
            found |= {link / path.relative_to(real) for real, found_as in links.items()
                      for link in found_as
                      if path.is_relative_to(real)} or {path}
        return found

    def linked_sources(self) -> list[Path]:
        """The real paths of the linked files and folders the last scan took."""
        return [Path(real) for real in self._tree.links] if self._tree is not None else []

    def is_known_source(self, path: Path) -> bool:
        """True when the last scan found `path` (the fast preview leaves new files alone)."""
        return path in self._tree_files

    def preview_edits(self, changed: Iterable[Path]) -> list[str]:
        """The dev server's fast path (fast_render.py): write the edited pages at once; a
        linked post saved where it really is, too (`_through_links`)."""
        return preview_edits(self, self._through_links(changed))

    # -- the no-change shortcut (see manifest.py) --
    def _earlier_outputs(self) -> set[str] | None:
        """The files the last `build` left in this output folder, from its manifest: an
        output folder made before QuillPress recorded its files is known by them."""
        manifest = Manifest.load(self.cache_dir / "manifest.json")
        if manifest is None or not manifest.key.endswith(f"|{self.config.public_path}"):
            return None
        return set(manifest.outputs)

    def _manifest_key(self) -> str:
        return f"{self._global_print}|{self.drafts}|{self.config.public_path}"

    def _manifest(self, result: BuildResult, outputs: dict[str, Stamp] | None) -> Manifest | None:
        """What the next `build` checks before any work, without the warnings (the caller
        sets them once the link check's are in); `outputs`: the output files' stamps, when
        the writer has them (else the output folder is walked)."""
        tree = self._tree
        if tree is None or self.site is None:
            return None
        read = self.state.read_stamps
        # The sources and their folders were stamped when they were read (`read`); stamped
        # again here (a path resolved and stat'ed each) they would only be replaced by those.
        # The source folder stands for them: its parents (the blog folder) are stamped here.
        known = self._tree_files if read else set()
        inputs: list[Path] = [self.config.source_path] if read else [*tree.documents, *tree.assets]
        inputs += [route.source for route in self.routes.values()
                   if route.source is not None and route.source not in known]
        if any(AGAIN in doc.rendered.deps for doc in self.docs.values() if doc.rendered):
            return None  # a body drawn around a hitch (`draw_again`): the next build draws it
        inputs += [path for doc in self.docs.values() if doc.rendered
                   for path in map(Path, doc.rendered.deps) if path not in known]
        now = dt.datetime.now(dt.timezone.utc)
        hidden = [d.date for d in self.docs.values()
                  if d.is_post and d.published and d.date > now and not self.config["future"]]
        return Manifest.make(self._manifest_key(), inputs, self._manifest_roots(),
                             self.config.public_path, min(hidden, default=None), result.posts,
                             result.pages, [], read=read, outputs=outputs)

    def _manifest_roots(self) -> set[Path]:
        """The folders whose listings a build walks: their stamps show added or removed files."""
        roots = {self.root, self.config.source_path, *(src for src, _ in self.extensions.statics)}
        static = self.theme.static_dir()
        if static is not None:
            roots.add(static)
        return roots

    def _explainer(self, site: Site, shared: str) -> Explainer:
        """For --debug: what each re-rendered page's inputs were at the previous build."""
        previous = self._explained
        self._explained = Explainer(shared, {d.source_hash for d in self.docs.values()},
                                    {d.list_fingerprint() for d in site.posts})
        return previous or self._explained


def body_length(doc: Document) -> int:
    """A body's work as the render pool guesses it (`fork_map`'s `cost`): its length, which
    its formulas, highlighted code and markup grow with."""
    return len(doc.body)


def fork_threshold(docs: list[Document]) -> int:
    """How many bodies make rendering worth a pool of workers: decided by the work, not only
    the count, so a few long (math-dense) posts use every core too."""
    if sum(len(doc.body) for doc in docs) >= PARALLEL_BODY_CHARS:
        return 2  # one body alone gains nothing from a pool
    return PARALLEL_THRESHOLD


def split_here(docs: list[Document], threshold: int, workers: int,
               extensions: Extensions) -> list[int]:
    """The indexes of the documents a plugin wants rendered in this process (`api.render_in_main`:
    the math plugin's, for the Node worker it started before the imports); the others then
    render in one worker on another core meanwhile. Empty when none are such, or with one
    worker (`--workers 1`, one core); in a build too small to fork, also when all are.

    In a build too small to fork (fewer documents than `threshold`) that is always worth it.
    A build that forks anyway splits so only with two processes, when this process's part is
    about half the work (SPLIT_SHARE; bench/README.md, "Math: one Node for a forked build,
    stop 23", and "A math-dense blog in one process, stop 34"): of the text, or, when the kept
    documents hold more than SPLIT_SHARE[1] of it, of the text and what the plugins' helpers
    do for them on the other core meanwhile (`helper_work`: the formulas Node draws). So a
    blog whose every post is dense with formulas renders them all here, with one Node working
    ahead beside it, not in two workers that each start a Node and load MathJax; one whose
    Node would do most of the work still shares it out between two workers and their Nodes
    (which, since stop 35, also get each post's formulas sent ahead)."""
    forks = len(docs) >= threshold
    if workers < 2 or not extensions.in_main_tests or (forks and workers != 2):
        return []
    here = [index for index, doc in enumerate(docs) if extensions.renders_in_main(doc)]
    if not here or (len(here) == len(docs) and not forks):
        return []
    if forks:
        work = text = sum(len(doc.body) for doc in docs)
        kept = sum(len(docs[index].body) for index in here)
        if kept > SPLIT_SHARE[1] * text:  # asked only then: ~5 ms at 5,000 math posts
            work += sum(extensions.helper_work(docs[index]) for index in here)
        if not work or not SPLIT_SHARE[0] * work <= kept <= SPLIT_SHARE[1] * work:
            return []  # (no work: every body empty, front matter only)
    return here


def _made_together(maker: PageMaker, todo: list[tuple[str, Route]], site: Site,
                   write: Callable[[str, bytes], Stamp] | None) -> list[Page]:
    """The routes of `todo` made one after another here (`Builder._plan`'s child), each file
    written into the staging folder at once when `write` is given (a first build's,
    Writer.direct_writer), else its bytes sent back. Files made by a route's `make`, not HTML
    pages: no links are read from them for the link check."""
    made = []
    for rel, route in todo:
        page = maker.make(rel, route, site)
        if write is not None and isinstance(page.output, bytes):
            page.output, page.written = b"", write(rel, page.output)
        made.append(page)
    return made


def _route_path_error(route: Route, origin: str, message: str, hint: str,
                      config: Config) -> QuillError:
    """A route that cannot be written, blamed on the document whose permalink (or `slug`;
    else its file name) made it."""
    if route.docs:
        doc = route.docs[0]
        return QuillError(message, f"{config['source_dir']}/{doc.rel}",
                          doc.front_line("permalink") or doc.front_line("slug"), hint=hint)
    return QuillError(f"{origin}: {message}", hint=hint)


def _linked_posts(route: Route, linking: dict[int, list[str]], by_slug: dict[str, Document]) -> str:
    """Titles and URLs of the posts that the route's post_link/post_path tags point at, so
    the page is made again when one of them is renamed or moves."""
    if not linking:
        return ""
    found = []
    for slugs in filter(None, map(linking.get, map(id, (*route.docs, *route.summaries)))):
        for slug in slugs:
            post = by_slug.get(slug) or by_slug.get(slug.removesuffix(".md"))
            found.append((slug, post.title, post.path) if post else (slug,))
    return repr(found) if found else ""


def _result_from(manifest: Manifest) -> BuildResult:
    """What the last build did, when the manifest shows nothing changed since."""
    result = BuildResult(posts=manifest.posts, pages=manifest.pages,
                         unchanged=len(manifest.outputs), committed=True)
    result.problems.warnings.extend(QuillError.from_dict(w) for w in manifest.warnings)
    log.debug("nothing changed since the last build (manifest); no page rendered")
    return result
