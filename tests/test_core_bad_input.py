"""Bad and hostile input: errors name file, line and a fix; every error of a build is
reported; the output folder keeps its last good content; nothing escapes the site."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import socket
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from _tags_html import body
from quillpress.authoring.compat import lookup
from quillpress.errors import QuillError
from quillpress.render.context import file_stamp
from quillpress.source.birth_time import birth_time
from tests.conftest import REPO

GOOD = "---\ntitle: Good\ndate: 2024-01-01\n---\nFine.\n"


def errors_of(result) -> list[str]:
    return [str(e) for e in result.problems.errors]


def snapshot(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_invalid_yaml_names_file_line_and_fix(make_blog):
    blog = make_blog(files={"content/_posts/good.md": GOOD,
                            "content/_posts/bad.md": "---\ntitle: ok\ntags: [a, b\ndate: 2024-01-01\n---\nx\n"})
    result = blog.build()
    assert result.ok  # the post is left out, as Hexo leaves it, and the rest builds
    (message,) = [str(w) for w in result.problems.warnings if "bad.md" in str(w)]
    assert message.startswith("content/_posts/bad.md:3:")  # where the unclosed `[` opens
    assert "invalid YAML" in message and "left out of the site" in message and "hint:" in message


def test_unreadable_date_is_a_warning_and_the_file_time_is_used(make_blog):
    """Hexo drops a date that neither ISO 8601 nor JavaScript reads and uses the file's time;
    so does QuillPress, with one warning naming file and line and saying what it assumed."""
    blog = make_blog(files={"content/_posts/d.md": "---\ntitle: D\ntags: [x]\ndate: next tuesday\n---\nx\n"})
    source = blog.root / "content/_posts/d.md"
    os.utime(source, (1_700_000_000, 1_700_000_000))  # 2023-11-14 UTC: not what dates it
    result = blog.build()
    assert result.ok and not result.problems.errors
    (warning,) = [str(w) for w in result.problems.warnings if "date" in w.message]
    assert warning.startswith("content/_posts/d.md:4: `date: next tuesday` is not a date; "
                              "the file's birth time was assumed")
    assert "2024-01-31" in warning  # says how to write it
    born = dt.datetime.fromtimestamp(birth_time(source), dt.timezone.utc)
    assert "<p>x</p>" in blog.read(f"{born:%Y/%m/%d}/d/index.html")


PAST = "is past the end of its month, day or hour"
EARLY = "has a year before 100, which JavaScript's Date.UTC takes as 1900 and more"


@pytest.mark.parametrize("written, url, read, why", [
    ("2020-13-45", "2021/02/14", "2021-02-14", PAST),  # month 13: next January; its 45th: Feb 14
    ("2020-02-30 10:00:00", "2020/03/01", "2020-03-01 10:00:00", PAST),
    ("2020-12-31 25:00:00", "2021/01/01", "2021-01-01 01:00:00", PAST),
    # an offset of a day or more, which js-yaml subtracts (it stopped the build: "could not
    # read this file: ValueError(...)"); js-yaml 4.1's times, UTC
    ("2024-01-01T10:00:00+25:00", "2023/12/31", "2023-12-31 09:00:00",
     "has an offset of a day or more"),
    ("2024-01-01 10:00:00 -30:30", "2024/01/02", "2024-01-02 16:30:00",
     "has an offset of a day or more"),
    # a year before 100, which Date.UTC reads as 19xx (year 0 was "not a date; the file's
    # birth time was assumed, as in Hexo"; year 1 went to /0001/)
    ("0000-01-01", "1900/01/01", "1900-01-01", EARLY),
    ("0001-01-01", "1901/01/01", "1901-01-01", EARLY),
    ("0099-05-05 10:00:00", "1999/05/05", "1999-05-05 10:00:00", EARLY),
])
def test_a_date_past_the_calendar_rolls_over_as_in_hexo(make_blog, written, url, read, why):
    """Hexo's YAML reader (js-yaml's Date.UTC) carries a day or month past the end over: the
    post went to the file's birth time (today), under a warning that said "as in Hexo"."""
    blog = make_blog(files={"content/_posts/d.md": f"---\ntitle: D\ndate: {written}\n---\nx\n"})
    result = blog.build()
    assert result.ok
    (warning,) = [str(w) for w in result.problems.warnings if "date" in w.message]
    assert warning.startswith(f"content/_posts/d.md:3: `date: {written}` {why}; read as "
                              f"{read}, as Hexo reads it"), warning
    assert "<p>x</p>" in blog.read(f"{url}/d/index.html")


