"""Fluid's friend links page (`links: {enable, title, subtitle, items: [{title, intro, link,
avatar}], custom: {enable, content}}`), which the Fluid theme makes at /links/ unless
`links.enable` is false, with no item too (its generator asks nothing else): read as the
default theme's `friend_links`, which the build makes the same page from
(model/generators.friend_links_route). Another theme's `links` is read so only when it is a
section with `items` that holds a link (NexT's blogroll and Chic's social links are mappings
of names to URLs, left to their readers)."""

from __future__ import annotations

from typing import Any

from .notes import ThemeImport


def read_friend_links(settings: dict[str, Any], out: ThemeImport) -> None:
    section = settings.get("links")
    fluid = out.theme.removeprefix("hexo-theme-") == "fluid"
    if section is None and fluid:
        section = {}  # Fluid's own settings (not in the blog) have the page on
    if not isinstance(section, dict):
        return
    items = section.get("items")
    if not fluid and not isinstance(items, list):
        return
    if section.get("enable") is False:
        out.note("links", "dropped", "links.enable is false")
        return
    links = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        name, url = item.get("title") or item.get("name"), item.get("link") or item.get("url")
        if name and url:
            avatar = item.get("avatar") or item.get("image")  # Fluid before 1.8.x: `image`
            links.append({"name": str(name), "url": str(url), "intro": str(item.get("intro") or ""),
                          "avatar": str(avatar) if avatar else None})
    if not links and not fluid:
        return
    custom = section.get("custom")
    shown = custom.get("content") if isinstance(custom, dict) and custom.get("enable") else None
    out.settings["friend_links"] = {
        "items": links, "title": str(section.get("title") or ""),
        "subtitle": str(section.get("subtitle") or ""), "custom": str(shown or "")}
    out.note("links", "mapped", f"friend_links ({len(links)} links, a page at /links/)")
