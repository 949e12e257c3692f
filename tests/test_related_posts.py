"""Related posts under each post: who is related, in which order, and what an edit redoes."""

from __future__ import annotations

import sys
from typing import Any

from _tags_html import parse
from conftest import Blog


def post(title: str, date: str, tags: list[str], body: str, categories: list[str] | None = None) -> str:
    cats = f"categories: [{', '.join(categories)}]\n" if categories else ""
    return f"---\ntitle: {title}\ndate: {date}\ntags: [{', '.join(tags)}]\n{cats}---\n{body}\n"


FILES = {
    "content/_posts/rust-ownership.md": post("Rust ownership", "2024-01-01", ["rust", "memory"],
                                             "Borrowing and lifetimes decide who frees memory.", ["Code"]),
    "content/_posts/rust-lifetimes.md": post("Rust lifetimes", "2024-02-01", ["rust"],
                                             "Lifetimes tie borrowing to scopes.", ["Code"]),
    "content/_posts/c-malloc.md": post("Manual memory in C", "2024-03-01", ["memory", "c"],
                                       "malloc and free by hand.", ["Code"]),
    "content/_posts/hiking.md": post("A walk in the hills", "2024-04-01", ["travel"],
                                     "Mountains, boots and weather.", ["Life"]),
    "content/_posts/trip.md": post("Trip notes", "2024-05-01", ["travel"],
                                   "Weather and mountains again, with boots.", ["Life"]),
    "content/_posts/zh-a.md": post("静态网站生成器", "2024-06-01", [],
                                   "静态网站生成器把文章渲染成页面，增量构建很快。"),
    "content/_posts/zh-b.md": post("增量构建", "2024-07-01", [],
                                   "增量构建只渲染修改过的文章，静态网站因此很快。"),
    "content/_posts/zh-c.md": post("周末", "2024-08-01", [], "周末去公园散步，喝咖啡。"),
}


def related(blog: Blog, path: str) -> list[str]:
    page = parse(blog.read(path))
    asides = page.find_all("aside", "related-posts")
    return [a.attrs["href"] for a in asides[0].find_all("a")] if asides else []


def test_posts_sharing_tags_categories_and_words_come_first(make_blog: Any) -> None:
    blog = make_blog(config={"related_posts": {"limit": 2}}, files=FILES)
    assert blog.build().ok
    assert related(blog, "2024/01/01/rust-ownership/index.html") == [
        "/2024/02/01/rust-lifetimes/", "/2024/03/01/c-malloc/"]
    assert related(blog, "2024/04/01/hiking/index.html")[0] == "/2024/05/01/trip/"
    # No tags at all: Chinese character pairs find the post about the same thing.
    assert related(blog, "2024/06/01/zh-a/index.html")[0] == "/2024/07/01/zh-b/"
    assert related(blog, "2024/07/01/zh-b/index.html")[0] == "/2024/06/01/zh-a/"


def test_limit_and_switch_off(make_blog: Any) -> None:
    blog = make_blog(files=FILES)
    assert blog.build().ok
    # Only posts sharing something are listed: here fewer than the default five.
    assert len(related(blog, "2024/01/01/rust-ownership/index.html")) == 2
    blog = make_blog(config={"related_posts": {"limit": 1}}, files=FILES)
    assert blog.build().ok
    assert related(blog, "2024/01/01/rust-ownership/index.html") == ["/2024/02/01/rust-lifetimes/"]
    blog = make_blog(config={"related_posts": False}, files=FILES)
    assert blog.build().ok
    assert related(blog, "2024/01/01/rust-ownership/index.html") == []


def test_lists_are_the_same_on_every_build(make_blog: Any, tmp_path: Any) -> None:
    first = make_blog(files=FILES)
    assert first.build().ok
    before = {p: first.read(p) for p in first.files() if p.endswith(".html")}
    assert first.build(use_cache=False).ok
    assert {p: first.read(p) for p in before} == before


