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
                theme_dir: Path | None = None) -> tuple[dict[str, Any], list[str]]:
    """The merged settings of theme `name` and the files they came from (merge order).

    `theme_dir` is the theme's own folder when it differs from `root/themes/<name>`
    (a bundled theme)."""
    merged: dict[str, Any] = {}
    sources: list[str] = []
    own = (theme_dir or root / "themes" / name) / "_config.yml"
    if own.is_file():
        merged = _read_any(own)
        sources.append(own.relative_to(root).as_posix() if own.is_relative_to(root) else str(own))
    for suffix in (".yml", ".yaml", ".json"):
        site_file = root / f"_config.{name}{suffix}"
        if site_file.is_file():
            merged = deep_merge(merged, _read_any(site_file))
            sources.append(site_file.name)
            break  # Hexo reads the first one it finds
    if theme_config:
        merged = deep_merge(merged, theme_config)
        sources.append("_config.yml (theme_config)")
    return merged, sources
