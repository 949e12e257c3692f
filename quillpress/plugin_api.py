"""The plugin API: what a plugin's `register(api)` may add to QuillPress.

A plugin is a module (`plugins/name.py`, `plugins/name/__init__.py`, or an entry point in
the `quillpress.plugins` group) with a `register(api: PluginAPI)` function. It can add:

- Hexo tags (`{% name args %}...{% endname %}`): `api.tag`;
- fenced-block renderers for an info-string language (```` ```echarts ````): `api.fence`;
- markdown-it-py plugins, the same `plugin(md, **opts)` functions markdown-it uses: `api.markdown`;
- generators that add routes (pages) from the whole site: `api.generator`;
- Jinja2 helpers (globals) and filters: `api.helper`, `api.filter`;
- HTML injected into every page's head or body, fixed or decided per page: `api.inject`;
- static folders copied into the output (e.g. fonts from node_modules): `api.static`;
- handlers of build events (the EVENTS table below), called with keyword arguments:
  `api.on("after_site", func, priority=0)`;
- deployers for `deploy: type: NAME`: `api.deployer`;
- entries of the theme's header menu, for pages a plugin makes: `api.menu("stats", "/stats/")`;
- services other plugins (or benchmarks) may use: `api.provide(name, value)`, then
  `api.service(name)` or `Extensions.service(name)`;
- which documents render best in the process that loaded it (where it keeps a helper process,
  such as the math plugin's Node worker), and how much that helper does for each:
  `api.render_in_main(test, helper_work)`;
- its own section of _config.yml, typed like the core's (quillpress.config_options):
  `options = api.config_section("feed", Section({...}))` returns it checked, defaults filled
  in; a bad value is reported with its key and line, with every other config error.

Rendering of a post must depend only on that post and the config, because rendered bodies
are cached by content hash and may be made in worker processes: tags and fences get a
RenderContext for that purpose, and anything site-wide belongs in a generator or event.
A tag that reads another file (a chart's CSV) declares it with `ctx.depend_on(path)`, so the
cached body is re-rendered when that file changes; a body drawn around a passing failure (an
engine that gave no answer) calls `ctx.draw_again()`, so the next build draws it again.

Plugins import from this module only (a test checks the bundled ones): everything they may
use of QuillPress is re-exported here and listed in `__all__`. A plugin whose handler raises
is named in the error with the event and its own file:line (`plugin math, after_render: …`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import sys
from contextlib import nullcontext
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import __version__
from .bundled import bundled_dir, install_roots
from .build.background import Background
from .build.cache import write_cache_file
from .build.prestart import adopt as prestarted, waiting as prestart_waiting
from .entry_points import declared_on_path
from .render.code_options import CodeOptions, parse_code_options
from .config.body_reads import noting_reads
from .config.hexo_plugins import (declared_line, declared_major, declared_plugins, markdown_renderer,
                                   named_for_math)
from .hexo_theme.layers import (ignored_by as theme_ignores_data_file, kept_settings as theme_settings,
                                 theme_file_at_root)
from .config.loader import Config, check_section
from .config.options import (Checked, Choice, ChoiceList, Flag, Legacy, Number, Option, Section,
                             Text, TextList, TextMap)
from .model.document import Document, Rendered, TocEntry
from .errors import ConfigError, Problems, QuillError, innermost_line
from .render.htmlattrs import attrs, safe_href
from .render.note_box import note_box
from .render.markdown import highlight_code
from .render.body import plain_text, summary_text
from .render.neighbours import CJK, CJK_RUN, han_pairs, lead_pairs, neighbour_pairs
from .theme.helpers import word_count
from .render.context import DRAWS_MATH, LINK_MARKER, PostLink, RenderContext, has_link_marker
from .model.routes import AttrDict, Route
from .model.site import Site, Taxon
from .render.rule_dispatch import starts_with
from .render.tag_syntax import find_end, parse_args
from .model.urls import full_url_for, joined_url, url_for
from .config.yaml12 import js_text
from .config.yaml12 import load as load_yaml

__all__ = [
    # registering
    "PluginAPI", "EVENTS", "Event", "INJECT_POINTS", "PageView", "PluginError",
    "TagFunc", "FenceFunc", "GeneratorFunc",
    # what plugins are handed
    "Config", "Document", "Rendered", "TocEntry", "RenderContext", "Site", "Taxon", "Route",
    "AttrDict", "Problems", "QuillError", "ConfigError",
    # declaring a config section (see config_options)
    "Option", "Section", "Flag", "Text", "TextList", "TextMap", "Number", "Choice", "ChoiceList",
    "Legacy", "Checked",
    # helpers
    "url_for", "full_url_for", "joined_url", "attrs", "safe_href", "note_box", "plain_text", "summary_text", "parse_args",
    "find_end", "js_text", "highlight_code", "CodeOptions", "parse_code_options", "LINK_MARKER",
    "DRAWS_MATH",
    "has_link_marker",
    "write_cache_file", "word_count", "neighbour_pairs", "lead_pairs", "han_pairs", "CJK",
    "CJK_RUN",
    "PostLink", "load_yaml", "declared_plugins", "declared_line", "declared_major", "markdown_renderer", "named_for_math",
    "theme_ignores_data_file", "theme_file_at_root", "theme_settings", "starts_with", "__version__",
    # a helper process the command line started early (build/prestart.py)
    "prestarted", "prestart_waiting",
    # one function run in a forked child beside this process's work (build/background.py)
    "Background",
]

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

log = logging.getLogger("quillpress.plugins")
ENTRY_POINT_GROUP = "quillpress.plugins"  # what an installed plugin package declares

TagFunc = Callable[[RenderContext, list[str], "str | None"], str]
FenceFunc = Callable[[RenderContext, str, str], str]
GeneratorFunc = Callable[[Site], Iterable[Route]]
INJECT_POINTS = ("head_begin", "head_end", "body_begin", "body_end")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Event:
    """One build event: handlers are called with exactly these keyword arguments."""

    name: str
    args: tuple[str, ...]
    in_worker: bool  # may run in a render worker process: only changes to its arguments count
    doc: str


# Every extension point of the build, in the order they fire (Sphinx's core_events); the
# README's table is checked against this one.
EVENTS: dict[str, Event] = {event.name: event for event in (
    Event("after_config", ("config",), False,
          "the config is loaded and checked, before the theme and parser are made"),
    Event("after_source", ("docs",), False,
          "the documents (posts, drafts, pages) are read, before their bodies are rendered"),
    Event("before_render", ("doc", "ctx"), True,
          "a document's body is about to be parsed; `ctx` is its RenderContext (documents the main process renders are parsed up to two ahead, so keep per-document state in `ctx`, not in a global)"),
    Event("after_render", ("doc", "rendered", "ctx"), True,
          "a body was rendered; handlers may change `rendered` (content, excerpt, text) and add plain data to `rendered.facts`, kept with it in the render cache"),
    Event("after_site", ("site",), False,
          "the site model (posts, pages, tags, categories) is made, before routes"),
    Event("after_routes", ("routes",), False,
          "every output file is known (output path → Route), before any page is made"),
    Event("after_build", ("result",), False,
          "every page is made, before the output is committed; add to `result.problems`"),
)}


def events_markdown() -> str:
    """The README's events table, made from EVENTS."""
    rows = ["| event | keyword arguments | may run in a worker | when |", "|---|---|---|---|"]
    for event in EVENTS.values():
        args = ", ".join(f"`{name}`" for name in event.args)
        rows.append(f"| `{event.name}` | {args} | {'yes' if event.in_worker else 'no'} | {event.doc} |")
    return "\n".join(rows) + "\n"


