"""The search index: what the dialog can find, and nothing it should not; its buckets, and
that an edit re-encodes only the buckets of the terms it changed."""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import search_entries as index
from plugins.search.index import GROUP
from plugins.search.shards import FLAGS, Postings, bucket_of, document_columns, packed, term_counts
from quillpress.build import builder
from quillpress.errors import QuillError
from quillpress.output.ownership import RECORD


FILES = {
    "content/_posts/alpha.md": "---\ntitle: Alpha <script>x</script>\ndate: 2024-02-01\n"
                               "tags: [Python, 编程]\ncategories: [Guides, Deep]\n---\n"
                               "# Heading\n\nSome **bold** text & more. 中文内容在这里。\n",
    "content/_posts/beta.md": "---\ntitle: Beta\ndate: 2024-02-02\n---\nBeta body.\n",
    "content/_posts/secret.md": "---\ntitle: Secret\ndate: 2024-02-03\nsearch: false\n---\nHidden.\n",
    "content/about/index.md": "---\ntitle: About\n---\nAbout me.\n",
}


def test_posts_newest_first_with_plain_text_and_taxonomies(make_blog):
    blog = make_blog(files=FILES)
    assert blog.build().ok
    entries = index(blog)
    assert [e["title"] for e in entries] == ["Beta", "Alpha <script>x</script>"]
    alpha = entries[1]
    assert alpha["url"] == "/2024/02/01/alpha/"
    assert alpha["date"] == "2024-02-01"
    assert alpha["tags"] == ["Python", "编程"]
    assert alpha["categories"] == ["Guides / Deep"]
    assert alpha["text"] == "Heading Some bold text & more. 中文内容在这里。"  # no tags, no markup
    assert (blog.public / alpha["url"].lstrip("/") / "index.html").is_file()


def test_pages_root_sub_path_and_trimming(make_blog):
    files = dict(FILES, **{"content/_posts/long.md": "---\ntitle: Long\ndate: 2024-01-01\n---\n"
                                                     + "lorem ipsum " * 500 + "\n"})
    blog = make_blog(config={"root": "/docs/", "search": {"field": "all", "content_limit": 100}},
                     files=files)
    assert blog.build().ok
    entries = {e["title"]: e for e in index(blog)}
    assert entries["About"]["url"] == "/docs/about/index.html"
    assert entries["Beta"]["url"] == "/docs/2024/02/02/beta/"
    assert 90 <= len(entries["Long"]["text"]) <= 100 and entries["Long"]["text"].endswith(("lorem", "ipsum"))
    page = blog.read("index.html")
    assert 'data-index="/docs/search.json"' in page
    links = re.findall(r'(?:href|src)="/docs/(js/qp-search/[^"]+)"', page)
    assert [re.sub(r"\.[0-9a-f]{8}\.", ".<hash>.", link) for link in links] == [
        "js/qp-search/qp-search.<hash>.css", "js/qp-search/qp-search.<hash>.js"]
    assert sorted(f for f in blog.files() if f.startswith("js/qp-search/")) == sorted(links)


def test_titles_only_index_and_switching_off(make_blog):
    blog = make_blog(config={"search": {"content": False}}, files=FILES)
    assert blog.build().ok
    assert all("text" not in e for e in index(blog))
    off = make_blog(config={"search": False}, files=FILES)
    assert off.build().ok
    assert "search.json" not in off.files()
    assert "qp-search" not in off.read("index.html")


def test_dialog_labels_follow_the_site_language(make_blog):
    blog = make_blog(config={"language": "zh-CN"}, files=FILES)
    assert blog.build().ok
    assert 'placeholder="搜索文章…"' in blog.read("index.html")


def test_bad_settings_are_named(make_blog):
    with pytest.raises(QuillError, match="`search.field` must be one of post, page, all"):
        make_blog(config={"search": {"field": "everything"}}).build()
    with pytest.raises(QuillError, match="`search.path` cannot be 'index.txt'"):
        make_blog(config={"search": {"path": "index.txt"}}).build()


