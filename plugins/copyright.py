"""The copyright box under a post: its absolute permalink, author, license and dates.

`copyright:` in _config.yml (`enable`, `license`, `license_url`, `author`); a blog moved from
Hexo gets its theme's switch and license (NexT `creative_commons`, Butterfly `post_copyright`,
Fluid `post.copyright`...). `copyright: false` in a post's front-matter turns it off there.
Creative Commons names link to their deed without being told where.
"""

from __future__ import annotations

import re
from typing import Any

from quillpress.plugin_api import Flag, Legacy, PluginAPI, Section, Text, full_url_for

SECTION = Section({
    "enable": Flag(False, "show the box under every post"),
    "license": Text("", "e.g. CC BY-NC-SA 4.0; a Creative Commons name links to its deed"),
    "license_url": Text("", "a link for any other license"),
    "author": Text("", "default: the site's author"),
}, legacy=(Legacy(lambda value: isinstance(value, bool), lambda value: {"enable": value}, None),))

_CC = re.compile(r"^CC[ -]?(BY(?:-(?:NC|SA|ND))*|0|ZERO)(?:[ -]v?(\d\.\d))?$", re.I)


def license_link(name: str) -> str:
    """`CC BY-NC-SA 4.0` → its deed at creativecommons.org; anything else → ""."""
    match = _CC.match(name.strip())
    if not match:
        return ""
    kind = match.group(1).lower()
    if kind in ("0", "zero"):
        return f"https://creativecommons.org/publicdomain/zero/{match.group(2) or '1.0'}/"
    return f"https://creativecommons.org/licenses/{kind}/{match.group(2) or '4.0'}/"


def register(api: PluginAPI) -> None:
    settings = api.config_section("copyright", SECTION)
    written = ("copyright",) in api.config.report.lines  # the site's own section wins

    @api.helper("copyright_box")
    def copyright_box(page: Any, theme_copyright: Any = None) -> dict[str, str] | None:
        """What the box shows for this post, or None when it is off."""
        chosen = settings if written or not isinstance(theme_copyright, dict) else {
            **settings, **theme_copyright}
        if not chosen.get("enable") or not page.shows("copyright"):
            return None
        name = str(chosen.get("license") or "")
        return {"url": full_url_for(page.path, api.config),
                "author": str(chosen.get("author") or ""),
                "license": name, "license_url": str(chosen.get("license_url") or license_link(name))}