class PluginError(QuillError):
    """A plugin's code failed: names the plugin, what it was doing and where in its code."""

    @classmethod
    def from_exception(cls, plugin: "Plugin", doing: str, exc: Exception) -> "PluginError":
        prefix = f"plugin {plugin.name}, {doing}"
        if isinstance(exc, QuillError):  # the plugin knows where the problem is
            return cls(f"{prefix}: {exc.message}", exc.path, exc.line, exc.hint)
        path, line = plugin.where(exc)
        return cls(f"{prefix}: {exc!r}", path, line,
                   hint=f"fix the plugin, or list {plugin.name} under plugins.disabled in _config.yml")


@dataclass(frozen=True)
class Plugin:
    """A loaded plugin: its name, the file its code is in (`__init__.py` for a package) and
    the blog's folder, which error messages show paths relative to."""

    name: str
    path: Path | None = None
    project: Path | None = None

    def where(self, exc: BaseException) -> tuple[Path | None, int | None]:
        """The innermost line of this plugin's code in the exception's traceback."""
        code = self.path.parent if self.path and self.path.name == "__init__.py" else self.path
        path, line = innermost_line(exc, [code] if code else []) or (self.path, None)
        return self.shown(path), line

    def shown(self, path: Path | None) -> Path | None:
        """`path` as messages show it: relative to the blog's folder when it is inside."""
        if path is not None and self.project is not None and path.is_relative_to(self.project):
            return path.relative_to(self.project)
        return path