def test_an_edit_rerenders_only_pages_whose_list_changed(make_blog: Any) -> None:
    """The dev server's builder: edit one post, then compare with a clean build."""
    blog = make_blog(config={"updated_option": "date"}, files=FILES)  # no file times in pages
    builder = blog.builder(in_place=True)
    assert builder.build().ok
    edited = blog.write("content/_posts/trip.md", post(
        "Trip notes", "2024-05-01", ["rust", "memory"], "Now about borrowing and lifetimes.", ["Code"]))
    result = builder.build([edited])
    assert result.ok
    changed = {p for p in result.changed_paths if p.endswith("index.html") and p.startswith("2024/")}
    assert "2024/05/01/trip/index.html" in changed
    assert "2024/01/01/rust-ownership/index.html" in changed  # the trip is now related to it
    assert "2024/08/01/zh-c/index.html" not in changed  # unrelated, its list did not change
    incremental = {p: blog.read(p) for p in blog.files() if p.endswith(".html")}
    clean = make_blog(config={"updated_option": "date"},
                      files={**FILES, "content/_posts/trip.md": edited.read_text()})
    assert clean.build(use_cache=False).ok
    assert {p: clean.read(p) for p in incremental} == incremental


def test_a_build_ranks_many_posts_in_a_child_with_the_same_lists(make_blog: Any, monkeypatch: Any) -> None:
    """A one-off `build` of many posts ranks them in a forked child while the routes are
    collected: every post's list is the one ranking in this process gives."""
    blog = make_blog(files=FILES)
    assert blog.build().ok  # `serve`'s kind of builder: ranked here
    here = {path: related(blog, path) for path in blog.files() if path.startswith("2024/")}
    assert any(here.values())
    plugin = sys.modules["quillpress_plugin_related"]  # as the plugin loader named it
    monkeypatch.setattr(plugin, "BACKGROUND_FROM", 1)
    children: list[int] = []

    class Counted(plugin.Background):  # type: ignore[name-defined,misc]
        """The plugin's own jobs (the builder starts one too, for the link check)."""

        def __init__(self, func: Any, workers: int) -> None:
            super().__init__(func, workers)
            children.append(self._pid)

    monkeypatch.setattr(plugin, "Background", Counted)
    assert blog.build(trust_manifest=True, workers=2).ok  # a `build`: ranked in a child
    assert len(children) == 1 and children[0] > 0
    assert {path: related(blog, path) for path in here} == here


def test_a_build_after_serve_makes_nothing_again(make_blog: Any, monkeypatch: Any) -> None:
    """A `build` of many posts attaches the related lists only after the routes are collected;
    the search manifest's route was keyed by a hash that included those lists, so a `build`
    after `serve` (which attaches them first) made `search.json` again, to the same bytes."""
    blog = make_blog(files=FILES)
    assert blog.build().ok  # `serve`'s kind of builder: the lists are attached before the routes
    manifest = blog.public / "search.json"
    before = (manifest.stat().st_ino, manifest.stat().st_mtime_ns)
    plugin = sys.modules["quillpress_plugin_related"]
    monkeypatch.setattr(plugin, "BACKGROUND_FROM", 1)
    again = blog.build(trust_manifest=True, workers=2)  # a `build`: ranked in a child, attached after
    assert again.ok and (again.rendered_routes, again.written) == (0, 0)
    assert (manifest.stat().st_ino, manifest.stat().st_mtime_ns) == before


def test_a_posts_terms_are_han_pairs_within_a_run_and_english_words() -> None:
    """Han characters pair with their neighbours in the same run only (no 站网 across the
    full stop, none with kana), English words are lower-cased without the commonest, and
    the most frequent come first, ties in the order the text gives them."""
    from plugins.related.terms import terms
    assert terms("静态网站。网站", "C++ the Python かな字") == ["网站", "静态", "态网", "c++", "python"]
    assert terms("", "") == [] and terms("字", "a") == []


