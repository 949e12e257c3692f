"""A statistics page: the blog's own numbers as charts, made at build time with pyecharts.

Opt-in in _config.yml:

    stats: true            # the page at /stats/, with a menu entry
    stats:                 # or a section
      path: stats/         # where the page is
      years: 3             # years the posts-per-day calendar shows, ending at the newest post
      tags: 20             # how many tags the tag chart shows, most used first
      longest: 10          # how many of the longest posts are listed

Charts: posts per day (a calendar heatmap), posts and words per month, tags by post count,
categories as a sunburst, the longest posts (and a list of links to them). They are drawn
by the echarts plugin (`charts.figure`), so the page loads ECharts like any chart page,
follows the dark switch and carries a data table for screen readers and feeds.

The numbers are counted again only when a post changed (in `serve`, the previous build's
page is kept), and the page is rendered again only when they changed: its route's key is a
hash of its body.
"""

from __future__ import annotations

import hashlib

from quillpress.plugin_api import (AttrDict, Checked, Flag, Legacy, Number, PluginAPI, Route,
                                   Section, Site)

from .labels import labels_for
from .numbers import count
from .page import body


def _page_path(value: str) -> str:
    path = str(value).strip().strip("/")
    if not path or ".." in path.split("/"):
        raise ValueError("write a folder inside the site, e.g. stats/")
    return path if path.endswith(".html") else path + "/"


SECTION = Section({
    "enable": Flag(True, "make the statistics page (only when a `stats:` key is written)"),
    "path": Checked("stats/", _page_path, "where the page is"),
    "years": Number(3, minimum=1, doc="years the posts-per-day calendar shows"),
    "tags": Number(20, minimum=1, doc="how many tags the tag chart shows"),
    "longest": Number(10, minimum=1, doc="how many of the longest posts are shown"),
}, legacy=(Legacy(lambda value: isinstance(value, bool), lambda value: {"enable": value}, None),))


def register(api: PluginAPI) -> None:
    written = api.config.get("stats") not in (None, False)
    settings = api.config_section("stats", SECTION)
    if not (written and settings["enable"]):
        return
    words = labels_for(api.config.get("language"))
    api.menu("stats", "/" + settings["path"])

    last: dict[str, str] = {}  # the previous build's posts and page (the dev server rebuilds)

    def content(site: Site) -> str:
        """The page's body; counted again only when a post's text or list entry changed."""
        posts = hashlib.sha256("\0".join(f"{p.source_hash}:{p.list_fingerprint()}"
                                          for p in site.posts).encode()).hexdigest()
        if last.get("posts") != posts:
            numbers = count(site, settings["years"], settings["tags"], settings["longest"])
            counts = {"tags": sum(1 for t in site.tags.values() if t.length),
                      "categories": len(site.categories)}
            last.update(posts=posts, content="" if numbers is None else body(
                numbers, words, api.config, api.service("charts.figure"),
                api.service("charts.lean_import"), counts))
        return last["content"]

    @api.generator(name="stats.page")
    def page(site: Site) -> list[Route]:
        html = content(site)
        if not html:
            return []  # no posts yet
        key = "stats:" + hashlib.sha256(html.encode()).hexdigest()[:20]
        return [Route(path=settings["path"], layouts=["page", "index"], key=key,
                      page=AttrDict(title=words["title"], content=html, type="stats",
                                    path=settings["path"]))]