def _decorator(add: Callable[[F], None], func: F | None) -> Any:
    """What every registering method returns: called with `func`, it registers it and
    returns it; called without, it is a decorator that does the same."""
    def register(f: F) -> F:
        add(f)
        return f
    return register(func) if func is not None else register


@dataclass
class TagSpec:
    name: str
    func: TagFunc
    ends: bool  # True: the tag has a body closed by {% endNAME %}
    raw_body: bool = True  # False: the body is Markdown rendered before the tag sees it
    optional_end: bool = False  # True: a body when an {% endNAME %} follows, else none


@dataclass
class PageView:
    """What an injection deciding per page may look at: the finished HTML and its route;
    `marked` holds the `when` texts (see PluginAPI.inject) of every plugin that the HTML
    contains, found in one pass over it."""

    url: str
    html: str
    layout: str
    marked: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MarkedInjection:
    """HTML injected only into pages that contain one of `when` (PluginAPI.inject)."""

    html: str
    when: tuple[str, ...]

    def __call__(self, view: PageView) -> str:
        return "" if view.marked.isdisjoint(self.when) else self.html


@dataclass
class Extensions:
    """Everything all plugins registered; the engine reads it, plugins write it through API."""

    tags: dict[str, TagSpec] = field(default_factory=dict)
    fences: dict[str, FenceFunc] = field(default_factory=dict)
    markdown_plugins: list[tuple[Callable[..., None], dict[str, Any]]] = field(default_factory=list)
    generators: list[tuple[str, GeneratorFunc]] = field(default_factory=list)
    helpers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    filters: dict[str, Callable[..., Any]] = field(default_factory=dict)
    injections: dict[str, list[str | Callable[[PageView], str]]] = field(
        default_factory=lambda: {p: [] for p in INJECT_POINTS})
    page_marks: set[str] = field(default_factory=set)  # every injection's `when` texts
    statics: list[tuple[Path, str]] = field(default_factory=list)
    handlers: dict[str, list[tuple[int, Plugin, Callable[..., Any]]]] = field(
        default_factory=lambda: {name: [] for name in EVENTS})
    deployers: dict[str, Callable[..., None]] = field(default_factory=dict)
    services: dict[str, Any] = field(default_factory=dict)
    menu: dict[str, str] = field(default_factory=dict)  # header menu entries: key → site path
    loaded: list[str] = field(default_factory=list)
    fingerprint_parts: list[str] = field(default_factory=list)
    cache_root: Path | None = None  # the builder's cache folder; plugins' caches go below it
    builds_once: bool = False  # this process builds the site once (`build`), see PluginAPI
    workers: int = 1  # how many processes the build may use (`--workers`), see PluginAPI
    in_main_tests: list[tuple[Plugin, Callable[[Document], bool], Callable[[Document], int] | None]
                        ] = field(default_factory=list)

    def emit(self, event: str, **kwargs: Any) -> None:
        """Call the event's handlers, highest priority first, with its keyword arguments.
        A handler that raises becomes a PluginError naming its plugin and the event."""
        expected = EVENTS[event].args
        if tuple(kwargs) != expected:
            raise TypeError(f"event {event} takes {expected}, not {tuple(kwargs)}")
        for _, plugin, func in sorted(self.handlers[event], key=lambda entry: -entry[0]):
            try:
                func(**kwargs)
            except Exception as exc:
                raise PluginError.from_exception(plugin, event, exc) from exc

    def renders_in_main(self, doc: Document) -> bool:
        """Whether a plugin asked for this document to render in this process (`render_in_main`).
        A test that raises becomes a PluginError naming its plugin, as a handler's does."""
        for plugin, test, _ in self.in_main_tests:
            try:
                if test(doc):
                    return True
            except Exception as exc:
                raise PluginError.from_exception(plugin, "render_in_main", exc) from exc
        return False

    def helper_work(self, doc: Document) -> int:
        """What the helpers of the plugins that keep this document here do for it while this
        process renders it (`render_in_main`'s `helper_work`), in characters of body text that
        take this process as long. A `helper_work` that raises becomes a PluginError, as a test's does."""
        work = 0
        for plugin, test, helper in self.in_main_tests:
            try:
                if helper is not None and test(doc):
                    work += helper(doc)
            except Exception as exc:
                raise PluginError.from_exception(plugin, "render_in_main", exc) from exc
        return work

    def service(self, name: str) -> Any:
        """What a plugin provided under `name` (`api.provide`); a QuillError if none did."""
        try:
            return self.services[name]
        except KeyError:
            raise QuillError(f"no plugin provides the service {name!r}",
                             hint="check that the plugin providing it is loaded, not disabled") from None

    def fingerprint(self) -> str:
        """Changes when any plugin's code changes, so cached bodies are re-rendered then."""
        return hashlib.sha256("\0".join(self.fingerprint_parts).encode()).hexdigest()[:16]


