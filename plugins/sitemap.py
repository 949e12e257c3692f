"""sitemap.xml (and robots.txt pointing at it), as hexo-generator-sitemap makes them.

_config.yml (hexo-generator-sitemap's keys):

    sitemap:
      enable: true
      path: sitemap.xml
      tags: true          # list tag pages too
      categories: true    # list category pages too
      robots: true        # write robots.txt naming the sitemap, unless the source has one

Every published post and page is listed with its `updated` as `lastmod`, except those
with `sitemap: false` front-matter and pages that are not HTML. The home page's lastmod
is the newest post's, so the file changes only when the content does.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from quillpress.plugin_api import Flag, Legacy, Route, Section, Text, full_url_for

if TYPE_CHECKING:
    from quillpress.plugin_api import Document, PluginAPI, Site

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


SECTION = Section({
    "enable": Flag(True),
    "path": Text("sitemap.xml", legacy=(Legacy(  # hexo-generator-sitemap 3: [sitemap.xml, sitemap.txt]
        lambda value: isinstance(value, list) and bool(value),
        lambda value: next((str(p) for p in value if str(p).endswith(".xml")), str(value[0])),
        "`{key}` lists several files; QuillPress writes the XML sitemap only, at {new}"),)),
    "tags": Flag(True),
    "categories": Flag(True), "robots": Flag(True),
}, legacy=(Legacy(lambda value: isinstance(value, bool), lambda value: {"enable": value}, None),),
   foreign=("template", "template_txt", "rel"))


def _listed(doc: "Document") -> bool:
    if doc.front.get("sitemap") is False:
        return False
    return doc.path.endswith(("/", ".html", ".htm")) or "." not in doc.path.rsplit("/", 1)[-1]


def mapped_pages(site: "Site") -> list["Document"]:
    """The pages the sitemap may list: not those hexo-hide-posts hides (it sets their
    `sitemap` false)."""
    return [page for page in site.pages if page.rel not in site.unmapped]


def sitemap_entries(site: "Site", options: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(absolute URL, lastmod) of every listed page, home first, then posts newest first."""
    config = site.config
    posts = site.posts_for("sitemap")
    newest = max((p.updated for p in posts), default=None)
    yield full_url_for("", config), newest.isoformat() if newest else ""
    for doc in [*posts, *mapped_pages(site)]:
        if _listed(doc) and doc.path not in ("", "index.html"):
            yield full_url_for(doc.path, config), doc.updated.isoformat()
    taxa = [*(site.tags.values() if options["tags"] else []),
            *(site.categories.values() if options["categories"] else [])]
    for taxon in taxa:
        latest = max((p.updated for p in taxon.posts), default=None)
        yield full_url_for(taxon.path, config), latest.isoformat() if latest else ""


def sitemap_xml(entries: Iterator[tuple[str, str]]) -> str:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    seen: set[str] = set()
    for loc, lastmod in entries:
        if loc in seen:
            continue
        seen.add(loc)
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = loc
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def robots_txt(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"


def register(api: "PluginAPI") -> None:
    options = api.config_section("sitemap", SECTION)
    if not options["enable"]:
        return
    path = options["path"].lstrip("/") or "sitemap.xml"

    @api.generator(name="sitemap")
    def sitemap(site: "Site") -> list[Route]:
        # List entries do not carry `sitemap: false`, so the key names who has it: toggling
        # it makes the file again.
        listed = [*site.posts_for("sitemap"), *mapped_pages(site)]
        left_out = [d.rel for d in listed if d.front.get("sitemap") is False]
        routes = [Route(path=path, make=lambda: sitemap_xml(sitemap_entries(site, options)),
                        summaries=listed, key=f"sitemap:{left_out}")]
        # a file (or a folder) there is copied, and the path is taken; a pipe or a device
        # there is left out, so the site gets the generated one
        own = site.config.source_path / "robots.txt"
        own_robots = own.is_file() or own.is_dir()
        if options["robots"] and not own_robots:
            routes.append(Route(path="robots.txt",
                                content=robots_txt(full_url_for(path, site.config))))
        return routes
