"""_config.yml: Hexo's keys and defaults, checked for type, with a source folder fallback.

The config stays a mapping (templates read any key, including unknown ones) but every key
QuillPress itself reads is declared in DEFAULTS and type-checked against it, so a wrong type is
an error that names the key instead of a crash deep in the build.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

from .dates import site_zone
from .errors import ConfigError, QuillError
from .frontmatter import yaml_error_line

CONFIG_NAME = "_config.yml"

# Hexo's defaults (lib/hexo/default_config), except the two folders, which default to
# QuillPress's own layout and fall back to Hexo's when only that exists.
DEFAULTS: dict[str, Any] = {
    "title": "QuillPress", "subtitle": "", "description": "", "keywords": None,
    "author": "", "language": "en", "timezone": "",
    "url": "http://example.com", "root": "/",
    "permalink": ":year/:month/:day/:title/", "permalink_defaults": {},
    "pretty_urls": {"trailing_index": True, "trailing_html": True},
    "source_dir": "content", "public_dir": "site",
    "tag_dir": "tags", "archive_dir": "archives", "category_dir": "categories",
    "code_dir": "downloads/code", "i18n_dir": ":lang",
    "skip_render": [], "include": [], "exclude": [], "ignore": [],
    "new_post_name": ":title.md", "default_layout": "post", "titlecase": False,
    "external_link": {"enable": True, "field": "site", "exclude": []},
    "filename_case": 0, "render_drafts": False, "post_asset_folder": False,
    "relative_link": False, "future": True,
    "syntax_highlighter": "pygments",
    "highlight": {"line_number": False, "wrap": True, "exclude_languages": [],
                  "tab_replace": "", "line_threshold": 0},
    "default_category": "uncategorized", "category_map": {}, "tag_map": {},
    "date_format": "YYYY-MM-DD", "time_format": "HH:mm:ss", "updated_option": "mtime",
    "per_page": 10, "pagination_dir": "page",
    "index_generator": {"path": "", "per_page": None, "order_by": "-date"},
    "archive_generator": {"per_page": None, "yearly": True, "monthly": True},
    "theme": "default", "theme_config": {}, "deploy": [], "meta_generator": True,
    "menu": {},
    "markdown": {"linkify": True, "typographer": False, "anchor_ids": True, "lazy_images": True},
    "plugins": {"disabled": []},
}

# Keys that may hold a single string where a list is meant (Hexo accepts both).
STRING_OR_LIST = {"skip_render", "include", "exclude", "ignore", "keywords", "language"}


class Config(dict):
    """The merged site config; attribute access returns None for keys nobody set."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)

    def fingerprint(self) -> str:
        """A hash of every value, so caches keyed on it die when the config changes."""
        blob = json.dumps(self, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    @property
    def root_path(self) -> Path:
        return Path(self["_root"])

    @property
    def source_path(self) -> Path:
        return self.root_path / self["source_dir"]

    @property
    def public_path(self) -> Path:
        return self.root_path / self["public_dir"]


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge nested mappings, `override` winning (Hexo's rule for theme_config)."""
    return _deep_merge(base, override or {})


def read_yaml_file(path: Path) -> dict[str, Any]:
    """Read a YAML mapping, turning parse errors into ConfigError with the line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text ({exc.reason})", path,
                          hint="save the file as UTF-8") from exc
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {getattr(exc, 'problem', exc)}", path,
                          yaml_error_line(exc), hint="check indentation and quote values "
                          "that contain ':' or start with '{', '[', '*', '&' or '%'") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("the file must be a mapping of key: value lines", path, 1)
    return data


def _expected_type(key: str, default: Any) -> tuple[type, ...]:
    if key == "theme":
        return (str, bool)  # `theme: false` turns theming off, as in Hexo
    if key == "language":
        return (str, list)  # Hexo allows a list; its first entry is the site language
    if isinstance(default, bool):
        return (bool,)
    if isinstance(default, int):
        return (int,)
    if isinstance(default, list):
        return (list,)
    if isinstance(default, dict):
        return (dict,)
    return (str,)


def _check_types(config: dict[str, Any], path: Path) -> None:
    """Check every declared key, fixing up the loose forms Hexo accepts.

    - `key:` with no value (null) means the default, as an empty line does in Hexo;
    - a number where text is meant is that text (`title: 2024`);
    - a single string where a list is meant is a one-item list; `deploy:` may be a mapping.
    Anything else of the wrong type is an error naming the key and its line.
    """
    for key, default in DEFAULTS.items():
        if key not in config:
            continue
        value = config[key]
        if value is None:
            config[key] = copy.deepcopy(default)
            continue
        expected = _expected_type(key, default)
        if key in STRING_OR_LIST and isinstance(value, str) and key != "language":
            config[key] = [value]
        elif key == "deploy" and isinstance(value, dict):
            config[key] = [value]
        elif expected == (str,) and isinstance(value, (int, float)) and not isinstance(value, bool):
            config[key] = str(value)
        elif default is None:
            continue
        elif (isinstance(value, bool) and bool not in expected) or not isinstance(value, expected):
            raise ConfigError(
                f"`{key}` must be {' or '.join(t.__name__ for t in expected)}, "
                f"got {type(value).__name__} ({value!r})",
                path, _key_line(path, key), hint=f"the default is {default!r}")


def _key_line(path: Path, key: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except OSError:
        pass
    return None


def load_config(root: Path, config_files: list[Path] | None = None,
                overrides: dict[str, Any] | None = None) -> Config:
    """Load and check the site config for the blog at `root`.

    Several files merge left to right (Hexo's `--config a.yml,b.yml`). A missing
    `_config.yml` is fine: a folder of Markdown builds with the defaults.
    """
    root = root.resolve()
    files = config_files or [root / CONFIG_NAME]
    merged: dict[str, Any] = copy.deepcopy(DEFAULTS)
    user_keys: set[str] = set()
    for file in files:
        file = file if file.is_absolute() else root / file
        if not file.exists():
            if config_files:
                raise ConfigError("config file not found", file)
            continue
        # `key:` with no value means "not set here", so it never hides an earlier file's value.
        data = {k: v for k, v in read_yaml_file(file).items() if v is not None}
        _check_types(data, file)  # fail on wrong types before merging, naming this file
        user_keys |= set(data)
        merged = deep_merge(merged, data)
    merged = deep_merge(merged, overrides or {})
    _check_types(merged, files[-1])
    if "source_dir" not in user_keys and not (root / "content").is_dir() and (root / "source").is_dir():
        merged["source_dir"] = "source"
    _normalise_urls(merged)
    _check_values(merged, files[-1] if files[-1].is_absolute() else root / files[-1])
    merged["_root"] = str(root)
    return Config(merged)


def _normalise_urls(config: dict[str, Any]) -> None:
    root = config["root"] or "/"
    if not root.startswith("/"):
        root = "/" + root
    if not root.endswith("/"):
        root += "/"
    config["root"] = root
    config["url"] = str(config["url"]).rstrip("/")


def _check_values(config: dict[str, Any], path: Path) -> None:
    """Values of the right type that still cannot work: say so now, once, with the line."""
    if config["per_page"] < 0:
        raise ConfigError("`per_page` must be 0 (no pagination) or more", path,
                          _key_line(path, "per_page"))
    try:
        site_zone(config["timezone"])
    except QuillError as exc:
        raise ConfigError(exc.message, path, _key_line(path, "timezone"), hint=exc.hint) from exc
    if config["filename_case"] not in (0, 1, 2):
        raise ConfigError("`filename_case` must be 0 (keep), 1 (lower) or 2 (upper)", path,
                          _key_line(path, "filename_case"))
