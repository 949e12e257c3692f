"""The render cache of bodies is only a speed-up: a damaged file is replaced, a file another
build holds is left alone, and either way the pages come out whole."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

import pytest

from conftest import build_ok, post

OUT = "2024/01/02/b/index.html"


def _blog(make_blog):
    return make_blog(files={"content/_posts/b.md": post("B", "A *cached* body.",
                                                         date="2024-01-02")})


def test_a_damaged_body_cache_is_replaced(make_blog) -> None:
    blog = _blog(make_blog)
    cache_file = blog.root / ".quillpress-cache" / "bodies.sqlite"
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"not a database at all " * 100)

    build_ok(blog)

    assert "<em>cached</em>" in blog.read(OUT)
    with sqlite3.connect(cache_file) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master")]
        assert any(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables
                   if t.startswith("bodies"))


@pytest.mark.parametrize("left", [b"not a database at all " * 100, b""], ids=["damaged", "empty"])
def test_a_body_cache_made_anew_has_the_large_pages_of_a_first_builds(make_blog, left) -> None:
    """A file replaced after damage, or found empty (a first build stopped before its first
    write), is a new file: its rows fit in pages as large as a first build's file has
    (cache.PAGE_BYTES), not SQLite's default 4 KB, in which each spills into overflow pages."""
    from quillpress.build.cache import PAGE_BYTES, TABLE

    blog = _blog(make_blog)
    cache_file = blog.root / ".quillpress-cache" / "bodies.sqlite"
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(left)

    build_ok(blog)

    with sqlite3.connect(cache_file) as db:
        assert db.execute("PRAGMA page_size").fetchone()[0] == PAGE_BYTES
        assert db.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0] == 1


def test_a_body_cache_damaged_inside_is_replaced_after_the_build_that_met_it(
        make_blog, caplog: pytest.LogCaptureFixture) -> None:
    """Damage that only a read meets (its first page whole, the table's pages not) costs one
    build's cache, then the file is made anew."""
    blog = _blog(make_blog)
    build_ok(blog)
    cache_file = blog.root / ".quillpress-cache" / "bodies.sqlite"
    db = sqlite3.connect(cache_file)
    page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with cache_file.open("r+b") as file:
        file.seek(page)  # the first page (the schema) whole, the pages after it not
        file.write(b"\xff" * (cache_file.stat().st_size - page))
    (blog.root / "content/_posts/b.md").write_text(post("B", "A *cached* body, edited.", date="2024-01-02"))

    with caplog.at_level(logging.WARNING, logger="quillpress"):
        build_ok(blog)
    assert "edited" in blog.read(OUT)
    assert any("cannot be used" in r.getMessage() for r in caplog.records)
    caplog.clear()

    with caplog.at_level(logging.WARNING, logger="quillpress"):
        build_ok(blog)  # renders the body again, into a new file
    assert not any("cannot be used" in r.getMessage() for r in caplog.records)
    with sqlite3.connect(cache_file) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master")]
        assert any(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables
                   if t.startswith("bodies"))

