"""Identity (avatar, author, subtitle, favicon) and social links from a Hexo theme."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..render.htmlattrs import safe_href
from .icons import guess_icon, icon_name, is_icon_class
from .lookup import dig, first
from .notes import ThemeImport

IDENTITY = {
    "avatar": ("avatar.url", "avatar.img", "base_info.avatar", "style.avatar", "about.avatar",
               "profile.avatar", "avatar"),
    "author": ("base_info.author", "about.name", "profile.author", "author"),
    "subtitle": ("subtitle.sub", "index.slogan.text", "first_screen.description", "subtitle"),
    "favicon": ("favicon.medium", "favicon.small", "head.favicon", "base_info.favicon",
                "style.favicon", "favicon"),
}

# Single-valued social keys some themes (and many blogs' own additions) keep at the top level.
PLAIN_SOCIAL = ("github", "email", "rss", "zhihu", "bilibili", "twitter", "weibo")
# Where a service keeps a profile, for themes that take the user name alone and write the
# service's address around it in their templates (Claudia's `social: {github: name}`,
# Jacman's `author: {twitter: name}`, a top-level `twitter: name`).
PROFILES = {"github": "https://github.com/", "twitter": "https://twitter.com/",
            "zhihu": "https://www.zhihu.com/people/", "weibo": "https://weibo.com/",
            "douban": "https://www.douban.com/people/", "facebook": "https://www.facebook.com/",
            "linkedin": "https://www.linkedin.com/in/", "instagram": "https://www.instagram.com/",
            "stackoverflow": "https://stackoverflow.com/users/"}
EMAIL_NAMES = {"email", "mail", "e-mail"}
# An e-mail address written bare (`me@example.org`): an @ with no scheme and no path before it
# (`//social.example/@me` is a link).
BARE_ADDRESS = re.compile(r"^[^\s@/:]+@[^\s@/]+$")


def _profile_index(settings: dict[str, Any]) -> int | None:
    """Icarus keeps the author's card in `widgets: [{type: profile, ...}]`: its place there."""
    widgets = settings.get("widgets")
    return next((index for index, widget in enumerate(widgets)
                 if isinstance(widget, dict) and widget.get("type") == "profile"), None) \
        if isinstance(widgets, list) else None


def _profile_widget(settings: dict[str, Any]) -> dict[str, Any]:
    """Icarus's author's card (`_profile_index`), or nothing."""
    index = _profile_index(settings)
    return settings["widgets"][index] if index is not None else {}


def read_identity(settings: dict[str, Any], out: ThemeImport) -> None:
    view = {**settings, "profile": _profile_widget(settings)}
    index = _profile_index(settings)
    if index is not None:  # a warning about `widgets.profile.…` names the widget's own line
        out.lines.update({("widgets", "profile", *path[2:]): place
                          for path, place in out.lines.items()
                          if path[:2] == ("widgets", str(index))})
    for target, keys in IDENTITY.items():
        key, value = first(view, *keys)
        if isinstance(value, list):  # Butterfly's rotating subtitles: the first one
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            value = value.strip()
            in_images = target == "favicon" and _in_image_dir(settings, value)
            out.settings[target] = in_images or value
            shown = "widgets.profile" + key[len("profile"):] if key.startswith("profile.") else key
            out.note(shown, "carried" if key == target and not in_images else "mapped", target)


def _in_image_dir(settings: dict[str, Any], name: str) -> str | None:
    """Tranquilpeak names its favicon by file name alone, in its `image_dir`
    (`assets/images/favicon.ico`): that path, for a bare file name and such a theme."""
    folder = settings.get("image_dir")
    if not isinstance(folder, str) or not folder.strip("/") or "/" in name or ":" in name:
        return None
    return f"/{folder.strip('/')}/{name}"