class PluginAPI:
    """Handed to each plugin's `register`. Methods work as calls or decorators."""

    def __init__(self, config: Config, extensions: Extensions, plugin: Plugin | str) -> None:
        self.config = config
        self._ext = extensions
        self.plugin = plugin if isinstance(plugin, Plugin) else Plugin(plugin)
        self.name = self.plugin.name

    @property
    def project_root(self) -> Path:
        return self.config.root_path

    @property
    def builds_once(self) -> bool:
        """True when this process builds the site once (the `build` command), not again
        after edits (`serve`, `build --watch`): what a plugin keeps for the next build can
        be let go in `after_build`, before the build's last and largest steps."""
        return self._ext.builds_once

    @property
    def workers(self) -> int:
        """How many processes the build may use (`--workers`, else the cores, at most 4).
        Pass it to `Background`, which starts no child with one: the work is done here."""
        return self._ext.workers

    def depends_on(self, value: str) -> None:
        """Something besides the config and the plugin's code that rendered bodies depend on
        (a setting read from the blog's package.json): cached bodies die when it changes."""
        self._ext.fingerprint_parts.append(f"{self.name}={value}")

    def node_module(self, rel: str) -> Path | None:
        """A file an npm package installed (`echarts/dist/echarts.min.js`): the blog's own
        node_modules first, else the one beside the QuillPress checkout; None without npm."""
        for root in self.install_roots:
            candidate = root / "node_modules" / rel
            if candidate.is_file():
                return candidate
        return None

    @property
    def install_roots(self) -> list[Path]:
        """Where npm packages may be installed, the blog's own folder first."""
        return install_roots(self.project_root)

    def npm_file_url(self, rel: str, site_path: str, *, cdn: str | None, fallback: str,
                     setting: str) -> str:
        """Where pages load a browser file of a pinned npm package (`echarts/dist/…`): `cdn`
        when the blog sets one; else the node_modules copy, served from the site at
        `site_path`; else `fallback`, with one warning saying how to fix it (`setting`)."""
        if cdn:
            return cdn
        found = self.node_module(rel)
        if found is not None:
            self.generator(lambda site: [Route(path=site_path, source=found)], name=f"{self.name}.npm")
            return url_for(site_path, self.config)
        shown = rel.rsplit("/", 1)[-1]

        def warn(result: Any) -> None:
            result.problems.warn(f"{shown} not found in node_modules; pages load it from {fallback}",
                                 hint=f"run `make setup` (npm ci) or set {setting} in _config.yml")
        self.on("after_build", warn)
        return fallback

    @property
    def cache_dir(self) -> Path:
        """A folder this plugin may keep caches in (below the build's cache folder, so a
        build with its own `cache_dir` writes nothing into the project); `clean` removes it."""
        root = self._ext.cache_root or self.project_root / ".quillpress-cache"
        path = root / self.name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def config_section(self, name: str, option: Option) -> Any:
        """Declare this plugin's `name:` section of _config.yml (usually a
        config_options.Section) and return it checked: defaults filled in, legacy forms
        converted with a warning. A bad value is reported with its file, key and line, and
        its default is used so the build can go on to find every other error first."""
        return check_section(self.config, name, option)

    def tag(self, name: str, func: TagFunc | None = None, *, ends: bool = False,
            raw_body: bool = True, aliases: Iterable[str] = (), optional_end: bool = False) -> Any:
        """Add a Hexo tag. `func(ctx, args, body) -> html`; body is None without `ends`.
        `optional_end`: themes disagree whether the tag has a body (`{% fancybox %}`), so
        it gets one only when its end tag follows."""
        def add(f: TagFunc) -> None:
            for tag_name in (name, *aliases):
                self._ext.tags[tag_name] = TagSpec(tag_name, f, ends, raw_body, optional_end)
        return _decorator(add, func)

    def fence(self, lang: str, func: FenceFunc | None = None) -> Any:
        """Render ```` ```lang ```` blocks: `func(ctx, code, info) -> html`."""
        return _decorator(lambda f: self._ext.fences.__setitem__(lang, f), func)

    def markdown(self, plugin: Callable[..., None], **options: Any) -> None:
        """Apply a markdown-it-py plugin to the shared parser: `plugin(md, **options)`."""
        self._ext.markdown_plugins.append((plugin, options))

    def generator(self, func: GeneratorFunc | None = None, *, name: str | None = None) -> Any:
        """Add a generator: `func(site) -> iterable of Route` (feeds, sitemaps, search)."""
        return _decorator(lambda f: self._ext.generators.append(
            (name or f"{self.name}.{f.__name__}", f)), func)

    def helper(self, name: str, func: Callable[..., Any] | None = None) -> Any:
        """Add a Jinja2 global function for templates."""
        return _decorator(lambda f: self._ext.helpers.__setitem__(name, f), func)

    def filter(self, name: str, func: Callable[..., Any] | None = None) -> Any:
        """Add a Jinja2 filter for templates."""
        return _decorator(lambda f: self._ext.filters.__setitem__(name, f), func)

    def inject(self, where: str, content: str | Callable[[PageView], str],
               when: str | Iterable[str] | None = None) -> None:
        """Add HTML at `head_begin|head_end|body_begin|body_end` of every page; a callable
        gets the finished page (PageView) and returns HTML or "" (e.g. only pages with math).
        With `when`, a text or several, HTML `content` goes only into pages that contain
        one of them, such as the start of the plugin's own element, `when='<kbd class="k-'`
        (with its `<`, which every code block escapes; some leave quotes as they are): the
        build looks for every plugin's texts in one pass over a page, where a callable's
        `text in page.html` is a pass of its own."""
        if where not in INJECT_POINTS:
            raise ValueError(f"inject point must be one of {INJECT_POINTS}")
        if when is not None:
            if not isinstance(content, str):
                raise TypeError("inject(..., when=...) takes HTML text, not a callable")
            texts = (when,) if isinstance(when, str) else tuple(when)
            if not texts or not all(isinstance(text, str) and text for text in texts):
                # An empty text is in every page, yet the scan for texts skips it.
                raise ValueError(f"inject(..., when=...) takes non-empty texts, not {when!r}")
            self._ext.page_marks.update(texts)
            content = MarkedInjection(content, texts)
        self._ext.injections[where].append(content)

    def static(self, source: Path, dest: str) -> None:
        """Copy the files under `source` to `dest/` in the output (missing folder: warning)."""
        self._ext.statics.append((Path(source), dest.strip("/")))

    def on(self, event: str, func: Callable[..., Any] | None = None, *, priority: int = 0) -> Any:
        """Handle a build event (see EVENTS) with a function taking its keyword arguments;
        higher priority runs first."""
        if event not in EVENTS:
            raise ValueError(f"unknown event {event!r}; events are {', '.join(EVENTS)}")
        return _decorator(lambda f: self._ext.handlers[event].append((priority, self.plugin, f)),
                          func)

    def deployer(self, type_name: str, func: Callable[..., None] | None = None) -> Any:
        """Add a deploy target type: `func(target_config: dict, public_dir: Path, log)`."""
        return _decorator(lambda f: self._ext.deployers.__setitem__(type_name, f), func)

    def menu(self, key: str, path: str) -> None:
        """Add `key: path` to the end of the theme's header menu (the key is translated
        like the theme's own). The blog's menu wins: an entry it has for the key or the
        path, or `key: false` to hide it, is kept as written."""
        self._ext.menu[key] = path

    def render_in_main(self, test: Callable[[Document], bool],
                       helper_work: Callable[[Document], int] | None = None) -> None:
        """Documents for which `test(doc)` is true render in this process, never in a forked
        worker, in a build that renders its bodies here (a small blog): the plugin keeps a
        helper process here, ready (the math plugin's Node worker, started before the imports),
        that a worker would start again for itself. The other documents then render in one
        worker beside it, on another core. A build that forks its render workers anyway (many
        or long bodies) does the same with two processes when this process's part is about
        half the work (builder.split_here); otherwise its workers share every document.
        `helper_work(doc)`: what the helper does for a kept document on another core while this
        process renders it, in characters of body text that take this process as long (the
        math plugin's Node drawing formulas); none said counts as nothing."""
        self._ext.in_main_tests.append((self.plugin, test, helper_work))

    def provide(self, name: str, value: Any) -> None:
        """Offer `value` to other plugins (and tools such as benchmarks) as `name`; by
        convention `<plugin>.<what>`, e.g. `math.renderer`."""
        self._ext.services[name] = value

    def service(self, name: str) -> Any:
        """What another plugin provided as `name`; plugins load in name order, so ask for it
        when it is used (in a generator or handler), not in `register`."""
        return self._ext.service(name)


