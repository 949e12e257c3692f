"""`new`, `publish` and `list drafts`: the files a writer gets, and the site built from them."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml

from quillpress.authoring import NewFile, create
from quillpress.cli import main
from quillpress.config import load_config
from quillpress.source.frontmatter import split_front_matter
from tests.test_core_cli import cli

WHEN = dt.datetime(2024, 3, 5, 7, 8, 9, tzinfo=dt.timezone.utc)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def qp(blog, *args: str) -> int:
    return main(["--cwd", str(blog.root), *args])


@pytest.mark.parametrize("pattern, expected", [
    (":title.md", "_posts/Hello-World.md"),
    (":year-:month-:day-:title.md", "_posts/2024-03-05-Hello-World.md"),
    (":year/:month/:title.md", "_posts/2024/03/Hello-World.md"),
    (":year/:i_month/:i_day/:title.md", "_posts/2024/3/5/Hello-World.md"),
    (":lang/:title", "_posts/fr/Hello-World.md"),
])
def test_new_post_name_patterns_give_files_the_site_builds(make_blog, pattern, expected):
    blog = make_blog(config={"new_post_name": pattern, "permalink": ":title/"})
    config = load_config(blog.root)
    path = create(config, NewFile("post", "Hello World", values={"lang": "fr"}), now=WHEN)
    assert path == blog.root / "content" / expected
    assert front(path)["title"] == "Hello World"
    assert str(front(path)["date"]) == "2024-03-05 07:08:09"
    assert blog.build().ok
    assert "Hello World" in blog.read("Hello-World/index.html")


def test_pattern_token_without_value_is_an_error_naming_it(make_blog, capsys):
    blog = make_blog(config={"new_post_name": ":lang/:title.md"})
    assert qp(blog, "new", "Bonjour") == 1
    err = capsys.readouterr().err
    assert ":lang" in err and "--lang" in err
    assert not (blog.root / "content" / "_posts").exists()


@pytest.mark.parametrize("pattern", ["../../:title.md", "/tmp/:title.md", ":year/../../:title"])
def test_a_new_post_name_leading_out_of_posts_is_named_at_its_line(make_blog, capsys, pattern):
    """The refusal blamed `--path`, which was never given, and named no line of the config."""
    blog = make_blog(config={"new_post_name": pattern})
    before = sorted(blog.root.parent.rglob("*"))
    assert qp(blog, "new", "Away") == 1
    err = capsys.readouterr().err
    line = next(n for n, text in enumerate((blog.root / "_config.yml").read_text().splitlines(), 1)
                if text.startswith("new_post_name:"))
    assert f"_config.yml:{line}: `new_post_name: {pattern}` gives" in err and "--path" not in err, err
    assert sorted(blog.root.parent.rglob("*")) == before  # nothing written anywhere


def test_cjk_and_punctuation_titles_become_valid_file_names(make_blog):
    blog = make_blog()
    title = '你好，世界！ C++/Rust: "比较" <script>?'
    assert qp(blog, "new", title) == 0
    [path] = (blog.root / "content" / "_posts").iterdir()
    assert path.name == "你好-世界-C-Rust-比较-script.md"
    assert front(path)["title"] == title  # the title survives YAML quoting exactly
    assert qp(blog, "new", "?!?") == 0
    assert (blog.root / "content" / "_posts" / "untitled.md").is_file()
    assert qp(blog, "new", "长" * 400) == 0  # 1200 bytes of UTF-8: cut to fit a file system
    longest = max(len(p.name.encode()) for p in (blog.root / "content" / "_posts").iterdir())
    assert longest <= 255
    result = blog.build()
    assert result.ok and result.posts == 3
    [page] = [f for f in blog.files() if "C-Rust" in f]
    html = blog.read(page)
    assert "比较" in html and "<script>?" not in html and "&lt;script&gt;" in html


def test_new_never_overwrites_and_numbers_the_next_file_as_hexo_does(make_blog, capsys):
    """Hexo's `new` of a title whose file exists writes `name-1.md`, then `name-2.md`
    (hexo-fs ensurePath); QuillPress refused with exit 1. --replace still overwrites."""
    blog = make_blog()
    assert qp(blog, "new", "Draft one") == 0
    posts = blog.root / "content" / "_posts"
    path = posts / "Draft-one.md"
    path.write_text("---\ntitle: Mine\n---\nmy words\n", encoding="utf-8")
    capsys.readouterr()
    assert qp(blog, "new", "Draft one") == 0
    assert "Draft-one.md exists" in capsys.readouterr().err
    assert qp(blog, "new", "Draft one") == 0
    assert sorted(p.name for p in posts.iterdir()) == ["Draft-one-1.md", "Draft-one-2.md", "Draft-one.md"]
    assert front(posts / "Draft-one-2.md")["title"] == "Draft one"
    assert "my words" in path.read_text(encoding="utf-8")
    assert qp(blog, "new", "Draft one", "--replace") == 0
    assert "my words" not in path.read_text(encoding="utf-8")
    result = blog.build()
    assert result.ok and result.posts == 3


def test_new_never_replaces_a_link_to_a_file_that_is_not_there(make_blog, tmp_path):
    """A post linked in from a notes vault on a drive not mounted: the name looked free
    (the link leads nowhere) and the new file replaced the user's link."""
    blog = make_blog()
    posts = blog.root / "content" / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    (posts / "Draft-one.md").symlink_to(tmp_path / "unmounted" / "Draft one.md")
    assert qp(blog, "new", "Draft one") == 0
    assert (posts / "Draft-one.md").is_symlink() and (posts / "Draft-one-1.md").is_file()


