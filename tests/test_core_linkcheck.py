"""Every internal link and image of the built site is checked, offline, with its source line."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from quillpress.builder import Builder
from quillpress.output.guess import Guesser
from quillpress.output.linkcheck import LinkChecker, LinkReader, Shown, read_page
from tests.conftest import REPO, post
from tests.test_core_cli import cli

FIXTURE = REPO / "tests/fixtures/broken_links"


def copy_fixture(tmp_path: Path) -> Path:
    blog = tmp_path / "blog"
    shutil.copytree(FIXTURE, blog)
    return blog


def link_warnings(result) -> list[str]:
    return sorted(str(w) for w in result.problems.warnings if w.message.startswith("link to a"))


def test_demo_has_no_broken_link(demo_site) -> None:
    _, _, result = demo_site
    assert link_warnings(result) == []


def test_five_known_broken_links_found_with_their_lines(tmp_path: Path) -> None:
    blog = copy_fixture(tmp_path)
    result = Builder(blog, workers=1).build()
    assert result.ok
    found = link_warnings(result)
    assert len(found) == 5, "\n".join(found)
    expected = [
        ("content/_posts/follow-up.md:10", "'/2024/01/01/gpu-notes/#summary'", "no element has that id"),
        ("content/_posts/gpu-notes.md:7", "'gpu-utilizaton.png'",
         "did you mean /2024/01/01/gpu-notes/gpu-utilization.png?"),
        ("content/_posts/gpu-notes.md:13", "'../images/arch.png'", "(no /2024/01/01/images/arch.png)"),
        ("content/_posts/gpu-notes.md:16", "'/2024/01/03/never-written/'",
         "did you mean /2024/01/01/gpu-notes/index.html?"),
        ("content/_posts/gpu-notes.md:18", "'#reading-the-grahp'", "did you mean #reading-the-graph?"),
    ]
    by_place = {line.split(": link")[0]: line for line in found}
    assert sorted(by_place) == sorted(place for place, _, _ in expected)
    for place, link, hint in expected:
        line = by_place[place]
        assert link in line and hint in line, line


def test_strict_fails_on_a_broken_link(tmp_path: Path) -> None:
    blog = copy_fixture(tmp_path)
    run = cli("--cwd", str(blog), "build", "--strict")
    assert run.returncode == 1
    assert "link to a missing file" in run.stderr and "--strict is on" in run.stderr


def test_external_and_working_links_pass(make_blog) -> None:
    blog = make_blog(config={"root": "/blog/"}, files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n"
                               "[far](https://example.org/nowhere) [mail](mailto:a@b.c) "
                               "[home](/blog/) [b](/blog/2024/01/02/b/) [other site](/elsewhere/)\n\n"
                               '<a href=" https://example.org/spaced ">spaces around</a>\n',
        "content/_posts/b.md": "---\ntitle: B\ndate: 2024-01-02\n---\n[a](../../01/a/)\n"})
    result = blog.build()
    assert link_warnings(result) == []


def test_a_link_that_misses_the_sites_root_is_named_with_the_page_it_meant(make_blog) -> None:
    """A blog served below /blog/ whose post links `/2024/01/02/b/` (the page is at
    /blog/2024/01/02/b/) was taken for a link to another site of the host: unchecked, and
    broken once deployed. A path the site does not have is still another site's."""
    blog = make_blog(config={"root": "/blog/"}, files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n"
                               "[b](/2024/01/02/b/) [other site](/elsewhere/) [host](/)\n",
        "content/_posts/b.md": "---\ntitle: B\ndate: 2024-01-02\n---\nb\n"})
    result = blog.build()
    assert [str(w) for w in result.problems.warnings if w.message.startswith("link ")] == [
        "content/_posts/a.md:5: link outside the site's root /blog/: '/2024/01/02/b/' on "
        "/2024/01/01/a/index.html; did you mean /blog/2024/01/02/b/?"]