def test_unreadable_updated_follows_updated_option(make_blog):
    blog = make_blog(config={"updated_option": "date"},
                     files={"content/_posts/u.md": "---\ntitle: U\ndate: 2024-02-03\n"
                                                   "updated: someday\n---\nx\n"})
    result = blog.build()
    (warning,) = [str(w) for w in result.problems.warnings if "updated" in w.message]
    assert warning.startswith("content/_posts/u.md:4: `updated: someday` is not a date; "
                              "the post's date was assumed")
    assert ('property="article:modified_time" content="2024-02-03T00:00:00+00:00"'
            in blog.read("2024/02/03/u/index.html"))  # the date, not the file's time (today)


def test_missing_layout_falls_back_as_in_hexo(make_blog):
    """Hexo renders a post whose layout the theme lacks with post.html: a warning, no error."""
    blog = make_blog(files={"content/_posts/l.md": "---\ntitle: L\ndate: 2024-01-01\nlayout: nosuch\n---\nx\n"})
    result = blog.build()
    assert result.ok
    assert [f"{w.path}:{w.line}: {w.message}" for w in result.problems.warnings
            if "layout" in w.message] == [
        "content/_posts/l.md:4: the theme has no layout 'nosuch'; pages asking for it use "
        "'post', as in Hexo"]
    assert 'class="post' in blog.read("2024/01/01/l/index.html")


def test_unknown_tag_is_a_warning_with_line(make_blog):
    blog = make_blog(files={"content/_posts/t.md": "---\ntitle: T\ndate: 2024-01-01\n---\n"
                                                   "Line one.\n\n{% nosuchtag arg %}\n"})
    result = blog.build()
    assert result.ok
    warnings = [str(w) for w in result.problems.warnings]
    assert any(w.startswith("content/_posts/t.md:7") and "nosuchtag" in w for w in warnings), warnings
    assert "nosuchtag" in blog.read("2024/01/01/t/index.html")  # stays visible


def test_all_errors_reported_and_old_site_kept(make_blog):
    blog = make_blog(files={"content/_posts/good.md": GOOD})
    assert blog.build().ok
    before = snapshot(blog.public)
    blog.write("content/_posts/one.md", "---\ntitle: One\npermalink: ../../etc/x\n---\nx\n")
    blog.write("content/_posts/two.md", '---\ntitle: Two\npermalink: "a\\0b/"\n---\nx\n')
    blog.write("content/_posts/good.md", GOOD.replace("Fine.", "Changed."))
    result = blog.build()
    messages = errors_of(result)
    assert len(messages) == 2
    assert any("one.md:3" in m for m in messages) and any("two.md:3" in m for m in messages)
    assert snapshot(blog.public) == before  # the failed build changed nothing


def test_cli_exit_code_and_messages(make_blog):
    blog = make_blog(files={"content/_posts/one.md": "---\ntitle: One\npermalink: ../../etc/x\n---\nx\n",
                            "content/_posts/two.md": "---\ntitle: Two\ndate: 2024-99-99\n---\nx\n"})
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--cwd", str(blog.root), "build"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "content/_posts/one.md:3" in run.stderr and "content/_posts/two.md:3" in run.stderr
    assert "Traceback" not in run.stderr
    assert not blog.public.exists()