def drop_missing_pictures(out: ThemeImport, published: list[Path], site_root: str = "/") -> None:
    """Keep the avatar, the favicon and friends' avatars only when the site will have them
    (`shown_picture`). A Hexo theme's settings often name the theme's own default pictures
    (Fluid's /img/avatar.png, Butterfly's /img/butterfly-icon.png), which came with the
    theme's package, not with the blog: the default theme standing in would show a broken
    picture on every page."""
    for target in ("avatar", "favicon"):
        value = out.settings.get(target)
        if not isinstance(value, str):
            continue
        shown = shown_picture(value, published, site_root, out.pictures)
        if shown is not None:
            out.settings[target] = shown
            continue
        del out.settings[target]
        rel = unquote(value.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
        where = f"{published[0].name}/{rel}"
        key = next((note.key for note in out.notes if note.detail == target), target)
        out.notes = [note for note in out.notes if note.detail != target]  # read, now dropped
        out.note(key, "dropped", f"{value}: no {where}")
        out.warn(key, f"{target} {value} is a file the blog does not have (the Hexo theme's "
                 "own picture?): not shown", f"put the picture at {where}")
    missing = []
    for link in (out.settings.get("friend_links") or {}).get("items", []):
        written, link["avatar"] = link["avatar"], link["avatar"] and shown_picture(
            link["avatar"], published, site_root, out.pictures)
        if written and not link["avatar"]:
            missing.append(written)
    if missing:
        out.warn("links.items", f"{len(missing)} friend link avatars are files the blog does "
                 f"not have ({missing[0]}…): shown without them",
                 f"put the pictures in {published[0].name}/")


def shown_picture(value: str, published: list[Path], site_root: str,
                  looked_at: set[Path]) -> str | None:
    """How the default theme names a picture a setting names: a URL as it is; a site path
    as it is when one of the `published` folders (the blog's source folder first, then the
    Hexo theme's source/) has it; None when none has it. A theme that writes the setting
    as it is (Indigo's `<img src="<%=theme.avatar %>">`) has it named with the site's root
    in front (`/blog/img/logo.jpg` under root /blog/): such a picture is named by its path
    in the site, which the default theme puts the root in front of."""
    if "://" in value or value.startswith(("//", "data:")):
        return value
    path = "/" + value.split("?", 1)[0].split("#", 1)[0].lstrip("/")
    rel = unquote(path).lstrip("/")
    if rel and _has(published, rel, looked_at):
        return value
    inside = _without_root(path, site_root)
    if inside and _has(published, unquote(inside).lstrip("/"), looked_at):
        return _without_root("/" + value.lstrip("/"), site_root)
    return None


def _has(published: list[Path], rel: str, looked_at: set[Path]) -> bool:
    """Whether a `published` folder has the file `rel`; the files looked for are noted."""
    files = [folder / rel for folder in published]
    looked_at.update(files)
    return any(file.is_file() for file in files)


def _without_root(path: str, site_root: str) -> str | None:
    """`/blog/img/a.png` → `/img/a.png` under root /blog/: the path in the site of a setting
    written with the root in front; None when it has no root in front to take off."""
    if site_root == "/" or not path.startswith(site_root) or len(path) == len(site_root):
        return None
    return path[len(site_root) - 1:]


def unroot_social_links(out: ThemeImport, site_root: str) -> None:
    """Social links to site paths written with the root in front, as themes that put them in
    pages as written need them (Indigo's `rss: /blog/atom.xml` under root /blog/), made paths
    in the site: the default theme puts the root in front itself, and linked to
    /blog/blog/atom.xml, which the site does not have."""
    for link in out.settings.get("social") or []:
        inside = _without_root(link["url"], site_root)
        if inside:
            link["url"] = inside


def name_the_feed(out: ThemeImport, feed_path: str) -> None:
    """Even's `rss: default` means the site's own feed, which Even links as `feed.path` of
    _config.yml, else atom.xml: read as written it was a link to /default."""
    for link in out.settings.get("social") or []:
        if link["name"] == "rss" and link["url"] == "default":
            link["url"] = "/" + feed_path.lstrip("/")


def _profile(service: str, value: str) -> str:
    """The address a service's user name stands for (`github`, `haojen` →
    https://github.com/haojen); any other value as written. A bare `/`, Claudia's sample
    value, was the service's own home page there (`//twitter.com//`), not the blog's."""
    base = PROFILES.get(service.strip().lower())
    if base is None or not value.strip():
        return value
    if not value.strip("/"):
        return base[:base.index("/", len("https://")) + 1]
    name = value.lstrip("@")
    return value if any(mark in name for mark in ":/@") else base + name


def _link(name: str, url: str, icon_css: str | None = None) -> dict[str, Any]:
    """One social link; its url is "" (no link made) where it would lead nowhere or run a
    script: the Hexo themes' `WeChat: javascript:;` opens a picture of their own making."""
    url = _profile(name, url.strip())
    if BARE_ADDRESS.match(url):
        url = "mailto:" + url
    elif name.strip().lower() in EMAIL_NAMES and ":" not in url:
        url = ""  # Mellow shows `email:` letter by letter, often a motto: no address, no link
    url = safe_href(url) or ""
    return {"name": name.strip(), "url": url, "icon": icon_name(icon_css) or guess_icon(name)}


def _named_links(links: dict[str, Any], split: str) -> list[dict[str, Any]]:
    """`Name: url` entries, each value cut at `split` into the address and what the theme
    draws beside it (NexT's `url || fa fa-icon`, Mellow's `url | /img/icon/github.png`).
    Butterfly's keys are the icon (`fab fa-github: url || GitHub`); Sakura's values are
    `{url, img}`; Aurora's `customs:` holds further entries as `{name: {icon, link}}`."""
    found = []
    for key, value in links.items():
        if isinstance(value, list):  # Aria: `social: {enable: true, links: [{name, link, icon}]}`
            found += _listed_links(value)
            continue
        if isinstance(value, bool):  # Aria's `enable`: a switch, not an address
            continue
        if isinstance(value, dict):
            target = value.get("url") or value.get("link")
            if not target:  # a group of entries: only its members that are entries
                found += _named_links({k: v for k, v in value.items() if isinstance(v, dict)}, split)
                continue
            value = target
        if not value:
            continue
        parts = [p.strip() for p in str(value).split(split)]
        if is_icon_class(str(key)):
            found.append(_link(parts[1] if len(parts) > 1 else parts[0], parts[0], str(key)))
        else:
            found.append(_link(str(key), parts[0], parts[1] if len(parts) > 1 else None))
    return found


def _listed_links(items: list[Any]) -> list[dict[str, Any]]:
    """A list of `{name, link or url, icon}` entries (Aria's `social.links`, Vivia's and Gal's
    `links`); the icon a class or an element written out (`<i class="fab fa-github"></i>`)."""
    return [_link(str(item.get("name") or ""), str(item.get("link") or item.get("url")), item.get("icon"))
            for item in items if isinstance(item, dict) and (item.get("link") or item.get("url"))]


# The mapping of `Name: url` links each theme keeps, and what cuts a value short: `social`
# (NexT, Butterfly, Claudia), `sns` (Inside, Material), `socials` (Obsidian, Aurora),
# `menu_link` (Mellow, whose values name a picture after a single bar).
NAMED_LINKS = (("social", "||"), ("sns", "||"), ("socials", "||"), ("menu_link", "|"))


def _social_entries(settings: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """(where they were found, links) from the first shape present."""
    for where, split in NAMED_LINKS:
        links = settings.get(where)
        if isinstance(links, dict) and links:
            return where, _named_links(links, split) if links.get("enable") is not False else []
    if isinstance(settings.get("links"), list):  # Vivia's profile, Gal's sidebar (Fluid's is a mapping)
        return "links", _listed_links(settings["links"])
    keep = dig(settings, "social_contact.links") or (
        settings.get("social_contact") if isinstance(settings.get("social_contact"), dict) else None)
    if isinstance(keep, dict) and dig(settings, "social_contact.enable") is not False:
        links = [_link(str(k), str(v)) for k, v in keep.items() if v and k != "enable" and k != "links"]
        if links:
            return "social_contact", links
    author = settings.get("author")
    if isinstance(author, dict) and any(v and str(k).lower() in PROFILES for k, v in author.items()):
        # Jacman: user names beside the author's lines (Tranquilpeak's `author.email` alone
        # is for its Gravatar, no link)
        return "author", [_link(str(k), str(v)) for k, v in author.items()
                          if v and (str(k).lower() in PROFILES or k == "email")]
    icons = dig(settings, "about.icons")
    if isinstance(icons, list):
        links = [_link(str(i.get("tip") or i.get("class", "")), str(i["link"]), i.get("class"))
                 for i in icons if isinstance(i, dict) and i.get("link")]
        if links:
            return "about.icons", links
    for where, found in (("widgets.profile.social_links", _profile_widget(settings).get("social_links")),
                         ("navbar.links", dig(settings, "navbar.links")),  # Icarus
                         ("navbar_links", settings.get("navbar_links"))):  # Minos
        if isinstance(found, dict) and found:
            return where, [_link(str(k), str(v.get("url", "")) if isinstance(v, dict) else str(v),
                                 v.get("icon") if isinstance(v, dict) else None)
                           for k, v in found.items() if v]
    return "", []


def read_social(settings: dict[str, Any], out: ThemeImport) -> None:
    where, links = _social_entries(settings)
    for key in PLAIN_SOCIAL:
        value = settings.get(key)
        if isinstance(value, str) and value.strip():
            link = _link(key, value)
            links.append(link)
            out.note(key, "mapped" if link["url"] else "dropped",
                     "social" if link["url"] else "not an address, so not a link")
    links = [link for link in links if link["url"]]
    if where:
        out.note(where, "carried" if where == "social" else "mapped", f"social ({len(links)} links)")
    if links:
        out.settings["social"] = links
