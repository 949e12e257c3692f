"""Visitor analytics: Plausible, Umami, Google Analytics 4, Baidu Tongji, Cloudflare Web Analytics.

Each provider is a key of `analytics:` in _config.yml (several may be on at once); a blog
moved from Hexo gets the ids its theme had (the theme's `analytics` setting, see
quillpress.hexo_theme), the site's own section winning per provider. The tags go in every
page's head, except in `serve` and in `--drafts` builds: a preview must not count as a visit.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from markupsafe import Markup

from quillpress.plugin_api import Checked, Legacy, PluginAPI, Section, Text


def _shaped(pattern: str, what: str) -> Any:
    """A test for Checked: the value when it matches `pattern`, else ValueError naming `what`."""
    def test(value: str) -> str:
        if value and not re.fullmatch(pattern, value):
            raise ValueError(f"not {what}")
        return value
    return test


def _bare(key: str) -> tuple[Legacy, ...]:
    """`baidu: abc123` is short for `baidu: {id: abc123}`, as the Hexo themes write it."""
    return (Legacy(lambda value: isinstance(value, (str, int)), lambda value: {key: str(value)}, None),)


SECTION = Section({
    "plausible": Section({"domain": Text("", "the site as registered at Plausible"),
                          "src": Text("https://plausible.io/js/script.js")}),
    "umami": Section({"website_id": Text(""), "src": Text("https://cloud.umami.is/script.js")}),
    "google": Section({"id": Checked("", _shaped(r"G-[A-Z0-9]+", "a GA4 measurement id (G-…)"))},
                      legacy=_bare("id")),
    "baidu": Section({"id": Checked("", _shaped(r"[0-9a-f]{32}|[0-9a-zA-Z]+", "a Tongji site id"))},
                     legacy=_bare("id")),
    "cloudflare": Section({"token": Text("")}, legacy=_bare("token")),
})


def _tags(provider: str, options: dict[str, Any]) -> str:
    """The head tags of one provider; "" when its id is missing."""
    attr = html.escape
    if provider == "plausible" and options.get("domain"):
        return (f'<script defer data-domain="{attr(options["domain"])}" '
                f'src="{attr(options.get("src") or SECTION.default["plausible"]["src"])}"></script>')
    if provider == "umami" and options.get("website_id"):
        return (f'<script defer data-website-id="{attr(options["website_id"])}" '
                f'src="{attr(options.get("src") or SECTION.default["umami"]["src"])}"></script>')
    if provider == "google" and options.get("id"):
        ident = options["id"]
        # Script text is not HTML-decoded: JSON with `<` escaped keeps it inside the tag.
        literal = json.dumps(ident).replace("<", "\\u003c")
        return (f'<script async src="https://www.googletagmanager.com/gtag/js?id={attr(ident)}"></script>'
                "<script>window.dataLayer = window.dataLayer || [];"
                "function gtag() { dataLayer.push(arguments); }"
                f"gtag('js', new Date()); gtag('config', {literal});</script>")
    if provider == "baidu" and options.get("id"):
        return ("<script>var _hmt = _hmt || [];</script>"
                f'<script async src="https://hm.baidu.com/hm.js?{attr(options["id"])}"></script>')
    if provider == "cloudflare" and options.get("token"):
        beacon = json.dumps({"token": options["token"]})
        return ('<script defer src="https://static.cloudflareinsights.com/beacon.min.js" '
                f"data-cf-beacon='{attr(beacon, quote=True)}'></script>")
    return ""


def register(api: PluginAPI) -> None:
    settings = api.config_section("analytics", SECTION)
    skip = bool(api.config.get("_preview") or api.config.get("render_drafts"))

    @api.helper("analytics_tags")
    def analytics_tags(theme_analytics: Any = None) -> Markup:
        """Every configured provider's tags for the head (none in previews)."""
        if skip:
            return Markup("")
        theirs = theme_analytics if isinstance(theme_analytics, dict) else {}
        tags = []
        for provider in SECTION.options:  # the site's own settings first, then the theme's
            tag = _tags(provider, settings[provider])
            if not tag and isinstance(theirs.get(provider), dict):
                tag = _tags(provider, theirs[provider])
            tags.append(tag)
        return Markup("".join(tags))
