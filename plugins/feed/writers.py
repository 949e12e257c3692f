"""Atom 1.0 and RSS 2.0 documents from a list of feed entries.

Built with ElementTree, which escapes every text and attribute, so a title holding
`<script>` or `&` stays text. Characters XML 1.0 forbids (control characters a pasted
title may carry) are removed first: one of them would make the whole feed unreadable.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from quillpress.plugin_api import __version__

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
GENERATOR_URI = "https://github.com/quillpress/quillpress"


@dataclass
class Entry:
    title: str
    url: str
    published: dt.datetime
    updated: dt.datetime
    summary: str  # plain text
    content: str | None  # HTML, or None when the feed carries summaries only
    categories: list[tuple[str, str]] = field(default_factory=list)  # (name, absolute URL)


@dataclass
class Channel:
    title: str
    subtitle: str
    site_url: str
    feed_url: str
    author: str
    language: str
    updated: dt.datetime
    icon: str = ""
    hub: str = ""


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _xml_text(text)
    return element


def _serialise(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def atom(channel: Channel, entries: list[Entry]) -> str:
    root = ET.Element("feed", {"xmlns": ATOM_NS})
    if channel.language:
        root.set("xml:lang", channel.language)
    _add(root, "title", channel.title)
    if channel.subtitle:
        _add(root, "subtitle", channel.subtitle)
    _add(root, "link", href=channel.feed_url, rel="self", type="application/atom+xml")
    if channel.hub:
        _add(root, "link", href=channel.hub, rel="hub")
    _add(root, "link", href=channel.site_url, rel="alternate", type="text/html")
    _add(root, "id", channel.site_url)
    _add(root, "updated", channel.updated.isoformat())
    if channel.icon:
        _add(root, "icon", channel.icon)
    author = _add(root, "author")
    _add(author, "name", channel.author or channel.title)
    _add(root, "generator", "QuillPress", uri=GENERATOR_URI, version=__version__)
    for item in entries:
        entry = _add(root, "entry")
        _add(entry, "title", item.title, type="text")
        _add(entry, "link", href=item.url, rel="alternate", type="text/html")
        _add(entry, "id", item.url)
        _add(entry, "published", item.published.isoformat())
        _add(entry, "updated", item.updated.isoformat())
        if item.summary or item.content is None:  # an entry without content needs one
            _add(entry, "summary", item.summary, type="text")
        if item.content is not None:
            _add(entry, "content", item.content, type="html")
        for name, url in item.categories:
            _add(entry, "category", term=name, scheme=url)
    return _serialise(root)


def rss2(channel: Channel, entries: list[Entry]) -> str:
    from email.utils import format_datetime  # the email package (~3 ms): for RSS's dates alone

    ET.register_namespace("atom", ATOM_NS)
    ET.register_namespace("content", CONTENT_NS)
    root = ET.Element("rss", {"version": "2.0"})
    chan = _add(root, "channel")
    _add(chan, "title", channel.title)
    _add(chan, "link", channel.site_url)
    _add(chan, f"{{{ATOM_NS}}}link", href=channel.feed_url, rel="self", type="application/rss+xml")
    if channel.hub:
        _add(chan, f"{{{ATOM_NS}}}link", href=channel.hub, rel="hub")
    _add(chan, "description", channel.subtitle or channel.title)
    if channel.language:
        _add(chan, "language", channel.language)
    _add(chan, "lastBuildDate", format_datetime(channel.updated))
    _add(chan, "generator", f"QuillPress {__version__}")
    if channel.icon:
        image = _add(chan, "image")
        _add(image, "url", channel.icon)
        _add(image, "title", channel.title)
        _add(image, "link", channel.site_url)
    for item in entries:
        node = _add(chan, "item")
        _add(node, "title", item.title)
        _add(node, "link", item.url)
        _add(node, "guid", item.url, isPermaLink="true")
        _add(node, "pubDate", format_datetime(item.published))
        _add(node, "description", item.summary)
        if item.content is not None:
            _add(node, f"{{{CONTENT_NS}}}encoded", item.content)
        for name, url in item.categories:
            _add(node, "category", name, domain=url)
    return _serialise(root)
