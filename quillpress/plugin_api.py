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
- handlers of build events: `api.on("after_config" | "before_render" | "after_render" |
  "after_site" | "after_build", func, priority)`;
- deployers for `deploy: type: NAME`: `api.deployer`;
- its own section of _config.yml, typed like the core's (quillpress.config_options):
  `options = api.config_section("feed", Section({...}))` returns it checked, defaults filled
  in; a bad value is reported with its key and line, with every other config error.

Rendering of a post must depend only on that post and the config, because rendered bodies
are cached by content hash and may be made in worker processes: tags and fences get a
RenderContext for that purpose, and anything site-wide belongs in a generator or event.
A tag that reads another file (a chart's CSV) declares it with `ctx.depend_on(path)`, so the
cached body is re-rendered when that file changes.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .bundled import PACKAGE_DIR, bundled_dir
from .config import check_section
from .errors import QuillError

if TYPE_CHECKING:
    from .config import Config
    from .config_options import Option
    from .render_context import RenderContext
    from .routes import Route
    from .site import Site

log = logging.getLogger("quillpress.plugins")

TagFunc = Callable[["RenderContext", list[str], "str | None"], str]
FenceFunc = Callable[["RenderContext", str, str], str]
GeneratorFunc = Callable[["Site"], Iterable["Route"]]
EVENTS = ("after_config", "before_render", "after_render", "after_site", "after_build")
INJECT_POINTS = ("head_begin", "head_end", "body_begin", "body_end")


@dataclass
class TagSpec:
    name: str
    func: TagFunc
    ends: bool  # True: the tag has a body closed by {% endNAME %}
    raw_body: bool = True  # False: the body is Markdown rendered before the tag sees it
    optional_end: bool = False  # True: a body when an {% endNAME %} follows, else none


@dataclass
class PageView:
    """What an injection deciding per page may look at: the finished HTML and its route."""

    url: str
    html: str
    layout: str


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
    statics: list[tuple[Path, str]] = field(default_factory=list)
    events: dict[str, list[tuple[int, Callable[..., Any]]]] = field(
        default_factory=lambda: {e: [] for e in EVENTS})
    deployers: dict[str, Callable[..., None]] = field(default_factory=dict)
    loaded: list[str] = field(default_factory=list)
    fingerprint_parts: list[str] = field(default_factory=list)
    cache_root: Path | None = None  # the builder's cache folder; plugins' caches go below it

    def emit(self, event: str, *args: Any) -> None:
        for _, func in sorted(self.events[event], key=lambda pair: -pair[0]):
            func(*args)

    def fingerprint(self) -> str:
        """Changes when any plugin's code changes, so cached bodies are re-rendered then."""
        return hashlib.sha256("\0".join(self.fingerprint_parts).encode()).hexdigest()[:16]


class PluginAPI:
    """Handed to each plugin's `register`. Methods work as calls or decorators."""

    def __init__(self, config: "Config", extensions: Extensions, plugin_name: str) -> None:
        self.config = config
        self._ext = extensions
        self.name = plugin_name

    @property
    def project_root(self) -> Path:
        return self.config.root_path

    def depends_on(self, value: str) -> None:
        """Something besides the config and the plugin's code that rendered bodies depend on
        (a setting read from the blog's package.json): cached bodies die when it changes."""
        self._ext.fingerprint_parts.append(f"{self.name}={value}")

    def node_module(self, rel: str) -> Path | None:
        """A file an npm package installed (`echarts/dist/echarts.min.js`): the blog's own
        node_modules first, else the one beside the QuillPress checkout; None without npm."""
        for root in (self.project_root, PACKAGE_DIR.parent):
            candidate = root / "node_modules" / rel
            if candidate.is_file():
                return candidate
        return None

    @property
    def cache_dir(self) -> Path:
        """A folder this plugin may keep caches in (below the build's cache folder, so a
        build with its own `cache_dir` writes nothing into the project); `clean` removes it."""
        root = self._ext.cache_root or self.project_root / ".quillpress-cache"
        path = root / self.name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def config_section(self, name: str, option: "Option") -> Any:
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
        def add(f: TagFunc) -> TagFunc:
            for tag_name in (name, *aliases):
                self._ext.tags[tag_name] = TagSpec(tag_name, f, ends, raw_body, optional_end)
            return f
        return add(func) if func else add

    def fence(self, lang: str, func: FenceFunc | None = None) -> Any:
        """Render ```` ```lang ```` blocks: `func(ctx, code, info) -> html`."""
        def add(f: FenceFunc) -> FenceFunc:
            self._ext.fences[lang] = f
            return f
        return add(func) if func else add

    def markdown(self, plugin: Callable[..., None], **options: Any) -> None:
        """Apply a markdown-it-py plugin to the shared parser: `plugin(md, **options)`."""
        self._ext.markdown_plugins.append((plugin, options))

    def generator(self, func: GeneratorFunc | None = None, *, name: str | None = None) -> Any:
        """Add a generator: `func(site) -> iterable of Route` (feeds, sitemaps, search)."""
        def add(f: GeneratorFunc) -> GeneratorFunc:
            self._ext.generators.append((name or f"{self.name}.{f.__name__}", f))
            return f
        return add(func) if func else add

    def helper(self, name: str, func: Callable[..., Any] | None = None) -> Any:
        def add(f: Callable[..., Any]) -> Callable[..., Any]:
            self._ext.helpers[name] = f
            return f
        return add(func) if func else add

    def filter(self, name: str, func: Callable[..., Any] | None = None) -> Any:
        def add(f: Callable[..., Any]) -> Callable[..., Any]:
            self._ext.filters[name] = f
            return f
        return add(func) if func else add

    def inject(self, where: str, content: str | Callable[[PageView], str]) -> None:
        """Add HTML at `head_begin|head_end|body_begin|body_end` of every page; a callable
        gets the finished page (PageView) and returns HTML or "" (e.g. only pages with math)."""
        if where not in INJECT_POINTS:
            raise ValueError(f"inject point must be one of {INJECT_POINTS}")
        self._ext.injections[where].append(content)

    def static(self, source: Path, dest: str) -> None:
        """Copy the files under `source` to `dest/` in the output (missing folder: warning)."""
        self._ext.statics.append((Path(source), dest.strip("/")))

    def on(self, event: str, func: Callable[..., Any] | None = None, *, priority: int = 0) -> Any:
        """Handle a build event; higher priority runs first."""
        if event not in EVENTS:
            raise ValueError(f"unknown event {event!r}; events are {EVENTS}")

        def add(f: Callable[..., Any]) -> Callable[..., Any]:
            self._ext.events[event].append((priority, f))
            return f
        return add(func) if func else add

    def deployer(self, type_name: str, func: Callable[..., None] | None = None) -> Any:
        """Add a deploy target type: `func(target_config: dict, public_dir: Path, log)`."""
        def add(f: Callable[..., None]) -> Callable[..., None]:
            self._ext.deployers[type_name] = f
            return f
        return add(func) if func else add


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


def _import_file(name: str, path: Path) -> Any:
    module_name = f"quillpress_plugin_{name}"
    if module_name in sys.modules and getattr(sys.modules[module_name], "__file__", None) == str(path):
        return sys.modules[module_name]
    is_package = path.name == "__init__.py"
    spec = importlib.util.spec_from_file_location(
        module_name, path, submodule_search_locations=[str(path.parent)] if is_package else None)
    if spec is None or spec.loader is None:
        raise QuillError("cannot import plugin", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[module_name]
        raise QuillError(f"plugin failed to import: {exc!r}", path,
                         hint="fix the plugin or list it under plugins.disabled in _config.yml") from exc
    return module


def _code_hash(path: Path) -> str:
    files = sorted(path.parent.rglob("*.py")) if path.name == "__init__.py" else [path]
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def load_plugins(config: "Config", extensions: Extensions) -> None:
    """Load built-in plugins, the project's `plugins/`, then entry points, once each."""
    disabled = set((config.get("plugins") or {}).get("disabled") or [])
    candidates: dict[str, Path] = {}
    for folder in (bundled_plugins_dir(), config.root_path / "plugins"):
        for name, path in _plugin_files(folder):
            candidates[name] = path  # the project's own copy wins over the built-in one
    for name, path in candidates.items():
        if name in disabled:
            continue
        module = _import_file(name, path)
        _register(module, name, config, extensions, _code_hash(path))
    for entry in importlib.metadata.entry_points(group="quillpress.plugins"):
        if entry.name in disabled or entry.name in candidates:
            continue
        _register(entry.load(), entry.name, config, extensions, entry.value)


def _register(module: Any, name: str, config: "Config", extensions: Extensions,
              code_hash: str) -> None:
    register = getattr(module, "register", None)
    if not callable(register):
        log.warning("plugin %s has no register(api) function; skipped", name)
        return
    register(PluginAPI(config, extensions, name))
    extensions.loaded.append(name)
    extensions.fingerprint_parts.append(f"{name}:{code_hash}")
