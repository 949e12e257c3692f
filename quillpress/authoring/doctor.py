"""Reading a Hexo blog to say what QuillPress makes of it, before anyone is surprised.

The doctor looks at what the blog relies on: the `hexo-*` packages of its package.json, its
theme, the `{% tags %}` its posts use and the kinds of source files it has. Each gets a
verdict from the table in compat.py: supported, replaced (by what), or not supported (what the
reader sees instead). Nothing is built or written.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..bundled import bundled_dir
from .compat import Kind, Support, lookup
from ..config.loader import Config, read_yaml_file
from ..config.hexo_plugins import is_plugin
from ..errors import QuillError
from ..hexo_theme.mapping import import_theme_settings
from ..hexo_theme.notes import ThemeImport
from ..source.reader import RENDERABLE, published_folders

_TAG = re.compile(r"\{%-?\s*([A-Za-z_][\w-]*)")

@dataclass
class Finding:
    """One thing the blog uses and QuillPress's verdict on it."""

    kind: Kind
    name: str
    status: str
    what: str
    uses: int = 0  # how many times posts use it (tags, source files)


def hexo_packages(root: Path) -> list[str]:
    """The `hexo-*` plugins package.json depends on (themes installed from npm excluded)."""
    path = root / "package.json"
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise QuillError(f"package.json is not valid JSON: {exc}", path,
                         hint="fix it (npm would refuse it too)") from exc
    names: set[str] = set()
    for section in ("dependencies", "devDependencies"):
        names |= set((data.get(section) or {}) if isinstance(data, dict) else {})
    return sorted(n for n in names if is_plugin(n))


def source_files(config: Config) -> list[Path]:
    """The files Hexo would process: under the source folder, leaving out hidden ones (`.`
    or `_` first, but for `_posts` and `_drafts`) and node_modules, and what is no file to
    read (a named pipe, which would be read forever, a link to nothing or to itself)."""
    found: list[Path] = []
    root = config.source_path
    for folder, dirs, files in os.walk(root):
        top = Path(folder) == root
        dirs[:] = sorted(d for d in dirs if d != "node_modules" and not d.startswith(".")
                         and (not d.startswith("_") or (top and d in ("_posts", "_drafts"))))
        found.extend(path for name in sorted(files) if not name.startswith(("_", "."))
                     and (path := Path(folder) / name).is_file())
    return found


def tags_used(files: list[Path]) -> Counter[str]:
    """How many times each `{% name %}` appears in the Markdown sources."""
    counts: Counter[str] = Counter()
    for path in files:
        if path.suffix.lower() in (".md", ".markdown"):
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:  # gone or unreadable since the walk: the build names it
                continue
            counts.update(n for n in _TAG.findall(text) if not n.startswith("end"))
    return counts


def _verdict(kind: Kind, name: str, row: Support | None, known: bool, uses: int = 0) -> Finding:
    if row is not None:
        return Finding(kind, name, row.status, row.what, uses)
    if known:
        return Finding(kind, name, "supported", "drawn by a loaded plugin", uses)
    unknown = {"plugin": "unknown to QuillPress: what it adds to the site is missing",
               "theme": "the default theme is used instead",
               "tag": "the reader sees the tag as written, `{% … %}` (the build warns)",
               "renderer": "the file is copied as it is"}
    return Finding(kind, name, "not supported", unknown[kind], uses)


def examine(config: Config, registered_tags: set[str]) -> list[Finding]:
    """Every finding for the blog of `config`, by section: plugins, theme, tags, renderers."""
    findings = [_verdict("plugin", name, lookup("plugin", name), False)
                for name in hexo_packages(config.root_path)]
    theme = config.get("theme")
    if theme and str(theme) != "default":
        if any((config.root_path / "themes" / str(theme) / "layout").glob("*.html")):
            findings.append(Finding("theme", str(theme), "supported", "a QuillPress (Jinja2) theme"))
        else:
            findings.append(_verdict("theme", str(theme), lookup("theme", str(theme)), False))
    files = source_files(config) if config.source_path.is_dir() else []
    for name, uses in sorted(tags_used(files).items()):
        findings.append(_verdict("tag", name, lookup("tag", name), name in registered_tags, uses))
    suffixes = Counter(p.suffix.lower() for p in files)
    for suffix, uses in sorted(suffixes.items()):
        row = lookup("renderer", suffix)
        if row is not None or suffix in RENDERABLE:
            findings.append(_verdict("renderer", suffix, row, True, uses))
    return findings


SECTIONS: dict[Kind, str] = {"plugin": "Plugins (package.json)", "theme": "Theme",
                             "tag": "Tags used in posts", "renderer": "Source files"}


def theme_settings(config: Config) -> ThemeImport | None:
    """What becomes of a Hexo theme's settings (carried, mapped, dropped), or None when the
    blog uses a QuillPress theme, whose settings are read as they are."""
    theme = str(config.get("theme") or "default")
    if theme == "default" or any((config.root_path / "themes" / theme / "layout").glob("*.html")):
        return None
    default = bundled_dir("themes") / "default"
    native = read_yaml_file(default / "_config.yml")
    return import_theme_settings(config.root_path, published_folders(config, default), theme,
                                 config.get("theme_config"), native, config["root"],
                                 config.source_path / "_data", config.get("feed"),
                                 config.report.lines)