def test_a_body_cache_held_by_another_build_is_not_deleted(make_blog,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """A serve holding the file must not cost it its cache: the build goes on without it."""
    blog = _blog(make_blog)
    cache_file = blog.root / ".quillpress-cache" / "bodies.sqlite"
    cache_file.parent.mkdir(parents=True)
    holder = sqlite3.connect(cache_file, isolation_level=None)
    holder.execute("CREATE TABLE other_build (note TEXT)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO other_build VALUES ('still here')")

    with caplog.at_level(logging.WARNING, logger="quillpress"):
        build_ok(blog)

    assert "<em>cached</em>" in blog.read(OUT)
    assert any("cannot be used" in r.getMessage() for r in caplog.records)
    holder.execute("COMMIT")
    holder.close()
    with sqlite3.connect(cache_file) as db:
        assert db.execute("SELECT note FROM other_build").fetchall() == [("still here",)]


def test_caching_a_body_does_not_keep_a_second_copy_of_its_text(make_blog) -> None:
    """SQLite is handed the body's text to store; the body kept in memory must not come
    back carrying an extra UTF-8 copy of it (a big site's bodies held twice over)."""
    blog = make_blog(files={"content/_posts/b.md": post(
        "B", "Crème brûlée au café.\n\n<!-- more -->\n\n" + "Naïve, 東京の夜 and more. " * 200,
        date="2024-01-02")})
    builder = blog.builder()
    build_ok(builder)

    doc = builder.site.posts[0]
    assert doc.rendered is not None
    for name in ("content", "excerpt", "text"):
        held = doc.rendered.__dict__[f"_packed_{name}"]
        assert type(held) is str and not held.isascii()
        fresh = held.encode("utf-8").decode("utf-8")  # the same text without a cached copy
        assert sys.getsizeof(held) == sys.getsizeof(fresh), name
    again = blog.builder()  # and the cache still gives the body back whole
    build_ok(again)
    assert again.site.posts[0].rendered.content == doc.rendered.content


def test_the_body_cache_keeps_sqlites_syncs(tmp_path) -> None:
    """Without them a power loss can leave a body spliced from two posts that SQLite reads
    without an error (quick_check says ok): the page would be wrong until its post changes."""
    from quillpress.build.cache import BodyCache
    from quillpress.model.document import Rendered

    cache = BodyCache(tmp_path / "bodies.sqlite")
    cache.put_many({"a": Rendered(content="<p>a</p>", excerpt="", toc=[], features=[], text="a")})
    assert cache._db is not None
    assert cache._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL, SQLite's default


def test_a_first_builds_cache_file_is_made_by_its_first_write(tmp_path) -> None:
    """Nothing to read in a cache that does not exist yet: the file is made with the first
    bodies put (one commit, not one for the table and one for the rows), and a later build
    reads them."""
    from quillpress.build.cache import BodyCache
    from quillpress.model.document import Rendered

    path = tmp_path / "cache" / "bodies.sqlite"
    first = BodyCache(path)
    assert first.get("a") is None and not path.exists()
    first.put_many({"a": Rendered(content="<p>a</p>", excerpt="", toc=[], features=[], text="a")})
    assert path.exists() and first.get("a").content == "<p>a</p>"
    first.close()
    later = BodyCache(path)
    assert later.get("a").content == "<p>a</p>"
    later.close()


def _leftover_journal(folder: Path, name: str) -> None:
    """The rollback journal a build stopped mid-write leaves beside its cache file: hot,
    holding the old pages of a file that is no longer there."""
    source = folder / "stopped.sqlite"
    db = sqlite3.connect(source, isolation_level=None)
    db.execute("CREATE TABLE old_rows (x TEXT)")
    db.executemany("INSERT INTO old_rows VALUES (?)", [("old " * 100,)] * 100)
    db.execute("BEGIN")
    db.execute("UPDATE old_rows SET x = 'new'")
    journal = (folder / "stopped.sqlite-journal").read_bytes()
    db.execute("ROLLBACK")
    db.close()
    for stale in folder.glob("stopped.sqlite*"):
        stale.unlink()
    (folder / f"{name}-journal").write_bytes(journal)


def test_a_damaged_body_cache_goes_with_its_leftover_journal_and_nothing_else(
        make_blog, caplog: pytest.LogCaptureFixture) -> None:
    """A journal left beside a damaged cache file is the old file's: it is deleted with it,
    so the new file is a clean cache the next build uses; another file in the folder stays."""
    blog = _blog(make_blog)
    folder = blog.root / ".quillpress-cache"
    folder.mkdir(parents=True)
    _leftover_journal(folder, "bodies.sqlite")
    (folder / "bodies.sqlite").write_bytes(b"not a database at all " * 100)
    mine = folder / "bodies.sqlite-notes.txt"
    mine.write_text("a user's file")

    with caplog.at_level(logging.WARNING, logger="quillpress"):
        build_ok(blog)
    assert "<em>cached</em>" in blog.read(OUT)
    assert len(caplog.records) <= 1 and all("\n" not in r.getMessage() for r in caplog.records)
    assert not (folder / "bodies.sqlite-journal").exists()
    caplog.clear()

    with caplog.at_level(logging.WARNING, logger="quillpress"):
        again = build_ok(blog)
    assert again.rendered_docs == 0  # every body came from the new cache
    assert not caplog.records
    assert mine.read_text() == "a user's file"


def test_two_builds_at_once_on_an_empty_cache_lose_no_body(tmp_path) -> None:
    """A dev server and a build at once, both first asking an empty cache file (each then
    answers from memory): each gives back what it rendered, and every body either put
    reaches the file, where the next build finds it."""
    from quillpress.build.cache import BodyCache
    from quillpress.model.document import Rendered

    def body(name: str) -> Rendered:
        return Rendered(content=f"<p>{name}</p>", excerpt="", toc=[], features=[], text=name)

    path = tmp_path / "bodies.sqlite"
    server, build = BodyCache(path), BodyCache(path)
    assert server.get("a") is None and build.get("b") is None  # both found the table empty
    server.put_many({"a": body("a")})
    build.put_many({"b": body("b")})
    assert server.get("a").content == "<p>a</p>"
    assert build.get("b").content == "<p>b</p>"
    server.close()
    build.close()
    later = BodyCache(path)
    assert [later.get(key).content for key in ("a", "b")] == ["<p>a</p>", "<p>b</p>"]
    later.close()


def _rows(cache_file: Path) -> dict[str, int]:
    """Rows of each table of the cache file."""
    with sqlite3.connect(cache_file) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def _retitled(config: str, name: str) -> str:
    """The config of the site `name`: its title, and its `url`, which the bodies' key hashes (a
    title alone gives them no new key)."""
    return config.replace("Test blog", name).replace("example.com", f"{name.lower()}.example.com")


def test_config_edits_do_not_pile_up_bodies_in_the_cache(make_blog) -> None:
    """A config edit bodies read (a new `url`) gives every body a new key. The cache kept each set: at
    1,000 posts it grew 36 MB an edit, for good. What the build cannot reach goes once it
    outweighs what it uses; the set of the config before is kept, so building two configs
    in turn (staging, live) renders nothing."""
    from quillpress.build.cache import TABLE

    blog = make_blog(files={f"content/_posts/p{i}.md": post(f"P{i}", f"Body {i}.") for i in range(3)})
    cache_file = blog.root / ".quillpress-cache" / "bodies.sqlite"
    config = (blog.root / "_config.yml").read_text()
    for title in ("One", "Two", "Three", "Four"):
        (blog.root / "_config.yml").write_text(_retitled(config, title))
        assert build_ok(blog).rendered_docs == 3
        assert _rows(cache_file)[TABLE] <= 9
    (blog.root / "_config.yml").write_text(_retitled(config, "Three"))
    assert build_ok(blog).rendered_docs == 0
    assert "Three" in blog.read("index.html")


def test_an_earlier_versions_body_table_is_dropped(make_blog) -> None:
    """An upgrade that renames the table (`cache.TABLE`) left the old one's rows in the file
    for good; tables that are not the cache's (`other_build`) are not its to drop."""
    from quillpress.build.cache import TABLE

    blog = _blog(make_blog)
    cache_file = blog.root / ".quillpress-cache" / "bodies.sqlite"
    cache_file.parent.mkdir(parents=True)
    with sqlite3.connect(cache_file) as db:
        for name in ("bodies", "bodies_v2", "other_build"):
            db.execute(f"CREATE TABLE {name} (key TEXT PRIMARY KEY, value TEXT)")
            db.execute(f"INSERT INTO {name} VALUES ('k', 'old body')")
    build_ok(blog)
    assert _rows(cache_file) == {TABLE: 1, "other_build": 1}
    assert "<em>cached</em>" in blog.read(OUT)


def test_two_configs_built_in_turn_stay_warm_after_a_post_is_edited(make_blog) -> None:
    """Staging and live built in turn: a post edited between them is the one body either
    renders again. The edited post's older body, one more row than the build used, had
    the other config's whole set deleted: its next build rendered every body again."""
    blog = make_blog(files={f"content/_posts/p{i}.md": post(f"P{i}", f"Body {i}.") for i in range(4)})
    config = (blog.root / "_config.yml").read_text()

    def build(title: str) -> int:
        (blog.root / "_config.yml").write_text(_retitled(config, title))
        return build_ok(blog).rendered_docs

    assert (build("Live"), build("Staging"), build("Live")) == (4, 4, 0)
    for edit in range(2):
        (blog.root / "content/_posts/p0.md").write_text(post("P0", f"Edited {edit}."))
        assert (build("Live"), build("Staging")) == (1, 1)
    assert build("Live") == 0


# A blog's plugin that changes a post's front-matter while its body is rendered: the body is
# filed under the key of the document as it was read, which the next build makes again.
RETAGS = '''
def register(api):
    @api.on("EVENT")
    def retag(doc, ctx, **_):
        doc.front["seen_by_plugin"] = True
'''


@pytest.mark.parametrize("event", ["after_render", "before_render"])
@pytest.mark.parametrize("posts, workers", [(3, 1), (3, 2), (60, 2)],
                         ids=["one process", "too few to fork", "forked workers"])
def test_a_first_builds_bodies_are_found_by_the_next_build(make_blog, posts, workers,
                                                           event) -> None:
    """A first build makes each body's cache key when the body comes back from its worker
    (`Builder._render_documents`), not before the workers fork; a body rendered in the main
    process gets its key before it is rendered, as a plugin may change its document then,
    and before the documents after it are parsed ahead (`before_render` runs for a document
    while the one before it is drawn: `Lookahead`). Either way the next build finds every
    body and renders none."""
    files = {f"content/_posts/p{i}.md": post(f"P{i}", f"Body *{i}*.") for i in range(posts)}
    blog = make_blog(files={**files, "plugins/retag.py": RETAGS.replace("EVENT", event)})
    first = build_ok(blog, workers=workers)
    assert first.rendered_docs == posts
    again = blog.builder(workers=workers)
    again.trust_manifest = False  # past the manifest's no-change shortcut, to the bodies
    assert build_ok(again).rendered_docs == 0
    assert "<em>1</em>" in blog.read("2024/01/02/p1/index.html")
