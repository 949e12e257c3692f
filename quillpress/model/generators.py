"""The built-in generators: index, posts, pages, archives, tags, categories and 404.

Each is a function from the Site to routes, the same shape plugin generators have.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .document import Document
from .routes import AttrDict, Route
from .urls import page_number_path

if TYPE_CHECKING:
    from .site import Site


def paginate(base: str, posts: list[Document], per_page: int, pagination_dir: str,
             layouts: list[str], skipped: Callable[[Document], bool] | None = None,
             **fields: object) -> Iterator[Route]:
    """Hexo's pagination: `base`, then `base/page/2/`, ... with prev/next links. `skipped`
    posts count for the pages but are not listed on theirs (a theme's template skips them)."""
    base = base if not base or base.endswith("/") else base + "/"
    per_page = per_page if per_page and per_page > 0 else max(len(posts), 1)
    total = max(1, math.ceil(len(posts) / per_page))

    def url(n: int) -> str:
        return page_number_path(base, n, pagination_dir)

    for n in range(1, total + 1):
        chunk = posts[(n - 1) * per_page: n * per_page]
        if skipped is not None:
            chunk = [post for post in chunk if not skipped(post)]
        page = AttrDict(base=base, total=total, current=n, current_url=url(n), posts=chunk,
                        per_page=per_page, pagination_dir=pagination_dir,
                        prev=n - 1 if n > 1 else 0,
                        prev_link=url(n - 1) if n > 1 else "",
                        next=n + 1 if n < total else 0,
                        next_link=url(n + 1) if n < total else "", **fields)
        yield Route(path=url(n), layouts=layouts, page=page, summaries=chunk,
                    key=f"{n}/{total}/{per_page}/{sorted(fields)!r}/{fields.get('title', '')}")


def _per_page(site: "Site", generator: str) -> int:
    """`per_page` of a generator's section (`index_generator`, `archive_generator`,
    `tag_generator`, `category_generator`), else the site's per_page."""
    per_page = (site.config.get(generator) or {}).get("per_page")
    return site.config["per_page"] if per_page is None else per_page


def index_routes(site: "Site") -> Iterator[Route]:
    options = site.config.get("index_generator") or {}
    per_page = _per_page(site, "index_generator")
    reverse = str(options.get("order_by", "-date")).startswith("-")
    posts = sorted((p for p in site.posts_for("index") if not p.archived), key=lambda p: p.date,
                   reverse=reverse)
    posts.sort(key=lambda p: -p.pin)  # stable: pinned first, by pin, each group in date order
    # hexo-generator-index 4 lets the home pages have their own pagination_dir
    pagination_dir = options.get("pagination_dir") or site.config["pagination_dir"]
    # Matery's index template skips a hidden post's card on the page Hexo put it on
    skipped = _hidden if site.hidden_from_home else None
    yield from paginate(options.get("path") or "", posts, per_page, pagination_dir, ["index"],
                        skipped, __index=True)


def _hidden(post: Document) -> bool:
    return post.hidden


def post_routes(site: "Site") -> Iterator[Route]:
    for post in [*site.posts, *site.unlisted]:
        yield _document_route(post, ["post", "page", "index"])


def page_routes(site: "Site") -> Iterator[Route]:
    for page in site.pages:
        yield _document_route(page, ["page", "post", "index"])


# the layouts of the generators' pages, which draw their list of posts
LISTING_LAYOUTS = ("index", "archive", "category", "tag")


def _document_route(doc: Document, fallback: list[str]) -> Route:
    """Hexo's chain: the layout asked for, then the kind's own, then index (a theme
    without `about.html` shows an about page with `page.html`; see Theme.fallback_warnings).
    A layout that lists posts is left out of a document's chain: a page has no posts to list
    (hexo.io's home page asks for `index`, which its own theme draws as a landing page)."""
    layout = doc.layout
    if layout in ("false", "off"):
        return Route(path=doc.path, docs=[doc], layouts=[], page=doc)
    if layout in LISTING_LAYOUTS:
        return Route(path=doc.path, page=doc, docs=[doc],
                     layouts=[name for name in fallback if name not in LISTING_LAYOUTS])
    chain = [layout] + [name for name in fallback if name != layout]
    return Route(path=doc.path, layouts=chain, page=doc, docs=[doc])


def archive_page_path(config: Mapping[str, Any], year: int, month: int | None = None,
                      day: int | None = None) -> str | None:
    """Where hexo-generator-archive puts the page of the posts of `year` (or of its `month`,
    or of that month's `day`), or None when its options make no such page: `enabled: false`,
    `yearly: false` (which gates the rest), `monthly: false`, `daily` (off unless set).
    `archive_routes` makes its pages here and themes link them through the
    `archive_page_path` helper, so a timeline links exactly the pages that are made."""
    options = config.get("archive_generator") or {}
    if options.get("enabled") is False or not options.get("yearly", True):
        return None
    path = f"{config['archive_dir'].strip('/')}/{year}/"
    if day is not None:
        return f"{path}{month:02d}/{day:02d}/" if options.get("daily", False) else None
    if month is not None:
        return f"{path}{month:02d}/" if options.get("monthly", True) else None
    return path


def archive_routes(site: "Site") -> Iterator[Route]:
    """hexo-generator-archive's pages: all posts, then each year, month and day of them that
    `archive_page_path` says has a page, in the site's time zone."""
    config = site.config
    if (config.get("archive_generator") or {}).get("enabled") is False:
        return
    per_page = _per_page(site, "archive_generator")
    layouts = ["archive", "index"]
    pdir = config["pagination_dir"]
    posts = site.posts_for("archive")
    yield from paginate(config["archive_dir"].strip("/") + "/", posts, per_page, pdir,
                        layouts, archive=True, title="archive")
    for year, months in sorted(site.archives(posts).items()):
        year_path = archive_page_path(config, year)
        if year_path is None:
            return
        year_posts = [p for month in sorted(months, reverse=True) for p in months[month]]
        yield from paginate(year_path, year_posts, per_page, pdir, layouts,
                            archive=True, year=year, title="archive")
        for month, posts in sorted(months.items()):
            month_path = archive_page_path(config, year, month)
            if month_path is not None:
                yield from paginate(month_path, posts, per_page, pdir, layouts,
                                    archive=True, year=year, month=month, title="archive")
            for day in sorted({p.date.day for p in posts}):
                day_path = archive_page_path(config, year, month, day)
                if day_path is None:
                    break
                yield from paginate(day_path, [p for p in posts if p.date.day == day], per_page,
                                    pdir, layouts, archive=True, year=year, month=month, day=day,
                                    title="archive")


def tag_routes(site: "Site") -> Iterator[Route]:
    config = site.config
    shared = site.shared_tag_urls()
    per_page = _per_page(site, "tag_generator")
    for tag in site.tags.values():
        names = [t.name for t in shared.get(tag.path, [tag])]
        if names[0] != tag.name:
            continue  # the page at this URL was made for the first tag: it lists both
        yield from paginate(tag.path, tag.posts, per_page, config["pagination_dir"],
                            ["tag", "archive", "index"], tag=" / ".join(names), taxon=tag,
                            title=" / ".join(names))
    index = f"{config['tag_dir']}/"
    if not _page_at(site, index):
        yield Route(path=index, layouts=["tags", "page", "index"], summaries=site.posts,
                    page=AttrDict(title="tags", tags=list(site.tags.values()), type="tags"),
                    key="tags-index")


def category_routes(site: "Site") -> Iterator[Route]:
    config = site.config
    per_page = _per_page(site, "category_generator")
    for category in site.categories.values():
        yield from paginate(category.path, category.all_posts, per_page,
                            config["pagination_dir"], ["category", "archive", "index"],
                            category=category.name, taxon=category, title=category.name)
    index = f"{config['category_dir']}/"
    if not _page_at(site, index):
        yield Route(path=index, layouts=["categories", "page", "index"], summaries=site.posts,
                    page=AttrDict(title="categories", categories=site.root_categories,
                                  type="categories"), key="categories-index")


def not_found_route(site: "Site") -> Iterator[Route]:
    """The theme's 404 page, unless the blog has its own: a page at 404.html, or a 404.html
    its source folder publishes as it is (`skip_render`), as Hexo, which makes no 404 page,
    publishes it. Made over it, the blog's own page was lost, with a warning that named
    neither it nor what to do ("two pages want '404.html'")."""
    if not _page_at(site, "404.html") and not (site.config.source_path / "404.html").is_file():
        yield Route(path="404.html", layouts=["404", "page", "index"], key="404",
                    page=AttrDict(title="404", type="404", content="", path="404.html"))


def friend_links_route(site: "Site", links: dict[str, Any] | None) -> Iterator[Route]:
    """The page of friend links Fluid makes at /links/ (read as the theme's `friend_links`,
    hexo_theme.friends: its `items`, `title`, `subtitle` and `custom` HTML); a page the blog
    has there is kept."""
    if links is not None and not _page_at(site, "links/"):
        yield Route(path="links/", layouts=["friend_links", "page", "index"], key=f"links:{links!r}",
                    page=AttrDict(title=links["title"], subtitle=links["subtitle"], type="links",
                                  links=links["items"], custom=links["custom"], content="",
                                  path="links/"))


def _page_at(site: "Site", path: str) -> bool:
    wanted = {path, path + "index.html"} if path.endswith("/") else {path}
    return any(p.path in wanted for p in site.pages)


BUILTIN_GENERATORS = [
    ("index", index_routes), ("post", post_routes), ("page", page_routes),
    ("archive", archive_routes), ("tag", tag_routes), ("category", category_routes),
    ("404", not_found_route),
]
