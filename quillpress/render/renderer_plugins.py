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
from typing import TYPE_CHECKING, Any

from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from ..config.hexo_plugins import markdown_renderer
from .abbreviations import abbreviations_plugin
from .doubled_marks import ins_plugin, mark_plugin
from .emoji import emoji_plugin

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from ..config.loader import Config

# The npm plugins QuillPress has, as markdown-it-py plugins (ports of the same rules).
PORTED: dict[str, Callable[["MarkdownIt"], None]] = {
    "markdown-it-emoji": emoji_plugin,
    "markdown-it-sub": sub_plugin,
    "markdown-it-sup": superscript_plugin,
    "markdown-it-ins": ins_plugin,
    "markdown-it-mark": mark_plugin,
    "markdown-it-abbr": abbreviations_plugin,
}

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
        listed = _section(config, "markdown").get("plugins")
        return frozenset(name for item in _items(listed) if (name := _name(item)))
    if renderer in SWITCHED:
        section, defaults = SWITCHED[renderer]
        enabled = set(defaults)
        for item in _items(_section(config, section).get("plugins")):
            plugin = item.get("plugin") if isinstance(item, dict) else None
            name = _name(plugin)
            if name and isinstance(plugin, dict) and plugin.get("enable") is True:
                enabled.add(name)
            elif name:
                enabled.discard(name)
        return frozenset(enabled)
    return frozenset()


def use_renderer_plugins(md: "MarkdownIt", config: "Config") -> None:
    """Add to `md` the ported plugins the blog's Hexo renderer ran, in one fixed order."""
    enabled = renderer_plugins(config)
    for name, plugin in PORTED.items():
        if name in enabled:
            md.use(plugin)


def _section(config: "Config", key: str) -> dict[str, Any]:
    value = config.get(key)
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