def test_new_never_writes_through_a_users_file_named_as_its_temporary_file(make_blog, tmp_path):
    """The post was written to `.name.md.new` first, then moved in place: a link of that
    name (to a file of the user's elsewhere) was written through, the user's file replaced
    by the scaffold, and a plain file of that name was taken as the post."""
    blog = make_blog()
    posts = blog.root / "content" / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    mine = tmp_path / "notes.md"
    mine.write_text("my notes\n", encoding="utf-8")
    (posts / ".Draft-one.md.new").symlink_to(mine)
    assert qp(blog, "new", "Draft one") == 0
    assert mine.read_text(encoding="utf-8") == "my notes\n"
    assert (posts / ".Draft-one.md.new").is_symlink()
    made = posts / "Draft-one.md"
    assert not made.is_symlink() and front(made)["title"] == "Draft one"
    assert made.stat().st_mode & 0o777 == 0o666 & ~current_umask()  # as open() makes it
    assert sorted(p.name for p in posts.iterdir()) == [".Draft-one.md.new", "Draft-one.md"]


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_title_of_emoji_alone_keeps_them_as_hexo_does(make_blog):
    """Symbols become `-` in a file name (`C++/Rust` → `C-Rust`), so a title of emoji alone
    became `untitled.md`; Hexo's slug keeps them."""
    blog = make_blog()
    assert qp(blog, "new", "🎉🔥") == 0
    assert (blog.root / "content" / "_posts" / "🎉🔥.md").is_file()


def test_slug_path_and_layouts(make_blog):
    blog = make_blog()
    content = blog.root / "content"
    assert qp(blog, "new", "A long title", "--slug", "short") == 0
    assert front(content / "_posts" / "short.md")["title"] == "A long title"
    assert qp(blog, "new", "Notes", "--path", "series/part-1") == 0
    assert (content / "_posts" / "series" / "part-1.md").is_file()
    assert qp(blog, "new", "page", "About me") == 0
    assert front(content / "About-me" / "index.md")["title"] == "About me"
    assert qp(blog, "new", "draft", "Half done") == 0
    assert (content / "_drafts" / "Half-done.md").is_file()
    assert qp(blog, "new", "Escape", "--path", "../../outside") == 1
    assert qp(blog, "new", "Escape", "--slug", "../../outside") == 0
    assert not (blog.root.parent / "outside.md").exists()
    assert (content / "_posts" / "outside.md").is_file()
    result = blog.build()
    assert result.ok
    assert "About me" in blog.read("About-me/index.html")
    assert not any("Half-done" in f for f in blog.files())  # drafts stay unpublished


