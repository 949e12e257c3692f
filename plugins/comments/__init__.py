"""Comments under posts: giscus, utterances, Waline, Twikoo or Disqus.

`comments.provider` in _config.yml picks one; its keys sit under its name. A blog moved from
Hexo gets the provider its theme had (the theme's `comments` setting, see
quillpress.hexo_theme). The page only gets a placeholder with the settings as data: the
theme's js/comments.js loads the provider's script when the reader scrolls near it, so a
reader who never gets there never contacts the provider. `serve` shows a note instead,
unless `comments.serve: true`, so previews do not create threads for draft URLs.
"""

from __future__ import annotations

import html
import json
from typing import Any

from markupsafe import Markup

from quillpress.plugin_api import Choice, Flag, Legacy, PluginAPI, Section, Text, full_url_for

PROVIDERS = ("giscus", "utterances", "waline", "twikoo", "disqus")

SECTION = Section({
    "provider": Choice("", PROVIDERS, "the comment system; none when left out"),
    "serve": Flag(False, "load comments in `serve` too (off: previews make no threads)"),
    "giscus": Section({"repo": Text(""), "repo_id": Text(""), "category": Text(""),
                       "category_id": Text(""), "mapping": Text("pathname"), "lang": Text(""),
                       "src": Text("https://giscus.app/client.js")}),
    "utterances": Section({"repo": Text(""), "issue_term": Text("pathname"), "label": Text(""),
                           "src": Text("https://utteranc.es/client.js")}),
    "waline": Section({"server_url": Text(""), "lang": Text(""),
                       "src": Text("https://unpkg.com/@waline/client@3.5.7/dist/waline.js"),
                       "css": Text("https://unpkg.com/@waline/client@3.5.7/dist/waline.css")}),
    "twikoo": Section({"env_id": Text(""), "region": Text(""), "lang": Text(""),
                       "src": Text("https://cdn.jsdelivr.net/npm/twikoo@1.6.44/dist/twikoo.all.min.js")}),
    "disqus": Section({"shortname": Text(""), "src": Text("")}),
}, legacy=(Legacy(lambda value: value is False, lambda value: {"provider": None}, None),))

# The keys without which a provider cannot show a thread.
REQUIRED = {"giscus": ("repo", "repo_id", "category_id"), "utterances": ("repo",),
            "waline": ("server_url",), "twikoo": ("env_id",), "disqus": ("shortname",)}


def effective(site: dict[str, Any], theme: Any) -> tuple[str, dict[str, Any]]:
    """(provider, its options): the site's `comments:` wins over the theme's mapped one."""
    chosen = site if site.get("provider") else (theme if isinstance(theme, dict) else {})
    name = str(chosen.get("provider") or "")
    if name not in PROVIDERS:
        return "", {}
    defaults = SECTION.options[name].default
    options = {**defaults, **(chosen.get(name) or {})}
    if name == "disqus" and not options.get("src") and options.get("shortname"):
        options["src"] = f"https://{options['shortname']}.disqus.com/embed.js"
    return name, options


def register(api: PluginAPI) -> None:
    settings = api.config_section("comments", SECTION)
    previewing = bool(api.config.get("_preview"))

    @api.helper("comments_box")
    def comments_box(page: Any, theme_comments: Any = None, heading: str = "Comments",
                     preview_note: str = "") -> Markup:
        """The placeholder under a post; empty when comments are off for it."""
        if not getattr(page, "comments", True):
            return Markup("")
        name, options = effective(settings, theme_comments)
        missing = [key for key in REQUIRED.get(name, ()) if not options.get(key)]
        if not name or missing:
            return Markup("")
        if previewing and not settings["serve"]:
            return Markup(f'<section class="comments comments-preview"><p>{html.escape(preview_note)}'
                          "</p></section>")
        data = {"provider": name, "options": options,
                "url": full_url_for(page.path, api.config), "id": page.path, "title": page.title}
        return Markup(f'<section class="comments" id="qp-comments" aria-labelledby="qp-comments-title" '
                      f'data-comments="{html.escape(json.dumps(data, ensure_ascii=False))}">'
                      f'<h2 id="qp-comments-title">{html.escape(heading)}</h2>'
                      '<div class="comments-slot"></div></section>')
