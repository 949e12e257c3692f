"""Which markdown-it plugins the blog's Hexo renderer turns on, read from its own settings.

A syntax such as `:smile:` is a Hexo renderer's plugin, not Markdown: the same post shows an
emoji on one blog and the text `:smile:` on another. QuillPress gives a blog the plugins its
renderer (named by package.json, see `config/hexo_plugins.py`) would use:
- hexo-renderer-markdown-it turns on only the plugins listed in `markdown.plugins` (a package
  name, or `{name: ..., options: ...}`);
- hexo-renderer-markdown-it-plus turns on its defaults (emoji, sub, sup, deflist, abbr,
  footnote, ins, mark, katex, toc), and `markdown_it_plus.plugins` switches one off or on with
  `- plugin: {name: ..., enable: true|false}` (a listed plugin without `enable: true` is off);
- hexo-renderer-multi-markdown-it (Shoka's) does the same with `markdown.plugins`;
- marked, kramed and pandoc have none of these plugins.

QuillPress has markdown-it-emoji, markdown-it-sub (`H~2~O`), markdown-it-sup (`2^10^`),
markdown-it-ins (`++new++`), markdown-it-mark (`==key==`) and markdown-it-abbr
(`*[HTML]: …`) (`PORTED`); footnotes and definition lists are on for every blog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from ..config.hexo_plugins import markdown_renderer, named_for_math
from .abbreviations import abbreviations_plugin
from .doubled_marks import ins_plugin, mark_plugin
from .emoji import emoji_plugin

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from ..config.loader import Config
    from ..config.options import Report

# The npm plugins QuillPress has, as markdown-it-py plugins (ports of the same rules).
PORTED: dict[str, Callable[["MarkdownIt"], None]] = {
    "markdown-it-emoji": emoji_plugin,
    "markdown-it-sub": sub_plugin,
    "markdown-it-sup": superscript_plugin,
    "markdown-it-ins": ins_plugin,
    "markdown-it-mark": mark_plugin,
    "markdown-it-abbr": abbreviations_plugin,
}

# Plugins whose job QuillPress does its own way on every blog: footnotes, definition lists
# and task lists are always read, headings always get ids; a plugin named for math is the
# math plugin's (plugins/math/asked.py reads the same names).
OWN_WAY = frozenset({"markdown-it-footnote", "markdown-it-deflist", "markdown-it-task-lists",
                     "markdown-it-anchor"})

PLUS_DEFAULTS = frozenset({
    "markdown-it-emoji", "markdown-it-sub", "markdown-it-sup", "markdown-it-deflist",
    "markdown-it-abbr", "markdown-it-footnote", "markdown-it-ins", "markdown-it-mark",
    "@iktakahiro/markdown-it-katex", "markdown-it-toc-and-anchor"})

# The renderers with a default set that `- plugin: {name, enable}` items switch: the config
# section holding the list, and the set (of the packages QuillPress may have, for multi's:
# its default list also runs pangu, attrs, multimd-table and its own containers, not ported).
SWITCHED: dict[str, tuple[str, frozenset[str]]] = {
    "hexo-renderer-markdown-it-plus": ("markdown_it_plus", PLUS_DEFAULTS),
    "hexo-renderer-multi-markdown-it": ("markdown", PLUS_DEFAULTS - {
        "@iktakahiro/markdown-it-katex"}),
}


def renderer_plugins(config: "Config") -> frozenset[str]:
    """The npm names of the markdown-it plugins Hexo would run on this blog's Markdown."""
    renderer = markdown_renderer(config.root_path)
    if renderer == "hexo-renderer-markdown-it":
        listed = _section_of(config, "markdown").get("plugins")
        return frozenset(name for item in _items(listed) if (name := _name(item)))
    if renderer in SWITCHED:
        section, defaults = SWITCHED[renderer]
        enabled = set(defaults)
        for item in _items(_section_of(config, section).get("plugins")):
            plugin = item.get("plugin") if isinstance(item, dict) else None
            name = _name(plugin)
            if name and isinstance(plugin, dict) and plugin.get("enable") is True:
                enabled.add(name)
            elif name:
                enabled.discard(name)
        return frozenset(enabled)
    return frozenset()


def unported_plugins_warning(values: dict[str, Any], project_root: Path,
                             report: "Report") -> None:
    """hexo-renderer-markdown-it runs each plugin `markdown.plugins` lists; one QuillPress
    has no port of, nor does the job of otherwise, leaves its syntax as written here
    (markdown-it-attrs' `{.class}`, markdown-it-container's `:::` lines). Said once, at the
    key, naming them: they were dropped without a word."""
    if markdown_renderer(project_root) != "hexo-renderer-markdown-it":
        return
    listed = _section_of(values, "markdown").get("plugins")
    missing = [name for item in _items(listed) if (name := _name(item))
               and name not in PORTED and name not in OWN_WAY and not named_for_math(name)]
    if missing:
        report.warn(("markdown", "plugins"), f"`markdown.plugins` lists {', '.join(missing)}, "
                    "which QuillPress has no port of: what their syntax marks up is shown as "
                    "written", f"QuillPress has {', '.join(PORTED)}; footnotes, definition "
                    "lists and task lists are read on every blog")


def use_renderer_plugins(md: "MarkdownIt", config: "Config") -> None:
    """Add to `md` the ported plugins the blog's Hexo renderer ran, in one fixed order."""
    enabled = renderer_plugins(config)
    for name, plugin in PORTED.items():
        if name in enabled:
            md.use(plugin)


def _section_of(values: "Config | dict[str, Any]", key: str) -> dict[str, Any]:
    value = values.get(key)
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _name(item: Any) -> str | None:
    """A plugin's package name, written alone or as `{name: ...}`."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and isinstance(item.get("name"), str):
        return str(item["name"])
    return None
