"""The collections themes and generators need, computed from the loaded documents.

Cheap to rebuild from scratch on every (re)build: sorting and grouping a few thousand posts
takes milliseconds, so there is no incremental bookkeeping to get wrong here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..config.hexo_plugins import declared_plugins
from .document import Document
from ..source.permalinks import category_slug, tag_slug

if TYPE_CHECKING:
    from ..config.loader import Config


@dataclass(eq=False)
class Taxon:
    """A tag or a category. Categories nest: `parent` and `children`."""

    name: str
    slug: str
    path: str
    posts: list[Document] = field(default_factory=list)
    parent: "Taxon | None" = None
    children: list["Taxon"] = field(default_factory=list)

    @property
    def length(self) -> int:
        return len(self.posts)

    @cached_property
    def all_posts(self) -> list[Document]:
        """Posts in this category or any below it, newest first, each once. Made once: a
        Site is made afresh for every build, and every page that lists the categories shows
        each one's count. Sorted again on each read, a 5,000-post build spent 18 times what a
        1,000-post one did here (the pages grow with the posts, and so do the lists)."""
        seen: dict[int, Document] = {id(p): p for p in self.posts}
        for child in self.children:
            for post in child.all_posts:
                seen.setdefault(id(post), post)
        return sorted(seen.values(), key=lambda p: p.date, reverse=True)


@dataclass
class Site:
    config: "Config"
    posts: list[Document]  # published, newest first
    pages: list[Document]
    tags: dict[str, Taxon]
    categories: dict[str, Taxon]  # keyed by slug path, all levels
    data: dict[str, Any] = field(default_factory=dict)
    unlisted: list[Document] = field(default_factory=list)  # `hide: true` (hexo-hide-posts' key): built, never listed
    hidden_from_home: bool = False  # `hide: true` takes a post off the home page only (Matery)
    # hexo-hide-posts' allowlist: the generators (Hexo's names) that list its hidden posts
    # too, and those posts (of `unlisted`), newest first
    shown_to: frozenset[str] = frozenset()
    allowed: list[Document] = field(default_factory=list)
    unmapped: frozenset[str] = frozenset()  # pages hexo-hide-posts hides (by rel): no sitemap

    @property
    def root_categories(self) -> list[Taxon]:
        return sorted((c for c in self.categories.values() if c.parent is None),
                      key=lambda c: c.name)

    def shared_tag_urls(self) -> dict[str, list[Taxon]]:
        """Tags whose names differ but whose URL is the same (Hexo's slugize makes `C++`
        and `C#` both `tags/C/`), by that URL, in the order of `tags` (by name)."""
        by_path: dict[str, list[Taxon]] = {}
        for tag in self.tags.values():
            by_path.setdefault(tag.path, []).append(tag)
        return {path: taxa for path, taxa in by_path.items() if len(taxa) > 1}

    def posts_by_slug(self) -> dict[str, Document]:
        """For post_link/post_path: Hexo finds posts by slug or file name."""
        found: dict[str, Document] = {}
        for post in [*self.posts, *self.unlisted]:
            found.setdefault(post.slug, post)
            found.setdefault(post.slug.rsplit("/", 1)[-1], post)
            found.setdefault(post.source.stem, post)
        return found

    def posts_for(self, generator: str) -> list[Document]:
        """The posts generator `generator` (Hexo's name: index, archive, atom, sitemap...)
        lists, newest first: the listed ones, and hexo-hide-posts' hidden ones too when its
        allowlist names the generator."""
        if not self.allowed or generator not in self.shown_to:
            return self.posts
        return newest_first([*self.posts, *self.allowed])

    def archives(self, posts: list[Document] | None = None) -> dict[int, dict[int, list[Document]]]:
        """`posts` (all listed ones unless given) by year and month."""
        years: dict[int, dict[int, list[Document]]] = {}
        for post in self.posts if posts is None else posts:
            years.setdefault(post.date.year, {}).setdefault(post.date.month, []).append(post)
        return years

    def archive_months(self) -> list[tuple[int, int]]:
        """The (year, month) of each post the archive lists, in order: the months that
        have an archive page, when its options make month pages (archive_page_path)."""
        return sorted({(post.date.year, post.date.month) for post in self.posts_for("archive")})

    def shared_fingerprint(self) -> str:
        """What every page may show beyond its own documents (tag and category lists,
        post count, archive months, pages and whether each is empty, which a menu entry to
        the search page reads: Theme.new_build): when it changes, every page is rebuilt."""
        parts = (sorted((t.name, t.length) for t in self.tags.values()),
                 sorted((c.slug, c.length) for c in self.categories.values()),
                 len(self.posts), self.archive_months(),
                 [(p.title, p.path, p.shows_nothing) for p in self.pages])
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def visible(doc: Document, config: "Config", drafts: bool, now: dt.datetime) -> bool:
    """Hexo's rule: drafts and `published: false` need drafts on; future-dated posts need
    `future: true`, whether or not drafts are on."""
    if not doc.published and not drafts:
        return False
    return bool(config["future"]) or doc.date <= now


def hide_posts_key(config: "Config") -> str | None:
    """The front-matter key whose `true` hexo-hide-posts lists a post nowhere by (its
    `hide_posts.filter`, `hidden` unless set: never `hide` by default, in any of its
    versions), for a blog that has the plugin and leaves it enabled; else None."""
    if "hexo-hide-posts" not in declared_plugins(config.root_path):
        return None
    options = config.get("hide_posts")
    options = options if isinstance(options, dict) else {}
    return str(options.get("filter", "hidden")) if options.get("enable", True) else None


# The generators here whose lists hexo-hide-posts' allowlist can open to its hidden posts, by
# the names they have on Hexo: hexo-generator-feed (2.1+) registers one per feed type.
HIDE_POSTS_GENERATORS = ("index", "archive", "tag", "category", "sitemap", "atom", "rss2")


def _names(value: Any) -> list[str]:
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def hide_posts_allowlist(config: "Config") -> frozenset[str]:
    """The generators hexo-hide-posts shows its hidden posts to, matched as the plugin does:
    a name in `allowlist_generators` (`public_generators` before 0.3, read only where the
    new key is not set), or `*` there for every one that `blocklist_generators` does not
    name (unless it holds `*` too: the allowlist wins)."""
    options = config.get("hide_posts")
    if not isinstance(options, dict):
        return frozenset()
    allow = options.get("allowlist_generators")
    if not allow and not isinstance(allow, list):  # JavaScript's `!value`: [] is kept
        allow = options.get("public_generators")
    allowed = _names(allow) if allow else []
    blocked = _names(options["blocklist_generators"]) if "blocklist_generators" in options else ["*"]
    return frozenset(name for name in HIDE_POSTS_GENERATORS
                     if name in allowed or ("*" in allowed and (name not in blocked or "*" in blocked)))


def hide_posts_noindex(config: "Config") -> bool:
    """Whether hexo-hide-posts asks search engines not to index its hidden posts (its
    `noindex`, on unless set false): a robots tag in their pages' head."""
    options = config.get("hide_posts")
    return not isinstance(options, dict) or options.get("noindex", True) is not False


def hides_from_home_only(config: "Config", plugin_key: str | None) -> bool:
    """Whether `hide: true` takes a post off the home page only, as Matery's index template
    skips its card (archives, tags and categories keep it), rather than listing it nowhere
    as Fluid does; hexo-hide-posts decides when `hide` is its key (`plugin_key`)."""
    return "matery" in str(config.get("theme") or "").lower() and plugin_key != "hide"


def newest_first(posts: list[Document]) -> list[Document]:
    return sorted(posts, key=lambda p: (p.date, p.rel), reverse=True)


def build_site(documents: list[Document], config: "Config", drafts: bool = False) -> Site:
    now = dt.datetime.now(dt.timezone.utc)
    shown = newest_first([d for d in documents if d.is_post and visible(d, config, drafts, now)])
    pages = sorted((d for d in documents if not d.is_post), key=lambda p: p.rel)
    plugin_key = hide_posts_key(config) if shown or pages else None
    home_only = any(p.hidden for p in shown) and hides_from_home_only(config, plugin_key)
    shown_to = hide_posts_allowlist(config) if plugin_key is not None else frozenset()
    noindex = plugin_key is not None and hide_posts_noindex(config)
    posts: list[Document] = []
    unlisted: list[Document] = []
    allowed: list[Document] = []  # hidden by hexo-hide-posts, listed by its allowlist's generators
    for p in shown:
        by_theme = p.hidden and not home_only and plugin_key != "hide"  # else the plugin's
        by_plugin = plugin_key is not None and p.front.get(plugin_key) is True
        p.noindex = by_plugin and noindex
        if by_plugin and shown_to and not by_theme:
            allowed.append(p)
        (unlisted if by_theme or by_plugin else posts).append(p)
    # The plugin hides pages too: built, but out of the sitemap and with its robots tag
    unmapped: set[str] = set()
    for page in pages:
        hidden_page = plugin_key is not None and page.front.get(plugin_key) is True
        page.noindex = hidden_page and noindex
        if hidden_page:
            unmapped.add(page.rel)
    for newer, older in zip(posts, posts[1:]):
        newer.next, older.prev = older, newer  # Hexo: prev is newer, next is older
    if posts:
        posts[0].prev = None
        posts[-1].next = None
    tags: dict[str, Taxon] = {}
    categories: dict[str, Taxon] = {}
    # Oldest first, so taxa are created (and listed) in the order Hexo creates them; each
    # taxon's posts are collected oldest first and flipped once at the end (linear time).
    tag_at: dict[str, Taxon] = {}  # the first tag made at each URL
    tagged = categorized = posts
    if "tag" in shown_to or "category" in shown_to:
        with_allowed = newest_first([*posts, *allowed])
        tagged = with_allowed if "tag" in shown_to else posts
        categorized = with_allowed if "category" in shown_to else posts
    for post in reversed(tagged):
        post.tags = []
        for name in post.tag_names:
            taxon = tags.get(name)
            if taxon is None:
                slug = tag_slug(name, config)
                path = f"{config['tag_dir']}/{slug}/"
                twin = tag_at.setdefault(path, taxon := Taxon(name, slug, path))
                # Two names, one URL (`C++` and `C#` → tags/C/): one page lists both tags'
                # posts, so they share one list; each tag keeps its own name.
                taxon.posts = twin.posts
                tags[name] = taxon
            if not taxon.posts or taxon.posts[-1] is not post:  # a post tagged with both
                taxon.posts.append(post)
            post.tags.append(taxon)
    for post in reversed(categorized):
        post.categories = []
        joined: set[int] = set()  # taxa this post is already in (two hierarchies may share one)
        for hierarchy in post.category_paths:
            parent: Taxon | None = None
            for depth in range(1, len(hierarchy) + 1):
                slug = category_slug(hierarchy[:depth], config)
                if slug in categories:
                    taxon = categories[slug]
                else:
                    taxon = Taxon(hierarchy[depth - 1], slug,
                                  f"{config['category_dir']}/{slug}/", parent=parent)
                    categories[slug] = taxon
                    if parent is not None:
                        parent.children.append(taxon)
                if id(taxon) not in joined:
                    joined.add(id(taxon))
                    taxon.posts.append(post)
                    post.categories.append(taxon)
                parent = taxon
    for posts_of in {id(t.posts): t.posts for t in [*tags.values(), *categories.values()]}.values():
        posts_of.reverse()  # each list once: tags sharing a URL share one
    for post in unlisted:  # its page links only to tag and category pages that exist
        post.prev = post.next = None
        post.tags = [tags[name] for name in post.tag_names if name in tags]
        post.categories = [categories[slug] for slug in
                           dict.fromkeys(category_slug(h[:depth], config) for h in post.category_paths
                                         for depth in range(1, len(h) + 1)) if slug in categories]
    return Site(config=config, posts=posts, pages=pages, unlisted=unlisted,
                tags=dict(sorted(tags.items(), key=lambda kv: kv[0].lower())),
                categories=categories, hidden_from_home=home_only, shown_to=shown_to,
                unmapped=frozenset(unmapped),
                allowed=allowed)
