"""Two things that want one URL are named: tags that slugize alike, posts with one permalink
(both published, the one Hexo keeps at the URL)."""

from __future__ import annotations

import shutil

import pytest

from _tags_html import parse
from quillpress.errors import QuillError
from quillpress.output.writer import Writer
from test_core_cli import cli


def post(title: str, day: int, front: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-0{day}\n{front}---\nbody of {title}\n"


def test_tags_sharing_a_url_are_named_and_both_listed(make_blog):
    blog = make_blog(files={
        "content/_posts/pointers.md": post("Pointers", 1, "tags: [C++]\n"),
        "content/_posts/delegates.md": post("Delegates", 2, "tags:\n  - dotnet\n  - C#\n"),
        "content/_posts/both.md": post("Interop", 3, "tags: [C#, C++]\n")})
    result = blog.build()
    assert result.ok, result.problems.errors
    shared = [w for w in result.problems.warnings if "both become" in w.message]
    assert len(shared) == 1
    assert "tags 'C#' and 'C++' both become /tags/C/" in shared[0].message
    assert shared[0].location in ("content/_posts/pointers.md:4", "content/_posts/both.md:4")
    page = parse(blog.read("tags/C/index.html"))
    titles = sorted(a.text.strip() for a in page.find_all("a") if a.text.strip() in
                    ("Pointers", "Delegates", "Interop"))
    assert titles == ["Delegates", "Interop", "Pointers"]  # each post once, from both tags
    assert "C# / C++" in page.find("title").text


def test_a_tag_or_category_with_no_letter_for_its_url_is_named_at_its_line(make_blog):
    """`.` or `..` slugizes to nothing (hexo-util's rule): the tag's page is /tags//, the
    tags index's file, which it replaces; only "two pages want 'tags/index.html'" said so,
    naming no post."""
    blog = make_blog(files={
        "content/_posts/a.md": post("A", 1, "tags: [ok]\n"),
        "content/_posts/dots.md": post("Dots", 2, "tags: [\".\"]\ncategories: [\"..\"]\n")})
    result = blog.build()
    assert result.ok, result.problems.errors
    named = {(w.location, w.message) for w in result.problems.warnings
             if "no letter or digit" in w.message}
    assert named == {
        ("content/_posts/dots.md:4", "tag '.' has no letter or digit for its URL: its page is "
         "/tags//, the index of its folder, which it replaces"),
        ("content/_posts/dots.md:5", "category '..' has no letter or digit for its URL: its "
         "page is /categories//, the index of its folder, which it replaces")}


def titles_at(blog, rel: str) -> str:
    return parse(blog.read(rel)).find("title").text


def test_two_posts_with_one_id_both_published_the_older_at_hexos_url(make_blog):
    """Hexo writes posts newest first, so the older one replaces the newer at the shared URL;
    here the older keeps it and the newer moves to `-2`, with a warning naming both."""
    blog = make_blog(config={"permalink": ":year/:id/"}, files={
        "content/_posts/spring.md": post("Spring walk", 3, "id: 4\n"),
        "content/_posts/winter.md": post("Winter walk", 1, "id: 4\n"),
        "content/_posts/other.md": post("Other walk", 2, "id: 5\n")})
    result = blog.build()
    assert result.ok, result.problems.errors
    assert "Winter walk" in titles_at(blog, "2024/4/index.html")
    assert "Spring walk" in titles_at(blog, "2024/4-2/index.html")
    assert "Other walk" in titles_at(blog, "2024/5/index.html")
    [warning] = [w for w in result.problems.warnings if "both want the URL" in w.message]
    assert warning.location == "content/_posts/spring.md:4"  # its id: line
    assert warning.message == (
        "content/_posts/winter.md and content/_posts/spring.md both want the URL /2024/4/; "
        "Hexo publishes only _posts/winter.md there, so _posts/spring.md is published at "
        "/2024/4-2/")
    assert "its own `id:` or `permalink:`" in warning.hint
    home = parse(blog.read("index.html"))
    links = {a.attrs.get("href") for a in home.find_all("a")}
    assert {"/2024/4/", "/2024/4-2/", "/2024/5/"} <= links  # all three listed, each at its URL


def test_a_third_post_and_file_permalinks_count_on(make_blog):
    blog = make_blog(files={
        "content/_posts/a.md": post("Alpha", 1, "permalink: notes.html\n"),
        "content/_posts/b.md": post("Beta", 2, "permalink: notes.html\n"),
        "content/_posts/c.md": post("Gamma", 3, "permalink: notes.html\n"),
        "content/_posts/d.md": post("Delta", 4, "permalink: notes-2.html\n")})
    result = blog.build()
    assert result.ok, result.problems.errors
    # Alpha (oldest) keeps notes.html; Delta owns notes-2.html, so the others skip it.
    assert [titles_at(blog, rel).split(" · ")[0] for rel in
            ("notes.html", "notes-2.html", "notes-3.html", "notes-4.html")] == [
        "Alpha", "Delta", "Beta", "Gamma"]
    moved = [w for w in result.problems.warnings if "both want the URL" in w.message]
    assert sorted(w.location for w in moved) == ["content/_posts/b.md:4", "content/_posts/c.md:4"]


def test_moved_post_returns_to_its_url_once_the_other_changes(make_blog):
    blog = make_blog(files={
        "content/_posts/old.md": post("Old", 1, "permalink: same/\n"),
        "content/_posts/new.md": post("New", 2, "permalink: same/\n")})
    assert blog.build().ok
    assert "New" in titles_at(blog, "same-2/index.html")
    blog.write("content/_posts/old.md", post("Old", 1, "permalink: elsewhere/\n"))
    result = blog.build()
    assert result.ok and not [w for w in result.problems.warnings if "both want" in w.message]
    assert "New" in titles_at(blog, "same/index.html")
    assert "Old" in titles_at(blog, "elsewhere/index.html")
    assert not (blog.public / "same-2").exists()  # the moved copy is gone with the clash


def test_strict_build_refuses_two_posts_with_one_url(make_blog):
    blog = make_blog(files={
        "content/_posts/first.md": post("First", 1, "permalink: notes/\n"),
        "content/_posts/second.md": post("Second", 2, "permalink: notes/\n")})
    run = cli("--cwd", str(blog.root), "build", "--strict")
    assert run.returncode == 1
    assert "both want the URL /notes/" in run.stderr and "--strict is on" in run.stderr


def test_comma_list_stays_one_tag_with_a_hint(make_blog):
    blog = make_blog(files={
        "content/_posts/ml.md": post("ML", 1, "tags: machine learning, deep learning\n")})
    result = blog.build()
    assert result.ok
    assert blog.read("tags/machine-learning-deep-learning/index.html")  # Hexo's reading: one tag
    [hint] = [w for w in result.problems.warnings if "comma list" in w.message]
    assert hint.location == "content/_posts/ml.md:4"
    assert "a comma list in one string is one tag" in hint.message
    assert hint.hint == "write a YAML list: `tags: [machine learning, deep learning]`"


def test_a_post_over_a_generated_page_is_named_at_its_permalink_line(make_blog):
    """A post whose permalink is the home page's (or a stylesheet's) URL: the warning names
    the post and its `permalink:` line, so the writer can find which of many it is."""
    blog = make_blog(files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
        "content/_posts/home.md": "---\ntitle: Home\ndate: 2024-01-02\npermalink: /\n---\nx\n"})
    result = blog.build()
    (warning,) = [w for w in result.problems.warnings if "two pages want" in w.message]
    assert (warning.path, warning.line) == ("content/_posts/home.md", 4)