def test_script_in_title_is_escaped_everywhere(make_blog):
    evil = '<script>alert(1)</script>'
    blog = make_blog(files={"content/_posts/x.md": f"---\ntitle: \"{evil}\"\ndate: 2024-01-01\n"
                                                   f"tags: [\"{evil}\"]\ncategories: [\"{evil}\"]\n---\nx\n"})
    builder = blog.builder()
    assert builder.build().ok
    pages = [f for f in blog.files() if f.endswith(".html")]
    assert len(pages) >= 8
    for page in pages:
        assert "<script>alert(1)" not in blog.read(page), page
    assert "&lt;script&gt;alert(1)" in blog.read("2024/01/01/x/index.html")
    assert "&lt;script&gt;alert(1)" in blog.read("index.html")
    tag = builder.site.tags[evil]
    assert "&lt;script&gt;" in blog.read(tag.path + "index.html")


def test_permalink_outside_site_refused(make_blog, tmp_path):
    blog = make_blog(files={"content/_posts/good.md": GOOD,
                            "content/_posts/evil.md": "---\ntitle: E\ndate: 2024-01-01\n"
                                                      "permalink: ../../etc/x\n---\nx\n"})
    result = blog.build()
    (message,) = errors_of(result)
    assert message.startswith("content/_posts/evil.md:4") and "refused" in message
    assert not (tmp_path / "etc").exists() and not (blog.root / "etc").exists()


def test_a_nul_in_a_permalink_names_the_post(make_blog):
    """`permalink: "a\\0b/"` (YAML's escape for NUL): no file system takes the name; the
    build named no file, exit 2 ("unexpected error")."""
    blog = make_blog(files={"content/_posts/good.md": GOOD,
                            "content/_posts/nul.md": '---\ntitle: N\npermalink: "a\\0b/"\n---\nx\n'})
    (message,) = errors_of(blog.build())
    assert message.startswith("content/_posts/nul.md:3: path holds a NUL character")


@pytest.mark.parametrize("permalink", [".quillpress-files.json", ".quillpress-tmp/x/"])
def test_a_permalink_on_quillpress_own_files_names_the_post(make_blog, permalink):
    """A post at `.quillpress-files.json`, the record of the files QuillPress wrote: the
    first build wrote the record over the post, the next refused 'to overwrite
    .quillpress-files.json: QuillPress did not write it' (and --force put the post there,
    leaving the folder without its record)."""
    blog = make_blog(files={"content/_posts/good.md": GOOD,
                            "content/_posts/own.md": "---\ntitle: Own\ndate: 2024-01-02\n"
                                                     f"permalink: {permalink}\n---\nx\n"})
    (message,) = errors_of(blog.build())
    assert message.startswith("content/_posts/own.md:4: path is one of QuillPress's own files")


@pytest.mark.parametrize("name,front,line", [
    ("long.md", "permalink: notes/" + "长" * 90 + "/\n", 3),  # 270 bytes in UTF-8
    ("a" * 252 + ".md", "", None),  # :title, the file name, with `.html` after it: 257 bytes
])
def test_a_url_part_too_long_for_a_file_name_names_the_post(make_blog, name, front, line):
    """A part of a URL over 255 bytes cannot be a file's or folder's name: the build failed
    at its end with "could not write the site: File name too long", naming no post."""
    blog = make_blog(config={"permalink": ":year/:title.html"}, files={
        "content/_posts/good.md": GOOD,
        f"content/_posts/{name}": f"---\ntitle: L\n{front}date: 2024-01-02\n---\nx\n"})
    (message,) = errors_of(blog.build())
    where = f"content/_posts/{name}" + (f":{line}" if line else "")
    assert message.startswith(f"{where}: ") and "bytes long, over the 255" in message, message
    assert "shorten the permalink" in message and not blog.public.exists()


