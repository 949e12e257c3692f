"""Related posts under each post (`related_posts: {enable, limit}`, limit 5 by default).

After the site is made, every post gets `shown["related"]`: the posts sharing the most
tags, categories and words with it (see rank.py; linear in the number of posts). Those are
part of the post page's fingerprint, so an edit re-renders exactly the pages whose list
changed. Each post's terms are kept on disk by source hash, so a build reads only the
bodies that changed.
"""

from __future__ import annotations

import json
from typing import Any

from quillpress.plugin_api import (Document, Flag, Legacy, Number, PluginAPI, Section, Site,
                                   write_cache_file)

from .rank import Item, related
from .terms import terms

SECTION = Section({
    "enable": Flag(True, "a list of related posts under each post"),
    "limit": Number(5, minimum=0, doc="how many posts the list shows"),
}, legacy=(Legacy(lambda value: isinstance(value, bool), lambda value: {"enable": value}, None),))


class TermCache:
    """Terms of each post by source hash, in one JSON file below the plugin's cache folder."""

    def __init__(self, api: PluginAPI) -> None:
        self._api = api
        self._known: dict[str, list[str]] | None = None

    def _load(self) -> dict[str, list[str]]:
        if self._known is None:
            path = self._api.cache_dir / "terms.json"
            try:
                self._known = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
            except ValueError:
                self._known = {}  # a damaged cache is rebuilt
        return self._known

    def of(self, posts: list[Document]) -> list[list[str]]:
        known = self._load()
        fresh = {post.source_hash: known.get(post.source_hash) or terms(f"{post.title}\n{post.text}")
                 for post in posts}
        if fresh.keys() != known.keys():
            write_cache_file(self._api.cache_dir / "terms.json",
                             json.dumps(fresh, ensure_ascii=False))
            self._known = fresh
        return [fresh[post.source_hash] for post in posts]


def _item(post: Document, words: list[str]) -> Item:
    return Item(key=(-post.date.timestamp(), post.path), tags=tuple(post.tag_names),
                categories=tuple("/".join(path) for path in post.category_paths),
                terms=tuple(words))


def register(api: PluginAPI) -> None:
    settings = api.config_section("related_posts", SECTION)
    if not settings["enable"] or settings["limit"] == 0:
        return
    cache = TermCache(api)
    last: dict[str, Any] = {}  # the previous build's items and lists (the dev server rebuilds)

    @api.on("after_site")
    def attach(site: Site) -> None:
        posts = site.posts
        items = [_item(post, words) for post, words in zip(posts, cache.of(posts))]
        if last.get("items") != items:  # same tags, categories, terms and dates: same lists
            last.update(items=items, found=related(items, settings["limit"]))
        for post, found in zip(posts, last["found"]):
            post.shown["related"] = [posts[i] for i in found]