def test_project_scaffold_is_used_with_its_own_layout_name(make_blog):
    blog = make_blog(files={"scaffolds/photo.md": "---\ntitle: {{ title }}\ndate: {{ date }}\n"
                                                  "layout: {{ layout }}\ncover: true\n---\n"
                                                  "Shot: {{ title }}\n"})
    assert qp(blog, "new", "photo", "Sunset: red") == 0
    path = blog.root / "content" / "_posts" / "Sunset-red.md"
    assert front(path) | {"date": None} == {"title": "Sunset: red", "date": None,
                                            "layout": "photo", "cover": True}
    assert path.read_text(encoding="utf-8").endswith("Shot: Sunset: red\n")


def test_a_first_word_that_names_no_layout_goes_into_the_title_and_is_said(make_blog, capsys):
    """Hexo's `new photo Trip` makes `photo` the layout. With no scaffolds/photo.md the title
    takes both words, as before, and one warning says so, what Hexo does and how to get the
    layout; a quoted title of several words is not a question and gets no warning."""
    blog = make_blog()
    assert qp(blog, "new", "photo", "Trip") == 0
    assert front(blog.root / "content/_posts/photo-Trip.md")["title"] == "photo Trip"
    said = capsys.readouterr().err.splitlines()
    assert said[:2] == [
        "WARN  took \"photo Trip\" as the title: there is no scaffolds/photo.md (Hexo would "
        "read 'photo' as the layout)",
        "  hint: add scaffolds/photo.md to use it as a layout; quote a title of several words "
        "to skip this note"]
    assert said[2] == "created content/_posts/photo-Trip.md"
    assert qp(blog, "new", "Two words") == 0 and "WARN" not in capsys.readouterr().err
    assert qp(blog, "new", "Page", "about") == 0  # Hexo lowercases the layout
    assert front(blog.root / "content/about/index.md")["title"] == "about"
    assert "WARN" not in capsys.readouterr().err


def test_path_alone_names_the_title_as_hexo_does(make_blog, capsys):
    """Hexo's `new --path notes/part-2` titles the post by the path's last part; it was
    refused, "the following arguments are required"."""
    blog = make_blog()
    assert qp(blog, "new", "--path", "notes/part-2") == 0
    assert front(blog.root / "content/_posts/notes/part-2.md")["title"] == "part-2"
    assert qp(blog, "new") == 1
    assert 'the title is empty\n  hint: give one: new "My post"' in capsys.readouterr().err


def test_publish_moves_draft_with_assets_and_dates_it(make_blog, capsys):
    blog = make_blog(config={"new_post_name": ":year-:month-:day-:title.md",
                             "permalink": ":year/:title/"},
                     files={"content/_drafts/idea.md": "---\ntitle: Idea\ndate: 2001-01-01\n"
                                                       "---\n![pic](pic.png)\n",
                            "content/_drafts/idea/pic.png": "png"})
    assert qp(blog, "list", "drafts") == 0
    listing = capsys.readouterr().out
    assert "Idea" in listing and "Date" in listing.splitlines()[0]
    assert qp(blog, "publish", "idea") == 0
    posts = blog.root / "content" / "_posts"
    [post] = posts.glob("*.md")
    today = dt.datetime.now(dt.timezone.utc).date()
    assert post.name.endswith("-idea.md") and post.name[:4] == str(today.year)
    assert front(post)["date"].date() in (today, today - dt.timedelta(days=1))
    assert (posts / post.stem / "pic.png").is_file()
    assert not (blog.root / "content" / "_drafts" / "idea.md").exists()
    assert not (blog.root / "content" / "_drafts" / "idea").exists()
    assert blog.build().ok
    assert "Idea" in blog.read(f"{front(post)['date'].year}/idea/index.html")