@pytest.mark.parametrize("front,option,line", [
    ("tags:\n  - short\n  - " + "标" * 90 + "\n", "tag_map", 6),  # 270 bytes in UTF-8
    ("categories: [" + "类" * 90 + "]\n", "category_map", 4),
])
def test_a_tag_too_long_for_a_file_name_names_its_post_line(make_blog, front, option, line):
    """A tag or category page has no post of its own: its name over 255 bytes was an error
    naming no file and line ("tag: 'tags/…' cannot be written"), with advice to shorten a
    permalink there was none of, once for each of its pages."""
    posts = {f"content/_posts/p{day}.md": f"---\ntitle: P{day}\ndate: 2024-01-{day:02d}\n{front}---\nx\n"
             for day in range(1, 13)}  # two pages of the tag's list
    blog = make_blog(config={"per_page": 10}, files={"content/_posts/good.md": GOOD, **posts})
    (message,) = errors_of(blog.build())
    assert message.startswith(f"content/_posts/p1.md:{line}: "), message  # the oldest post's
    assert "bytes long, over the 255" in message and f"`{option}:" in message, message
    assert not blog.public.exists()


def test_huge_file_refused(make_blog):
    blog = make_blog(files={"content/_posts/good.md": GOOD})
    (blog.root / "content/_posts/huge.md").write_text(
        "---\ntitle: Huge\n---\n" + ("x" * 1023 + "\n") * 20 * 1024)
    (message,) = errors_of(blog.build())
    assert message.startswith("content/_posts/huge.md") and "larger than" in message


