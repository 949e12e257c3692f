"""Tags of the popular Hexo themes and plugins, so posts written for them read as intended.

NexT: tabs, label, button/btn, centerquote/cq, video, pdf, linkgrid/lg, grouppicture/gp,
caniuse/can, include_raw (note lives in hexo_tags). Fluid: label, btn, checkbox/cb, fold, groupimage/gi.
Butterfly: hideInline, hideBlock, hideToggle, tabs, btn, label, timeline, gallery,
galleryGroup, inlineImg, flink, span, p; Shoka's links and linksfile, Nexmoe's links;
tag-plugins-plus's folding, tip, timenode, u, emp,
wavy, del, kbd, psw, sup, sub (plus.py); Stellar's box; Kratos-Rebirth's alertbar, alertpanel,
collapse, blur (kratos.py); Arknights' editor and hide (arknights.py); Icarus's message and
tabs (icarus.py); Volantis's btn, menu, table, linkgroup, frame and sites (volantis.py). Plugins:
hexo-spoiler, DPlayer, APlayer, Bilibili,
YouTube, Vimeo, hexo-pdf, fancybox, hexo-markmap (as nested lists), hexo-tag-plantuml (its source,
linked to its drawing), hexo-github-card (a link),
hexo-tag-twitter and hexo-tag-instagram (quoted links). Mermaid is its own plugin (plugins/mermaid).

Arknights', Shoka's, Nexmoe's, Icarus's and Volantis's tags have common names that mean another
thing elsewhere (Shoka's YAML `links` and Nexmoe's JSON `links`; a Liquid `{% hide %}…{% endhide %}`;
Icarus's `tabs`, whose `key:value` words NexT's read as a caption): they are registered
only when `theme:` names their theme. Elsewhere they are unknown tags (or the other themes'
tabs), whose text the reader gets with a warning, as on Hexo without that theme (where the
build stops).

Everything is drawn in the default theme's look (static/theme-tags.css, light and dark) with
no script: folds are <details>, tabs are radio buttons, media are lazy iframes or native
players; only a link to a tab needs one to open it (static/tabs.js). Tags of those themes that are not drawn say whose they are (foreign.py).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from quillpress.plugin_api import Choice, Section, url_for

from . import (arknights, embeds, folds, groups, icarus, include, inline, kratos, markmap, plantuml,
               plus, tabs, volantis)
from .args import FLAVOURS
from .foreign import register_foreign

if TYPE_CHECKING:
    from quillpress.plugin_api import PluginAPI

STATIC = Path(__file__).resolve().parent / "static"
_USED = 'class="tt-'  # the start of the class attribute each of these tags writes


# `theme_tags:` in _config.yml: which theme the posts were written for, where the form of a
# tag's arguments cannot tell (else `theme:` is read).
SECTION = Section({"flavour": Choice("", FLAVOURS, "next, fluid or butterfly")})


def register(api: "PluginAPI") -> None:
    api.config_section("theme_tags", SECTION)
    register_foreign(api)
    tag = api.tag
    tag("label", inline.label)
    tag("button", inline.button, aliases=["btn"])
    tag("span", inline.span)
    tag("p", inline.paragraph)
    tag("checkbox", inline.checkbox, aliases=["cb"])
    tag("radio", inline.radio)
    tag("ghcard", inline.github_card)
    tag("githubCard", inline.github_card_script)
    tag("inlineImg", inline.inline_img)
    tag("fullimage", inline.full_image, aliases=["fi"])
    tag("include_raw", include.include_raw)
    tag("centerquote", inline.center_quote, ends=True, raw_body=False, aliases=["cq"])
    tag("fold", folds.fold, ends=True, raw_body=False)
    tag("hideBlock", folds.hide_block, ends=True, raw_body=False)
    tag("hideToggle", folds.hide_toggle, ends=True, raw_body=False)
    tag("hideInline", folds.hide_inline)
    tag("spoiler", folds.spoiler, raw_body=False, optional_end=True)
    tag("tabs", tabs.tabs, ends=True, aliases=["subtabs", "subsubtabs"])
    tag("timeline", tabs.timeline, ends=True)
    tag("markmap", markmap.markmap, ends=True)
    tag("plantuml", plantuml.plantuml, ends=True)
    tag("grouppicture", groups.group_pictures, ends=True, raw_body=False, aliases=["gp"])
    tag("groupimage", groups.group_image, ends=True, raw_body=False, aliases=["gi"])
    tag("gallery", groups.gallery, ends=True, raw_body=False)
    tag("galleryGroup", groups.gallery_group)
    tag("fancybox", groups.fancybox, raw_body=False, optional_end=True)
    tag("linkgrid", groups.link_grid, ends=True, aliases=["lg"])
    tag("flink", groups.flink, ends=True)
    if api.config.names_theme("shoka"):
        tag("links", groups.shoka_links, ends=True)
        tag("linksfile", groups.shoka_links_file)
    elif api.config.names_theme("nexmoe"):
        tag("links", groups.nexmoe_links, ends=True)
    tag("folding", plus.folding, ends=True, raw_body=False)
    tag("tip", plus.tip, ends=True, raw_body=False)
    tag("box", plus.box, ends=True, raw_body=False)
    tag("timenode", plus.timenode, ends=True, raw_body=False)
    tag("psw", plus.password_text)
    tag("btns", plus.buttons, ends=True, raw_body=False)
    tag("cell", plus.cell)
    tag("bdage", plus.badge)
    tag("progress", plus.progress)
    tag("sitegroup", plus.site_group, ends=True, raw_body=False)
    tag("site", plus.site)
    tag("inlineimage", plus.inline_image)
    tag("videos", plus.videos, ends=True, raw_body=False)
    tag("audio", plus.audio)
    tag("poem", plus.poem, ends=True, raw_body=False)
    tag("alertbar", kratos.alert_bar)
    tag("alertpanel", kratos.alert_panel, ends=True, raw_body=False)
    tag("collapse", kratos.collapse, ends=True, raw_body=False)
    tag("blur", kratos.blur)
    if api.config.names_theme("volantis"):
        volantis.register(api)
    if api.config.names_theme("arknights"):
        tag("editor", arknights.editor, ends=True)
        tag("hide", arknights.hide)
    if api.config.names_theme("icarus"):
        tag("tabs", icarus.icarus_tabs, ends=True)
        tag("message", icarus.message, ends=True, raw_body=False)
    for name in plus.MARKS:
        tag(name, plus.mark(name))
    tag("video", embeds.video)
    tag("dplayer", embeds.dplayer)
    tag("aplayer", embeds.aplayer)
    tag("aplayerlist", embeds.aplayer_list, ends=True)
    tag("meting", embeds.meting)
    tag("bilibili", embeds.bilibili)
    tag("youtube", embeds.youtube)
    tag("vimeo", embeds.vimeo)
    tag("twitter", embeds.tweet)
    tag("instagram", embeds.instagram)
    tag("pdf", embeds.pdf)
    tag("caniuse", embeds.caniuse, aliases=["can"])
    api.static(STATIC, "theme-tags")
    stylesheet = html.escape(url_for("theme-tags/theme-tags.css", api.config))

    # Only pages that show one of these tags load the styles; only pages with tabs, the
    # script that opens a tab a link names.
    api.inject("head_end", f'<link rel="stylesheet" href="{stylesheet}">', when=_USED)
    tabs_script = html.escape(url_for("theme-tags/tabs.js", api.config))
    api.inject("body_end", f'<script src="{tabs_script}" defer></script>', when='<div class="tt-tabs"')