def test_publish_unknown_draft_lists_the_drafts(make_blog, capsys):
    blog = make_blog(files={"content/_drafts/one.md": "---\ntitle: One\n---\n"})
    assert qp(blog, "publish", "two") == 1
    err = capsys.readouterr().err
    assert "no draft named 'two'" in err and "one" in err
    assert qp(blog, "publish", "../_posts/x") == 1
    assert qp(blog, "publish", "") == 1  # "refusing the path ''" and a hint about `..`
    assert "no draft named ''" in capsys.readouterr().err


def test_publish_finds_a_draft_by_the_title_it_was_made_from(make_blog, capsys):
    """`new draft "My idea"` writes `My-idea.md`; Hexo's `publish "My idea"` publishes it
    (it slugs the name first), where this said "no draft named 'My idea'"."""
    blog = make_blog()
    assert qp(blog, "new", "draft", "My idea") == 0
    assert qp(blog, "publish", "My idea") == 0
    assert (blog.root / "content/_posts/My-idea.md").is_file()
    assert not any((blog.root / "content/_drafts").iterdir())


def test_publish_by_title_moves_the_draft_of_that_title_when_two_titles_slug_alike(make_blog):
    """"C tips" and "C++ tips" both slug to C-tips: `new` wrote the second as C-tips-1.md,
    and `publish "C++ tips"` published C-tips.md, the other draft."""
    blog = make_blog()
    for title in ("C tips", "C++ tips"):
        assert qp(blog, "new", "draft", title) == 0
    assert qp(blog, "publish", "C++ tips") == 0
    [post] = (blog.root / "content/_posts").iterdir()
    assert "title: C++ tips" in post.read_text()
    [left] = (blog.root / "content/_drafts").iterdir()
    assert "title: C tips" in left.read_text()


def test_publish_never_overwrites_a_post_and_numbers_its_file_as_hexo_does(make_blog):
    """Hexo's publish names the file as its `new` does (`same-1.md`, its asset folder
    `same-1/`); QuillPress refused with exit 1."""
    blog = make_blog(config={"post_asset_folder": True},
                     files={"content/_drafts/same.md": "---\ntitle: Draft\n---\ndraft\n",
                            "content/_drafts/same/pic.png": "png",
                            "content/_posts/same.md": "---\ntitle: Post\n---\npost\n"})
    assert qp(blog, "publish", "same") == 0
    posts = blog.root / "content" / "_posts"
    assert "post" in (posts / "same.md").read_text()
    assert "draft" in (posts / "same-1.md").read_text()
    assert (posts / "same-1/pic.png").read_text() == "png"
    assert not (blog.root / "content" / "_drafts" / "same.md").exists()


def test_list_columns_line_up_with_cjk_titles(make_blog, capsys):
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    blog = make_blog(config={"permalink": "p/:title/"}, files={
        "content/_posts/a.md": "---\ntitle: 中文标题\ndate: 2024-01-01\ntags: [x]\n---\n",
        "content/_posts/b.md": "---\ntitle: Short\ndate: 2024-01-02\n---\n"})
    assert qp(blog, "list", "posts") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "2 posts"
    starts = {width(line[:line.index(marker)]) for line, marker in
              zip(lines[:3], ("Path", "p/", "p/"))}
    assert len(starts) == 1, lines


def test_post_asset_folder_gets_a_folder_beside_the_new_post(make_blog):
    blog = make_blog(config={"post_asset_folder": True})
    assert qp(blog, "new", "With pictures") == 0
    assert (blog.root / "content" / "_posts" / "With-pictures").is_dir()
    assert qp(blog, "new", "page", "Gallery") == 0
    assert sorted(p.name for p in (blog.root / "content" / "Gallery").iterdir()) == ["index.md"]