def test_removed_post_breaks_links_on_pages_not_rendered_again(make_blog) -> None:
    blog = make_blog(files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n[see b](/2024/01/02/b/)\n",
        "content/_posts/b.md": "---\ntitle: B\ndate: 2024-01-02\n---\nb\n"})
    builder = blog.builder(in_place=True)
    assert link_warnings(builder.build()) == []
    (blog.root / "content/_posts/b.md").unlink()
    again = builder.build({blog.root / "content/_posts/b.md"})
    assert [w.split(": link")[0] for w in link_warnings(again)] == ["content/_posts/a.md:5"]


def test_a_theme_link_broken_on_every_page_is_one_warning(make_blog) -> None:
    blog = make_blog(config={"theme_config": {"menu": {"home": "/", "about": "/about/"}}}, files={
        f"content/_posts/p{i}.md": f"---\ntitle: P{i}\ndate: 2024-01-0{i}\n---\nx\n" for i in range(1, 4)})
    result = blog.build()
    found = link_warnings(result)
    assert len(found) == 1, found  # not one per page
    [warning] = [w for w in result.problems.warnings if w.message.startswith("link to a")]
    assert warning.message.startswith("link to a missing file: '/about/' on /")
    assert "more pages (no /about/index.html)" in warning.message
    assert warning.path.startswith("site/") and "theme's menu" in (warning.hint or "")


def test_a_post_whose_url_holds_a_hash_is_named_once_at_its_source(make_blog) -> None:
    """A post file named `C# tips.md`: its URL holds `#`, so every link to it (the home
    page's, its own canonical URL) ends at `/C`, as on Hexo. That was one warning per kind
    of link, at `site/index.html`, with a guess at another page; now one at the post."""
    blog = make_blog(files={"content/_posts/C# tips.md": post("Tips", date="2024-01-01"),
                            "content/_posts/other.md": post("Other", date="2024-01-02")})
    result = blog.build()
    assert link_warnings(result) == []
    [warning] = [w for w in result.problems.warnings if "`#`" in w.message]
    assert warning.path == "content/_posts/C# tips.md"
    assert "/2024/01/01/C# tips/, holds a `#`" in warning.message
    assert "lead to /2024/01/01/C, as on Hexo" in warning.message and "permalink:" in warning.hint


@pytest.mark.parametrize("root", ["/", "/notes/"])
def test_full_urls_of_a_site_under_a_sub_path_resolve(make_blog, root) -> None:
    blog = make_blog(config={"url": "https://me.example.org/notes", "root": root}, files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n"
                               "[self](https://me.example.org/notes/2024/01/01/a/) "
                               "[gone](https://me.example.org/notes/2024/01/09/gone/)\n"})
    result = blog.build()
    found = link_warnings(result)  # canonical links, feeds' full URLs: all found
    assert len(found) == 1 and "'https://me.example.org/notes/2024/01/09/gone/'" in found[0], found


def test_markup_quoted_in_highlighted_code_is_not_a_link(make_blog) -> None:
    """A JavaScript string that builds HTML (`' href="' + url + '"'`) is text in a code block;
    the highlighter leaves its quotes as they are, and it is no link to check."""
    fence = "```js\nhtml += '<a class=\"card\" href=\"' + url + '\" src=\"' + pic + '\">';\n```\n"
    blog = make_blog(files={"content/_posts/code.md": "---\ntitle: Code\ndate: 2024-01-01\n---\n" + fence})
    result = blog.build()
    assert result.ok
    assert link_warnings(result) == []
    assert 'href="' in blog.read("2024/01/01/code/index.html")  # the text is still there


def test_a_broken_link_holding_braces_is_a_warning_with_its_line(make_blog) -> None:
    """A link's path is put into the warning's text, which is filled in later: the braces of
    a tag left in an attribute (`{% nosuch %}`, no tag of that name) stopped the build on an
    unexpected KeyError."""
    blog = make_blog(files={"content/_posts/a.md": post(
        "A", 'A clip:\n<video controls>\n  <source src="{% nosuch clip.mp4 %}">\n</video>\n\n'
             "[next](/{part}/) and [up](/2024/01/02/a/#{x})")})
    result = blog.build()
    assert result.ok
    found = link_warnings(result)
    by_line = {w.split(": link")[0].rsplit(":", 1)[1]: w for w in found}
    assert len(found) == 3 and sorted(by_line) == ["10", "7"], found
    assert "'{% nosuch clip.mp4 %}'" in by_line["7"] and "(no /2024/01/02/a/{% nosuch" in by_line["7"]
    assert "(no /{part}/index.html)" in "".join(found)
    assert "(no #{x} on /2024/01/02/a/index.html)" in "".join(found)


