"""Atom and RSS 2.0 feeds, as hexo-generator-feed makes them, with autodiscovery links.

_config.yml (hexo-generator-feed's keys and defaults):

    feed:
      enable: true
      type: atom              # atom | rss2 | [atom, rss2]
      path: atom.xml          # one per type; defaults atom.xml and rss2.xml
      limit: 20               # newest posts in the feed; 0 or empty = all
      content: true           # full post HTML besides the summary
      content_limit: 140      # summary length (characters) for posts without a description;
                              # 0 or empty: none
      content_limit_delim: '' # cut the summary at the last of these before the limit
      order_by: -date         # date | updated | title, `-` for descending
      icon:                   # a site path or URL
      hub:                    # a WebSub hub URL
      autodiscovery: true     # <link rel="alternate"> in every page's head

An empty `content:` (as hexo-generator-feed's README writes it) is off, not the default: the
plugin merges its defaults with Object.assign, which keeps the empty value, and its templates
then leave the post HTML out. So an empty `limit:` lists every post, and an empty
`content_limit:` cuts no summary from the text. Front-matter `feed: false` keeps a post out
of the feeds. The feed's `updated` is the newest `updated` of its posts, never the build
time, so the same sources make the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quillpress.plugin_api import (Checked, ChoiceList, Flag, Legacy, Number, Route, Section, Text,
                                   TextList, declared_line, declared_plugins, full_url_for, has_link_marker,
                                   plain_text, url_for)

from .clean import feed_html, feed_html_with, resolve_post_links
from .writers import Channel, Entry, atom, rss2

if TYPE_CHECKING:
    from quillpress.plugin_api import Config, Document, PluginAPI, Rendered, RenderContext, Site

WRITERS = {"atom": (atom, "application/atom+xml"), "rss2": (rss2, "application/rss+xml")}
DEFAULT_PATHS = {"atom": "atom.xml", "rss2": "rss2.xml"}
ORDER_KEYS = ("date", "updated", "title")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
FACT = "feed"  # a body's feed HTML, cleaned where it was rendered: [post URL, digest, html]


@dataclass(frozen=True)
class Feed:
    """One feed file: its type, site path, and the posts it lists (newest `limit` by
    `order_by`; 0: every post)."""

    kind: str
    path: str
    limit: int
    order_by: str


@dataclass(frozen=True)
class FeedSettings:
    feeds: tuple[Feed, ...]
    content: bool
    content_limit: int
    delimiter: str
    icon: str
    hub: str
    autodiscovery: bool

    @classmethod
    def from_section(cls, section: dict[str, Any]) -> "FeedSettings | None":
        """The settings from the checked `feed:` section; None when feeds are off."""
        if not section["enable"]:
            return None
        paths, own = section["path"], section["per_type"]
        feeds = tuple(Feed(kind, paths[i] if i < len(paths) else DEFAULT_PATHS[kind],
                           own[kind]["limit"] or section["limit"],
                           own[kind]["order_by"] or section["order_by"])
                      for i, kind in enumerate(section["type"]))
        return cls(feeds=feeds, content=section["content"],
                   content_limit=section["content_limit"],
                   delimiter=section["content_limit_delim"],
                   icon=section["icon"], hub=section["hub"],
                   autodiscovery=section["autodiscovery"])


def _order(value: str) -> str:
    if value.lstrip("-") not in ORDER_KEYS and value:  # empty: the whole section's (per_type)
        raise ValueError(f"write one of {', '.join(ORDER_KEYS)}, `-` first for descending")
    return value


HEXO_FEED = "hexo-feed"  # another feed plugin: a section per feed, each at its `output`
_HEXO_FEED_KINDS = (("rss", "rss2", "rss.xml"), ("atom", "atom", "atom.xml"))  # in its order


def _hexo_feed_form(value: Any) -> bool:
    return isinstance(value, dict) and any(isinstance(value.get(name), dict)
                                           for name in ("rss", "atom", "jsonFeed"))


def _from_hexo_feed(value: dict[str, Any]) -> dict[str, Any]:
    """hexo-feed's `feed:` as this plugin's: its `rss` and `atom` sections become `type` and
    `path` (one left out is on, at rss.xml or atom.xml; one written is on with `enable:
    true`, at its `output`: hexo-feed lays the blog's sections over its own whole); its
    `limit` (0: every post) and `order_by` stay, and a section's own `limit` and `order_by`
    win for its feed (`per_type`; a section left out orders by `-date`, its default's); its
    JSON Feed and per-tag and per-category feeds have no match here."""
    kept = {key: item for key, item in value.items()
            if key not in ("rss", "atom", "jsonFeed", "tag_dir", "category_dir")}
    feeds, own = [], {}
    for name, kind, path in _HEXO_FEED_KINDS:
        # a section written replaces the default whole
        section = value.get(name, {"enable": True, "order_by": "-date"})
        if isinstance(section, dict) and section.get("enable"):
            feeds.append((kind, str(section.get("output") or path)))
            own[kind] = {"limit": section.get("limit"), "order_by": section.get("order_by")}
    return {"limit": 0, **kept, "enable": bool(feeds) and kept.get("enable", True),
            "type": [kind for kind, _ in feeds], "path": [path for _, path in feeds],
            "per_type": own}


def _not_written(value: dict[str, Any]) -> str:
    """What hexo-feed's `feed:` asks for that is not written here, as "; not written: …"."""
    json_feed = value.get("jsonFeed", {"enable": True})
    left = [*(["its JSON Feed"] if isinstance(json_feed, dict) and json_feed.get("enable") else []),
            *(["its per-tag and per-category feeds"] if value.get("tag_dir", "tag")
              or value.get("category_dir", "category") else [])]
    return f"; not written: {', '.join(left)}" if left else ""


def _hexo_feed_warning(value: dict[str, Any]) -> str:
    return ("`feed:` is hexo-feed's form: its RSS and Atom feeds are written where it writes them"
            + _not_written(value))


def _own_feed() -> Section:
    """One feed type's own `limit` and `order_by` (hexo-feed's sections have them); 0 or
    empty: the whole section's."""
    return Section({"limit": Number(0, minimum=0, empty=0),
                    "order_by": Checked("", _order, "date, updated or title; empty: the section's")})


def _section(hexo_feed: bool) -> Section:
    """The `feed:` section: hexo-generator-feed's keys and defaults, or, on a blog that
    installed hexo-feed instead, that plugin's defaults (rss.xml and atom.xml, every post)."""
    kinds, limit = (["rss2", "atom"], 0) if hexo_feed else (["atom"], 20)
    return Section({
        "enable": Flag(True),
        "type": ChoiceList(kinds, tuple(WRITERS), "atom, rss2 or [atom, rss2]"),
        "path": TextList(["rss.xml", "atom.xml"] if hexo_feed else [],
                         "one per type; defaults atom.xml and rss2.xml"),
        # hexo-generator-feed lays the blog's values over its defaults: an empty one is null,
        # so an empty `limit:` lists every post and an empty `content_limit:` cuts to nothing
        "limit": Number(limit, minimum=0, empty=0, doc="newest posts in the feed; 0, false or "
                        "empty: all", legacy=(Legacy(lambda value: value is False, lambda value: 0, None),)),
        "content": Flag(True, "full post HTML besides the summary"),
        "content_limit": Number(140, minimum=0, empty=0, doc="summary length for posts without a "
                                "description or excerpt; 0 or empty: no summary"),
        "content_limit_delim": Text("", "cut the summary at the last of these before the limit"),
        "order_by": Checked("-date", _order, "date, updated or title; `-` for descending"),
        "icon": Text(""), "hub": Text(""),
        "autodiscovery": Flag(True, "<link rel=alternate> in every page's head"),
        "per_type": Section({kind: _own_feed() for kind in WRITERS},
                            "hexo-feed's `rss:` and `atom:` sections' own limit and order_by"),
    }, legacy=(Legacy(lambda value: isinstance(value, bool), lambda value: {"enable": value}, None),
               Legacy(lambda value: isinstance(value, dict) and "content" in value and value["content"] is None,
                      lambda value: {**value, "content": False}, None),
               Legacy(_hexo_feed_form, _from_hexo_feed, _hexo_feed_warning)),
       foreign=("template",))


SECTION = _section(hexo_feed=False)


def summary_text(post: "Document", limit: int, delimiter: str) -> str:
    """The front-matter description, else the excerpt, else the text cut at `limit`
    (at the last `delimiter` before it when one is set), as hexo-generator-feed does."""
    explicit = post.front.get("description")
    if explicit:
        return str(explicit)
    if not limit:  # the plugin cuts the text to nothing; an excerpt it never cuts
        return plain_text(post.excerpt) if post.excerpt else ""
    text = plain_text(post.excerpt) if post.excerpt else post.text
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if delimiter and delimiter in cut:
        cut = cut[: cut.rindex(delimiter)]
    return cut.rstrip() + "…"


def ordered_posts(posts: list["Document"], order_by: str, limit: int) -> list["Document"]:
    key = order_by.lstrip("-")
    chosen = sorted(posts, key=lambda p: (getattr(p, key) if key != "title" else str(p.title), p.rel),
                    reverse=order_by.startswith("-"))
    return chosen[:limit] if limit > 0 else chosen


def feed_posts(site: "Site", feed: Feed) -> list["Document"]:
    """The posts `feed` lists: newest (by its `order_by`) first, `feed: false` left out.
    hexo-hide-posts' allowlist opens each type apart: its generator is named so."""
    return ordered_posts([p for p in site.posts_for(feed.kind) if p.front.get("feed") is not False],
                         feed.order_by, feed.limit)


def likely_feed_posts(docs: list["Document"], options: FeedSettings) -> set[str]:
    """The documents (by `rel`) that the feeds will list, guessed before the site is made
    so their bodies are cleaned for it where they render: every post in each feed's order
    until `limit` posts that are surely shown (published, dated in the past). Drafts and
    future posts are taken too without counting, so the guess holds the feed's posts
    whatever `--drafts` and `future:` say; a post it misses is cleaned when the feed is made."""
    now = dt.datetime.now(dt.timezone.utc)
    candidates = [d for d in docs if d.is_post and not d.hidden and d.front.get("feed") is not False]
    wanted: set[str] = set()
    for feed in options.feeds:
        shown = 0
        for doc in ordered_posts(candidates, feed.order_by, 0):
            if feed.limit and shown == feed.limit:
                break
            wanted.add(doc.rel)
            shown += bool(doc.published and doc.date <= now)
    return wanted


def _digest(content: str) -> str:
    return hashlib.blake2b(content.encode(), digest_size=16).hexdigest()


def cleaned_fact(content: str, url: str, formulas: Sequence[str] = ()) -> list[str] | None:
    """What `after_render` keeps of a feed post: its cleaned HTML, with the URL and body
    it was made from, so the feed uses it only when both are still the same. A body with
    post_link markers waits for the feed, where the posts they name are known. `formulas`:
    the HTML of those the body holds, as the math plugin drew them (`feed_html_with`)."""
    if has_link_marker(content):
        return None
    return [url, _digest(content), feed_html_with(content, url, formulas)]


def feed_content(post: "Document", url: str, find_post: Callable[[str], tuple[str, str] | None]) -> str:
    """The post's HTML cleaned for the feed: made where its body rendered when that still
    holds, else here."""
    fact = post.rendered.facts.get(FACT) if post.rendered is not None else None
    if fact and fact[0] == url and fact[1] == _digest(post.content):
        return str(fact[2])
    return feed_html(resolve_post_links(post.content, find_post), url)


def feed_documents(site: "Site", options: FeedSettings) -> list[str]:
    """The feed files' text, one per configured type, in `options.feeds` order."""
    config = site.config
    by_slug = site.posts_by_slug()

    def find_post(slug: str) -> tuple[str, str] | None:
        post = by_slug.get(slug) or by_slug.get(slug.removesuffix(".md"))
        return (full_url_for(post.path, config), post.title) if post else None

    def entry(post: "Document") -> Entry:
        url = full_url_for(post.path, config)
        content = None
        if options.content:
            content = feed_content(post, url, find_post)
        taxa = [*post.categories, *post.tags]
        return Entry(
            title=post.title or post.slug, url=url, published=post.date, updated=post.updated,
            summary=summary_text(post, options.content_limit, options.delimiter), content=content,
            categories=[(t.name, full_url_for(t.path, config)) for t in taxa])
    language = config["language"]
    language = language[0] if isinstance(language, list) and language else language
    entries: dict[str, Entry] = {}  # each post's entry made once for the feeds listing it
    documents = []
    for feed in options.feeds:
        posts = feed_posts(site, feed)
        newest = max((p.updated for p in posts), default=EPOCH)
        channel = Channel(
            title=config["title"], subtitle=config["subtitle"] or config["description"],
            site_url=full_url_for("", config), feed_url=full_url_for(feed.path, config),
            author=config["author"], language=str(language or ""), updated=newest,
            icon=full_url_for(options.icon, config) if options.icon else "", hub=options.hub)
        for post in posts:
            if post.rel not in entries:
                entries[post.rel] = entry(post)
        documents.append(WRITERS[feed.kind][0](channel, [entries[p.rel] for p in posts]))
    return documents


def autodiscovery_links(config: "Config", options: FeedSettings) -> str:
    title = html.escape(config["title"])
    return "".join(
        f'<link rel="alternate" type="{WRITERS[feed.kind][1]}" title="{title}" '
        f'href="{html.escape(url_for(feed.path, config))}">' for feed in options.feeds)


def register(api: "PluginAPI") -> None:
    plugins = declared_plugins(api.project_root)
    hexo_feed = HEXO_FEED in plugins and "hexo-generator-feed" not in plugins
    defaults_only = hexo_feed and api.config.get("feed") is None
    options = FeedSettings.from_section(api.config_section("feed", _section(hexo_feed)))
    if options is None:
        return
    if defaults_only:  # hexo-feed's own defaults: the warning `feed:` in its form would get
        @api.on("after_build")
        def warn_hexo_feed_defaults(result: Any) -> None:
            result.problems.warn(
                "hexo-feed with no `feed:` section: its RSS and Atom feeds are written at rss.xml "
                "and atom.xml, as it writes them" + _not_written({}), "package.json",
                declared_line(api.project_root, HEXO_FEED))

    @api.generator(name="feed")
    def feeds(site: "Site") -> list[Route]:
        made: dict[str, list[str]] = {}

        def text(index: int) -> str:
            if "texts" not in made:  # one pass makes every feed type, only when needed
                made["texts"] = feed_documents(site, options)
            return made["texts"][index]
        return [Route(path=feed.path, make=lambda i=i: text(i), docs=feed_posts(site, feed),
                      key=f"feed:{feed.kind}")
                for i, feed in enumerate(options.feeds)]

    if options.content:
        wanted: set[str] = set()

        @api.on("after_source")
        def guess_feed_posts(docs: list["Document"]) -> None:
            wanted.clear()
            wanted.update(likely_feed_posts(docs, options))

        @api.on("after_render", priority=-2000)  # after every handler that changes the body
        def clean_for_feed(doc: "Document", rendered: "Rendered", ctx: "RenderContext") -> None:
            """Clean a feed post's body in the render worker, in parallel and cached with
            the body, rather than all of them in the one worker that makes the feed."""
            if doc.rel in wanted:
                fact = cleaned_fact(rendered.content, full_url_for(doc.path, api.config),
                                    ctx.data.get("formulas", ()))
                if fact is not None:
                    rendered.facts[FACT] = fact

    if options.autodiscovery:
        api.inject("head_end", autodiscovery_links(api.config, options))
