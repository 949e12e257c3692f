"""Hexo's three places for theme settings, merged in Hexo's order.

Hexo (lib/hexo/load_theme_config and the theme's config processor) gives the lowest
precedence to `themes/<name>/_config.yml`, then `_config.<name>.yml` at the blog's root
(Hexo 5+; `.yaml` and `.json` are accepted too), and the highest to the `theme_config:`
key of the site config. Mappings are merged deeply; any other value is replaced. Several
themes then lay a file of the blog's data folder (`source/_data`, Hexo's `site.data`) over
all three in a script of their own (see DATA_FILES).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

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


Apply = Literal["merge", "replace", "top"]

# The data file each theme reads last, by the theme's name without `hexo-theme-`, and how
# its scripts apply it: NexT 5-7 merge `next` in (it replaces the settings when it says
# `override: true`), Fluid merges `fluid_config`, Keep lays `_config` (or `keep`) over the
# top-level keys, Butterfly before 4.0 and Melody use theirs instead of the settings
# (Butterfly 4+ stops the build and asks for _config.butterfly.yml).
DATA_FILES: dict[str, tuple[tuple[str, ...], Apply]] = {
    "next": (("next",), "merge"), "fluid": (("fluid_config",), "merge"),
    "keep": (("_config", "keep"), "top"), "butterfly": (("butterfly",), "replace"),
    "melody": (("melody",), "replace"),
}
HOW: dict[Apply, str] = {"merge": "merged over", "top": "laid over the top-level keys of",
                         "replace": "used instead of"}
# The version from which a theme reads its data file no more: NexT 8.1 only warns that
# `next.yml` is deprecated (8.0 still merged it; next-theme/hexo-theme-next's "Drop Hexo 4").
IGNORED_FROM: dict[str, tuple[int, int]] = {"next": (8, 1)}
_VERSION = re.compile(r"\s*v?(\d+)\.(\d+)")


def theme_version(root: Path, name: str, theme_dir: Path | None = None) -> tuple[int, int] | None:
    """The (major, minor) version the theme's package.json gives, in its folder in themes/
    (or `theme_dir`), else as installed from npm; None when no package.json says."""
    for folder in (theme_dir or root / "themes" / name, root / "node_modules" / f"hexo-theme-{name}"):
        try:
            package = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found = _VERSION.match(str(package.get("version", ""))) if isinstance(package, dict) else None
        if found:
            return int(found[1]), int(found[2])
    return None


def _ignored_by(root: Path, name: str, theme_dir: Path | None) -> str | None:
    """The theme's version, as text, when that version no longer reads its data file."""
    since = IGNORED_FROM.get(name.removeprefix("hexo-theme-"))
    version = theme_version(root, name, theme_dir) if since else None
    return ".".join(map(str, version)) if version and since and version >= since else None


def _data_file(data_dir: Path, name: str) -> tuple[Path, Apply] | None:
    """The data file theme `name` reads its settings from, when the blog has one."""
    names, apply = DATA_FILES.get(name.removeprefix("hexo-theme-"), ((), "merge"))
    for stem in names:
        for suffix in (".yml", ".yaml", ".json"):
            if (data_dir / f"{stem}{suffix}").is_file():
                return data_dir / f"{stem}{suffix}", apply
    return None


def _lay(merged: dict[str, Any], data: dict[str, Any], apply: Apply) -> tuple[dict[str, Any], Apply]:
    """`data` applied over `merged` as `apply` says, and how it was in the end."""
    if apply == "merge" and data.get("override") is True:
        apply = "replace"  # NexT's switch
    if apply == "replace":
        return data, apply
    if apply == "top":
        return {**merged, **data}, apply
    return deep_merge(merged, data), apply


def read_layers(root: Path, name: str, theme_config: dict[str, Any] | None,
                theme_dir: Path | None = None, data_dir: Path | None = None
                ) -> tuple[dict[str, Any], list[str], list[str]]:
    """The merged settings of theme `name`, the files they came from (merge order) and
    warnings. A file that could not be read is left out with a warning: Hexo logs "Process
    failed" for a theme config it cannot read and builds the site, and these settings are
    only carried over to the default theme.

    `theme_dir` is the theme's own folder when it differs from `root/themes/<name>`
    (a bundled theme); `data_dir` is the blog's data folder (`source/_data`), whose file for
    the theme (DATA_FILES) comes last, with a warning saying how it was applied, unless
    the theme's version (its package.json) no longer reads it (IGNORED_FROM): then with a
    warning saying so. With no version known, the file is read as the older versions do."""
    merged: dict[str, Any] = {}
    sources: list[str] = []
    warnings: list[str] = []

    def shown_name(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    def read(path: Path) -> tuple[dict[str, Any] | None, str]:
        shown = shown_name(path)
        try:
            return _read_any(path), shown
        except ConfigError as exc:
            warnings.append(f"{shown}:{exc.line or 1}: {exc.message}; its settings are not "
                            "carried over")
            return None, shown

    own = (theme_dir or root / "themes" / name) / "_config.yml"
    at_root = [root / f"_config.{name}{suffix}" for suffix in (".yml", ".yaml", ".json")]
    for path in [own, *at_root]:
        if not path.is_file():
            continue
        data, shown = read(path)
        if data is not None:
            merged = deep_merge(merged, data)
            sources.append(shown)
        if path != own:
            break  # Hexo reads the first file at the root it finds
    if theme_config:
        merged = deep_merge(merged, theme_config)
        sources.append("_config.yml (theme_config)")
    found = _data_file(data_dir, name) if data_dir is not None else None
    ignored = _ignored_by(root, name, theme_dir) if found is not None else None
    if found is not None and ignored is not None:
        warnings.append(f"{shown_name(found[0])} is not read: the theme's version here, "
                        f"{ignored}, ignores it (it only says the file is deprecated); move "
                        f"its settings to _config.{name}.yml")
    elif found is not None:
        data, shown = read(found[0])
        if data is not None:
            merged, apply = _lay(merged, data, found[1])
            sources.append(shown)
            warnings.append(f"{shown} {HOW[apply]} the theme's settings, as the theme's "
                            "scripts do")
    return merged, sources, warnings