def test_a_missing_anchor_names_the_file_a_pretty_link_reaches(make_blog) -> None:
    """A link without its page's index.html (`/2024/01/02/b#nope`) is judged on the file it
    reaches, and the warning names that file, as before braces were doubled in it."""
    blog = make_blog(files={"content/_posts/a.md": post("A", "[b](/2024/01/02/b#nope)", date="2024-01-01"),
                            "content/_posts/b.md": post("B", "text", date="2024-01-02")})
    [found] = link_warnings(blog.build())
    assert "(no #nope on /2024/01/02/b/index.html)" in found, found


def test_a_page_of_many_broken_links_is_checked_without_a_guess_for_each(make_blog, monkeypatch) -> None:
    """A gallery page of thousands of pictures its repository leaves out took 50 s to check
    (Hexo builds it in 3): each broken link was looked up by a walk over the source's lines
    and had its nearest name guessed over every output file. Each still gets its warning
    and line; the guesses stop after the first 200."""
    import difflib
    guesses = []
    close = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: guesses.append(a) or close(*a, **k))
    pictures = "\n".join(f'<a href="shots/{n:04}.png"><img src="shots/tn_{n:04}.jpg"></a>' for n in range(150))
    blog = make_blog(files={"content/gallery.html": "---\ntitle: Gallery\n---\n<p>Night sky</p>\n" + pictures})
    result = blog.build()
    assert result.ok
    found = link_warnings(result)
    assert len(found) == 300
    lines = {w.split(": link")[0] for w in found}
    assert lines == {f"content/gallery.html:{n + 5}" for n in range(150)}
    assert len(guesses) == 200
    assert all("link to a missing file: 'shots/" in w for w in found), found[0]



def test_the_links_given_a_guess_are_the_first_ones_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Past 200 broken links in a check the rest get no "did you mean": those that get one
    are the first the page shows, the same in every build, not the first of a set's order,
    which moved with PYTHONHASHSEED (a build and the next named different guesses)."""
    blog = tmp_path / "blog"
    (blog / "content/shots").mkdir(parents=True)
    (blog / "content/shots/0000.png").write_bytes(b"\x89PNG")
    pictures = "\n".join(f'<a href="shots/{n:04}.png"><img src="shots/tn_{n:04}.png"></a>'
                          for n in range(1, 151))
    (blog / "content/gallery.html").write_text("---\ntitle: Gallery\n---\n" + pictures)

    def guessed(seed: str) -> list[str]:
        copy = tmp_path / f"seed-{seed}"
        shutil.copytree(blog, copy)
        run = cli("--cwd", str(copy), "build", "--verbose",
                  env={**os.environ, "PYTHONHASHSEED": seed})
        assert run.returncode == 0, run.stderr
        return sorted(re.findall(r"'(shots/[^']+)' on /gallery.html \(no [^)]*\); did you mean",
                                 run.stderr))

    first = sorted(f"shots/{kind}{n:04}.png" for n in range(1, 101) for kind in ("", "tn_"))
    assert guessed("1") == first
    assert guessed("2") == first


def test_a_rebuild_guesses_for_the_links_a_clean_build_guesses_for(make_blog) -> None:
    """A rebuild (`serve`, `build --watch`) judges only the pages that changed, and gave them
    200 new guesses: past 200 broken links in the site, a page the clean build had left
    without any named a "did you mean" after an edit, and the one before lost none."""
    def gallery(extra: int = 0) -> str:
        return "---\ntitle: G\n---\n" + "\n".join(
            f'<a href="shots/{n:04}.png">{n}</a>' for n in range(1, 151 + extra))
    blog = make_blog(files={"content/shots/0000.png": "png", "content/one.html": gallery(),
                            "content/two.html": gallery()})
    builder = blog.builder(in_place=True)
    builder.build()
    for name in ("one", "two"):
        edited = blog.write(f"content/{name}.html", gallery(1))
        rebuilt = link_warnings(builder.build({edited}))
        assert rebuilt == link_warnings(blog.build()), name
        assert sum("did you mean" in warning for warning in rebuilt) == 200


@pytest.mark.parametrize("edited", ["one", "two"])
def test_a_rebuild_guesses_as_a_clean_build_when_a_broken_site_link_leaves_a_page(
        make_blog, edited) -> None:
    """A broken site-wide link is judged once a check, on the first page showing it. At 200
    broken links in all, the page showing it first drops it and gains a broken link of its
    own: a clean check now asks 201 guesses (the other page asks for the site link) and the
    last link gets none. The rebuild counted each unchanged page's asks as when it was last
    judged, 200 in all, kept the other page's verdicts, and named 201 guesses."""
    def gallery(count: int, site_link: bool) -> str:
        links = [f'<a href="shots/{n:04}.png">{n}</a>' for n in range(1, count + 1)]
        return "---\ntitle: G\n---\n" + "\n".join(
            links + ['<a href="/nothing-here/">gone</a>'] * site_link)
    blog = make_blog(files={"content/shots/0000.png": "png",
                            "content/one.html": gallery(150, True),
                            "content/two.html": gallery(49, True)})
    builder = blog.builder(in_place=True)
    builder.build()  # 200 guesses asked: 150 + 49 links of the pages' own, the site link once
    changed = blog.write(f"content/{edited}.html", gallery(151 if edited == "one" else 50, False))
    rebuilt = link_warnings(builder.build({changed}))
    assert rebuilt == link_warnings(blog.build())
    assert sum("did you mean" in warning for warning in rebuilt) == 200


