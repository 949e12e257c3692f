"""_config.yml: read as Hexo reads it, checked against the declared schema, every problem
reported at once with its file and line.

The config stays a mapping (templates read any key, including unknown ones), but every key
QuillPress reads is declared in config_defaults.SCHEMA, and plugins declare theirs
(`api.config_section`). Each key's file and line is kept, so a warning or an error about a
value says where it was written, in whichever of several `--config` files.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from . import CONFIG_NAME, yaml12
from .defaults import HEXO_ONLY, SCHEMA
from .hexo_plugins import hide_posts_lists, own_scripts_warning, unknown_plugins_warnings
from .options import Option, Path_, Report, check_mapping, dotted, warn_if_typo
from .theme_folder import theme_in_folder_case
from ..source.dates import site_zone
from ..errors import ConfigError, QuillError
from ..source.frontmatter import decode_text, yaml_error_line

# What `init` (and Hexo 5+) writes, and what Hexo 3-4 wrote, before anyone sets it.
PLACEHOLDER_URLS = ("http://example.com", "https://example.com", "http://yoursite.com")


class ConfigErrors(ConfigError):
    """Several config errors, reported together: fixing one at a time is slow."""

    def __init__(self, errors: list[ConfigError]) -> None:
        super().__init__(f"{len(errors)} errors in the config")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


@dataclass
class ConfigReport:
    """What checking the config found, with where each key was written.

    `lines` maps a key path to (file, line) of the file that set it last. Plugins and the
    theme add their findings here while the build is set up; `raise_errors` then reports
    every error at once."""

    lines: dict[Path_, tuple[str, int]] = field(default_factory=dict)
    warnings: list[QuillError] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)
    known: set[str] = field(default_factory=lambda: {*SCHEMA, *HEXO_ONLY})

    def where(self, path: Path_) -> tuple[str | None, int | None]:
        """The file and line of a key, or of its nearest parent written in a file."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None, None

    def warn(self, path: Path_, message: str, hint: str | None = None) -> None:
        self.warnings.append(QuillError(message, *self.where(path), hint=hint))

    def error(self, path: Path_, message: str, hint: str | None = None) -> None:
        self.errors.append(ConfigError(message, *self.where(path), hint=hint))

    def take(self, report: Report) -> None:
        for path, message, hint in report.warnings:
            self.warn(path, message, hint)
        for path, message, hint in report.errors:
            self.error(path, message, hint)

    def raise_errors(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ConfigErrors(self.errors)


class Config(dict[str, Any]):
    """The merged site config; attribute access returns None for keys nobody set.

    The blog's folder (`root_path`) is kept beside the mapping, not in it: held under a key
    of its own (`_root`) it was one more setting to every reader of the whole mapping, and
    the math rule took a folder named `katex-notes/` for a blog naming KaTeX."""

    report: "ConfigReport"  # the warnings and errors met while loading it
    root_path: Path  # the blog's folder, resolved

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)

    def fingerprint(self, leave_out: frozenset[str] = frozenset()) -> str:
        """A hash of every value but those of `leave_out`, so caches keyed on it die when
        the config changes."""
        kept = {key: value for key, value in self.items() if key not in leave_out}
        # the folder too: a moved blog renders again, its bodies' messages name its files
        blob = json.dumps([str(self.root_path), kept], sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def names_theme(self, name: str) -> bool:
        """Whether `theme:` names the Hexo theme `name` (lower case), however it is spelled
        there (`Arknights`, `hexo-theme-arknights`): its own tags are read only then."""
        return name in str(self.get("theme") or "").lower()

    @property
    def source_path(self) -> Path:
        return self.root_path / str(self["source_dir"])

    @property
    def public_path(self) -> Path:
        return self.root_path / str(self["public_dir"])


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


def read_yaml_lines(path: Path, shown: str | None = None, into_lists: bool = False
                    ) -> tuple[dict[str, Any], dict[Path_, int], list[QuillError]]:
    """A YAML mapping read as Hexo reads it, the line of every key in it, and warnings about
    keys written twice (js-yaml refuses those; here the later one wins, with a warning).
    `shown` is the file's name in messages (default: its path); `into_lists` as
    yaml12.key_lines has it."""
    text = decode_text(path.read_bytes(), path, ConfigError)
    try:
        node, loader = yaml12.compose(text)
        data = yaml12.construct(node, loader)
    except yaml.YAMLError as exc:
        problem = yaml12.problem_of(exc)
        raise ConfigError(f"invalid YAML: {problem}", shown or path, yaml_error_line(exc, text),
                          hint=yaml12.error_hint(problem, "check indentation and quote values "
                                                 "that contain ': ' or start with '{', '[', "
                                                 "'*', '&' or '%'")) from exc
    if data is None:
        return {}, {}, []
    if not isinstance(data, dict):  # Hexo stops on a list; text it ignores, theme and all
        raise ConfigError(f"the file holds {'a list' if isinstance(data, list) else 'one value'}"
                          ", not key: value lines", shown or path, 1,
                          hint="write one setting per line, a colon after each name: "
                               "title: My blog")
    assert node is not None  # the document is not empty: data is a mapping
    lines, repeated = yaml12.key_lines(node, into_lists)
    twice = [QuillError(f"`{dotted(key)}` is written twice (lines {first} and {line}); the "
                        "later one is used", shown or str(path), line,
                        hint="remove one (Hexo refuses a file with a key twice)")
             for key, first, line in repeated]
    return yaml12.plain(data), lines, twice


def read_yaml_file(path: Path) -> dict[str, Any]:
    """Read a YAML mapping (a theme's config, a language file) as Hexo reads it."""
    return read_yaml_lines(path)[0]


def load_config(root: Path, config_files: list[Path] | None = None,
                overrides: dict[str, Any] | None = None, defer_errors: bool = False) -> Config:
    """Load and check the site config for the blog at `root`.

    Several files merge left to right (Hexo's `--config a.yml,b.yml`). A missing
    `_config.yml` is fine: a folder of Markdown builds with the defaults. Errors are raised
    together at the end; with `defer_errors` they wait in `config.report` until the plugins
    have checked their sections too (see finish_checks), and bad values hold their defaults.
    """
    root = root.resolve()
    report = ConfigReport()
    files = _existing(root, config_files, report) if config_files else [root / CONFIG_NAME]
    merged: dict[str, Any] = {}
    for file in files:
        if not file.exists():
            continue
        shown = _shown(file, root)
        data, lines, twice = read_yaml_lines(file, shown)
        report.warnings.extend(twice)
        report.lines.update({key: (shown, line) for key, line in lines.items()})
        # `key:` with no value means "not set here", so it never hides an earlier file's value.
        merged = deep_merge(merged, {k: v for k, v in data.items() if v is not None})
    source_dir = merged.get("source_dir") or _default_source_dir(root)
    merged = theme_in_folder_case(merged, root, report)
    theme = merged.get("theme")
    if isinstance(theme, str) and theme.removeprefix("hexo-theme-") == "next":
        from ..hexo_theme.site_data import lay_theme_data  # imports the theme layers: NexT only
        merged = lay_theme_data(merged, root, root / str(source_dir), report)
    merged = deep_merge(merged, overrides or {})
    checked = Report()
    values = check_mapping(SCHEMA, merged, (), checked, typos=False)
    if "source_dir" not in merged:
        values["source_dir"] = source_dir
    _normalise_urls(values, checked, root_set=bool(merged.get("root")))
    _check_values(values, checked)
    hide_posts_lists(values, root, checked)
    if isinstance(values.get("markdown"), dict) and values["markdown"].get("plugins"):
        from ..render.renderer_plugins import unported_plugins_warning  # its ports live there
        unported_plugins_warning(values, root, checked)
    report.take(checked)
    scripts = own_scripts_warning(root)
    if scripts is not None:
        report.warnings.append(scripts)
    report.warnings.extend(unknown_plugins_warnings(root))
    config = Config(values)
    config.report = report
    config.root_path = root
    if not defer_errors:
        report.raise_errors()
    return config


def _default_source_dir(root: Path) -> str:
    """QuillPress's `content`, or `source` in a folder that has only that one (a Hexo blog)."""
    return "source" if not (root / "content").is_dir() and (root / "source").is_dir() else "content"


def config_paths(root: Path, config_files: list[Path] | None) -> list[Path]:
    """The files the config is read from: those `--config` names (from the blog's folder),
    else `_config.yml`. The dev server watches them."""
    if not config_files:
        return [root / CONFIG_NAME]
    return [file if file.is_absolute() else root / file for file in config_files]


def _existing(root: Path, config_files: list[Path], report: ConfigReport) -> list[Path]:
    """The files `--config` names that are there. As in Hexo (multi_config_path.js), one
    missing is skipped with a warning, and when none is there `_config.yml` is read: a CI
    script's `--config _config.yml,_config.next.yml` builds without the theme's file."""
    paths = config_paths(root, config_files)
    found = [path for path in paths if path.exists()]
    for path in paths:
        if path not in found:
            used = "skipped" if found else f"{CONFIG_NAME} read instead"
            report.warnings.append(QuillError(f"config file {_shown(path, root)} not found; "
                                              f"{used}, as Hexo does",
                                              hint="check the name given to --config"))
    return found or [root / CONFIG_NAME]


def _shown(file: Path, root: Path) -> str:
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)