def test_hexo_generator_search_settings_build_a_json_index(make_blog):
    """`search: {path: search.xml, field: post}` (hexo-generator-search's keys) builds, with
    one warning naming the line: the index is JSON, at search.json."""
    blog = make_blog(config={"search": {"path": "search.xml", "field": "post"}}, files=FILES)
    result = blog.build()
    assert result.ok
    assert [f"{w.path}:{w.line}: {w.message}" for w in result.problems.warnings] == [
        "_config.yml:3: `search.path: search.xml` is hexo-generator-search's XML index; "
        "QuillPress's search reads JSON, so it writes search.json"]
    assert "search.json" in blog.files() and "search.xml" not in blog.files()
    assert [entry["title"] for entry in index(blog)][0] == "Beta"


@pytest.mark.parametrize("once", [False, True], ids=["serve", "build-command"])
def test_a_rebuild_after_an_edit_updates_the_index(make_blog, once):
    """Also with a builder that builds once (the `build` command, which lets go of the
    postings after its pages): should it build again, the index is still whole."""
    blog = make_blog(files=FILES)
    builder = blog.builder(trust_manifest=once)
    assert builder.build().ok
    before = index(blog)
    blog.write("content/_posts/beta.md", "---\ntitle: Beta renamed\ndate: 2024-02-02\n---\nNew words.\n")
    assert builder.build().ok
    after = {e["url"]: e for e in index(blog)}
    assert after["/2024/02/02/beta/"]["title"] == "Beta renamed"
    assert after["/2024/02/02/beta/"]["text"] == "New words."
    assert after["/2024/02/01/alpha/"] == before[1]  # the untouched post is unchanged
    assert postings(blog, "new") == {1: FLAGS[1]} and postings(blog, "python") != {}


def postings(blog, term: str) -> dict[int, str]:
    """id → flag character of `term`, read from the bucket the dialog would fetch for it."""
    meta = json.loads(blog.read("search.json"))
    bucket = json.loads(blog.read(f"search/t{bucket_of(term, len(meta['buckets']))}.json"))["terms"]
    if term not in bucket:
        return {}
    gaps, flags = bucket[term]
    ids = [sum(gaps[:i + 1]) for i in range(len(gaps))]
    return dict(zip(ids, flags))


def test_index_shape_buckets_and_flags(make_blog):
    blog = make_blog(files=FILES)
    assert blog.build().ok
    meta = json.loads(blog.read("search.json"))
    versions = {"buckets": meta.pop("buckets"), "files": meta.pop("files")}
    assert meta == {"version": 4, "docs": 2, "group": GROUP, "dir": "search/"}
    assert sorted(f for f in blog.files() if f.startswith("search/")) == sorted(
        [f"search/t{n}.json" for n in range(8)] + ["search/g0.json"])
    # each file holds the version the manifest names for it, and changes with its content
    held = {"buckets": [json.loads(blog.read(f"search/t{n}.json"))["v"] for n in range(8)],
            "files": [json.loads(blog.read("search/g0.json"))["v"]]}
    assert held == versions and all(re.fullmatch("[0-9a-f]{8}", v) for v in held["buckets"])
    assert len(set(held["buckets"])) == 8
    # ids count from the oldest: alpha is 0, beta 1
    assert postings(blog, "beta") == {1: FLAGS[1 + 20]}  # once in the text, title's first word
    alpha = {"python": FLAGS[30], "编程": FLAGS[30], "中文": FLAGS[1], "中": FLAGS[1],
             "heading": FLAGS[1], "alpha": FLAGS[20], "script": FLAGS[10]}
    assert {t: postings(blog, t) for t in alpha} == {t: {0: f} for t, f in alpha.items()}
    assert postings(blog, "hidden") == {}  # `search: false`