POSTED = {"content/_drafts/trip.md": "---\ntitle: Trip\n---\n![map](map.png)\n",
          "content/_drafts/trip/map.png": "map", "content/_drafts/trip/day1/a.png": "a"}


@pytest.mark.parametrize("replace", [False, True])
def test_publish_merges_the_assets_into_a_post_folder_already_there(make_blog, replace):
    """Hexo copies the assets into `_posts/trip/` when it is there (a folder left by a post
    removed, or the post `--replace` replaces): they were moved inside it as `trip/trip/`, where
    the post's images are not found, and `--replace` deleted the folder with the user's files."""
    posts = {"content/_posts/trip/old.png": "old", "content/_posts/trip/day1/b.png": "b"}
    if replace:
        posts["content/_posts/trip.md"] = "---\ntitle: Old trip\n---\n"
    blog = make_blog(config={"post_asset_folder": True, "permalink": ":title/"},
                     files={**POSTED, **posts})
    assert qp(blog, "publish", "trip", *(["--replace"] if replace else [])) == 0
    folder = blog.root / "content/_posts/trip"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.png")) == \
        ["day1/a.png", "day1/b.png", "map.png", "old.png"]
    assert "Trip" in (blog.root / "content/_posts/trip.md").read_text()
    assert not (blog.root / "content/_drafts/trip").exists()
    assert blog.build().ok
    assert blog.read("trip/map.png") == "map" and 'src="/trip/map.png"' in blog.read("trip/index.html")


def test_publish_refuses_to_overwrite_an_asset_of_the_same_name(make_blog, capsys):
    blog = make_blog(config={"post_asset_folder": True},
                     files={**POSTED, "content/_posts/trip/day1/a.png": "mine"})
    assert qp(blog, "publish", "trip", "--replace") == 1
    err = capsys.readouterr().err
    assert "content/_posts/trip/day1/a.png" in err and "nothing was moved" in err, err
    assert (blog.root / "content/_posts/trip/day1/a.png").read_text() == "mine"
    assert (blog.root / "content/_drafts/trip/day1/a.png").read_text() == "a"
    assert (blog.root / "content/_drafts/trip.md").is_file()
    assert not (blog.root / "content/_posts/trip.md").exists()


@pytest.mark.parametrize("draft", [
    "title: Short form\ntags: [a, b]\n---\nbody\n",  # Hexo's YAML with no opening `---`
    "\n---\ntitle: Short form\ntags: [a, b]\n---\nbody\n",  # a blank line first
    '"title": "Short form",\n"tags": ["a", "b"]\n;;;\nbody\n',  # JSON, braces left out
    ';;;\n{"title": "Short form", "date": "2001-01-01", "tags": ["a", "b"]}\n;;;\nbody\n',
    "---\n{title: Short form, tags: [a, b]}\n---\nbody\n",  # one YAML flow mapping
    "---\n{ title: Short form, date: 2001-01-01,\n  tags: [a, b] }\n---\nbody\n",
])
def test_publish_keeps_the_front_matter_in_each_form_hexo_reads(make_blog, draft):
    """A draft whose front-matter is not `---` YAML got a second front-matter above it:
    its title and tags became the post's first paragraph."""
    blog = make_blog(files={"content/_drafts/idea.md": draft})
    assert qp(blog, "publish", "idea") == 0
    post = blog.root / "content/_posts/idea.md"
    split = split_front_matter(post.read_text(encoding="utf-8"), post)
    assert split.data["title"] == "Short form" and split.data["tags"] == ["a", "b"]
    assert str(split.data["date"])[:4] == str(dt.datetime.now(dt.timezone.utc).year)
    assert split.body == "body\n" and not split.warnings[1:]
    assert blog.build().ok
    [page] = blog.public.glob(f"{str(split.data['date'])[:4]}/*/*/idea/index.html")
    assert "<title>Short form" in page.read_text(encoding="utf-8")