def bundled_plugins_dir() -> Path:
    """The built-in plugins (see quillpress.bundled)."""
    return bundled_dir("plugins")


def _plugin_files(folder: Path) -> list[tuple[str, Path]]:
    found = []
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(("_", ".")):
                continue
            if entry.suffix == ".py":
                found.append((entry.stem, entry))
            elif (entry / "__init__.py").is_file():
                found.append((entry.name, entry / "__init__.py"))
    return found


def _import_file(plugin: Plugin, code_hash: str) -> Any:
    """The plugin's module, imported again when its code changed since this process last
    imported it: `serve` sets up the same builder again after a plugin is saved."""
    name, path = plugin.name, plugin.path
    assert path is not None
    module_name = f"quillpress_plugin_{name}"
    loaded = sys.modules.get(module_name)
    if (loaded is not None and getattr(loaded, "__file__", None) == str(path)
            and getattr(loaded, "__quillpress_code__", None) == code_hash):
        return loaded
    for stale in [key for key in sys.modules if key.startswith(module_name + ".")]:
        del sys.modules[stale]  # a package's own modules, so that they are read again too
    is_package = path.name == "__init__.py"
    spec = importlib.util.spec_from_file_location(
        module_name, path, submodule_search_locations=[str(path.parent)] if is_package else None)
    if spec is None or spec.loader is None:
        raise QuillError("cannot import plugin", path)
    module = importlib.util.module_from_spec(spec)
    module.__dict__["__quillpress_code__"] = code_hash
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as exc:  # sys.exit() in a plugin: not the build's end
        del sys.modules[module_name]
        raise _import_error(plugin, exc) from exc
    return module


