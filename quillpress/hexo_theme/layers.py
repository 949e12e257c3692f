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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..config.loader import deep_merge, read_yaml_lines
from ..errors import ConfigError, QuillError

KeyPath = tuple[str, ...]
Place = tuple[str, int | None]  # a file as shown in messages, and a line of it
Parsed = tuple[dict[str, Any], dict[KeyPath, int | None]]
# The files read_settings parsed with `keep`, for the reads after: by path, with the file's
# device, inode, size and modification time (a file changed since is parsed again). A read
# with `keep` leaves the parse for the next; one without (the theme's layers) takes it.
_kept: dict[Path, tuple[tuple[int, int, int, int], Parsed]] = {}


def read_settings(path: Path, keep: bool = False) -> Parsed:
    """A settings file's mapping and the line of each key (a JSON file's: none). With `keep`
    the parse is kept for the next read of the file, which takes it if the file is unchanged:
    the theme's config files are read by the math plugin's rule (kept_settings) before the
    theme's settings (read_layers) read them again, and NexT's data file for the site config
    (site_data.py) too; a blog's next.yml is up to 33 KB, ~3 ms of YAML parsing each time.
    No reader changes what it gets."""
    status = path.stat()
    stamp = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    kept = _kept.get(path) if keep else _kept.pop(path, None)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    parsed = _read_any(path)
    if keep:
        _kept[path] = stamp, parsed
    return parsed


def kept_settings(path: Path) -> dict[str, Any]:
    """A theme settings file's mapping for a reader before the theme's own (read_layers),
    which then takes the same parse instead of parsing the file again. Raises ConfigError
    for a file that is no mapping of settings (read_layers warns about it, and the build
    goes on without it)."""
    return read_settings(path, keep=True)[0]


def _read_any(path: Path) -> Parsed:
    """The file parsed: JSON by its suffix, else YAML, lines of keys in lists too."""
    if path.suffix != ".json":
        data, lines, _ = read_yaml_lines(path, into_lists=True)
        return data, dict(lines)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError as exc:
        raise ConfigError(f"invalid JSON: {exc}", path, getattr(exc, "lineno", None),
                          hint="fix the JSON or convert the file to YAML") from exc
    if not isinstance(data, dict):
        raise ConfigError("the file must hold an object of settings", path, 1)
    return data, {(key,): None for key in data}


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


ROOT_SUFFIXES = (".yml", ".yaml", ".json")


def theme_file_at_root(root: Path, name: str) -> Path | None:
    """`_config.<name>.yml` (`.yaml`, `.json`) at the blog's root, the first Hexo finds; else
    one whose name differs from it only in case. `theme: Anatole` names `_config.Anatole.yml`,
    which Hexo reads on any disk, while the theme is read from themes/anatole/
    (config/theme_folder.py) under that folder's name; and the author's disk ignored case."""
    names = [f"_config.{name}{suffix}" for suffix in ROOT_SUFFIXES]
    for exact in names:
        if (root / exact).is_file():
            return root / exact
    by_case = {path.name.lower(): path for path in sorted(root.iterdir()) if path.is_file()}
    return next((by_case[wanted.lower()] for wanted in names if wanted.lower() in by_case), None)


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


def ignored_by(root: Path, name: str, theme_dir: Path | None) -> str | None:
    """The theme's version, as text, when that version no longer reads its data file."""
    since = IGNORED_FROM.get(name.removeprefix("hexo-theme-"))
    version = theme_version(root, name, theme_dir) if since else None
    return ".".join(map(str, version)) if version and since and version >= since else None


def data_file(data_dir: Path, name: str) -> tuple[Path, Apply] | None:
    """The data file theme `name` reads its settings from, when the blog has one."""
    names, apply = DATA_FILES.get(name.removeprefix("hexo-theme-"), ((), "merge"))
    for stem in names:
        for suffix in (".yml", ".yaml", ".json"):
            if (data_dir / f"{stem}{suffix}").is_file():
                return data_dir / f"{stem}{suffix}", apply
    return None


