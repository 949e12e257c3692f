"""Fluid's friend links (`links: {enable, items: [{title, intro, link, avatar}]}`), of which
the Fluid theme makes a page at /links/: read as the default theme's `friend_links`, which
the build makes the same page from (model/generators.friend_links_route). Other themes'
`links` (NexT's blogroll, Chic's social links) are mappings, not a section with `items`,
and are left to their readers."""

from __future__ import annotations

from typing import Any

from .notes import ThemeImport


def read_friend_links(settings: dict[str, Any], out: ThemeImport) -> None:
    section = settings.get("links")
    if not isinstance(section, dict) or not isinstance(section.get("items"), list):
        return
    if section.get("enable") is False:
        out.note("links", "dropped", "links.enable is false")
        return
    links = []
    for item in section["items"]:
        if not isinstance(item, dict):
            continue
        name, url = item.get("title") or item.get("name"), item.get("link") or item.get("url")
        if name and url:
            avatar = item.get("avatar") or item.get("image")  # Fluid before 1.8.x: `image`
            links.append({"name": str(name), "url": str(url), "intro": str(item.get("intro") or ""),
                          "avatar": str(avatar) if avatar else None})
    if links:
        out.settings["friend_links"] = links
        out.note("links", "mapped", f"friend_links ({len(links)} links, a page at /links/)")