def _import_error(plugin: Plugin, exc: BaseException) -> QuillError:
    """Why a plugin could not be imported, at the line of its code that failed (a syntax
    error's own line, which is in no frame of its traceback)."""
    if isinstance(exc, SyntaxError) and exc.filename:
        where, line, detail = plugin.shown(Path(exc.filename)), exc.lineno, exc.msg
    else:
        (where, line), detail = plugin.where(exc), str(exc)
    return QuillError(f"plugin {plugin.name} failed to import: {type(exc).__name__}: {detail}",
                      where, line, hint=f"fix the plugin, or list {plugin.name} under "
                                        "plugins.disabled in _config.yml")


def _code_hash(path: Path) -> str:
    files = sorted(path.parent.rglob("*.py")) if path.name == "__init__.py" else [path]
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def load_plugins(config: Config, extensions: Extensions) -> None:
    """Load built-in plugins, the project's `plugins/`, then entry points, once each."""
    disabled = set((config.get("plugins") or {}).get("disabled") or [])
    candidates: dict[str, Path] = {}
    for folder in (bundled_plugins_dir(), config.root_path / "plugins"):
        for name, path in _plugin_files(folder):
            candidates[name] = path  # the project's own copy wins over the built-in one
    for name, path in candidates.items():
        if name in disabled:
            continue
        code_hash = _code_hash(path)
        plugin = Plugin(name, path, config.root_path)
        _register(_import_file(plugin, code_hash), plugin, config, extensions, code_hash)
    for entry in _installed_plugins():
        if entry.name in disabled or entry.name in candidates:
            continue
        module = entry.load()
        file = getattr(module, "__file__", None)
        _register(module, Plugin(entry.name, Path(file) if file else None, config.root_path),
                  config, extensions, entry.value)