def applied_as(data: dict[str, Any], apply: Apply) -> Apply:
    """How a data file is laid over the settings: as the theme does, but NexT's `override:
    true` replaces them."""
    return "replace" if apply == "merge" and data.get("override") is True else apply


@dataclass
class Layers:
    """A Hexo theme's settings merged from its files, and where each key came from: the
    warnings about a setting name the file and line that wrote it (a warning naming none
    left the reader to search up to five files)."""

    settings: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)  # the files read, in merge order
    lines: dict[KeyPath, Place] = field(default_factory=dict)  # the layer that set it last
    warnings: list[QuillError] = field(default_factory=list)

    def lay(self, data: dict[str, Any], lines: dict[KeyPath, Place], apply: Apply) -> None:
        """`data` (keys at `lines`) over what is there, as `apply` says."""
        if apply == "replace":
            self.settings, self.lines = data, {}
        elif apply == "top":
            self.settings = {**self.settings, **data}
            self.lines = {key: place for key, place in self.lines.items() if key[0] not in data}
        else:
            self.settings = deep_merge(self.settings, data)
        self.lines.update(lines)


def read_layers(root: Path, name: str, theme_config: dict[str, Any] | None,
                theme_dir: Path | None = None, data_dir: Path | None = None,
                site_lines: Mapping[KeyPath, Place] | None = None) -> Layers:
    """The merged settings of theme `name`, the files they came from (merge order), the
    line each key was written at (`site_lines`: the site config's, for `theme_config`) and
    warnings. A file that could not be read is left out with a warning: Hexo logs "Process
    failed" for a theme config it cannot read and builds the site, and these settings are
    only carried over to the default theme.

    `theme_dir` is the theme's own folder when it differs from `root/themes/<name>`
    (a bundled theme); `data_dir` is the blog's data folder (`source/_data`), whose file for
    the theme (DATA_FILES) comes last, with a warning saying how it was applied, unless
    the theme's version (its package.json) no longer reads it (IGNORED_FROM): then with a
    warning saying so. With no version known, the file is read as the older versions do."""
    out = Layers()

    def shown_name(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    def read(path: Path) -> tuple[dict[str, Any], dict[KeyPath, Place]] | None:
        shown = shown_name(path)
        try:
            data, lines = read_settings(path)
        except ConfigError as exc:
            out.warnings.append(QuillError(f"{exc.message}; its settings are not carried over",
                                           shown, exc.line or 1, hint=exc.hint))
            return None
        out.sources.append(shown)
        return data, {key: (shown, line) for key, line in lines.items()}

    own = (theme_dir or root / "themes" / name) / "_config.yml"
    at_root = theme_file_at_root(root, name)
    for path in (own, at_root):
        if path is not None and path.is_file() and (layer := read(path)) is not None:
            out.lay(*layer, "merge")
    if at_root is not None and at_root.stem != f"_config.{name}":
        out.warnings.append(QuillError(
            f"read as the settings of theme '{name}', whose name differs from the file's only in "
            "case (Hexo reads it for `theme:` written as the file is)", shown_name(at_root),
            hint=f"name the theme's folder, `theme:` and the file alike: _config.{name}{at_root.suffix}"))
    if theme_config:
        out.lay(theme_config, {key[1:]: place for key, place in (site_lines or {}).items()
                               if key[0] == "theme_config" and key[1:]}, "merge")
        out.sources.append("_config.yml (theme_config)")
    found = data_file(data_dir, name) if data_dir is not None else None
    ignored = ignored_by(root, name, theme_dir) if found is not None else None
    if found is not None and ignored is not None:
        out.warnings.append(QuillError(
            f"this file is not read: the theme's version here, {ignored}, ignores it (it only "
            "says the file is deprecated)", shown_name(found[0]),
            hint=f"move its settings to _config.{name}.yml"))
    elif found is not None and (data := read(found[0])) is not None:
        apply = applied_as(data[0], found[1])
        out.lay(*data, apply)
        out.warnings.append(QuillError(f"this file is {HOW[apply]} the theme's settings, as the "
                                       "theme's scripts do", out.sources[-1]))
    return out
