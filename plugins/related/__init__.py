"""Related posts under each post (`related_posts: {enable, limit}`, limit 5 by default).

After the site is made, every post gets `shown["related"]`: the posts sharing the most
tags, categories and words with it (see rank.py; linear in the number of posts). Those are
part of the post page's fingerprint, so an edit re-renders exactly the pages whose list
changed. Each post's terms are found where its body is rendered (in a worker, in parallel)
and kept with the body in the render cache, so a build finds them only for bodies it renders.
A one-off `build` of many posts ranks them in a forked child (`Background`) while the main
process collects the routes, and attaches the lists once the routes are known (`after_routes`);
a build asked for one process (`--workers 1`) ranks them then, in that process.
"""

from __future__ import annotations

import functools
from typing import Any

from quillpress.plugin_api import (Background, Document, Flag, Legacy, Number, PluginAPI,
                                   RenderContext, Rendered, Section, Site)

from .rank import Item, related
from .terms import terms

SECTION = Section({
    "enable": Flag(True, "a list of related posts under each post"),
    "limit": Number(5, minimum=0, doc="how many posts the list shows"),
}, legacy=(Legacy(lambda value: isinstance(value, bool), lambda value: {"enable": value}, None),))
FACT = "related.terms"  # the key of a post's terms in `Rendered.facts`
# From this many posts a one-off `build` ranks them in a forked child (`Background`), while
# this process collects the routes: 0.2 s at 1,000 posts, against ~10 ms to fork and answer.
BACKGROUND_FROM = 200


def post_terms(post: Document) -> list[str]:
    """The post's terms as its rendering found them (made again for a body that failed)."""
    found = post.rendered.facts.get(FACT) if post.rendered is not None else None
    return found if found is not None else terms(str(post.title), post.text)


def _item(post: Document, words: list[str]) -> Item:
    return Item(key=(-post.date.timestamp(), post.path), tags=tuple(post.tag_names),
                categories=tuple("/".join(path) for path in post.category_paths),
                terms=tuple(words))


def register(api: PluginAPI) -> None:
    settings = api.config_section("related_posts", SECTION)
    if not settings["enable"] or settings["limit"] == 0:
        return
    last: dict[str, Any] = {}  # the previous build's items and lists (the dev server rebuilds)

    # Last, after math and others changed the text; after the search index's handler, which cut
    # the pairs of the text's first part (`han_pairs`).
    @api.on("after_render", priority=-1001)
    def find_terms(doc: Document, rendered: Rendered, ctx: RenderContext) -> None:
        if doc.is_post:
            rendered.facts[FACT] = terms(str(doc.title), rendered.text)

    pending: dict[str, Any] = {}  # a ranking running in a child (`build`, many posts)

    @api.on("after_site")
    def attach(site: Site) -> None:
        posts = site.posts
        items = [_item(post, post_terms(post)) for post in posts]
        if last.get("items") != items:  # same tags, categories, terms and dates: same lists
            rank = functools.partial(related, items, settings["limit"])
            if api.builds_once and len(items) >= BACKGROUND_FROM:
                pending.update(posts=posts, items=items, job=Background(rank, api.workers))
                return  # ranked beside the routes; the lists are needed from the pages on
            last.update(items=items, found=rank())
        _show(posts, last["found"])

    @api.on("after_routes")
    def attach_ranked(routes: dict[str, Any]) -> None:
        if "job" in pending:
            last.update(items=pending["items"], found=pending["job"].result())
            _show(pending["posts"], last["found"])
            pending.clear()


def _show(posts: list[Document], lists: list[list[int]]) -> None:
    for post, found in zip(posts, lists):
        post.shown["related"] = [posts[i] for i in found]