def test_yaml_alias_bomb_refused(make_blog):
    bomb = ["---", "title: Bomb", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, prev in zip("bcdefghi", "abcdefgh"):
        bomb.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    bomb += ["---", "x"]
    blog = make_blog(files={"content/_posts/bomb.md": "\n".join(bomb) + "\n"})
    (error,) = blog.build().problems.warnings  # the post is left out, as Hexo leaves it
    assert str(error).startswith("content/_posts/bomb.md:4") and "aliases" in error.message
    assert error.hint and "alias" in error.hint and "quote" not in error.hint  # not a quoting slip


def test_the_blogs_own_hexo_scripts_are_named_in_one_warning(make_blog):
    """Hexo runs scripts/*.js at every build; QuillPress cannot, and says so instead of
    leaving out silently what they did (here: a filter that would set categories)."""
    blog = make_blog(files={"content/_posts/a.md": GOOD})
    for name in ("scripts/filters.js", "scripts/more/tags.js"):
        (blog.root / name).parent.mkdir(parents=True, exist_ok=True)
        (blog.root / name).write_text("hexo.extend.filter.register('before_post_render', d => d);\n")
    result = blog.build()
    assert result.ok
    assert [str(w).split("\n")[0] for w in result.problems.warnings if "scripts" in str(w)] == [
        "scripts/: Hexo runs the blog's own scripts (filters.js, more/tags.js); QuillPress runs "
        "no JavaScript, so it builds without what they add or change"]


def test_each_hexo_plugin_quillpress_does_not_know_gets_one_warning(make_blog):
    """Hexo runs every hexo-* package of package.json, a scoped one (`@waline/hexo-next`)
    too; one QuillPress neither imitates nor leaves out on purpose (an i18n generator whose
    /en/ index pages are then missing) is named once, at its line, and the build goes on.
    Known plugins (a scoped fork of one too, read as its base), Hexo's own libraries, npm
    themes (scoped too), type packages and other packages get no line."""
    deps = {"hexo": "^7.0.0", "hexo-generator-i18n": "^1.0.0", "hexo-quill-unheard-of": "1.0.0",
            "hexo-generator-feed": "^3.0.0", "hexo-util": "^3.0.0", "hexo-renderer-inferno": "*",
            "hexo-theme-next": "^8.0.0", "hexo-admin": "^2.3.0", "lodash": "^4.0.0",
            "@quill/hexo-unheard-of": "1", "@quill/hexo-theme-x": "1", "@types/hexo": "1",
            "@quill/hexo-generator-feed": "1"}
    blog = make_blog(files={"content/_posts/a.md": GOOD,
                            "package.json": json.dumps({"dependencies": deps,
                                                        "devDependencies": {"hexo-offline": "1"}},
                                                       indent=2)})
    result = blog.build()
    assert result.ok and result.posts == 1
    assert [str(w) for w in result.problems.warnings if "package.json" in str(w)] == [
        f"package.json:{line}: {name} is a Hexo plugin QuillPress does not know: built "
        "without it, so what it adds or changes on Hexo's pages is missing"
        for line, name in ((4, "hexo-generator-i18n"), (5, "hexo-quill-unheard-of"),
                           (12, "@quill/hexo-unheard-of"), (18, "hexo-offline"))]


def test_a_hexo_plugin_whose_job_quillpress_does_is_not_named_missing(make_blog):
    """hexo-feed writes the feeds QuillPress's feed plugin writes (a plugin named for one of
    its jobs: feed, sitemap, search), and hexo-autoprefixer's vendor prefixes change nothing
    a reader of today sees: neither is "built without it"; `doctor` says what each becomes."""
    deps = {"hexo": "^7.0.0", "hexo-feed": "^1.1.2", "hexo-autoprefixer": "^2.0.0",
            "hexo-generator-sitemap-plus": "1", "hexo-feedback-widget": "1"}
    blog = make_blog(files={"content/_posts/a.md": GOOD,
                            "package.json": json.dumps({"dependencies": deps}, indent=2)})
    result = blog.build()
    assert result.ok
    assert [str(w) for w in result.problems.warnings if "does not know" in str(w)] == [
        f"package.json:{line}: {name} is a Hexo plugin QuillPress does not know: built "
        "without it, so what it adds or changes on Hexo's pages is missing"
        for line, name in ((6, "hexo-generator-sitemap-plus"), (7, "hexo-feedback-widget"))]
    feed = lookup("plugin", "hexo-feed")
    assert feed is not None and feed.status == "replaced" and "feed plugin" in feed.what


def test_a_name_that_is_not_utf8_is_skipped_with_a_warning(make_blog):
    """A file or folder named in another encoding (an old archive unpacked as it was) is
    skipped, as Hexo skips it, with one warning each naming it and the fix; the rest builds."""
    blog = make_blog(files={"content/_posts/good.md": GOOD})
    posts = blog.root / "content" / "_posts"
    (posts / os.fsdecode(b"caf\xe9.md")).write_text("---\ntitle: Cafe\n---\nx\n")
    (posts / os.fsdecode(b"r\xe9sum\xe9")).mkdir()
    (posts / os.fsdecode(b"r\xe9sum\xe9") / "cv.md").write_text("---\ntitle: CV\n---\nx\n")
    result = blog.build()
    assert result.ok, errors_of(result)
    assert result.posts == 1
    warned = {w.path: (w.message, w.hint) for w in result.problems.warnings}
    for shown in ("content/_posts/caf\\xe9.md", "content/_posts/r\\xe9sum\\xe9"):
        message, hint = warned[shown]
        assert "not valid UTF-8" in message and "skipped" in message and "rename" in hint


def test_a_post_with_bytes_that_are_not_utf8_builds_as_in_hexo(make_blog):
    """A post saved in Latin-1 (an old Windows editor): Hexo reads each such byte as U+FFFD
    and builds; QuillPress stopped the whole build. Now the post builds as Hexo's does, one
    warning names its line, and the file keeps its bytes (a build only reads it)."""
    blog = make_blog(files={"content/_posts/good.md": GOOD})
    raw = b"---\ntitle: Caf\xe9\ndate: 2024-01-02\n---\nNa\xefve text.\n"
    (blog.root / "content/_posts/cafe.md").write_bytes(raw)
    result = blog.build()
    assert result.ok, errors_of(result)
    assert result.posts == 2
    page = blog.read("2024/01/02/cafe/index.html")
    assert "<title>Caf\ufffd" in page and body(page).find("p").text == "Na\ufffdve text."
    [warning] = [w for w in result.problems.warnings if "UTF-8" in w.message]
    assert (warning.path, warning.line) == ("content/_posts/cafe.md", 2)
    assert (blog.root / "content/_posts/cafe.md").read_bytes() == raw


def test_a_post_in_a_format_no_renderer_here_reads_is_named_not_lost_silently(make_blog):
    """A Typst or Org post (`_posts/a.typ`, which Hexo renders only through a plugin such as
    hexo-renderer-typst) was left out without a word: a blog written all in Typst built
    with 0 posts and no warning. Each such file now gets one warning saying it is left out;
    a picture or a notebook beside the posts gets none."""
    blog = make_blog(files={"content/_posts/good.md": GOOD,
                            "content/_posts/notes/b.typ": "= Heading\n",
                            "content/_posts/c.org": "* Heading\n",
                            "content/_posts/d.png": "", "content/_posts/e.ipynb": "{}"})
    result = blog.build()
    assert result.ok, errors_of(result)
    assert result.posts == 1
    warned = {w.path: (w.message, w.hint) for w in result.problems.warnings}
    assert sorted(warned) == ["content/_posts/c.org", "content/_posts/notes/b.typ"]
    for message, hint in warned.values():
        assert "left out" in message and "Markdown" in (hint or "")


def test_a_file_in_such_a_format_in_a_posts_asset_folder_is_published_without_a_word(make_blog):
    """With `post_asset_folder`, an Org or Typst file in a post's folder is one of its
    assets (a download the post links to), published beside the post as Hexo publishes it:
    the warning that it was a post left out named a file that was on the site."""
    blog = make_blog(config={"post_asset_folder": True},
                     files={"content/_posts/good.md": GOOD,
                            "content/_posts/good/notes.org": "* Heading\n",
                            "content/_posts/c.typ": "= Heading\n"})
    result = blog.build()
    assert result.ok, errors_of(result)
    assert [w.path for w in result.problems.warnings if "left out" in w.message] == [
        "content/_posts/c.typ"]
    assert list(blog.public.rglob("notes.org")) and not list(blog.public.rglob("c.typ"))


def special_file(kind: str, where: Path) -> socket.socket | None:
    """A named pipe, a socket (its listening end returned, to close) or a link to a device
    at `where`, as tools leave them in a folder."""
    if kind == "pipe":
        os.mkfifo(where)
    elif kind == "device":
        where.symlink_to("/dev/zero")  # copied, it filled the disk (500 MB in 2 s)
    else:
        listening = socket.socket(socket.AF_UNIX)
        listening.bind(str(where))
        return listening
    return None


@pytest.mark.parametrize("kind", ["pipe", "socket", "device"])
@pytest.mark.parametrize("name", ["_posts/special.md", "special.png"])
def test_a_pipe_socket_or_device_among_the_sources_is_skipped_with_a_warning(make_blog, kind,
                                                                           name):
    """Some tool left one where a post or a picture would be. Hexo 7.3 stops on a socket
    ("ENXIO") and waits forever on a pipe; the build stopped on each, naming it. It is left
    out with one warning, and the rest builds."""
    blog = make_blog(files={"content/_posts/good.md": GOOD})
    listening = special_file(kind, blog.root / "content" / name)
    result = blog.build()
    assert result.ok, errors_of(result)
    [warning] = result.problems.warnings
    assert warning.path == f"content/{name}"
    assert warning.message.startswith("a named pipe, a socket or a device, not a file: skipped")
    assert "Fine." in blog.read("2024/01/01/good/index.html")
    assert not list(blog.public.rglob("special*"))
    if listening is not None:
        listening.close()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["pipe", "device"])
