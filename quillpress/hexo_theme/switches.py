"""On/off switches (table of contents, reading time, copyright box, math, search, related posts).

The default theme has its own `toc`, `word_count` and `copyright` switches; math, search and
related posts are site features that QuillPress builds from `_config.yml`, so those settings
are reported, not kept (a theme's `related_posts: {enable: false}` was "no such setting",
while every post showed related posts).
"""

from __future__ import annotations

from typing import Any

from .lookup import dig, enabled, first
from .notes import ThemeImport

TOC = ("toc.enable", "post.toc.enable", "toc.post", "toc")
READING = ("symbols_count_time", "post.meta.wordcount.enable", "wordcount.enable",
           "post.word_count.wordcount", "post.word_count.min2read", "article.readtime")
MATH = ("math.mathjax.enable", "math.katex.enable", "post.math.enable", "math.use",
        "plugins.mathjax", "plugins.katex", "mathjax", "katex")
SEARCH = ("local_search.enable", "search.enable", "search.use", "search.type", "algolia_search.enable")
RELATED = ("related_posts.enable", "related_post.enable")  # NexT (with hexo-related-posts); Butterfly
# NexT writes a Creative Commons short code; the others a full name and sometimes a URL.
CC_NAMES = {"by": "CC BY 4.0", "by-sa": "CC BY-SA 4.0", "by-nd": "CC BY-ND 4.0",
            "by-nc": "CC BY-NC 4.0", "by-nc-sa": "CC BY-NC-SA 4.0",
            "by-nc-nd": "CC BY-NC-ND 4.0", "zero": "CC0 1.0", "cc-zero": "CC0 1.0"}


def _bool_at(settings: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, bool | None]:
    for key in keys:
        value = dig(settings, key)
        if value is not None and value != "":
            return key, enabled(value)
    return "", None


def _license(value: Any) -> str:
    text = str(value).strip()
    short = text.lower().removeprefix("cc-").removeprefix("cc ")
    return CC_NAMES.get(short, CC_NAMES.get(text.lower(), text))


def read_copyright(settings: dict[str, Any], out: ThemeImport) -> None:
    for key in ("post_copyright", "post.copyright", "creative_commons", "post.copyright_info",
                "article.licenses"):
        value = dig(settings, key)
        if value is None:
            continue
        box: dict[str, Any] = {"enable": enabled(value)}
        if key == "creative_commons" and isinstance(value, dict):
            box["enable"] = bool(value.get("post"))
        if isinstance(value, dict) and key != "article.licenses":
            if value.get("license"):
                box["license"] = _license(value["license"])
            if value.get("license_url"):
                box["license_url"] = str(value["license_url"])
        elif key == "article.licenses" and isinstance(value, dict) and value:
            name, spec = next(iter(value.items()))
            box["license"] = str(name)
            if isinstance(spec, dict) and spec.get("url"):
                box["license_url"] = str(spec["url"])
        out.settings["copyright"] = box
        out.note(key, "mapped", "copyright" + (f" ({box['license']})" if "license" in box else ""))
        return


def read_switches(settings: dict[str, Any], out: ThemeImport) -> None:
    key, on = _bool_at(settings, TOC)
    if on is not None:
        out.settings["toc"] = on
        out.note(key, "carried" if key == "toc" else "mapped", f"toc: {str(on).lower()}")
    key, on = _bool_at(settings, READING)
    if on is not None:
        out.settings["word_count"] = on
        out.note(key, "mapped", f"word_count: {str(on).lower()}")
    read_copyright(settings, out)
    for keys, what in ((MATH, "math is rendered at build time (`math:` in _config.yml)"),
                       (SEARCH, "search is built in (`search: false` in front-matter hides a post)"),
                       (RELATED, "related posts are built in (`related_posts: false` in _config.yml "
                                 "turns them off)")):
        key, on = first(settings, *keys)
        if key:
            out.note(key, "mapped", what if enabled(on) else what + "; the theme had it off")