def test_a_posts_terms_are_the_same_after_the_search_index_cut_part_of_its_text() -> None:
    """The related posts cut only the rest of a text whose first part the search index cut
    (`lead_pairs`): the terms are those of the whole text cut anew, wherever the search index
    stopped (in a run, between runs, at the start or end), with kana or Hangul in the text
    (whose pairs are not the related posts'), and for a text the search index did not cut."""
    import random
    from plugins.related.terms import terms
    from quillpress.plugin_api import CJK_RUN, lead_pairs
    rng = random.Random(30)
    alphabet = "静态网站字カナ한국ab1 。"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(14))) for _ in range(600)]
    for text in texts:
        fresh = terms("网站", text)
        for end in range(len(text) + 1):
            lead_pairs(text, end, CJK_RUN.findall(text[:end].lower()))
            assert terms("网站", text) == fresh, (text, end)
            assert terms("网站", text + " ") == fresh, (text, end)  # another text: cut anew


def test_the_best_are_the_head_of_every_scored_post_sorted_ties_at_the_cut_included() -> None:
    """Each list is the first `limit` of all the posts scored, best first (then the newer,
    then the path), however many tie at the limit-th score, with fewer posts than the
    limit, and with a limit of none."""
    import random
    from plugins.related.rank import Item, related
    rng = random.Random(30)
    for _ in range(60):
        count = rng.randrange(1, 30)
        items = [Item((-float(rng.randrange(5)), f"p{i}.md"),  # shared dates: the path decides
                      tuple(rng.sample("abc", rng.randrange(3))), tuple(rng.sample("xy", rng.randrange(2))),
                      tuple(rng.sample("uvw", rng.randrange(3)))) for i in range(count)]
        whole = related(items, 10**6)  # every post scored, in order
        for limit in (0, 1, 2, 3, 5, 40):
            assert related(items, limit) == [found[:limit] for found in whole], (items, limit)