def test_a_file_and_a_folder_of_one_name_are_named_with_their_sources(make_blog):
    """A post at `notes.html` and a page at `notes.html/index.html`: no folder can hold
    both, and the build stopped with 'could not write the site: File exists', naming
    neither. Both sources are named now, at a first build and at a later one, and the
    site of the last good build stays."""
    blog = make_blog(config={"permalink": ":title.html"}, files={
        "content/_posts/notes.md": post("Notes", 1)})
    assert blog.build().ok
    before = blog.read("notes.html")
    blog.write("content/notes.html/index.md", "---\ntitle: Index of notes\n---\nx\n")
    for _ in range(2):  # with the site there, then a first build
        run = cli("build", "--cwd", str(blog.root))
        assert run.returncode == 1 and "File exists" not in run.stderr, run.stderr
        assert ("content/_posts/notes.md makes the file notes.html, and "
                "content/notes.html/index.md makes notes.html/index.html") in run.stderr
        assert "Traceback" not in run.stderr
        if blog.public.exists():
            assert blog.read("notes.html") == before
            shutil.rmtree(blog.public)


@pytest.mark.parametrize("how", ["swap", "streamed", "in place"])
def test_a_page_of_the_last_build_where_a_folder_is_needed_now_makes_way(
        make_blog, monkeypatch, how):
    """The post at `notes.html` moves to `other.html` and a page is made at
    `notes.html/index.html`: the last build's file stood where the folder goes, and every
    build after (`--force` too) stopped with 'could not write the site: File exists',
    where a clean build succeeds. The file is QuillPress's: it makes way, as a clean build."""
    blog = make_blog(config={"permalink": ":title.html"}, files={
        "content/_posts/notes.md": post("Notes", 1)})
    assert blog.build().ok
    blog.write("content/_posts/notes.md", post("Notes", 1, "permalink: other.html\n"))
    blog.write("content/notes.html/index.md", "---\ntitle: Index of notes\n---\nx\n")
    if how == "streamed":  # the change written into a staging folder, not in place
        monkeypatch.setattr(Writer, "BUFFERED_FILES", 0)
    result = blog.build(in_place=how == "in place")
    assert result.ok, [str(error) for error in result.problems.errors]
    assert "Index of notes" in titles_at(blog, "notes.html/index.html")
    assert "Notes" in titles_at(blog, "other.html")
    built = blog.files()
    shutil.rmtree(blog.public)
    assert blog.build().ok and blog.files() == built  # as a clean build