@pytest.mark.parametrize("name", ["content/custom.js", "content/_data/next.yml", "scripts/tex.js"])
def test_a_pipe_or_device_where_math_macros_are_looked_for_does_not_hang_the_build(make_blog,
                                                                                 kind, name):
    """The math plugin reads the blog's scripts and data files for a MathJax configuration's
    macros, before the walk skips what is not a file: a named pipe there (or a link to a
    device) was opened and read, and the build waited forever, saying nothing."""
    blog = make_blog(files={"content/_posts/good.md": GOOD})
    (blog.root / name).parent.mkdir(parents=True, exist_ok=True)
    special_file(kind, blog.root / name)
    result = blog.build()
    assert result.ok, errors_of(result)
    assert "Fine." in blog.read("2024/01/01/good/index.html")
    assert not list(blog.public.rglob(Path(name).name))


@pytest.mark.parametrize("kind", ["pipe", "socket"])
@pytest.mark.parametrize("first", [True, False])
def test_a_file_replaced_by_a_pipe_or_socket_after_the_walk_is_named(make_blog, monkeypatch,
                                                                     kind, first):
    """Put there after the walk found a file at its name: the copy names it and the build
    stops, the last site kept. A pipe named the output folder as the fault ("could not
    write pipe"), a socket said "No such device or address"."""
    blog = make_blog(files={"content/_posts/good.md": GOOD})
    if not first:
        assert blog.build().ok
    before = snapshot(blog.public) if blog.public.exists() else None
    special = blog.root / "content" / kind
    listening = special_file(kind, special)
    monkeypatch.setattr("quillpress.source.reader._is_file", lambda entry: True)
    with pytest.raises(QuillError) as failed:
        blog.build()
    assert str(failed.value).startswith(f"{special}: not a regular file (a named pipe, a "
                                        "socket or a device)")
    assert "move it out of the source folder" in str(failed.value)
    assert (snapshot(blog.public) if blog.public.exists() else None) == before
    if listening is not None:
        listening.close()