def test_a_draft_or_scaffold_not_in_utf8_is_named_with_its_line(make_blog, capsys):
    """Saved in Latin-1 (an old Windows editor): 'unexpected error (a bug in QuillPress)'."""
    blog = make_blog(files={"content/_drafts/caf.md": "placeholder",
                            "scaffolds/photo.md": "placeholder"})
    draft = blog.root / "content/_drafts/caf.md"
    draft.write_bytes(b"---\ntitle: caf\xe9\n---\nbody\n")
    assert qp(blog, "publish", "caf") == 1
    err = capsys.readouterr().err
    assert "content/_drafts/caf.md:2: not valid UTF-8" in err and "unexpected" not in err, err
    assert draft.read_bytes() == b"---\ntitle: caf\xe9\n---\nbody\n"
    (blog.root / "scaffolds/photo.md").write_bytes(b"---\ntitle: {{ title }}\n---\n\xe9\n")
    assert qp(blog, "new", "photo", "Sunset") == 1
    err = capsys.readouterr().err
    assert "scaffolds/photo.md:4: not valid UTF-8" in err and "unexpected" not in err, err
    assert not list((blog.root / "content/_posts").glob("Sunset*"))


def test_publish_refuses_a_draft_whose_front_matter_cannot_be_read(make_blog, capsys):
    """It was moved and dated with its YAML still broken; now it stays, its line named."""
    blog = make_blog(files={"content/_drafts/idea.md": "---\ntitle: a\n  b: [\n---\nbody\n"})
    assert qp(blog, "publish", "idea") == 1
    assert "content/_drafts/idea.md:3" in capsys.readouterr().err
    assert (blog.root / "content/_drafts/idea.md").is_file()


def test_publish_refuses_a_draft_it_cannot_date_and_leaves_it_a_draft(make_blog, capsys):
    """A front-matter indented as a whole (YAML reads it) took a `date:` line at the margin
    that made it unreadable: the post then stopped every build. Now the draft stays."""
    draft = "---\n  title: Indented\n  tags: [a]\n---\nbody\n"
    assert split_front_matter(draft).data["title"] == "Indented"
    blog = make_blog(files={"content/_drafts/idea.md": draft})
    assert qp(blog, "publish", "idea") == 1
    err = capsys.readouterr().err
    assert "content/_drafts/idea.md:4: the date cannot be added to this front-matter" in err
    assert (blog.root / "content/_drafts/idea.md").read_text(encoding="utf-8") == draft
    assert not (blog.root / "content/_posts/idea.md").exists()


def test_new_writes_hexo_abbrlinks_id_into_a_post_of_a_blog_that_uses_it(make_blog):
    """hexo-abbrlink writes a post's id into its file at the first `hexo generate`; QuillPress
    never writes into a post, so every build of a post `new` made warned that it has no
    abbrlink. `new` now writes it, as the plugin would; pages and drafts get none."""
    blog = make_blog(config={"permalink": "posts/:abbrlink/"}, files={
        "package.json": json.dumps({"dependencies": {"hexo-abbrlink": "^2.2.1"}})})
    run = cli("--cwd", str(blog.root), "new", "Hello World")
    assert run.returncode == 0, run.stderr
    text = (blog.root / "content/_posts/Hello-World.md").read_text()
    assert "\nabbrlink: 16107\n" in text.split("---")[1] + "\n"
    assert cli("--cwd", str(blog.root), "new", "draft", "Later").returncode == 0
    assert "abbrlink" not in (blog.root / "content/_drafts/Later.md").read_text()
    build = cli("--cwd", str(blog.root), "build")
    assert build.returncode == 0 and "abbrlink" not in build.stderr, build.stderr
    assert (blog.public / "posts/16107/index.html").is_file()
