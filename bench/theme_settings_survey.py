"""Real Hexo blogs' theme settings: how much of the menu, social links and comments carries over.

    .venv/bin/python bench/theme_settings_survey.py BLOG_OR_BARE_GIT_DIR...

Each argument is a blog folder or a bare git repository (read at HEAD). For every blog whose
theme QuillPress cannot render, its theme settings are read from Hexo's three places and
mapped (quillpress.hexo_theme). Counted over all blogs: menu entries, social links and
comment systems present in the settings, and how many reach the default theme now and
before (when only a menu of `name: path` lines in `_config.<theme>.yml` or `theme_config`
was read, and nothing else). Nothing is written but a temp folder; no blog text is printed.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quillpress.config import deep_merge  # noqa: E402
from quillpress.errors import QuillError  # noqa: E402
from quillpress.hexo_theme.layers import read_layers  # noqa: E402
from quillpress.hexo_theme.mapping import import_theme_settings  # noqa: E402
from quillpress.hexo_theme.menu import count_entries, read_menu  # noqa: E402
from quillpress.hexo_theme.lookup import first  # noqa: E402

NATIVE = {"menu": {}, "toc": True, "favicon": "", "footer": {}}


def files_of(path: Path, theme_names: tuple[str, ...] = ()) -> dict[str, bytes]:
    """The site config, `_config.<theme>.yml` and `themes/<theme>/_config.yml` of a blog."""
    if (path / "HEAD").is_file() and (path / "objects").is_dir():
        git = ["git", "--git-dir", str(path)]
        names = subprocess.run([*git, "ls-tree", "-r", "--name-only", "HEAD"],
                               capture_output=True, text=True).stdout.splitlines()
        wanted = [n for n in names if n.startswith("_config") and n.count("/") == 0
                  or (n.startswith("themes/") and n.endswith("/_config.yml") and n.count("/") == 2)]
        return {n: subprocess.run([*git, "show", f"HEAD:{n}"], capture_output=True).stdout for n in wanted}
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in
            [*path.glob("_config*.y*ml"), *path.glob("themes/*/_config.yml")]}


def old_menu(root: Path, theme: str, theme_config: dict[str, Any]) -> int:
    """Menu entries the default theme showed before: `_config.<theme>.yml` < theme_config,
    read as `name: path` lines (NexT's `|| icon` cut off), groups lost."""
    merged: dict[str, Any] = {}
    site_file = root / f"_config.{theme}.yml"
    if site_file.is_file():
        merged = yaml.safe_load(site_file.read_text(encoding="utf-8", errors="replace")) or {}
    merged = deep_merge(merged if isinstance(merged, dict) else {}, theme_config or {})
    menu = merged.get("menu")
    return sum(1 for v in menu.values() if isinstance(v, str) and v) if isinstance(menu, dict) else 0


def survey(path: Path, totals: collections.Counter) -> None:
    files = files_of(path)
    if "_config.yml" not in files:
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        try:
            site = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8", errors="replace")) or {}
            theme = str(site.get("theme") or "landscape")
            if theme in ("default", "False"):
                return
            theme_config = site.get("theme_config") if isinstance(site.get("theme_config"), dict) else {}
            layers = read_layers(root, theme, theme_config)
            raw, sources = layers.settings, layers.sources
            carried = import_theme_settings(
                root, [root / str(site.get("source_dir") or "source"), root / "themes" / theme / "source"],
                theme, theme_config, NATIVE)
        except (QuillError, yaml.YAMLError, UnicodeDecodeError, AttributeError):
            totals["blogs with unreadable settings"] += 1
            return
    if not sources:
        totals["blogs without theme settings in the repository"] += 1
        return
    totals["blogs surveyed"] += 1
    totals[f"theme {theme}"] += 1
    _, menu = first(raw, "navbar.menu", "menu")
    totals["menu entries present"] += count_entries(read_menu(menu))
    totals["menu entries before"] += old_menu(root, theme, theme_config)
    totals["menu entries now"] += count_entries(carried.settings.get("menu") or [])
    social = [n for n in carried.notes if n.detail.startswith("social")]
    totals["blogs with social links now"] += bool(carried.settings.get("social"))
    totals["social links now"] += len(carried.settings.get("social") or [])
    totals["blogs with social settings"] += bool(social)
    comment = [n for n in carried.notes if n.detail.startswith(("comments.provider", "valine", "gitalk"))
               or "not supported (supported" in n.detail]
    totals["blogs with a comment system set"] += bool(comment)
    totals["comment systems carried now"] += "comments" in carried.settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("blogs", nargs="+", type=Path)
    args = parser.parse_args()
    totals: collections.Counter = collections.Counter()
    for path in args.blogs:
        survey(path, totals)
    for key, value in sorted(totals.items()):
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