@pytest.mark.parametrize("before", [0, 120], ids=["searched", "indexed"])
def test_a_broken_link_is_placed_on_the_line_that_writes_it_whole(make_blog, before) -> None:
    """A link is looked for in its source as a whole word first: `cat.png` is on the line
    that links it, not on an earlier line where it ends a longer path; the same after many
    broken links before it, when the source's words are indexed."""
    gone = "".join(f"![](gone/{n}.png)" for n in range(before)) + "\n\n" if before else ""
    body = gone + "![on the shelf](photos/cat.png)\n\n![in the sun](cat.png)\n"
    blog = make_blog(files={"content/_posts/cats.md": post("Cats", body)})
    found = [w for w in link_warnings(blog.build()) if "cat.png" in w]
    first = 7 if before else 5
    assert [w.split(" on /")[0] for w in found] == [
        f"content/_posts/cats.md:{first}: link to a missing file: 'photos/cat.png'",
        f"content/_posts/cats.md:{first + 2}: link to a missing file: 'cat.png'"], found


def test_the_guess_for_a_broken_link_is_difflibs() -> None:
    """"Did you mean" names what difflib finds closest over all the names, though most of
    them are set aside by their letters first: near misses, ties, letters no name holds,
    and names too long to count letters for."""
    import difflib
    import random
    pick = random.Random(13)
    names = [f"2024/0{m}/{d:02}/post-{d}/index.html" for m in (1, 2) for d in range(1, 29)]
    names += ["tags/gpu/index.html", "tags/gpü/index.html", "é漢"]
    asked = ["2024/01/03/post-3/index.htm", "tags/gpu/", "tags/gpx/index.html", "zzz", "é漢字",
             "2024/02/3/post3/index.html"]
    for _ in range(60):
        letters = list(pick.choice(names))
        for _ in range(pick.randint(0, 6)):
            letters[pick.randrange(len(letters))] = pick.choice("abz/-.0é")
        asked.append("".join(letters))
    long = ["a" * 40_000 + "b", "ab" * 20_000, "tags/gpu/index.html"]
    guesser = Guesser()
    for name, among in [*((name, names) for name in asked),
                        ("a" * 40_000, long), ("b" * 40_000, long), ("a" * 30_000 + "b" * 9_000, long)]:
        assert guesser.nearest(name, among) == difflib.get_close_matches(name, among, n=1, cutoff=0.6)


