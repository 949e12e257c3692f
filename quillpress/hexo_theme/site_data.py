"""NexT's data file laid over the site config, as NexT 5 to 8.0 lay it.

Those versions' scripts merge `source/_data/next.yml` into the theme's settings and also into
Hexo's own config (`merge(hexo.config, data.next)`), unless the file says `override: true`.
A blog may then keep its real `title`, `url` or `permalink` there, under a `_config.yml`
left at Hexo's placeholders: Hexo's post URLs follow the data file's `permalink`.

The script runs when Hexo starts generating, after the sources were read, so the settings
Hexo reads while reading them (LOADED_FIRST: the date's zone, folders, file names) keep the
site config's values. Only the site settings QuillPress reads (config.defaults.SCHEMA) are
laid over; a plugin's section in the file (NexT's own `math`, say) stays the theme's.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..config.defaults import SCHEMA
from ..config.hexo_plugins import declared_major, markdown_renderer
from ..config.loader import ConfigReport, deep_merge
from ..errors import ConfigError, QuillError
from .layers import applied_as, data_file, ignored_by, read_settings

# Read by Hexo before the theme's script runs: its value in the data file changes nothing.
LOADED_FIRST = frozenset({"timezone", "source_dir", "public_dir", "skip_render", "include",
                          "exclude", "ignore", "new_post_name", "updated_option",
                          "render_drafts", "post_asset_folder", "theme", "theme_config",
                          "plugins"})
# hexo-renderer-markdown-it 6 and later build their parser when Hexo loads them, before the
# script runs: of the file's `markdown:`, only what the anchors plugin reads at each heading
# from the object the script merges into takes effect (5 and earlier read it all per post).
MARKDOWN_IT_AT_RENDER = frozenset({"level", "collisionSuffix", "permalink", "permalinkClass",
                                   "permalinkSide", "permalinkSymbol"})


def lay_theme_data(merged: dict[str, Any], root: Path, source: Path,
                   report: ConfigReport) -> dict[str, Any]:
    """`merged` (the site config as written) with the site settings of NexT's data file in
    `source`/_data laid over it, each key's line pointing there, and a warning naming them;
    unchanged when there is no such file, it says `override: true`, or the theme's version
    no longer reads it (layers.IGNORED_FROM). A file that cannot be read is the theme
    settings' business (read_layers warns about it)."""
    name = str(merged["theme"])
    found = data_file(source / "_data", name)
    if found is None or ignored_by(root, name, None) is not None:
        return merged
    path = found[0]
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        data, lines = read_settings(path, keep=True)  # parsed once: the theme's layers take it
    except ConfigError:
        return merged
    if applied_as(data, "merge") != "merge":
        return merged
    laid = copy.deepcopy({key: value for key, value in data.items()  # the layers' stay theirs
                          if key in SCHEMA and key not in LOADED_FIRST and value is not None})
    if "markdown" in laid and _parser_built_at_load(root):
        used = _read_at_render(laid["markdown"])
        if used != laid["markdown"]:  # a section of anchors' per-heading settings is used whole
            report.warnings.append(QuillError(
                "markdown: of this file is not used but for anchors' level, collisionSuffix and "
                "permalink settings: hexo-renderer-markdown-it 6 and later read the rest when "
                "Hexo starts, before NexT's script lays this file over", shown,
                lines.get(("markdown",)), hint="move it to _config.yml, where Hexo read it"))
        laid["markdown"] = used
        if not laid["markdown"]:
            del laid["markdown"]
    if not laid:
        return merged
    report.lines.update({key: (shown, line) for key, line in lines.items()
                         if key[0] in laid and line is not None and _kept(laid, key)})
    report.warnings.append(QuillError(
        f"{', '.join(laid)} of this file laid over _config.yml's, as NexT's script lays them "
        "(Hexo's pages follow them)", shown, hint="move them to _config.yml to make that plain"))
    return deep_merge(merged, laid)


def _parser_built_at_load(root: Path) -> bool:
    """Does the blog's Hexo render Markdown with hexo-renderer-markdown-it 6 or later (a
    version range not starting with a number taken as recent)?"""
    if markdown_renderer(root) != "hexo-renderer-markdown-it":
        return False
    major = declared_major(root, "hexo-renderer-markdown-it")
    return major is None or major >= 6


def _read_at_render(section: Any) -> dict[str, Any]:
    """Of the data file's `markdown:` section, the anchors settings MARKDOWN_IT_AT_RENDER."""
    anchors = section.get("anchors") if isinstance(section, dict) else None
    kept = {key: value for key, value in anchors.items() if key in MARKDOWN_IT_AT_RENDER} \
        if isinstance(anchors, dict) else {}
    return {"anchors": kept} if kept else {}


def _kept(laid: dict[str, Any], key: tuple[Any, ...]) -> bool:
    """Whether the setting at `key` (a path of keys) is among those laid over."""
    value: Any = laid
    for part in key:
        if not isinstance(value, dict):
            return True  # inside a list or a value laid whole
        if part not in value:
            return False
        value = value[part]
    return True