@pytest.mark.parametrize("how", ["first", "swap", "streamed", "in place"])
def test_a_file_route_never_removes_a_folder_another_route_writes_in(
        make_blog, monkeypatch, how):
    """A page at `notes.html` and a post at `notes.html/index.html`, the post written
    first: writing the page removed the folder, and the build succeeded without the post.
    It fails naming both, as in the other order."""
    blog = make_blog(files={"content/_posts/n.md": post("N", 1, "permalink: notes.html/\n")})
    if how != "first":
        assert blog.build().ok
    if how == "streamed":
        monkeypatch.setattr(Writer, "BUFFERED_FILES", 0)
    blog.write("content/notes.md", "---\ntitle: Notes page\n---\nx\n")
    with pytest.raises(QuillError) as failed:
        blog.build(in_place=how == "in place")
    assert failed.value.message == (
        "content/notes.md makes the file notes.html, and content/_posts/n.md makes "
        "notes.html/index.html, in a folder of that name: one path cannot be both")
    if how != "first":  # the last good site stays
        assert "N" in titles_at(blog, "notes.html/index.html")


def test_a_file_of_the_users_where_a_folder_is_needed_is_kept_and_named(make_blog):
    blog = make_blog(files={"content/_posts/n.md": post("N", 1)})
    assert blog.build().ok
    (blog.public / "notes.html").write_text("mine")
    blog.write("content/notes.html/index.md", "---\ntitle: Index of notes\n---\nx\n")
    with pytest.raises(QuillError) as failed:
        blog.build(force=True)
    assert failed.value.message.startswith(
        f"refusing to replace {blog.public / 'notes.html'} with a folder")
    assert (blog.public / "notes.html").read_text() == "mine"


@pytest.mark.timeout(60)
def test_two_posts_whose_urls_differ_only_in_their_query_get_files_of_their_own(make_blog):
    """Posts `a?old.md` and `a?new.md` under `:title/` both want the file `a` (a URL's `?`
    starts a query: Hexo's router writes both there). The `-2` went after the `?`
    (`a?new-2/`, still the file `a`), so the search for a free URL never ended and the
    build hung. Now the newer is published at `/a-2?new/`, the file `a-2`."""
    blog = make_blog(config={"permalink": ":title/"}, files={
        "content/_posts/a?old.md": post("Old", 1),
        "content/_posts/a?new.md": post("New", 2)})
    result = blog.build()
    assert result.ok, result.problems.errors
    assert "body of Old" in blog.read("a") and "body of New" in blog.read("a-2")
    [warning] = [w for w in result.problems.warnings if "is published at" in w.message]
    assert warning.message.endswith("is published at /a-2?new/")
    # the shared file, not one of the two URLs as if both wanted it
    assert "(/a?old/ and /a?new/) both make the file a," in warning.message
    assert "/a-2?new/" in {a.attrs.get("href") for a in parse(blog.read("index.html")).find_all("a")}
