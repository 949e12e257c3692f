"""From a Hexo theme's merged settings to the default theme's, with a note per key."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .custom_code import read_custom_code
from .footer import read_footer
from .friends import read_friend_links
from .layers import KeyPath, Place, read_layers
from .lookup import first
from .menu import count_entries, read_menu
from .notes import ThemeImport
from .profile import (drop_missing_pictures, name_the_feed, read_identity, read_social,
                      unroot_social_links)
from .services import read_analytics, read_comments
from .switches import read_switches
from .widgets import read_widgets


def _menu_setting(settings: dict[str, Any]) -> tuple[str, Any]:
    """Where the theme keeps its menu: `menu` (most), Icarus's `navbar.menu`, Solitude's
    `nav.menu`, Kratos-Rebirth's `nav.items`, Pure's, Kaze's and Sakura's `menus`, or a
    `nav` of only `Name: /path` lines (Cactus, Chic). Elsewhere `nav` holds the navigation
    bar's own settings (Butterfly's logo), not links: such a `nav` is no menu."""
    key, menu = first(settings, "navbar.menu", "menu", "nav.menu", "nav.items", "menus")
    nav = settings.get("nav")
    if not key and isinstance(nav, dict) and nav and all(
            isinstance(target, str) or target in (None, False) for target in nav.values()):
        return "nav", nav
    return key, menu


# Themes that link an entry left empty (`Home: ""`) to the site's root, as `url_for("")`
# gives it, where other themes hide such an entry.
EMPTY_IS_ROOT = {"arknights"}


def _read_menu(settings: dict[str, Any], out: ThemeImport) -> None:
    key, menu = _menu_setting(settings)
    if out.theme in EMPTY_IS_ROOT and isinstance(menu, dict):
        menu = {name: "/" if target == "" else target for name, target in menu.items()}
    entries = read_menu(menu, settings.get("submenu"))
    if not entries:
        return
    out.settings["menu"] = entries
    plain = key == "menu" and isinstance(menu, dict) and all(
        isinstance(v, str) and "||" not in v for v in menu.values() if v)
    out.note(key, "carried" if plain else "mapped", f"menu ({count_entries(entries)} entries)")
    if any(entry["children"] for entry in entries) and isinstance(settings.get("submenu"), dict):
        out.note("submenu", "mapped", "the menu's sub-menus (Stun, Sagiri)")
    _read_menu_settings(settings.get("menu_settings"), out)


def _read_menu_settings(shown: Any, out: ThemeImport) -> None:
    """How the menu shows its entries: NexT's `icons: false` and Stun's `text_only: true`
    leave the icons out (`menu_icons: false`); Stun's `icon_only` and NexT's `badges` (counts
    beside the entries) have no match, as the default theme's menu always shows each
    entry's text."""
    if not isinstance(shown, dict):
        return
    if shown.get("icons") is False or shown.get("text_only") is True:
        out.settings["menu_icons"] = False
        out.note("menu_settings", "mapped", "menu_icons: false (the menu's entries without icons)")
    elif shown.get("icon_only") is True or shown.get("badges") is True:
        out.note("menu_settings", "dropped", "the default theme's menu shows each entry's text "
                 "beside its icon, and no counts")
    else:
        out.note("menu_settings", "carried", "the menu shows each entry's icon and text")


def import_theme_settings(root: Path, published: list[Path], name: str,
                          theme_config: dict[str, Any] | None, native: dict[str, Any],
                          site_root: str = "/", data_dir: Path | None = None,
                          feed: Any = None, site_lines: Mapping[KeyPath, Place] | None = None
                          ) -> ThemeImport:
    """Read theme `name`'s settings from Hexo's three places and map them.

    `native` is the default theme's own settings: a key it has, holding a value of the same
    type, is carried over as is; a key no reader used is reported as dropped. Pictures none
    of the `published` folders has are dropped (drop_missing_pictures; `site_root` is the
    config's `root`, which a setting may hold in front of the picture's path, as social links
    to the site's own pages may: unroot_social_links). `data_dir` is the blog's data folder,
    where some themes read their settings last (read_layers). `feed` is _config.yml's `feed`
    section, whose path a theme's `rss: default` names (name_the_feed). `site_lines`: where
    each key of the site config was written, for warnings about `theme_config`."""
    layers = read_layers(root, name, theme_config, data_dir=data_dir, site_lines=site_lines)
    settings = layers.settings
    out = ThemeImport(theme=name, sources=layers.sources, warnings=layers.warnings,
                      lines=layers.lines)
    for read in (_read_menu, read_identity, read_social, read_friend_links, read_comments,
                 read_analytics, read_switches, read_footer, read_custom_code,
                 read_widgets):
        read(settings, out)
    used = {note.key.split(".")[0] for note in out.notes}
    for key, value in settings.items():
        if key in used:
            continue
        default = native.get(key)
        if key in native and value is not None and (default is None or isinstance(value, type(default))):
            out.settings[key] = value
            out.note(key, "carried", key)
        elif value not in (None, "", [], {}):
            out.note(key, "dropped", "no such setting in the default theme")
    drop_missing_pictures(out, published, site_root)
    unroot_social_links(out, site_root)
    name_the_feed(out, feed_path(feed))
    return out


def feed_path(feed: Any) -> str:
    """The feed's path as Hexo themes read `config.feed.path` (the first of a list), which
    hexo-generator-feed sets, when it is left out, to the first type's name and .xml
    (rss2.xml for `type: rss2`; atom.xml with no type): atom.xml there was a missing page."""
    section = feed if isinstance(feed, dict) else {}
    path, kind = section.get("path"), section.get("type")
    if isinstance(path, list):
        path = path[0] if path else None
    if isinstance(kind, list):
        kind = kind[0] if kind else None
    return str(path) if path else f"{kind if kind in ('atom', 'rss2') else 'atom'}.xml"
