"""What a Hexo blog uses, read without building it: theme, plugins, tags, theme settings.

Other issues size their work from these facts (which tags real posts use, whether a theme
config has menus, social links or comments), so the harness records them beside each blog's
measurements.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

TAG = re.compile(r"\{%-?\s*([A-Za-z_][\w-]*)")
SETTING_KEYS = {
    "menu": {"menu", "nav", "navbar", "navigation"},
    "social": {"social", "social_links", "social_icons", "social_contact", "links", "contact"},
    "comments": {"comments", "comment", "valine", "waline", "gitalk", "gitment", "disqus",
                 "disqus_shortname", "utterances", "giscus", "twikoo", "livere", "livere_uid",
                 "changyan", "artalk"},
}
RENDERER = re.compile(r"^hexo-renderer-(marked|kramed|markdown-it(-plus)?|pandoc|mathjax)$")


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that reads js-yaml's `!!js/regexp` and other tags as their plain value."""


_TolerantLoader.add_multi_constructor(
    "", lambda loader, suffix, node: loader.construct_scalar(node)
    if isinstance(node, yaml.ScalarNode) else None)


def load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _keys(data: Any, depth: int = 0) -> set[str]:
    """Every mapping key with a non-empty value, three levels deep."""
    if not isinstance(data, dict) or depth > 3:
        return set()
    found = set()
    for key, value in data.items():
        if value not in (None, "", [], {}, False):
            found.add(str(key).lower())
        found |= _keys(value, depth + 1)
    return found


def comments_in_use(data: Any) -> list[str]:
    """Comment systems a theme config turns on: `comments.use|type|active` (Butterfly, Fluid,
    NexT, Keep) or a provider section with `enable: true` (NexT, Keep)."""
    found: set[str] = set()

    def walk(node: Any, depth: int) -> None:
        if not isinstance(node, dict) or depth > 3:
            return
        for key, value in node.items():
            name = str(key).lower()
            if name in ("comments", "comment") and isinstance(value, dict):
                chosen = value.get("use") or value.get("type") or value.get("active")
                if chosen and value.get("enable", True) is not False:
                    found.update(str(c).lower() for c in (chosen if isinstance(chosen, list) else [chosen]))
            elif name in SETTING_KEYS["comments"] and isinstance(value, dict) and value.get("enable") is True:
                found.add(name)
            walk(value, depth + 1)

    walk(data, 0)
    return sorted(found)


def theme_settings(blog: Path, theme: str, config: dict[str, Any]) -> dict[str, Any]:
    """Which theme config files exist and whether they set menus, social links, comments."""
    files = [blog / "themes" / theme / "_config.yml", blog / f"_config.{theme}.yml",
             blog / "source" / "_data" / f"{theme}.yml"]
    present = [str(p.relative_to(blog)) for p in files if p.is_file()]
    keys: set[str] = set()
    comments: set[str] = set()
    for data in [load_yaml(path) for path in files if path.is_file()] + [config.get("theme_config")]:
        keys |= _keys(data)
        comments.update(comments_in_use(data))
    keys |= {k for k in _keys(config) if k in SETTING_KEYS["menu"] | SETTING_KEYS["social"]}
    return {"theme_config_files": present, "menu": sorted(keys & SETTING_KEYS["menu"]),
            "social": sorted(keys & SETTING_KEYS["social"]), "comments": sorted(comments)}


def blog_facts(blog: Path, config: dict[str, Any]) -> dict[str, Any]:
    theme = str(config.get("theme") or "")
    try:
        package = json.loads((blog / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        package = {}
    deps = sorted({**package.get("dependencies", {}), **package.get("devDependencies", {})})
    source = blog / str(config.get("source_dir") or "source")
    posts = [p for p in (source / "_posts").rglob("*") if p.suffix.lower() in (".md", ".markdown")]
    tags: Counter[str] = Counter()
    for path in source.rglob("*.md"):
        text = path.read_text(encoding="utf-8", errors="replace")
        tags.update(name for name in TAG.findall(text) if not name.startswith("end"))
    return {
        "theme": theme,
        "theme_in_snapshot": (blog / "themes" / theme / "layout").is_dir(),
        "renderers": [d for d in deps if RENDERER.match(d)],
        "hexo_plugins": [d for d in deps if d.startswith("hexo-") and not RENDERER.match(d)],
        "posts": len(posts),
        "tags_used": dict(tags.most_common()),
        "permalink": config.get("permalink"),
        "post_asset_folder": bool(config.get("post_asset_folder")),
        **theme_settings(blog, theme, config),
    }