def _terms_and_lists(blog: Blog) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Built: each post's terms (what its list is ranked by), each post page's list."""
    builder = blog.builder()
    assert builder.build().ok
    fact = sys.modules["quillpress_plugin_related"].FACT
    terms = {doc.rel: doc.rendered.facts[fact] for doc in builder.docs.values()
             if doc.is_post and doc.rendered is not None}
    return terms, {path: related(blog, path) for path in blog.files()
                   if path.startswith("2024/") and path.endswith("/index.html")}


def test_the_lists_do_not_depend_on_how_much_the_search_index_cut(make_blog: Any) -> None:
    """The related posts cut only the CJK pairs the search index did not (`han_pairs`): each
    post's terms and list are the same whether the search index cut a few characters of each
    text (ending inside a run, or between two), all of it, or none (switched off)."""
    files = {**FILES, "content/_posts/zh-d.md": post(
        "静态网站", "2024-09-01", [], "静态网站生成器把文章渲染成页面。增量构建很快，静态网站。" * 3)}
    found = []
    for search in ({"content_limit": 6}, {"content_limit": 16}, {"content_limit": 0},
                   {"enable": False}):
        found.append(_terms_and_lists(make_blog(config={"search": search}, files=files)))
    assert "/2024/07/01/zh-b/" in found[0][1]["2024/06/01/zh-a/index.html"]
    assert "增量" in found[0][0]["_posts/zh-d.md"]  # a pair the search index never cut
    assert all(other == found[0] for other in found[1:])


BETWEEN = '''
def register(api):
    # Loaded after the built-in plugins: after the search index's handler, before the
    # related posts' (-1001).
    @api.on("after_render", priority=-1000)
    def rewrite(doc, rendered, ctx):
        if doc.title == "周末":
            rendered.text = "静态网站生成器把文章渲染成页面，增量构建很快。"
'''


def test_a_text_a_plugin_replaced_after_the_search_index_gives_its_own_terms(make_blog: Any) -> None:
    """A plugin that replaces a post's text after the search index cut its pairs: the
    related posts are found from the new text, as if the post had been written so."""
    zh_a = FILES["content/_posts/zh-a.md"].split("---\n")[-1].strip()
    written = _terms_and_lists(make_blog(
        files={**FILES, "content/_posts/zh-c.md": post("周末", "2024-08-01", [], zh_a)}))
    rewritten = _terms_and_lists(make_blog(files={**FILES, "plugins/between.py": BETWEEN}))
    assert rewritten[1]["2024/08/01/zh-c/index.html"][0] == "/2024/06/01/zh-a/"
    assert rewritten == written


def _ranked_by_definition(items: list[Any], limit: int, window: int) -> list[list[int]]:
    """The lists as the module's docstring defines them, one step at a time: a feature's
    rarity is log((posts + 1) / posts holding it, each time it is named), counted apart
    for tags, categories and terms; a post's telling terms are its first by rank × rarity;
    each feature lists its posts by key, and a post scores the `window` posts each side of
    its first place there."""
    import math
    from collections import Counter, defaultdict
    from plugins.related.rank import BOOST, TERMS_USED
    named = Counter([("t", t) for item in items for t in item.tags]
                    + [("c", c) for item in items for c in item.categories]
                    + [("w", w) for item in items for w in item.terms])
    rarity = {feature: math.log((len(items) + 1) / count) for feature, count in named.items()}
    features = []
    for item in items:
        count = len(item.terms)
        words = sorted(item.terms, key=lambda w: (-rarity["w", w] * (count - item.terms.index(w)), w))
        features.append([(("t", t), BOOST["tag"] * rarity["t", t]) for t in item.tags]
                        + [(("c", c), BOOST["category"] * rarity["c", c]) for c in item.categories]
                        + [(("w", w), BOOST["term"] * rarity["w", w]) for w in words[:TERMS_USED]])
    listed: defaultdict[Any, list[int]] = defaultdict(list)
    for index in sorted(range(len(items)), key=lambda i: items[i].key):
        for feature, _ in features[index]:
            listed[feature].append(index)
    lists = []
    for index, chosen in enumerate(features):
        scores: dict[int, float] = {}
        for feature, value in chosen:
            at = listed[feature].index(index)
            for other in listed[feature][max(0, at - window): at + window + 1]:
                scores[other] = scores.get(other, 0.0) + value
        scores.pop(index, None)
        lists.append(sorted(scores, key=lambda o: (-scores[o], items[o].key, o))[:limit])
    return lists


def test_lists_on_random_posts_are_those_the_definition_gives(monkeypatch: Any) -> None:
    """Random small blogs: shared dates, a tag or term named twice in one post, one name as
    a tag, a category and a term, posts with no features, one post, limits 0 and 1, and
    windows small enough that a feature's list is longer than the posts looked at."""
    import random
    from plugins.related import rank
    rng = random.Random(32)
    names = "abcdefg"
    for round_ in range(400):
        window = rng.choice([1, 2, 3, rank.WINDOW])
        monkeypatch.setattr(rank, "WINDOW", window)
        count = rng.choice([1, 2, rng.randrange(1, 60)])
        items = [rank.Item((-float(rng.randrange(4)), f"p{i}.md"),
                           tuple(rng.choices(names, k=rng.randrange(4))),  # may repeat a name
                           tuple(rng.choices(names[:3], k=rng.randrange(3))),
                           tuple(rng.sample(names + "xyz", rng.randrange(10))))
                 for i in range(count)]
        if round_ % 7 == 0:
            items[0] = rank.Item(items[0].key, (), (), ())  # a post with no features
        for limit in (0, 1, 3, 5):
            assert rank.related(items, limit) == _ranked_by_definition(items, limit, window), \
                (items, limit, window)