def _installed_plugins() -> list[EntryPoint]:
    """Plugins installed as packages: the entry points of group `quillpress.plugins`.

    Asking importlib.metadata means importing it (~20 ms, a tenth of a cold build's imports)
    and reading every installed package's metadata; the `entry_points.txt` files on sys.path
    are looked through first, and when none names the group (the usual case) there is none."""
    if not declared_on_path(ENTRY_POINT_GROUP):
        return []
    import importlib.metadata

    return list(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))


def _register(module: Any, plugin: Plugin, config: Config, extensions: Extensions,
              code_hash: str) -> None:
    register = getattr(module, "register", None)
    if not callable(register):
        log.warning("plugin %s has no register(api) function; skipped", plugin.name)
        return
    # What a plugin reads as it registers may shape every body it touches (a title kept for
    # a tag), so the body cache's key hashes it; the bundled plugins' reads there serve their
    # pages only (the feed's links in <head>, the comments' and analytics' settings).
    bundled = plugin.path is not None and plugin.path.is_relative_to(bundled_plugins_dir())
    try:
        with nullcontext() if bundled else noting_reads(config):
            register(PluginAPI(config, extensions, plugin))
    except Exception as exc:
        raise PluginError.from_exception(plugin, "register", exc) from exc
    extensions.loaded.append(plugin.name)
    extensions.fingerprint_parts.append(f"{plugin.name}:{code_hash}")