def check_section(config: Config, name: str, option: Option) -> Any:
    """Check a plugin's section of the config against its declaration; the checked value
    (defaults filled in; a bad value's default) replaces the raw one, and problems go to
    config.report with their lines."""
    checked = Report()
    value = check_mapping({name: option}, {name: config.get(name)}, (), checked)[name]
    config.report.take(checked)
    config.report.known.add(name)
    config[name] = value
    return value


def finish_checks(config: Config) -> None:
    """Once the plugins have checked their sections: warn about top-level keys that look
    like typos of known ones, then raise every error found."""
    report = config.report
    checked = Report()
    for path in report.lines:
        if len(path) == 1 and path[0] not in report.known:
            warn_if_typo(path, report.known, checked)
    report.take(checked)
    report.raise_errors()


def placeholder_url(config: Config) -> QuillError | None:
    """A problem while `url` is still the example address Hexo and `init` write: feeds, the
    sitemap and canonical links would point at example.com. None once it is set."""
    if config["url"].rstrip("/") not in PLACEHOLDER_URLS:
        return None
    return QuillError(f"`url` is still the placeholder {config['url']}: feeds, the sitemap "
                      "and canonical links point there", *config.report.where(("url",)),
                      hint="set url: in _config.yml to the address the site is served from, "
                           "e.g. https://you.github.io")