def test_a_guess_among_names_of_thousands_of_letters_takes_about_difflibs_time() -> None:
    """A blog whose paths are Chinese titles has thousands of different letters: "did you
    mean" still names difflib's choice, in about difflib's time, not the several times as
    long that a field per letter took (every name an int of 3,000 fields)."""
    import difflib
    import random
    import time
    pick = random.Random(34)
    letters = [chr(0x4E00 + i) for i in range(3000)]
    names = ["".join(pick.choice(letters) for _ in range(8)) for _ in range(1500)]
    asked = [name[:3] + "x" + name[4:] for name in pick.sample(names, 10)]

    def fastest(guess) -> float:
        times = []
        for _ in range(3):
            start = time.process_time()
            for name in asked:
                guess(name)
            times.append(time.process_time() - start)
        return min(times)

    guesser = Guesser()
    assert [guesser.nearest(name, names) for name in asked] == [
        difflib.get_close_matches(name, names, n=1, cutoff=0.6) for name in asked]
    ours = fastest(lambda name: guesser.nearest(name, names))
    theirs = fastest(lambda name: difflib.get_close_matches(name, names, n=1, cutoff=0.6))
    assert ours < 3 * theirs, (ours, theirs)


GONE = '''
from pathlib import Path

def register(api):
    @api.on("after_build")
    def remove(result):  # as a user deleting the post while the build runs
        (Path(api.project_root) / "content/_posts/gone.md").unlink()
'''


def test_a_source_removed_while_the_build_ran_gives_its_warning_without_a_line(make_blog) -> None:
    """The line of a broken link is looked up in its source when the pages are checked; a
    source removed meanwhile stopped the build on an unexpected FileNotFoundError."""
    blog = make_blog(files={"content/_posts/gone.md": post("Gone", "See [there](/nowhere/)."),
                            "plugins/gone.py": GONE})
    result = blog.build()
    assert result.ok
    [found] = link_warnings(result)
    assert found.startswith("content/_posts/gone.md: link to a missing file: '/nowhere/'")


def test_each_page_with_a_broken_link_is_named_and_links_to_its_own_anchors_judged(make_blog) -> None:
    """A site link found broken on one page is reported for every page whose source holds
    it; a page's links to its own anchors (with the page's path, a query string, or
    encoded characters) pass unless the anchor is missing. The same warnings come from a
    damaged links.json, and a rebuild in place after the fix reports none."""
    a = ('<a id="kept"></a>\n\n[gone](/nowhere/) [top](#kept) [typo](#kpet) '
         "[b](/2024/01/02/b/?x=1#sec) [cafe](/2024/01/03/caf%C3%A9/)\n")
    b = '<a id="sec"></a>\n\n[gone again](/nowhere/) [self](/2024/01/02/b/#sec) [me](#sec)\n'
    blog = make_blog(files={"content/_posts/a.md": post("A", a, date="2024-01-01"),
                            "content/_posts/b.md": post("B", b, date="2024-01-02"),
                            "content/_posts/café.md": post("Café", "text", date="2024-01-03")})
    expected = ["content/_posts/a.md:7: link to a missing anchor: '#kpet'",
                "content/_posts/a.md:7: link to a missing file: '/nowhere/'",
                "content/_posts/b.md:7: link to a missing file: '/nowhere/'"]

    def found(result) -> list[str]:
        return [w.split(" on /")[0] for w in link_warnings(result)]

    assert found(blog.build()) == expected
    (blog.root / ".quillpress-cache/links.json").write_text('{"index.html": [[1, 2], ["/x"]]}')  # an older shape
    assert found(blog.build()) == expected
    builder = blog.builder(in_place=True)
    assert found(builder.build()) == expected
    fixed = blog.write("content/_posts/b.md", post("B", b.replace("/nowhere/", "/2024/01/01/a/"),
                                                  date="2024-01-02"))
    assert found(builder.build({fixed})) == expected[:2]