def test_a_named_pipe_a_tag_includes_is_a_warning_not_a_hang(make_blog):
    """`{% include_raw %}` of a FIFO in the source folder: the file it depends on was hashed
    (opened and read) before the tag saw it was no file, which waited forever."""
    blog = make_blog(files={"content/_posts/good.md": GOOD, "content/_posts/p.md":
                            "---\ntitle: P\ndate: 2024-01-02\n---\n{% include_raw /_parts/pipe %}\n"})
    (blog.root / "content/_parts").mkdir()
    os.mkfifo(blog.root / "content/_parts/pipe")
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--cwd", str(blog.root), "build"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "content/_posts/p.md:5: {% include_raw %}: no file '/_parts/pipe'" in done.stderr


def test_a_big_file_a_tag_names_is_not_read_into_memory_to_be_refused(tmp_path):
    """The stamp of a file a body depends on read it whole: a 300 MB file named by
    include_raw (refused, over 2 MB) took 340 MB of memory at every build."""
    big = tmp_path / "disk.img"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    tracemalloc.start()
    try:
        stamp = file_stamp(str(big))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024 and stamp != file_stamp(str(tmp_path / "missing"))


def _refused_for(name: str, real):
    """`real` (a read or a copy), refused with EACCES for the file called `name`."""
    def wrapped(path, *args, **kwargs):
        if Path(path).name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)
    return wrapped


def _listing_refused_for(name: str):
    """`os.scandir`, refused with EACCES for the folder called `name` (an open folder,
    as `shutil.rmtree` lists one, is listed)."""
    real = os.scandir

    def wrapped(path=".", /):
        if not isinstance(path, int) and Path(path).name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)
    return wrapped


def test_a_folder_the_user_may_not_read_is_named_and_the_rest_builds(make_blog, monkeypatch):
    """A folder of posts copied in by another account (mode 700), or a disk's `lost+found`
    in the source folder: Hexo stops ("Failed to read directory"); here its posts are left
    out with one warning naming it and the fix. They were left out without a word."""
    blog = make_blog(files={"content/_posts/good.md": GOOD,
                            "content/_posts/theirs/hidden.md": GOOD})
    monkeypatch.setattr(os, "scandir", _listing_refused_for("theirs"))
    result = blog.build()
    assert result.ok, errors_of(result)
    assert result.posts == 1
    (warning,) = [w for w in result.problems.warnings if w.path == "content/_posts/theirs"]
    assert "may not read" in warning.message and "left out" in warning.message
    assert "chmod" in (warning.hint or "")


