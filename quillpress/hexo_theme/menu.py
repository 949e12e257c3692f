"""Menus in every shape Hexo themes write them, as one list of entries.

Shapes read:
- plain `Name: /path` (landscape, Keep, Icarus `navbar.menu`);
- NexT `name: /path/ || fa fa-icon`, and its sub-menus `name: {default: /path/, ...}`;
- Butterfly groups `Label || fas fa-list [|| hide]: {Child: /path/ || icon}`;
- Fluid's list `navbar.menu: [{key, link, icon, name, submenu: [...]}]`;
- Matery `Name: {url: /path, icon: fas fa-home}`, its sub-menus as
  `Name: {icon: ..., children: [{name, url, icon}]}`;
- Indigo `icon-name: {text: Label, url: /path, target: _blank}` (the key is the icon,
  shown as the label when `text` is left out);
- Nexmoe `Label: [/path, icon-name]`;
- Aurora `Tags: true` (the theme's own page of that name; false hides it) and its custom
  entries `key: {name, i18n, path}`;
- ParticleX `Label: {name: house, theme: solid, link: /}` (Font Awesome's icon name and style);
- raytaylorism's list `[{id: about, link: /about, icon: user}]` (the id names the label);
- Pure's list `menus: [{name, link}]`, Kratos-Rebirth's `nav.items: [{label, url, icon}]`;
- Sakura `Name: {path: /x, fa: fa fa-icon, submenus: {Child: {path, fa}}}`;
- Stun's `Name: javascript:; || icon`, whose members are in the theme's `submenu` section
  under the same name (`submenu: {Name: {Child: /path || icon}}`), and Sagiri's, where an
  entry linking to a page may have members too;
- any of them pointing at an external URL (kept as is, marked external).
An entry set to false or empty (or, in ParticleX, its link) is hidden, as the themes do, and
so is one whose link is a script (`javascript:;`), save raytaylorism's drop-down of the
categories, which opens the categories page. An entry to the theme's search page (`/search/`,
`#search`) is marked `search`: the default theme has no such page, and links the search
plugin's dialog instead, which its script opens, unless the blog has a page of its own there
(`linked_for`).
"""

from __future__ import annotations

import posixpath
from typing import Any

from .icons import guess_icon, icon_name

Entry = dict[str, Any]
ITEM_KEYS = {"url", "path", "icon", "children", "text", "target", "name", "i18n", "fa", "submenus"}
PARTICLEX_KEYS = {"name", "theme", "link"}
# Where Hexo themes put their search page (Inside) or the anchor opening their search
# box (raytaylorism), as an entry's path has them with its slashes taken off.
SEARCH_PAGES = {"search", "search.html", "#search"}
# Aurora's `Name: true` entries: the pages the site makes of those names.
BUILT_IN = {"home": "/", "archives": "/archives/", "tags": "/tags/", "categories": "/categories/",
            "about": "/about/"}


def _entry(label: str, target: str, icon_css: str | None = None,
           children: list[Entry] | None = None) -> Entry:
    path = target.strip()
    icon = icon_name(icon_css) or guess_icon(label)
    external = path.startswith(("http://", "https://", "//", "mailto:"))
    return {"key": label.strip(), "path": path, "icon": icon, "external": external,
            "section": "" if external else path.strip("/"), "children": children or [],
            "search": page_key(path) in SEARCH_PAGES}


def page_key(path: str) -> str:
    """The page a menu entry's link or a page's site path names, as both write it:
    `/search/`, `/search/index.html` and `search/` are all `search`."""
    return path.strip("/").removesuffix("index.html").strip("/")


def _split(value: str) -> tuple[str, str | None]:
    """`/path/ || fa fa-user` → ('/path/', 'fa fa-user')."""
    parts = [p.strip() for p in str(value).split("||")]
    return parts[0], parts[1] if len(parts) > 1 and parts[1] else None


def _from_mapping(menu: dict[str, Any], submenus: dict[str, Any] | None = None) -> list[Entry]:
    """Entries of a `Name: target` mapping; `submenus` is the theme's `submenu` section,
    the members of its entries (_members)."""
    entries: list[Entry] = []
    for key, target in menu.items():
        if target in (None, False, ""):
            continue
        if isinstance(target, dict) and _is_particlex(target):
            if target["link"] in (None, False, ""):  # hidden, as an empty entry of any shape
                continue
            style_and_name = f"fa-{target['theme']} fa-{target.get('name')}"
            entries.append(_entry(str(key), str(target["link"]), style_and_name))
        elif isinstance(target, dict) and _is_item(target):  # a list's item, named by its key
            entries += _from_list([{"name": str(key), **target}])
        elif isinstance(target, dict):
            entries.append(_group(str(key), target))
        elif isinstance(target, list) and target:  # Nexmoe: [path, icon]
            entries.append(_entry(str(key), str(target[0]), str(target[1]) if len(target) > 1 else None))
        elif target is True:  # Aurora: the theme's own page by that name
            if str(key).lower() in BUILT_IN:
                entries.append(_entry(str(key), BUILT_IN[str(key).lower()]))
        else:
            path, icon = _split(str(target))
            members = _members(submenus or {}, str(key))
            if not path.lower().startswith("javascript:"):
                entries.append(_entry(str(key), path, icon, members))
            elif members:
                entries.append(_entry(str(key), "", icon, members))
    return entries


