"""The search dialog in real Chromium: keyboard, results, navigation, lazy index, themes."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import build_ok, serve_folder
from plugins.search.shards import bucket_of

POSTS = {
    "content/_posts/rust.md": "---\ntitle: Getting started with Rust\ndate: 2024-03-01\n"
                              "tags: [systems]\n---\nOwnership and borrowing explained.\n",
    "content/_posts/tips.md": "---\ntitle: Python tips\ndate: 2024-03-05\n---\n"
                              "Small habits. Some people rewrite hot loops in rust for speed.\n",
    "content/_posts/concurrency.md": "---\ntitle: 深入理解并发编程\ndate: 2024-03-03\n"
                                     "tags: [编程]\n---\n线程、锁与通道：并发程序的三种基本工具。\n",
    "content/_posts/notes.md": "---\ntitle: Weekly notes\ndate: 2024-03-04\n---\n"
                               "This week I read about 并发 models and actors.\n",
    "content/_posts/evil.md": "---\ntitle: '<img src=x onerror=\"window.hacked=1\"> Evil'\n"
                              "date: 2024-02-01\n---\nHostile title test.\n",
}


@pytest.fixture
def served(make_blog):
    """The blog built under the root sub-path /blog/ and served from its parent folder."""
    blog = make_blog(config={"url": "http://127.0.0.1/blog", "root": "/blog/",
                             "public_dir": "out/blog"}, files=POSTS)
    build_ok(blog)
    server, base = serve_folder(blog.root / "out")
    yield base + "blog/"
    server.shutdown()


def index_requests(page) -> list[str]:
    return [url for url in page.requested if url.endswith("/search.json")]


def chunk_requests(page) -> list[str]:
    """The index's buckets (t…) and files of documents (g…) fetched, by file name (without
    the `?v=` of the version asked for)."""
    return [url.rsplit("/", 1)[1].split("?")[0] for url in page.requested if "/search/" in url]


@pytest.fixture
def tab(page):
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    return page


def titles(page) -> list[str]:
    return page.eval_on_selector_all(".qp-search-result .qp-search-title", "els => els.map(e => e.textContent)")


def test_slash_english_query_ranks_titles_first_and_enter_opens(tab, served):
    tab.goto(served, wait_until="networkidle")
    assert index_requests(tab) == []  # nothing fetched until someone searches
    button = tab.locator(".site-header .qp-search-button")
    assert button.is_visible()  # placed into the theme's header
    tab.keyboard.press("/")
    dialog = tab.locator("#qp-search-dialog")
    assert dialog.is_visible()
    tab.keyboard.type("rust")
    tab.wait_for_selector(".qp-search-result")
    assert index_requests(tab) == [served + "search.json"]
    assert titles(tab) == ["Getting started with Rust", "Python tips"]
    # one bucket (every word from "ru" on is in it) and the files of the two documents
    # shown, once each; ids count from the oldest post: evil 0, rust 1, concurrency 2,
    # notes 3, tips 4
    meta = tab.evaluate(f"fetch('{served}search.json').then(r => r.json())")
    shown = {f"g{n // meta['group']}.json" for n in (1, 4)}
    assert sorted(chunk_requests(tab)) == sorted(
        [f"t{bucket_of('ru', len(meta['buckets']))}.json", *shown])
    marks = tab.eval_on_selector_all(".qp-search-result mark", "els => els.map(e => e.textContent)")
    assert "Rust" in marks and "rust" in marks
    assert tab.locator(".qp-search-status").text_content() == "2 results"
    tab.keyboard.press("Enter")
    tab.wait_for_url(served + "2024/03/01/rust/")
    assert tab.locator("h1").first.text_content().strip() == "Getting started with Rust"
    assert tab.problems == []


def test_ctrl_k_chinese_query_arrows_and_click(tab, served):
    tab.goto(served + "archives/", wait_until="networkidle")
    tab.keyboard.press("Control+k")
    tab.keyboard.type("并发")
    tab.wait_for_selector(".qp-search-result")
    assert titles(tab) == ["深入理解并发编程", "Weekly notes"]  # title match before text match
    meta = tab.evaluate(f"fetch('{served}search.json').then(r => r.json())")
    # the pair's bucket (and the bucket of "并" alone if it was searched while typing) and
    # the files of the two documents shown, each fetched once
    needed = {f"t{bucket_of('并发', len(meta['buckets']))}.json",
              *(f"g{n // meta['group']}.json" for n in (2, 3))}
    fetched = chunk_requests(tab)
    assert len(set(fetched)) == len(fetched)
    assert needed <= set(fetched) <= needed | {f"t{bucket_of('并', len(meta['buckets']))}.json"}
    snippet = tab.locator(".qp-search-result").nth(1).locator(".qp-search-snippet")
    assert snippet.locator("mark").text_content() == "并发"
    tab.keyboard.press("ArrowDown")
    selected = tab.locator('.qp-search-result[aria-selected="true"] .qp-search-title')
    assert selected.text_content() == "Weekly notes"
    tab.keyboard.press("ArrowDown")  # wraps round to the first
    assert selected.text_content() == "深入理解并发编程"
    tab.locator(".qp-search-result").nth(1).click()
    tab.wait_for_url(served + "2024/03/04/notes/")
    assert tab.problems == []


def test_button_escape_no_results_and_hostile_titles(tab, served):
    tab.goto(served, wait_until="networkidle")
    tab.locator(".qp-search-button").click()
    input_box = tab.locator(".qp-search-input")
    assert input_box.evaluate("el => el === document.activeElement")
    input_box.fill("zzzz-nothing")
    tab.wait_for_function("document.querySelector('.qp-search-status').textContent === 'No posts match.'")
    assert tab.locator(".qp-search-result").count() == 0
    input_box.fill("onerror")
    tab.wait_for_selector(".qp-search-result")
    assert titles(tab) == ['<img src=x onerror="window.hacked=1"> Evil']  # shown as text
    assert tab.evaluate("window.hacked") is None
    assert tab.locator(".qp-search-result img").count() == 0
    tab.keyboard.press("Escape")
    assert not tab.locator("#qp-search-dialog").is_visible()
    tab.wait_for_function("document.activeElement.classList.contains('qp-search-button')")
    tab.keyboard.press("/")  # opens again; the index is not fetched twice
    input_box.fill("python")
    tab.wait_for_selector(".qp-search-result")
    assert len(index_requests(tab)) == 1
    assert tab.problems == []


def test_slash_typed_into_a_field_does_not_open_search(tab, served):
    tab.goto(served, wait_until="networkidle")
    tab.evaluate("""() => { const i = document.createElement('input'); i.id = 'other';
                            document.querySelector('main').prepend(i); }""")
    tab.locator("#other").type("a/b")
    assert tab.locator("#other").input_value() == "a/b"
    assert not tab.locator("#qp-search-dialog").is_visible()
    assert index_requests(tab) == []


def _luminance(css_colour: str) -> float:
    parts = css_colour[css_colour.index("(") + 1:css_colour.index(")")].replace(",", " ").split()
    r, g, b = (float(p) for p in parts[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("scheme, forced, dark", [
    ("light", None, False), ("dark", None, True), ("dark", "light", False), ("light", "dark", True)])
def test_dialog_follows_light_and_dark_mode(tab, served, scheme, forced, dark):
    tab.emulate_media(color_scheme=scheme)
    tab.goto(served, wait_until="networkidle")
    if forced:
        tab.evaluate(f"document.documentElement.setAttribute('data-theme', '{forced}')")
    tab.keyboard.press("/")
    tab.keyboard.type("rust")
    tab.wait_for_selector(".qp-search-result")
    style = tab.locator("#qp-search-dialog").evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]")
    background, text = (_luminance(c) for c in style)
    assert (background < 80) is dark and (text > 150) is dark
    assert abs(background - text) > 100  # readable either way


def test_an_index_that_fails_to_load_says_so_and_retries(tab, served):
    failing = {"on": True}

    def handle(route):
        if failing["on"]:
            route.fulfill(status=503, body="down")
        else:
            route.continue_()
    tab.route("**/search.json", handle)
    tab.goto(served, wait_until="networkidle")
    tab.keyboard.press("/")
    tab.wait_for_function("document.querySelector('.qp-search-status').textContent"
                          " === 'The search index could not be loaded.'")
    assert not any("page error" in p for p in tab.problems)  # handled, not thrown
    tab.keyboard.press("Escape")
    failing["on"] = False
    tab.keyboard.press("/")  # at once: opening again tries again
    tab.keyboard.type("rust")
    tab.wait_for_selector(".qp-search-result")
    assert titles(tab)[0] == "Getting started with Rust"


def test_many_results_fetch_their_entries_a_screenful_at_a_time(tab, make_blog):
    """Of 25 results the first screenful's entries are fetched (their files of documents);
    the others as the list is scrolled to its end."""
    posts = {f"content/_posts/p{n:02d}.md": f"---\ntitle: Post {n:02d}\ndate: 2024-01-{n + 1:02d}\n"
             f"---\nA common word, and {'more text. ' * 20}\n" for n in range(25)}
    blog = make_blog(files=posts)
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        tab.goto(base, wait_until="networkidle")
        tab.keyboard.press("/")
        tab.locator(".qp-search-input").fill("common")
        tab.wait_for_selector(".qp-search-result")
        assert tab.locator(".qp-search-status").text_content() == "25 results"
        first = titles(tab)
        assert 0 < len(first) < 25 and first[0] == "Post 24"  # newest first on equal scores
        group = tab.evaluate(f"fetch('{base}search.json').then(r => r.json())")["group"]
        shown_files = {f"g{(24 - n) // group}.json" for n in range(len(first))}
        assert {f for f in chunk_requests(tab) if f.startswith("g")} == shown_files
        for _ in range(5):
            tab.locator(".qp-search-results").evaluate("el => { el.scrollTop = el.scrollHeight; }")
            tab.wait_for_timeout(100)
        assert titles(tab) == [f"Post {n:02d}" for n in reversed(range(25))]
        assert tab.problems == []
    finally:
        server.shutdown()


def test_arrow_down_past_the_shown_results_waits_for_the_next_ones(tab, make_blog):
    """The arrow key on the last result shown while the next ones are still being fetched
    stays there (it went back to the first result); once they are in, it goes on to them."""
    posts = {f"content/_posts/p{n:02d}.md": f"---\ntitle: Post {n:02d}\ndate: 2024-01-{n + 1:02d}\n"
             f"---\nA common word.\n" for n in range(30)}
    blog = make_blog(files=posts)
    build_ok(blog)
    server, base = serve_folder(blog.public)
    held: list = []
    holding = False

    def hold(route):
        if holding:
            held.append(route)
        else:
            route.continue_()
    try:
        tab.goto(base, wait_until="networkidle")
        tab.keyboard.press("/")
        tab.locator(".qp-search-input").fill("common")
        tab.wait_for_selector(".qp-search-result")
        tab.wait_for_load_state("networkidle")  # a screenful's entries, and nothing after them
        shown = len(titles(tab))
        assert 0 < shown < 30
        holding = True
        tab.route("**/search/g*.json?v=*", hold)  # the next results' entries arrive late

        def active() -> str:
            return tab.locator(".qp-search-input").get_attribute("aria-activedescendant")
        for _ in range(shown):
            tab.keyboard.press("ArrowDown")
        assert active() == f"qp-search-result-{shown - 1}" and len(titles(tab)) == shown
        holding = False
        for route in held:
            route.continue_()
        tab.wait_for_function(f"document.querySelectorAll('.qp-search-result').length > {shown}")
        tab.keyboard.press("ArrowDown")
        assert active() == f"qp-search-result-{shown}"
        assert titles(tab)[shown] == f"Post {29 - shown:02d}"
    finally:
        server.shutdown()


class _KeptTenMinutes(http.server.SimpleHTTPRequestHandler):
    """A host that lets browsers keep every file for ten minutes (GitHub Pages' max-age)."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def kept_ten_minutes(tab, make_blog) -> Iterator[tuple[Any, str]]:
    """A blog of five posts ("Post 0" to "Post 4", each with "A common word."), built and
    served by a host whose files browsers keep (`_KeptTenMinutes`) to a tab that uses the
    browser's cache: (the blog, the site's URL)."""
    posts = {f"content/_posts/p{n}.md": f"---\ntitle: Post {n}\ndate: 2024-01-{n + 1:02d}\n---\n"
             "A common word.\n" for n in range(5)}
    blog = make_blog(files=posts)
    build_ok(blog)
    # The server answers "not modified" to the revalidation when a file's time, in whole
    # seconds, is not after the browser's copy; a rebuild within the same second as the first
    # build would then look unchanged (a flaky failure under load). Hosts compare more than
    # the second (ETags); here the first build's files are simply a minute old.
    a_minute_ago = time.time() - 60
    for file in blog.public.rglob("*"):
        os.utime(file, (a_minute_ago, a_minute_ago))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_KeptTenMinutes, directory=str(blog.public)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tab.unroute_all()  # a routed tab does not use the browser's cache
    try:
        yield blog, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def test_a_new_posts_entry_is_found_past_the_browsers_copy_of_its_file(tab, make_blog):
    """A reader searched before a new post was published, on a host whose files browsers
    keep: the new post joins the last file of entries, which the browser kept as it was, and
    a search for the post's words said the index could not be loaded; the file is asked of
    the server again."""
    with kept_ten_minutes(tab, make_blog) as (blog, base):
        tab.goto(base, wait_until="networkidle")
        tab.keyboard.press("/")
        tab.locator(".qp-search-input").fill("common")
        tab.wait_for_selector(".qp-search-result")
        assert len(titles(tab)) == 5  # every file of entries is in the browser's cache now
        blog.write("content/_posts/new.md", "---\ntitle: Fresh zebra\ndate: 2024-02-01\n---\nA zebra.\n")
        build_ok(blog)
        tab.goto(base + "?published", wait_until="networkidle")
        tab.keyboard.press("/")
        tab.locator(".qp-search-input").fill("zebra")
        tab.wait_for_function("['', 'Loading the index…'].indexOf("
                              "document.querySelector('.qp-search-status').textContent) < 0")
        assert tab.locator(".qp-search-status").text_content() == "1 results"
        assert titles(tab) == ["Fresh zebra"]


def test_a_page_loaded_before_a_rebuild_finds_the_posts_the_rebuilt_index_holds(tab, make_blog):
    """A reader searched, the site was rebuilt (the oldest post deleted: every later post's
    id moved down one; a post added), and the reader searched again on the same page, its
    script and manifest loaded before the rebuild: the first file the old manifest asks for
    is the newer build's, which says so, and the manifest is loaded again. Read as the
    older file, the bucket's ids named other posts, and the browser's copies of the earlier
    files (kept for ten minutes, as GitHub Pages lets it) answered with the deleted post."""
    search = tab.locator(".qp-search-input")
    with kept_ten_minutes(tab, make_blog) as (blog, base):
        tab.goto(base, wait_until="networkidle")
        tab.keyboard.press("/")
        search.fill("common")
        tab.wait_for_selector(".qp-search-result")
        assert titles(tab) == [f"Post {n}" for n in reversed(range(5))]
        (blog.root / "content/_posts/p0.md").unlink()
        blog.write("content/_posts/new.md", "---\ntitle: Fresh zebra\ndate: 2024-02-01\n---\n"
                   "A zebra, a common one.\n")
        build_ok(blog)
        search.fill("zebra")
        tab.wait_for_function("document.querySelector('.qp-search-status').textContent === '1 results'")
        assert titles(tab) == ["Fresh zebra"]
        search.fill("common")
        tab.wait_for_function("document.querySelector('.qp-search-status').textContent === '5 results'")
        assert titles(tab) == ["Fresh zebra", *(f"Post {n}" for n in reversed(range(1, 5)))]
        assert len(index_requests(tab)) == 2  # loaded again once
        assert tab.problems == []


def test_a_language_named_by_one_letter_and_signs_is_found(tab, make_blog):
    """"C++" and "C#" are one letter and signs: the dialog looked nothing up for them, as for
    a first letter still being typed, and said nothing (a C++ blog found none of its posts)."""
    blog = make_blog(files={
        "content/_posts/cpp.md": "---\ntitle: Move semantics in C++\ndate: 2024-03-01\n---\n"
                                 "Rvalue references, in C++ since 2011.\n",
        "content/_posts/cs.md": "---\ntitle: Generics in C#\ndate: 2024-03-02\n---\nConstraints.\n",
        "content/_posts/go.md": "---\ntitle: Channels\ndate: 2024-03-03\n---\nA concurrency primer.\n"})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        tab.goto(base, wait_until="networkidle")
        tab.locator(".qp-search-button").click()
        box = tab.locator(".qp-search-input")
        # The letter is looked up as a word: C++ and C# both hold "c"; the rest narrows.
        for query, found in (("C++", {"Move semantics in C++", "Generics in C#"}),
                             ("c#", {"Move semantics in C++", "Generics in C#"}),
                             ("C++ rvalue", {"Move semantics in C++"})):
            box.fill(query)
            tab.wait_for_function(f"document.querySelectorAll('.qp-search-result').length === {len(found)}")
            assert set(titles(tab)) == found, query
        box.fill("c")  # a first letter alone still waits for the next one
        tab.wait_for_function("document.querySelector('.qp-search-status').textContent === ''")
        assert tab.locator(".qp-search-result").count() == 0
        assert tab.problems == []
    finally:
        server.shutdown()
