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
from ..config.loader import ConfigReport, deep_merge
from ..errors import ConfigError, QuillError
from .layers import applied_as, data_file, ignored_by, read_settings

# Read by Hexo before the theme's script runs: its value in the data file changes nothing.
LOADED_FIRST = frozenset({"timezone", "source_dir", "public_dir", "skip_render", "include",
                          "exclude", "ignore", "new_post_name", "updated_option",
                          "render_drafts", "post_asset_folder", "theme", "theme_config",
                          "plugins"})


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
    if not laid:
        return merged
    report.lines.update({key: (shown, line) for key, line in lines.items()
                         if key[0] in laid and line is not None})
    report.warnings.append(QuillError(
        f"{', '.join(laid)} of this file laid over _config.yml's, as NexT's script lays them "
        "(Hexo's pages follow them)", shown, hint="move them to _config.yml to make that plain"))
    return deep_merge(merged, laid)
