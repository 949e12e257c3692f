"""Which Hexo plugins a blog declares in its package.json, and so which renderer Hexo used.

Where QuillPress imitates a Hexo plugin's effect on the output (hexo-abbrlink's post ids, a
markdown renderer's line breaks), it does so only for blogs that installed that plugin, as Hexo
would: Hexo loads exactly the `hexo-*` packages listed in package.json, dependencies first, then
devDependencies, and the last Markdown renderer loaded is the one that renders `.md`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..authoring.compat import lookup
from ..errors import QuillError

if TYPE_CHECKING:
    from .options import Report

MARKDOWN_RENDERERS = ("hexo-renderer-marked", "hexo-renderer-kramed", "hexo-renderer-markdown-it",
                      "hexo-renderer-markdown-it-plus", "hexo-renderer-pandoc",
                      "hexo-renderer-syzoj-renderer", "hexo-renderer-multi-markdown-it")

# The renderers that are markdown-it with plugins (in JavaScript): a blog rendered by one saw
# what markdown-it-py's own rules see, where the others (marked, kramed, pandoc) differ.
# hexo-renderer-multi-markdown-it (Shoka's, a fork of markdown-it-plus on markdown-it 10) is
# one: read as Hexo's default marked, its lists and links took marked's rules.
MARKDOWN_IT_RENDERERS = ("hexo-renderer-markdown-it", "hexo-renderer-markdown-it-plus",
                         "hexo-renderer-syzoj-renderer", "hexo-renderer-multi-markdown-it")


class Package(NamedTuple):
    """What package.json says of the blog: the package names it lists, in Hexo's loading
    order; whether it is a Hexo 2 site's (named `hexo-site`, what `hexo init` writes, with
    no `hexo` dependency: Hexo 2 was installed globally and carried its Markdown renderer,
    marked, inside); and whether it has the `hexo` object that makes the folder a Hexo site
    (Hexo runs only where package.json has one, and writes its version into it)."""

    names: tuple[str, ...] = ()
    hexo2: bool = False
    site: bool = False
    ranges: tuple[str, ...] = ()  # the version range written for each of `names`


@lru_cache(maxsize=16)
def _read(path: Path, stamp: float) -> Package:
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Package()
    if not isinstance(package, dict):
        return Package()
    names: list[str] = []
    ranges: list[str] = []
    for section in ("dependencies", "devDependencies"):
        deps = package.get(section)
        if isinstance(deps, dict):
            names.extend(str(name) for name in deps)
            ranges.extend(str(spec) for spec in deps.values())
    return Package(tuple(names), package.get("name") == "hexo-site" and "hexo" not in names,
                   isinstance(package.get("hexo"), dict), tuple(ranges))


def _package(project_root: Path) -> Package:
    path = project_root / "package.json"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return Package()
    return _read(path, stamp)


# `hexo-*` packages that are no plugin: the engine and its libraries (other plugins import
# them; Hexo loads them too, and they add nothing), and `hexo-site`, the name `hexo init`
# gives the blog's own package.
NOT_PLUGINS = frozenset({"hexo", "hexo-cli", "hexo-util", "hexo-fs", "hexo-log",
                         "hexo-pagination", "hexo-front-matter", "hexo-i18n", "hexo-bunyan",
                         "hexo-site"})


# Hexo 7's load_plugins takes `hexo-*` and scoped `@scope/hexo-*` packages (Waline's
# `@waline/hexo-next`); not themes (`hexo-theme-*`, the blog's `theme:`) nor `@types/` ones.
_PLUGIN_NAME = re.compile(r"(?!@types/)(?:@[^/]+/)?hexo-(?!theme-)")


_MATH_NAME = re.compile(r"math|katex", re.IGNORECASE)


def named_for_math(name: str) -> bool:
    """Whether an npm package is named for math (hexo-math, markdown-it-katex, ...): the math
    plugin decides what such a package means for `$…$`, and the markdown-it plugin list leaves
    it to that plugin, so both must read the same names."""
    return _MATH_NAME.search(name) is not None


def is_plugin(name: str) -> bool:
    """Is npm package `name` a Hexo plugin: one Hexo loads (`hexo-*`, `@scope/hexo-*`),
    neither a theme (`hexo-theme-*`, read as the blog's `theme:`) nor one of NOT_PLUGINS?"""
    return _PLUGIN_NAME.match(name) is not None and name not in NOT_PLUGINS


def _line_of(text: str, name: str) -> int | None:
    """The line of package.json where `name` is listed (its first `"name":`), if found."""
    found = re.search(f'"{re.escape(name)}"\\s*:', text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _package_text(project_root: Path) -> str:
    try:
        return (project_root / "package.json").read_text(encoding="utf-8")
    except (OSError, ValueError):
        return ""


def declared_line(project_root: Path, name: str) -> int | None:
    """The line of the blog's package.json that lists package `name`, for warnings about it."""
    return _line_of(_package_text(project_root), name)


def unknown_plugins_warnings(project_root: Path) -> list[QuillError]:
    """One warning for each plugin of package.json that QuillPress knows nothing of, at the
    line naming it: Hexo ran it, the build goes on without it, and the line says so, rather
    than leave what it made (pages, a filter's change) silently missing. Known (`lookup` in
    `authoring.compat`, which `quillpress doctor` reads too) is a plugin QuillPress imitates,
    one whose job a bundled plugin does (named for it: `hexo-feed`, compat.JOBS), and one whose
    absence was decided, with what the reader gets instead (a minifier: the same pages)."""
    unknown = [name for name in dict.fromkeys(_package(project_root).names)
               if is_plugin(name) and lookup("plugin", name) is None
               and lookup("plugin", _unscoped(name)) is None]  # a fork is read as its base
    if not unknown:
        return []
    text = _package_text(project_root)
    return [QuillError(f"{name} is a Hexo plugin QuillPress does not know: built without it, "
                       "so what it adds or changes on Hexo's pages is missing", "package.json",
                       _line_of(text, name))
            for name in unknown]


def declared_plugins(project_root: Path) -> frozenset[str]:
    """Package names in the blog's package.json (empty without one); re-read when it changes."""
    return frozenset(_package(project_root)[0])


def hexo_toc(project_root: Path) -> bool:
    """Did the blog install hexo-toc, which gives every heading a new id after rendering
    (render/heading_ids.py)?"""
    return "hexo-toc" in declared_plugins(project_root)


def hexo_site(project_root: Path) -> bool:
    """Is the folder a Hexo site (its package.json has the `hexo` object)? Its output folder
    is then Hexo's: `hexo generate` writes over anything in it, `hexo clean` deletes it."""
    return _package(project_root).site


def markdown_renderer(project_root: Path) -> str | None:
    """The renderer Hexo uses for this blog's Markdown: the last one package.json lists, else
    Hexo's default, hexo-renderer-marked (Hexo 2's built-in one too). None for a blog that
    is no Hexo site."""
    package = _package(project_root)
    names = package.names
    if "hexo" not in names and not package.hexo2:
        return None
    found = [base for base in map(_unscoped, names) if base in MARKDOWN_RENDERERS]
    return found[-1] if found else "hexo-renderer-marked"


def _unscoped(name: str) -> str:
    """A scoped package's own name (`@reimujs/hexo-renderer-markdown-it-plus` →
    `hexo-renderer-markdown-it-plus`): Hexo loads `@scope/hexo-*` packages as plugins, and a
    theme's fork of a renderer keeps its base's options and rules (Reimu's markdown-it-plus
    adds containers and heading anchors to the same markdown-it plugins), so it is read as
    that renderer rather than left to Hexo's default, marked."""
    return name.split("/", 1)[1] if name.startswith("@") and "/" in name else name


_MAJOR = re.compile(r"\s*[\^~=v]*\s*(\d+)\.")


def declared_major(project_root: Path, name: str) -> int | None:
    """The major version of package `name` that package.json asks for (`^6.1.0` → 6); None
    when it does not list the package, or its range does not start with a number (`*`,
    `latest`, a git URL)."""
    package = _package(project_root)
    if name not in package.names:
        return None
    found = _MAJOR.match(package.ranges[package.names.index(name)])
    return None if found is None else int(found.group(1))


def marked_before_0_7(project_root: Path) -> bool:
    """Did Hexo render this blog with marked 0.3-0.6? hexo-renderer-marked 0.x asks for marked
    0.3, its 1.0 for 0.6 (there is no 1.1; 2.0 moved to 0.7), and Hexo 2 carried marked 0.3
    inside. Those marked versions end a paragraph at any `3. item` line, where marked 0.7 and
    later follow CommonMark (only a list starting at 1). A version range not starting with a
    number (`*`, a git URL) is taken as a recent one."""
    package = _package(project_root)
    if markdown_renderer(project_root) != "hexo-renderer-marked":
        return False
    if "hexo-renderer-marked" not in package.names:
        return package.hexo2
    major = declared_major(project_root, "hexo-renderer-marked")
    return major is not None and major <= 1


def built_on_markdown_it(renderer: str | None) -> bool:
    """Is `renderer` (`markdown_renderer`'s answer) one of MARKDOWN_IT_RENDERERS? The one
    place that asks: the rules that differ between those renderers ask for each by name."""
    return renderer in MARKDOWN_IT_RENDERERS


def own_scripts_warning(project_root: Path) -> QuillError | None:
    """Hexo runs every `.js` file under the blog's `scripts/` folder at each build (filters,
    tags, generators of the author's own); QuillPress runs no JavaScript, so it says once
    that it builds without them instead of leaving their effect silently out."""
    folder = project_root / "scripts"
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.js")) \
        if folder.is_dir() else []
    if not names:
        return None
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return QuillError(f"Hexo runs the blog's own scripts ({shown}); QuillPress runs no "
                      "JavaScript, so it builds without what they add or change", "scripts/",
                      hint="redo what they do with front-matter, config or a QuillPress plugin "
                           "(README, Plugins)")


def hide_posts_lists(values: dict[str, Any], project_root: Path, report: "Report") -> None:
    """hexo-hide-posts' allowlist is read (model.site.hide_posts_allowlist); its functions
    deciding per generator or per post (`allowlist_function`, `acl_function_per_post`) are
    JavaScript, which QuillPress does not run: it says so at the key rather than leave the
    pages they would have filled shorter than on Hexo without a word."""
    options = values.get("hide_posts")
    if not isinstance(options, dict) or "hexo-hide-posts" not in declared_plugins(project_root):
        return
    for key in ("allowlist_function", "acl_function_per_post"):
        if options.get(key):
            report.warn(("hide_posts", key),
                        f"`hide_posts.{key}` is not run (it is JavaScript): posts hexo-hide-posts "
                        "hides are listed only by the generators `allowlist_generators` names",
                        "name those generators in `allowlist_generators`, or remove the key")
