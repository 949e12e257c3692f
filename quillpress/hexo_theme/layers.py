"""Hexo's three places for theme settings, merged in Hexo's order.

Hexo (lib/hexo/load_theme_config and the theme's config processor) gives the lowest
precedence to `themes/<name>/_config.yml`, then `_config.<name>.yml` at the blog's root
(Hexo 5+; `.yaml` and `.json` are accepted too), and the highest to the `theme_config:`
key of the site config. Mappings are merged deeply; any other value is replaced.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..config.loader import deep_merge, read_yaml_file
from ..errors import ConfigError


def _read_any(path: Path) -> dict[str, Any]:
    if path.suffix != ".json":
        return read_yaml_file(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError as exc:
        raise ConfigError(f"invalid JSON: {exc}", path, getattr(exc, "lineno", None),
                          hint="fix the JSON or convert the file to YAML") from exc
    if not isinstance(data, dict):
        raise ConfigError("the file must hold an object of settings", path, 1)
    return data


def read_layers(root: Path, name: str, theme_config: dict[str, Any] | None,
                theme_dir: Path | None = None) -> tuple[dict[str, Any], list[str], list[str]]:
    """The merged settings of theme `name`, the files they came from (merge order) and a
    warning for each file that could not be read, which is left out: Hexo logs "Process
    failed" for a theme config it cannot read and builds the site, and these settings are
    only carried over to the default theme.

    `theme_dir` is the theme's own folder when it differs from `root/themes/<name>`
    (a bundled theme)."""
    merged: dict[str, Any] = {}
    sources: list[str] = []
    unread: list[str] = []
    own = (theme_dir or root / "themes" / name) / "_config.yml"
    at_root = [root / f"_config.{name}{suffix}" for suffix in (".yml", ".yaml", ".json")]
    for path in [own, *at_root]:
        if not path.is_file():
            continue
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        try:
            merged = deep_merge(merged, _read_any(path))
        except ConfigError as exc:
            unread.append(f"{shown}:{exc.line or 1}: {exc.message}; its settings are not "
                          "carried over")
        else:
            sources.append(shown)
        if path != own:
            break  # Hexo reads the first file at the root it finds
    if theme_config:
        merged = deep_merge(merged, theme_config)
        sources.append("_config.yml (theme_config)")
    return merged, sources, unread