HEADER = '<header><a href="/about/">About</a>' + '<i class="pad"></i>' * 20 + "</header>\n"


@pytest.mark.parametrize("before, part, after", [
    ("<body>", HEADER, '<main id="main"><a href="#main">skip</a></main>'),  # read apart
    ('<a title="x" href="', HEADER, '">cut</a>'),  # the part inside an attribute's value
    ("<body><b hr", "ef='/in/' " + HEADER, "</body>"),  # the part continues a name
    ("<body>", HEADER + '<a href="', '/out/">x</a>'),  # the part ends inside a value
    ("<body>", HEADER + "<a hr", 'ef="/out/">x</a>'),  # ... or inside a name
    ("<body>", HEADER + '<a href="/o', 'ut/">x</a>'),  # ... or inside a value's text
    ("<p>" + HEADER, HEADER, HEADER + "</p>"),  # shown three times, found at its first
], ids=["apart", "in-value", "after-name", "ends-in-value", "ends-in-name", "ends-mid-value",
     "repeated"])
def test_links_of_a_page_are_the_same_when_its_shared_parts_are_read_once(before, part, after) -> None:
    """The theme's fragments (the header of every page) and plugins' fixed injections are
    read once per build; a page reads the same links and anchors as when read whole,
    wherever the part sits."""
    page = before + part + after
    whole = read_page(page)
    reader = LinkReader()
    assert reader.read(page, Shown([part])) == whole
    assert reader.read(page, Shown([], part)) == whole  # found from the end
    assert reader.read(page, Shown(["<footer>" + part], part)) == whole  # one not shown


def test_relative_links_get_the_warnings_of_the_links_they_were(tmp_path: Path) -> None:
    """`relative_link: true` writes every site link relative to its page. The check judged
    them right, but reported a post's broken `/2024/01/03/never-written/` as the theme's
    (`../../03/never-written/`, with no source line) and a theme's broken link once per
    folder depth: the warnings are those of the same site without it."""
    blog = copy_fixture(tmp_path)
    menu = {"theme_config": {"menu": {"home": "/", "about": "/about/"}}}  # /about/ is missing
    absolute = link_warnings(Builder(blog, workers=1, overrides=menu).build())
    assert len(absolute) == 6
    shutil.rmtree(blog / ".quillpress-cache")
    relative = Builder(blog, workers=1, overrides={"relative_link": True, **menu})
    assert link_warnings(relative.build()) == absolute
    page = relative.config.public_path / "2024/01/01/gpu-notes/index.html"
    assert 'href="../../../../about/"' in page.read_text(encoding="utf-8")


def test_a_check_told_the_output_was_given_up_saves_nothing_of_it(tmp_path: Path) -> None:
    """A one-off build's link check starts before the commit (`Builder._links_beside`): with
    every page's links read where it was made, it judges them at once, and saves what it
    read (with each file's stamp) only when told the output is in place."""
    blog = copy_fixture(tmp_path)
    built = Builder(blog, workers=1)
    expected = sorted(map(str, built.build().problems.warnings))
    public, cache = built.config.public_path, tmp_path / "cache"
    cache.mkdir()
    made = {rel: read_page((public / rel).read_text(encoding="utf-8"))
            for rel in built.routes if rel.endswith(".html")}
    asked: list[bool] = []

    def given_up() -> bool:
        asked.append(False)
        return False

    checker = LinkChecker(public, cache, built.config)
    found = [str(w) for w in checker.check(built.routes, made, given_up)]
    assert sorted(found) == [w for w in expected if "link to a" in w] and len(found) == 5
    assert asked == [False] and not (cache / "links.json").exists()
    checker = LinkChecker(public, cache, built.config)
    assert [str(w) for w in checker.check(built.routes, made, lambda: True)] == found
    saved = json.loads((cache / "links.json").read_text(encoding="utf-8"))
    assert sorted(saved) == sorted(made)
    for rel, (stamp, links, ids) in saved.items():
        info = (public / rel).stat()
        assert stamp == [info.st_mtime_ns, info.st_size] and (links, ids) == (made[rel].links, made[rel].ids)