@pytest.mark.parametrize("fresh", [False, True], ids=["serve", "new process"])
def test_an_edit_re_encodes_only_the_buckets_of_its_terms(make_blog, monkeypatch, fresh):
    """The dev server's builder keeps the postings; a new `build` process reads the others
    back from the render cache. Either way only the buckets the edit changed are made."""
    blog = make_blog(files=FILES)
    builder = blog.builder()
    assert builder.build().ok

    def buckets() -> dict[str, str]:
        return {f: blog.read(f) for f in blog.files() if f.startswith("search/t")}
    before = buckets()
    made: list[int] = []
    loaded = sys.modules["quillpress_plugin_search.shards"].Postings  # as the loader named it
    encoded = loaded.encoded
    monkeypatch.setattr(loaded, "encoded", lambda self, n: made.append(n) or encoded(self, n))
    blog.write("content/_posts/beta.md", "---\ntitle: Beta renamed\ndate: 2024-02-02\n---\nNew words.\n")
    assert (blog.builder() if fresh else builder).build().ok
    after = buckets()
    changed = {f for f in after if after[f] != before[f]}
    touched = {"beta", "body", "renamed", "new", "words"}  # "beta" left the text
    assert changed == {f"search/t{bucket_of(t, 8)}.json" for t in touched}
    assert {f"search/t{n}.json" for n in made} == changed
    assert postings(blog, "renamed") == {1: FLAGS[10]} and postings(blog, "body") == {}
    assert postings(blog, "beta") == {1: FLAGS[20]}


def test_a_new_post_takes_the_next_id_and_changes_only_the_last_file(make_blog):
    """A full file of documents stays as it was; the new post joins the last one."""
    files = {f"content/_posts/p{n}.md": f"---\ntitle: Post {n}\ndate: 2024-02-{n + 1:02d}\n---\nx\n"
             for n in range(GROUP + 1)}
    blog = make_blog(files=files)
    builder = blog.builder()
    assert builder.build().ok
    full = blog.read("search/g0.json")
    blog.write("content/_posts/new.md", "---\ntitle: New\ndate: 2024-03-01\n---\nLatest.\n")
    assert builder.build().ok
    assert blog.read("search/g0.json") == full
    assert [e["title"] for e in json.loads(blog.read("search/g1.json"))["entries"]] == [
        f"Post {GROUP}", "New"]
    assert [e["title"] for e in index(blog)][:2] == ["New", f"Post {GROUP}"]