def _normalise_urls(config: dict[str, Any], report: Report, root_set: bool) -> None:
    """`url` with its scheme, `root` between slashes. A config that sets no `root` takes the
    path of its `url`, as Hexo does (load_config.js): `url: https://me.github.io/notes`
    alone serves the site from /notes/, and a site built for / there would find none of
    its stylesheets, scripts or links."""
    url = str(config["url"]).strip().rstrip("/")
    if "://" not in url:
        fixed = "https://" + url.lstrip("/")
        report.warn(("url",), f"`url: {url}` has no scheme; read as {fixed}",
                    "write the address in full, with https://")
        url = fixed
    parts = urlsplit(url)
    if parts.query or parts.fragment:  # every absolute link is `url` + a path: `…?a=1/post/`
        fixed = urlunsplit(parts._replace(query="", fragment="")).rstrip("/")
        report.warn(("url",), f"`url: {url}` ends in {url[len(fixed):]!r}, which would stand "
                    f"in the middle of every absolute link; read as {fixed}",
                    "write the site's address alone, without ?… or #…")
        url = fixed
    config["url"] = url
    root = (config["root"] if root_set else urlsplit(url).path) or "/"
    if root.startswith("//"):  # a browser reads `//x/style.css` as the site x's file
        fixed = "/" + root.lstrip("/")
        report.warn(("root",) if root_set else ("url",), f"`root: {root}` starts with //, so "
                    f"browsers would fetch the site's pages and styles from another site; read "
                    f"as {fixed}", "start root with a single /")
        root = fixed
    if not root.startswith("/"):  # Hexo would link `blog/css/…`: broken below the home page
        if root_set:
            report.warn(("root",), f"`root: {root}` does not start with /; read as "
                        f"/{root.rstrip('/')}/", "write root between slashes: /blog/")
        root = "/" + root
    config["root"] = root.rstrip("/") + "/"  # trailing slashes trimmed to one, as Hexo does


def _check_values(config: dict[str, Any], report: Report) -> None:
    """Values of the right type that still cannot work: say so now, with the line."""
    try:
        site_zone(config["timezone"])
    except QuillError as exc:
        report.error(("timezone",), f"`timezone` {exc.message}", exc.hint)
        config["timezone"] = ""
