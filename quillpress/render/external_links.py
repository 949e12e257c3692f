"""Hexo's `external_link` setting: links in posts that leave the site open in a new tab.

Hexo turns this on by default, so a blog moved from Hexo expects it. A link is external
when it is absolute (http:, https: or //) and its host is neither the site's (`url`) nor
listed in `external_link.exclude`; such a link gets `target="_blank" rel="noopener"`
unless the author already set a target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

if TYPE_CHECKING:
    from ..config.loader import Config


def _hosts_to_keep(config: "Config") -> set[str]:
    options = config.get("external_link") or {}
    exclude = options.get("exclude") or []
    exclude = [exclude] if isinstance(exclude, str) else exclude
    site_host = urlsplit(str(config["url"])).hostname or ""
    return {h.lower() for h in [site_host, *map(str, exclude)] if h}


def is_external(href: str, own_hosts: set[str]) -> bool:
    if not href.lower().startswith(("http://", "https://", "//")):
        return False
    host = (urlsplit(href).hostname or "").lower()
    return bool(host) and host not in own_hosts


def external_links_plugin(md: MarkdownIt, config: "Config") -> None:
    """Install the rule when `external_link.enable` is on (Hexo's default)."""
    options = config.get("external_link")
    enabled = options.get("enable", True) if isinstance(options, dict) else bool(options)
    if not enabled:
        return
    own_hosts = _hosts_to_keep(config)

    def mark(state: StateCore) -> None:
        # Most tokens have no children (None): no empty list is made for each to walk.
        for token in state.tokens:
            children = token.children
            if not children:
                continue
            for child in children:
                if child.type != "link_open" or child.attrGet("target"):
                    continue
                href = child.attrGet("href")
                if isinstance(href, str) and is_external(href, own_hosts):
                    child.attrSet("target", "_blank")
                    child.attrSet("rel", "noopener")

    md.core.ruler.push("qp_external_links", mark)