def _members(submenus: dict[str, Any], name: str) -> list[Entry]:
    """Entry `name`'s members in the theme's `submenu` section: Stun finds them under the
    name as written and opens them from an entry linking to `javascript:;`; Sagiri under the
    name in lower case, also below an entry that links to a page (DIYgod's 物品公开)."""
    found = submenus.get(name, submenus.get(name.lower()))
    return _from_mapping(found) if isinstance(found, dict) else []


def _is_item(target: dict[str, Any]) -> bool:
    """A Matery, Indigo, Aurora or Sakura entry (`{url, icon}`, `{icon, children: [...]}`,
    `{text, url, target}`, `{name, i18n, path}`, `{path, fa, submenus}`), not a group of
    named members: read as a group, Matery's `icon` was a link to `/fas fa-home`, Indigo's
    `text` and `target` links to `/Label` and `/_blank`, Sakura's `fa` a link to its icon."""
    return (set(target) <= ITEM_KEYS
            and ("url" in target or "path" in target or isinstance(target.get("children"), list)))


def _is_particlex(target: dict[str, Any]) -> bool:
    """A ParticleX entry: read as a group, its icon's name and style were two links, to
    `/house` and `/solid`; read as a list's item, its label was the icon's name."""
    return {"link", "theme"} <= set(target) <= PARTICLEX_KEYS


def _group(key: str, members: dict[str, Any]) -> Entry:
    """A Butterfly group (`Label || icon: {...}`) or a NexT sub-menu (`name: {default: /x/}`),
    whose members' paths are below its own, as NexT joins them (`Docs: {default: /docs/,
    Install: /install.html}` opens /docs/install.html): read as written, all seven sub-menu
    entries of NexT's own documentation led to missing pages."""
    label, _, rest = key.partition("||")
    icon = rest.split("||")[0].strip() or None
    members = dict(members)
    if "default" not in members:
        return _entry(label, "", icon, _from_mapping(members))
    path, default_icon = _split(str(members.pop("default")))
    return _entry(label, path, icon or default_icon, [_below(path, m) for m in _from_mapping(members)])


def _below(parent: str, entry: Entry) -> Entry:
    """`entry` and its own members with `parent` in front of their paths (Node's
    `path.posix.join`, which NexT uses); a link out stays as it is."""
    if entry["external"]:
        return entry
    path = posixpath.normpath(f"{parent}/{entry['path']}") + ("/" if entry["path"].endswith("/") else "")
    return {**_entry(entry["key"], path, None, [_below(parent, m) for m in entry["children"]]),
            "icon": entry["icon"]}


def _from_list(items: list[Any]) -> list[Entry]:
    entries: list[Entry] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        name = (item.get("name") or item.get("key") or item.get("title") or item.get("id")
                or item.get("label") or "")
        label = item.get("text") or name
        target = item.get("link") or item.get("url") or item.get("path") or ""
        if str(target).strip().lower().startswith("javascript:"):  # a script of the theme's
            # own: raytaylorism's `category: true` drops down the categories, whose page the
            # site has; any other opens nothing here
            target = BUILT_IN["categories"] if item.get("category") is True else ""
        members = item.get("submenu") or item.get("children") or item.get("submenus") or []
        children = _from_mapping(members) if isinstance(members, dict) else _from_list(members)
        if label and (target or children):
            entry = _entry(str(label), str(target), item.get("icon") or item.get("fa"), children)
            entry["icon"] = entry["icon"] or guess_icon(str(name))  # Indigo: the key is the icon
            entries.append(entry)
    return entries


def read_menu(menu: Any, submenus: Any = None) -> list[Entry]:
    """Entries `{key, path, icon, external, section, children}` from any menu shape;
    `submenus` is Stun's section of members for entries that open them."""
    if isinstance(menu, dict):
        return _from_mapping(menu, submenus if isinstance(submenus, dict) else None)
    if isinstance(menu, list):
        return _from_list(menu)
    return []


def count_entries(entries: list[Entry]) -> int:
    return sum(1 + count_entries(e["children"]) for e in entries)


def linked_for(entries: list[Entry], own_pages: frozenset[str], dialog: bool) -> list[Entry]:
    """`entries` as one build links them. An entry to the Hexo theme's search page opens
    the blog's own page there when the blog has one that shows something (`own_pages`, by
    `page_key`): a page its author wrote, which the dialog stood in for. A page left empty,
    or holding only an empty element the Hexo theme's script would fill, is that theme's
    stand for its search box (`model.placeholder`), and the entry opens the search plugin's
    dialog; without the plugin (`dialog` false, `search: false`) it would lead nowhere, so it
    is left out."""
    linked = []
    for entry in entries:
        if entry["search"] and page_key(entry["path"]) in own_pages:
            entry = {**entry, "search": False}
        elif entry["search"] and not dialog:
            continue
        linked.append({**entry, "children": linked_for(entry["children"], own_pages, dialog)})
    return linked