def test_a_source_folder_the_user_may_not_read_is_one_error_and_keeps_the_site(make_blog):
    """The source folder itself unreadable (mode 000, the build run without root's right to
    read anything): one error naming it and the fix, and the last site stays. The math
    plugin's search for macros failed first, blaming the plugin; without it, the 404 and
    sitemap generators failed with tracebacks."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv (CI has both) to drop the right to read anything")
    blog = make_blog(files={"content/_posts/good.md": GOOD})
    assert blog.build().ok
    before = snapshot(blog.public)
    source = blog.root / "content"
    source.chmod(0)
    try:
        run = subprocess.run(["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
                              "--inh-caps", "-dac_override,-dac_read_search", sys.executable,
                              str(REPO / "build.py"), "--cwd", str(blog.root), "build"],
                             capture_output=True, text=True, timeout=300)
    finally:
        source.chmod(0o755)
    errors = [line for line in run.stderr.splitlines() if line.startswith("ERROR")]
    assert run.returncode == 1, run.stderr
    assert errors[0] == f"ERROR {source}: could not read the source folder: Permission denied"
    assert len(errors) == 2 and "build failed: 1 error" in errors[1], run.stderr
    assert "chmod" in run.stderr and "Traceback" not in run.stderr
    assert snapshot(blog.public) == before


def test_a_post_the_user_may_not_read_is_named_with_the_fix(make_blog, monkeypatch):
    """A post left unreadable (copied in by another account): the error says to fix its
    permissions, not to run --debug and report a bug."""
    blog = make_blog(files={"content/_posts/good.md": GOOD, "content/_posts/locked.md": GOOD})
    monkeypatch.setattr(Path, "read_bytes", _refused_for("locked.md", Path.read_bytes))
    (message,) = errors_of(blog.build())
    assert message.startswith("content/_posts/locked.md: could not read this file: Permission denied")
    assert "permissions" in message and "report" not in message


@pytest.mark.parametrize("first", [True, False])
def test_an_image_the_user_may_not_read_is_named_not_the_output_folder(make_blog, monkeypatch,
                                                                        first):
    """An unreadable image fails the build (the first, or a rebuild over a live site) naming
    the image and its permissions, and the last site stays; it used to name the output
    folder with "you may not write there", sending the user to fix the wrong one."""
    blog = make_blog(files={"content/_posts/good.md": GOOD, "content/images/locked.png": "x"})
    if not first:
        assert blog.build().ok
        blog.write("content/images/locked.png", "changed")
    before = snapshot(blog.public) if blog.public.exists() else None
    monkeypatch.setattr(shutil, "copy2", _refused_for("locked.png", shutil.copy2))
    with pytest.raises(QuillError) as failed:
        blog.build()
    message = str(failed.value)
    locked = blog.root / "content" / "images" / "locked.png"
    assert message.startswith(f"{locked}: could not read this file: Permission denied")
    assert "write" not in message
    assert (snapshot(blog.public) if blog.public.exists() else None) == before


def test_a_sentence_between_two_rules_is_the_body_as_in_hexo(make_blog):
    """`---`, a line of text, `---`: no `key: value` lines, so Hexo reads no front-matter and
    publishes the whole file (a rule, a heading, the text). It stopped the build here."""
    blog = make_blog(files={"content/_posts/good.md": GOOD,
                            "content/_posts/note.md": "---\nJust a note\n---\nBody here.\n"})
    result = blog.build()
    assert result.ok, errors_of(result)
    (page,) = blog.public.glob("*/*/*/note/index.html")
    text = body(page.read_text(encoding="utf-8"))
    assert [h.text for h in text.find_all("h2")] == ["Just a note"] and text.find_all("hr")
    (warning,) = [w for w in result.problems.warnings if "no front-matter" in w.message]
    assert (warning.path, warning.line) == ("content/_posts/note.md", 1)


def test_a_list_for_front_matter_names_file_line_and_fix(make_blog):
    blog = make_blog(files={"content/_posts/good.md": GOOD,
                            "content/_posts/list.md": "---\n- a\n- b\n---\nx\n"})
    result = blog.build()
    assert result.ok  # the post is left out, as Hexo leaves it
    (message,) = [str(w) for w in result.problems.warnings]
    assert message.startswith("content/_posts/list.md:2: front-matter must be a mapping")
    assert "hint: write it as `key: value` lines" in message
