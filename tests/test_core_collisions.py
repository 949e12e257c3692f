"""Two things that want one URL are named: tags that slugize alike, posts with one permalink."""

from __future__ import annotations

from _tags_html import parse


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


def test_two_posts_with_one_permalink_is_an_error_naming_both(make_blog):
    blog = make_blog(files={
        "content/_posts/first.md": post("First", 1, "permalink: notes/\n"),
        "content/_posts/second.md": post("Second", 2, "permalink: notes/\n")})
    result = blog.build()
    assert not result.ok
    [error] = result.problems.errors
    assert error.location == "content/_posts/second.md:4"  # its permalink: line
    assert ("content/_posts/first.md and content/_posts/second.md both want the URL "
            "/notes/index.html" in error.message)
    assert not blog.public.exists()  # nothing half-built is left


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