def files_of(folder: Path) -> dict[str, bytes]:
    """A built site's files and their bytes (QuillPress's record of them left out)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != RECORD}


def many_posts(count: int) -> dict[str, str]:
    """Posts enough for forked workers (bodies and pages), with shared tags and words."""
    return {f"content/_posts/p{n:03d}.md":
            f"---\ntitle: Post {n}\ndate: 2024-01-01 10:{n // 60:02d}:{n % 60:02d}\n"
            f"tags: [t{n % 7}]\n---\nWords w{n} and topic{n % 9} 共享文本{n % 5}.\n"
            for n in range(count)}


def one_process_site_then_a_first_build_due(blog, monkeypatch, *, keep_site: bool = False
                                            ) -> dict[str, bytes]:
    """The files a one-process build writes, then the blog made ready for a first two-worker
    build whose fingerprints are worked out in a child (even for a small site): its cache
    gone, and its output too unless `keep_site`."""
    assert blog.build(workers=1, trust_manifest=True).ok
    alone = files_of(blog.public)
    if not keep_site:
        shutil.rmtree(blog.public)
    shutil.rmtree(blog.root / ".quillpress-cache")
    monkeypatch.setattr(builder, "PRINT_CHILD_FROM", 1)
    return alone


@pytest.mark.parametrize("site", ["new", "kept"])
@pytest.mark.parametrize("child", ["works", "dies after writing"])
def test_a_first_build_makes_the_buckets_beside_the_pages_as_one_process_does(
        make_blog, monkeypatch, tmp_path, child, site):
    """A first `build` of two workers fills the postings once, in the child that works out
    the pages' fingerprints, which makes and writes every bucket beside the pages: the site
    is the one a one-process build writes. A child that dies after writing them is replaced
    by the same work in the main process, over the files it left. Over a site that is kept
    (only the build state gone) the child sends the buckets' bytes back instead, to be
    compared with the live files and claimed as any page is."""
    blog = make_blog(config={"updated_option": "date"}, files=many_posts(120))
    alone = one_process_site_then_a_first_build_due(blog, monkeypatch, keep_site=site == "kept")
    fills = tmp_path / "fills"
    loaded = sys.modules["quillpress_plugin_search.shards"].Postings  # as the loader named it
    fill = loaded._fill

    def noted(self, docs):
        with fills.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return fill(self, docs)
    monkeypatch.setattr(loaded, "_fill", noted)
    main = os.getpid()
    if child == "dies after writing":
        made_together = builder._made_together

        def dying(*args):
            made = made_together(*args)
            if os.getpid() != main:
                os._exit(1)
            return made
        monkeypatch.setattr(builder, "_made_together", dying)
    assert blog.build(workers=2, trust_manifest=True).ok
    assert files_of(blog.public) == alone
    filled_in = [int(pid) for pid in fills.read_text().split()]
    assert len(filled_in) == (1 if child == "works" else 2) and filled_in[0] != main
    assert filled_in[1:] in ([], [main])


def test_terms_from_workers_and_the_cache_give_a_clean_builds_files(make_blog, tmp_path):
    """Each body's term counts are made in the render workers and kept in the render cache,
    the buckets encoded by the page workers: a fresh build after one post's text changed,
    reading every other post's terms back from the cache, writes what a clean build does
    in a single process (search files, and the related lists in the post pages)."""
    config = {"updated_option": "date"}  # no file times in the pages
    blog = make_blog(config=config, files=many_posts(120))
    assert blog.build(workers=2).ok
    edited = "---\ntitle: Post 7\ndate: 2024-01-01 10:00:07\ntags: [t0]\n---\nFresh 词语 topic3.\n"
    blog.write("content/_posts/p007.md", edited)
    incremental = blog.build(workers=2)
    assert incremental.ok and incremental.rendered_docs == 1
    clean = tmp_path / "clean"
    assert blog.build(use_cache=False, overrides={"public_dir": str(clean)}).ok
    expected, got = files_of(clean), files_of(blog.public)
    assert sorted(got) == sorted(expected)
    assert [rel for rel in expected if got[rel] != expected[rel]] == []
    assert postings(blog, "fresh") == {7: FLAGS[1]} and postings(blog, "w7") == {}


def test_term_counts_split_latin_words_and_cjk_runs():
    """Words are split at anything not a letter or digit (an underscore too); each CJK run
    counts its characters and each pair of neighbours, never a pair across two runs."""
    counts = term_counts("Snake_case x2, X2! 并发编程，并发。カナ 한국")
    assert counts == {"snake": 1, "case": 1, "x2": 2,
                      "并": 2, "发": 2, "编": 1, "程": 1, "并发": 2, "发编": 1, "编程": 1,
                      "カ": 1, "ナ": 1, "カナ": 1, "한": 1, "국": 1, "한국": 1}


def test_term_counts_on_random_texts_match_a_count_one_character_at_a_time():
    """Runs of one character (no pair), runs side by side across punctuation, kana, Hangul
    and Latin words: the counts are those of the plain definition, run by run."""
    import random
    import re
    from collections import Counter
    rng = random.Random(29)
    alphabet = "并发编程字カナ한국ab1_ ，。!"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        expected: Counter[str] = Counter(re.findall(r"[^\W_并发编程字カナ한국]+", text.lower()))
        for run in re.findall("[并发编程字カナ한국]+", text):
            expected.update(run)
            expected.update(run[at:at + 2] for at in range(len(run) - 1))
        assert term_counts(text) == expected, text


def test_neighbour_pairs_of_any_runs_are_each_runs_pairs():
    """plugin_api's `neighbour_pairs` (the search terms' and related posts' CJK pairs) gives
    every run's pairs and none across two runs, for runs of any characters a plugin may hand
    it: ASCII and Latin letters, characters beyond the BMP, a lone surrogate, NUL, U+001F;
    short runs (a title's) and long ones (a post's), which are cut each their own way."""
    import random
    from quillpress.plugin_api import neighbour_pairs
    rng = random.Random(29)
    alphabet = ["并", "发", "カ", "한", "a", "?", "é", "\U0001f600", "\ud835", "\0", "\x1f"]
    for _ in range(3000):
        runs = ["".join(rng.choices(alphabet[:rng.choice((4, 7, 11))],
                                    k=rng.randrange(rng.choice((5, 50)))))
                for _ in range(rng.randrange(4))]
        assert list(neighbour_pairs(runs)) == [
            run[at:at + 2] for run in runs for at in range(len(run) - 1)], runs


def test_document_columns_flag_counts_title_and_labels():
    """A term's flag is its count in the text (capped at 9), plus 10 in the title (20 as the
    title's first word) and 30 in a tag or category name; the title's and names' terms come
    after the text's, sorted (CJK names give their characters and pairs), with a count
    of 0 when the text lacks them."""
    text = "zeta " * 12 + "alpha beta gamma beta 编程"
    terms, flags = document_columns("Beta release", ["gamma", "编程 notes"], text)
    assert list(zip(terms.split("\n"), flags)) == [
        ("zeta", FLAGS[9]), ("alpha", FLAGS[1]),
        ("beta", FLAGS[2 + 20]), ("gamma", FLAGS[1 + 30]), ("notes", FLAGS[30]),
        ("release", FLAGS[10]), ("程", FLAGS[1 + 30]), ("编", FLAGS[1 + 30]),
        ("编程", FLAGS[1 + 30])]
    assert document_columns("Beta", [], None) == ["beta", FLAGS[20]]
    assert document_columns("", [], "") == ["", ""]


def _columns(packed: str) -> list[str]:
    """Columns from "term then flag" lines, as a test writes them."""
    lines = packed.split("\n") if packed else []
    return ["\n".join(line[:-1] for line in lines), "".join(line[-1] for line in lines)]


def test_postings_brought_up_to_date_by_edits_equal_postings_made_afresh():
    """The dev server edits the postings in place (a term gone, a flag changed, a term new
    to the blog, a post added or emptied); its buckets must be the files a first build of
    the same posts writes, byte for byte."""
    before = ["alpha1\nbeta2\n编程5", "beta1\ngamma3", "alpha9\ndelta1", ""]
    after = ["alpha1\n编程7", "beta1\ngamma3\nomega2", "", "alpha4", "gamma1\nalpha2"]
    edited, fresh = Postings(), Postings()
    edited.update([_columns(flags) for flags in before])
    dirty = edited.update([_columns(flags) for flags in after])
    fresh.update([_columns(flags) for flags in after])
    assert [edited.encoded(n) for n in range(8)] == [fresh.encoded(n) for n in range(8)]
    assert [edited.digest(n) for n in range(8)] == [fresh.digest(n) for n in range(8)]
    changed = {bucket_of(t, 8) for t in ("beta", "编程", "omega", "alpha", "delta", "gamma")}
    assert dirty == changed
    alpha = json.loads(fresh.encoded(bucket_of("alpha", 8)))["alpha"]
    assert alpha == [[0, 3, 1], "142"]  # ids 0, 3, 4 as gaps, and each posting's flag


def test_document_ids_past_one_and_two_bytes_read_back_from_a_bucket():
    """A posting keeps its document id in three bytes: ids past 255 and 65,535 come back
    from the bucket file as the gaps the dialog adds up, each with its own flag."""
    ids = [0, 255, 256, 65_535, 65_536, 70_000]
    docs = [_columns("")] * (ids[-1] + 1)
    for doc_id, flag in zip(ids, "123456"):
        docs[doc_id] = _columns(f"alpha{flag}")
    postings = Postings()
    postings.update(docs)
    gaps, flags = json.loads(postings.encoded(bucket_of("alpha", postings.buckets)))["alpha"]
    assert (list(itertools.accumulate(gaps)), flags) == (ids, "123456")


def test_postings_filled_in_parts_equal_postings_filled_at_once(monkeypatch):
    """A first one-off build fills part of its postings in the main process while a child
    ranks the related posts, and the rest where a bucket is first asked for: the buckets
    are those of one fill, whatever the part (none, some, all)."""
    monkeypatch.setattr(sys.modules[Postings.__module__], "FILL_STEP", 2)
    docs = [_columns(flags) for flags in
            ["alpha1\nbeta2\n编程5", "beta1\ngamma3", "", "alpha9\ndelta1", "alpha4", "gamma1\nalpha2"]]
    whole = Postings()
    whole.update(docs)
    for looks in (0, 1, 2, 3, 10):
        parts = Postings()
        parts.fill_later(docs)
        parts.fill_while(functools.partial(next, iter([True] * looks), False))
        assert parts.filled == min(2 * looks, len(docs))
        assert [parts.digest(n) for n in range(8)] == [whole.digest(n) for n in range(8)]
        assert [parts.encoded(n) for n in range(8)] == [whole.encoded(n) for n in range(8)]


def test_postings_filled_again_after_every_document_went():
    """In `serve`, when every searched document is removed and a new one written, the
    buckets are those of a first build of the new one: the removed terms are forgotten."""
    edited, fresh = Postings(), Postings()
    edited.update([_columns("alpha1\nbeta2")])
    assert edited.update([]) == {bucket_of("alpha", 8), bucket_of("beta", 8)}
    edited.update([_columns("gamma1")])
    fresh.update([_columns("gamma1")])
    assert [edited.encoded(n) for n in range(8)] == [fresh.encoded(n) for n in range(8)]
    assert [edited.digest(n) for n in range(8)] == [fresh.digest(n) for n in range(8)]


@pytest.mark.parametrize("in_place", [False, True], ids=["build", "serve"])
def test_a_site_built_with_one_file_per_document_loses_those_files_and_keeps_the_users(
        make_blog, in_place):
    """A site an earlier QuillPress built with an entry file per document (search/d<id>.json,
    the manifest's version 2) and a script without a hash in its name, built again: its d
    files and the old script go, the grouped files come, and a file of the user's in search/
    or beside the script stays, whatever its name."""
    from quillpress.output.ownership import Record, read_record, write_record

    blog = make_blog(files=FILES)
    old = {"search.json": '{"version":2,"docs":2,"buckets":8,"dir":"search/"}',
           "search/d0.json": "{}", "search/d1.json": "{}", "search/t0.json": "{}",
           "js/qp-search/qp-search.js": "", "js/qp-search/qp-search.css": ""}
    for rel, text in old.items():
        (blog.public / rel).parent.mkdir(parents=True, exist_ok=True)
        (blog.public / rel).write_text(text)
    write_record(blog.public, Record(set(old)))
    (blog.public / "search" / "d7.json").write_text("mine")
    (blog.public / "js" / "qp-search" / "mine.js").write_text("mine")
    assert blog.build(in_place=in_place).ok
    search = sorted(f for f in blog.files() if f.startswith("search/"))
    assert search == sorted([f"search/t{n}.json" for n in range(8)] + ["search/g0.json", "search/d7.json"])
    assert blog.read("search/d7.json") == "mine" and json.loads(blog.read("search.json"))["version"] == 4
    scripts = sorted(f for f in blog.files() if f.startswith("js/qp-search/"))
    assert len(scripts) == 3 and "js/qp-search/mine.js" in scripts
    assert not {"js/qp-search/qp-search.js", "js/qp-search/qp-search.css"} & set(scripts)
    record = read_record(blog.public)
    assert record is not None and not {"search/d7.json", "js/qp-search/mine.js"} & record.files


@pytest.mark.parametrize("in_place", [False, True], ids=["build", "serve"])
def test_deleted_posts_shift_the_files_of_entries_as_a_clean_build_lays_them(
        make_blog, tmp_path, in_place):
    """Deleting the oldest post moves every later id down one (each file of entries holds
    other posts), deleting the newest ones leaves fewer files, and an edit changes one
    file's version in the manifest: the kept builder (a dev server) or the next build writes
    the search files a clean build does, no file left over."""
    files = {f"content/_posts/p{n}.md": f"---\ntitle: Post {n}\ndate: 2024-02-{n + 1:02d}\n---\n"
             f"Words w{n}.\n" for n in range(3 * GROUP + 1)}
    blog = make_blog(files=files)
    builder = blog.builder(in_place=in_place)
    assert builder.build().ok
    for n in (0, *range(2 * GROUP, 3 * GROUP + 1)):
        (blog.root / f"content/_posts/p{n}.md").unlink()
    assert builder.build().ok
    versions = json.loads(blog.read("search.json"))["files"]
    blog.write("content/_posts/p2.md", "---\ntitle: Post 2\ndate: 2024-02-03\n---\nOther words.\n")
    assert builder.build().ok
    assert json.loads(blog.read("search.json"))["files"] != versions
    clean = tmp_path / "clean"
    assert blog.build(use_cache=False, overrides={"public_dir": str(clean)}).ok

    def search_files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file() and "search" in p.name + p.parent.name}
    assert search_files(blog.public) == search_files(clean)
    assert [e["title"] for e in index(blog)] == [f"Post {n}" for n in reversed(range(1, 2 * GROUP))]


def test_a_first_build_that_fills_part_of_its_postings_here_makes_a_one_process_site(
        make_blog, monkeypatch):
    """While a child ranks the related posts (`Background.busy`), a first two-worker build
    fills the postings of its oldest posts in the main process; the child that works out
    the fingerprints fills the rest and makes the buckets: the site is the one a
    one-process build writes."""
    from quillpress.build.background import Background

    blog = make_blog(config={"updated_option": "date"}, files=many_posts(120))
    alone = one_process_site_then_a_first_build_due(blog, monkeypatch)
    shards = sys.modules["quillpress_plugin_search.shards"]  # as the loader named it
    monkeypatch.setattr(shards, "FILL_STEP", 50)
    looks = iter([True, False])
    monkeypatch.setattr(Background, "busy", staticmethod(lambda: next(looks, False)))
    appended: list[tuple[int, int]] = []
    append = shards.Postings._append

    def noted(self, docs, end):
        if os.getpid() == main:
            appended.append((self.filled, min(end, len(docs))))
        return append(self, docs, end)
    monkeypatch.setattr(shards.Postings, "_append", noted)
    main = os.getpid()
    assert blog.build(workers=2, trust_manifest=True).ok
    assert appended == [(0, 50)]  # the rest, in the child
    assert files_of(blog.public) == alone


def test_a_fingerprint_child_that_fails_after_writing_the_postings_is_redone_here(
        make_blog, monkeypatch) -> None:
    """The child that works out a first build's fingerprints writes the search postings
    (`together` routes) straight into the staging folder; when it fails after, its work is
    redone here, over the files it left: the site is the one a one-process build writes."""
    blog = make_blog(config={"updated_option": "date"}, files=many_posts(60))
    alone = one_process_site_then_a_first_build_due(blog, monkeypatch)
    made_together = builder._made_together
    main = os.getpid()
    written: list[int] = []

    def then_fail(*args):
        made = made_together(*args)
        if os.getpid() != main:
            os._exit(1)  # the files are in the staging folder already
        written.append(len(made))
        return made
    monkeypatch.setattr(builder, "_made_together", then_fail)
    result = blog.build(workers=2, trust_manifest=True)
    assert result.ok, [str(error) for error in result.problems.errors]
    assert written and written[0] > 0  # redone here, over the child's files
    assert files_of(blog.public) == alone


def _bucket_by_json(docs: list[list[str]], buckets: int, number: int) -> bytes:
    """A bucket's bytes as `json.dumps` writes them: {term: [[id gaps], "flags"]}, sorted."""
    postings: dict[str, list[tuple[int, str]]] = {}
    for doc_id, (terms, flags) in enumerate(docs):
        for term, flag in zip(terms.split("\n") if flags else (), flags):
            postings.setdefault(term, []).append((doc_id, flag))
    body = {}
    for term in sorted(postings):
        if bucket_of(term, buckets) == number:
            ids = [doc_id for doc_id, _ in postings[term]]
            body[term] = [[b - a for a, b in zip([0, *ids], ids)],
                          "".join(flag for _, flag in postings[term])]
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_buckets_on_random_postings_are_the_bytes_json_writes():
    """Random blogs (no documents, one, hundreds; a term in one document or in all, so gaps
    of 1 and of hundreds; Latin, accented, CJK and digit terms; every flag): each bucket's
    bytes are those `json.dumps` writes, after a first fill and after edits."""
    import random
    rng = random.Random(32)
    words = ["alpha", "beta", "é", "straße", "42", "x9", "编", "编程", "한국", "カナ", "Ω"]
    for _ in range(120):
        count = rng.choice([0, 1, 2, rng.randrange(300)])
        docs = []
        for _doc in range(count):
            terms = rng.sample(words, rng.choice([0, 1, len(words), rng.randrange(len(words))]))
            docs.append(["\n".join(terms), "".join(rng.choice(FLAGS) for _ in terms)])
        fresh, edited = Postings(), Postings()
        fresh.update(docs)
        edited.update([docs[i] for i in rng.sample(range(count), count)] + docs[:rng.randrange(3)])
        edited.update(docs)
        for number in range(fresh.buckets):
            expected = _bucket_by_json(docs, fresh.buckets, number)
            assert fresh.encoded(number) == expected
            assert edited.encoded(number) == expected


def test_every_term_the_index_makes_reads_back_from_its_bucket_as_json():
    """A bucket's terms are written without JSON's escapes, which the tokeniser's terms
    (letters, digits, CJK) never need: text, title and names holding every code point,
    quotes, backslashes, control characters and lone surrogates among them, give terms
    the dialog's JSON.parse reads back whole."""
    every = " ".join(map(chr, range(0x110000)))
    text = every + ' a"b c\\d e\x01f \ud800g 静"态\\网\x00站 "编程" '
    doc = document_columns('Title "quoted" \\ back\x1fslash', ['tag"1', "cat\\2", "\udfff"], text)
    postings = Postings()
    postings.update([doc])
    read: dict[str, list[object]] = {}
    for number in range(postings.buckets):
        read.update(json.loads(postings.encoded(number).decode("utf-8")))
    assert read == {term: [[0], flag] for term, flag in packed(doc).items()}
    assert {"a", "b", "静", "编程", "quoted", "tag", "1", "cat", "2"} <= read.keys()


def test_id_gaps_cut_from_postings_up_to_the_largest_id_a_posting_holds():
    """A posting holds its document id in three bytes: gaps cut from postings whose ids reach
    2**24 - 1 (every id byte 0xff), cross 2**16 and 2**23, follow one another (a gap of 1)
    or stand alone, are each id less the one before, with each posting's flag."""
    import random
    from array import array
    from plugins.search.shards import POSTING, _gaps_and_flags
    rng = random.Random(32)
    top = 2**24 - 1
    for _ in range(300):
        ids = sorted(rng.sample(range(top + 1), rng.choice([1, 2, rng.randrange(1, 400)])))
        ids = sorted({*ids, *rng.choice([(), (top,), (0, top), (2**16 - 1, 2**16, 2**23, top)])})
        flags = "".join(rng.choice(FLAGS) for _ in ids)
        gaps, cut = _gaps_and_flags(array(POSTING, [i << 8 | ord(f) for i, f in zip(ids, flags)]))
        assert (list(gaps), cut) == ([b - a for a, b in zip([0, *ids], ids)], flags)
    assert _gaps_and_flags(array(POSTING)) == (array("i"), "")
