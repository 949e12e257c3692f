"""Never destroy what QuillPress did not write: `build` and `clean` touch only the files listed
in the output folder's record; a folder of the user's is refused, or with --force shared."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from quillpress.cli import main
from quillpress.errors import QuillError
from _tags_html import parse
from quillpress.output.ownership import RECORD, read_record
from conftest import left_beside
from server_support import serving

POST = "---\ntitle: {title}\ndate: 2024-01-02\n---\n{body}\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the command line in this process: (exit code, everything it printed)."""
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def set_public_dir(root: Path, value: str) -> None:
    config = yaml.safe_load((root / "_config.yml").read_text())
    config["public_dir"] = value
    (root / "_config.yml").write_text(yaml.safe_dump(config))


@pytest.fixture
def starter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A blog made by `init`, as a new user has it."""
    assert main(["init", str(tmp_path / "b")]) == 0
    capsys.readouterr()
    return tmp_path / "b"


def test_the_issues_reproduction_keeps_the_users_notes(starter, tmp_path, capsys):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "notes.txt").write_text("precious")
    set_public_dir(starter, str(victim))
    code, out = run(capsys, "build", "--cwd", str(starter))
    assert code == 1
    assert (victim / "notes.txt").read_text() == "precious"
    assert sorted(p.name for p in victim.iterdir()) == ["notes.txt"], "nothing written there"
    assert "unexpected error" not in out
    assert f"refusing to build into {victim}" in out and "--force" in out
    assert "Traceback" not in out


def test_force_writes_beside_the_users_files_and_never_deletes_them(starter, tmp_path, capsys):
    shared = tmp_path / "www"
    (shared / "uploads").mkdir(parents=True)
    (shared / "uploads/photo.jpg").write_bytes(b"\xff\xd8 a photo")
    (shared / "my-other-file.txt").write_text("mine")
    set_public_dir(starter, str(shared))
    code, out = run(capsys, "build", "--force", "--cwd", str(starter))
    assert code == 0, out
    assert "2 files of yours (my-other-file.txt, uploads/photo.jpg)" in out
    assert (shared / "index.html").is_file()
    record = read_record(shared)
    assert record is not None and "index.html" in record.files
    assert "my-other-file.txt" not in record.files

    # a post goes away: its page goes, the user's files stay; no --force needed any more
    posts = sorted((starter / "content/_posts").glob("*.md"))
    page = next(rel for rel in record.files if rel.endswith("index.html") and rel.count("/") > 3)
    for post in posts:
        post.unlink()
    code, out = run(capsys, "build", "--cwd", str(starter))
    assert code == 0, out
    assert not (shared / page).exists()
    assert (shared / "my-other-file.txt").read_text() == "mine"
    assert (shared / "uploads/photo.jpg").read_bytes() == b"\xff\xd8 a photo"


def test_a_folder_of_empty_folders_is_built_into_and_its_folders_kept(starter, tmp_path, capsys):
    """Nothing there can be lost, so it is not refused (Hexo builds into it too); the user's
    empty folders are left where they are, by the build and by `clean`."""
    prepared = tmp_path / "www"
    (prepared / "uploads/2024").mkdir(parents=True)
    (prepared / "css").mkdir()
    set_public_dir(starter, str(prepared))
    code, out = run(capsys, "build", "--cwd", str(starter))
    assert code == 0, out
    assert "holds 0 files" not in out and "of yours" not in out
    assert (prepared / "index.html").is_file()
    assert (prepared / "uploads/2024").is_dir()
    assert (prepared / "css").is_dir() and any((prepared / "css").iterdir())
    code, out = run(capsys, "clean", "--cwd", str(starter))
    assert code == 0, out
    assert (prepared / "uploads/2024").is_dir()
    # the build wrote its stylesheets into the user's css/: clean removes them, not the folder
    assert (prepared / "css").is_dir() and not any((prepared / "css").iterdir())


def test_a_folder_made_by_hand_after_a_build_outlives_the_pages_put_in_it(starter, capsys):
    """A page's folder made by hand in the built site (to drop files there later) holds a
    page of the next build; when that page goes, or at `clean`, the folder stays."""
    assert run(capsys, "build", "--cwd", str(starter))[0] == 0
    site = starter / "site"
    (site / "notes/2024").mkdir(parents=True)
    (starter / "content/notes/2024").mkdir(parents=True)
    page = starter / "content/notes/2024/index.md"
    page.write_text("---\ntitle: Notes\n---\nSome notes.\n")
    assert run(capsys, "build", "--cwd", str(starter))[0] == 0
    assert (site / "notes/2024/index.html").is_file()
    page.unlink()
    assert run(capsys, "build", "--cwd", str(starter))[0] == 0
    assert not (site / "notes/2024/index.html").exists() and (site / "notes/2024").is_dir()
    page.write_text("---\ntitle: Notes\n---\nSome notes.\n")
    assert run(capsys, "build", "--cwd", str(starter))[0] == 0
    assert run(capsys, "clean", "--cwd", str(starter))[0] == 0
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["notes", "notes/2024"]


def test_a_site_symlink_to_a_users_folder_is_refused(starter, tmp_path, capsys):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.tex").write_text("chapter one")
    (starter / "site").symlink_to(folder)
    code, out = run(capsys, "build", "--cwd", str(starter))
    assert code == 1 and "refusing to build into" in out
    assert (folder / "thesis.tex").read_text() == "chapter one"
    assert (starter / "site").is_symlink()

    assert run(capsys, "build", "--force", "--cwd", str(starter))[0] == 0
    assert (starter / "site").is_symlink(), "the link stays; the site is built where it points"
    assert (folder / "index.html").is_file() and (folder / "thesis.tex").read_text() == "chapter one"
    for post in (starter / "content/_posts").glob("*.md"):
        post.write_text(post.read_text() + "\nMore words.\n")
    assert run(capsys, "build", "--cwd", str(starter))[0] == 0
    assert (starter / "site").is_symlink() and (folder / "thesis.tex").is_file()

    (folder / "thesis.tex").unlink()  # even once only the site is left, the folder is theirs
    assert run(capsys, "clean", "--cwd", str(starter))[0] == 0
    assert (starter / "site").is_symlink() and folder.is_dir() and not any(folder.iterdir())


def test_clean_keeps_a_user_folder_named_as_public_dir(starter, capsys):
    mydocs = starter / "mydocs"
    (mydocs / "drafts").mkdir(parents=True)
    (mydocs / "drafts/plan.md").write_text("the plan")
    set_public_dir(starter, "mydocs")
    code, out = run(capsys, "clean", "--cwd", str(starter))
    assert code == 0
    assert (mydocs / "drafts/plan.md").read_text() == "the plan"
    assert "nothing in it was deleted" in out


def test_clean_removes_only_what_builds_wrote(starter, capsys):
    assert run(capsys, "build", "--cwd", str(starter))[0] == 0
    site = starter / "site"
    (site / "keep-me.txt").write_text("dropped here by hand")
    code, out = run(capsys, "clean", "--cwd", str(starter))
    assert code == 0, out
    assert sorted(p.name for p in site.iterdir()) == [RECORD, "keep-me.txt"]
    assert read_record(site).files == set(), "the record lists no file of ours any more"
    assert not (starter / ".quillpress-cache").exists()
    (site / "keep-me.txt").unlink()
    assert run(capsys, "build", "--cwd", str(starter))[0] == 0
    assert run(capsys, "clean", "--cwd", str(starter))[0] == 0
    assert not site.exists(), "a folder holding only build output goes entirely"


@pytest.mark.parametrize("then", ["build", "serve"])
def test_after_clean_a_folder_holding_a_users_file_is_built_into_again(make_blog, capsys, then):
    """`clean` dropped the record of the folder, and with it what told that the folder was
    ours: the next `build` or `serve` refused it as a folder of the user's (`--force`)."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    assert blog.build().ok
    (blog.public / "mine.txt").write_text("dropped here by hand")
    assert run(capsys, "clean", "--cwd", str(blog.root))[0] == 0
    if then == "build":
        code, out = run(capsys, "build", "--cwd", str(blog.root))
        assert code == 0 and "refusing" not in out, out
    else:
        with serving(blog) as site:
            reply = site.get("/2024/01/02/a/")
            assert reply.status == 200 and "x" in reply.text
    assert (blog.public / "mine.txt").read_text() == "dropped here by hand"
    assert run(capsys, "clean", "--cwd", str(blog.root))[0] == 0
    assert (blog.public / "mine.txt").read_text() == "dropped here by hand"


def test_a_file_of_the_users_with_a_pages_name_is_not_overwritten(make_blog):
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    assert blog.build().ok
    about = blog.public / "about/index.html"
    about.parent.mkdir()
    about.write_text("my own about page")
    blog.write("content/about/index.md", "---\ntitle: About\n---\nHello\n")
    with pytest.raises(QuillError, match="refusing to overwrite .*about/index.html"):
        blog.build()
    assert about.read_text() == "my own about page"
    assert left_beside(blog.public) == [], "no staging left"
    assert blog.build(force=True).ok
    assert "Hello" in about.read_text()


def test_public_dir_that_is_a_file(starter, capsys):
    (starter / "notes.txt").write_text("a file")
    set_public_dir(starter, "notes.txt")
    code, out = run(capsys, "build", "--cwd", str(starter))
    assert code == 1 and "it is a file, not a folder" in out and "notes.txt" in out
    assert (starter / "notes.txt").read_text() == "a file"



def test_commands_that_write_nothing_work_beside_a_users_folder(starter, tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep")
    set_public_dir(starter, str(folder))
    code, out = run(capsys, "list", "posts", "--cwd", str(starter))
    assert code == 0 and "1 post" in out
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_a_site_built_before_records_were_kept_is_taken_up(make_blog, capsys):
    """An output folder holding exactly what the blog's last build wrote (its cache says so)
    is QuillPress's, record or not: upgrading needs no --force. One file more, and it is not."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x"),
                            "content/_posts/b.md": POST.format(title="B", body="y")})
    assert main(["--cwd", str(blog.root), "build"]) == 0
    (blog.public / RECORD).unlink()  # as an older QuillPress left it
    (blog.root / "content/_posts/b.md").unlink()
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 0, out
    assert not (blog.public / "2024/01/02/b/index.html").exists()  # its page was ours
    assert read_record(blog.public) is not None

    (blog.public / RECORD).unlink()
    (blog.public / "notes.txt").write_text("mine")
    blog.write("content/_posts/a.md", POST.format(title="A", body="edited"))
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 1 and "refusing to build into" in out
    assert (blog.public / "notes.txt").read_text() == "mine"



HEXO_PAGE = ('<!DOCTYPE html><html><head><meta charset="utf-8">'
             '<meta name="generator" content="Hexo 7.3.0"><title>{title}</title></head>'
             '<body>{title}</body></html>')


def hexo_output(folder: Path, generator: str = "Hexo 7.3.0") -> None:
    """What `hexo generate` leaves in a folder: pages with its generator tag, styles, and a
    file its author put there by hand."""
    for rel in ("index.html", "2024/01/02/a/index.html", "archives/index.html", "old-page.html"):
        page = folder / rel
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(HEXO_PAGE.format(title=f"hexo {rel}").replace("Hexo 7.3.0", generator))
    (folder / "css").mkdir()
    (folder / "css/theme-extra.css").write_text("body { color: red }")
    (folder / "CNAME").write_text("blog.example.org")


def page_title(path: Path) -> str:
    return parse(path.read_text()).find("title").text


def test_the_site_hexo_generated_is_built_over_keeping_every_other_file(make_blog, capsys):
    """A Hexo blog that commits its output folder: the build goes on beside Hexo's files, replaces
    only the pages it makes, and says once what it assumed and how to start clean."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    hexo_output(blog.public)
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 0, out
    assert "site/ holds the output of a Hexo build (6 files)" in out
    assert "moved to site.replaced/ first" in out and "delete or move site/ yourself" in out
    assert page_title(blog.public / "2024/01/02/a/index.html").startswith("A")  # ours now
    assert not page_title(blog.public / "index.html").startswith("hexo")
    kept = blog.root / "site.replaced"  # what the pages replaced, to be taken back
    assert sorted(p.relative_to(kept).as_posix() for p in kept.rglob("*.html")) == [
        "2024/01/02/a/index.html", "archives/index.html", "index.html"]
    assert page_title(kept / "index.html") == "hexo index.html"
    assert (blog.public / "CNAME").read_text() == "blog.example.org"  # the author's file
    assert page_title(blog.public / "old-page.html") == "hexo old-page.html"  # not ours: kept
    assert (blog.public / "css/theme-extra.css").read_text() == "body { color: red }"
    record = read_record(blog.public)
    assert record is not None and record.hexo and "CNAME" not in record.files

    # Later builds say nothing more, and a file the author adds afterwards is theirs as usual.
    (blog.public / "about").mkdir()
    (blog.public / "about/index.html").write_text("written by hand")
    blog.write("content/about/index.md", "---\ntitle: About\n---\nHello\n")
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 1 and "refusing to overwrite" in out and "Hexo build" not in out
    assert (blog.public / "about/index.html").read_text() == "written by hand"

    (blog.public / "about/index.html").unlink()  # the author moves it away
    code, out = run(capsys, "clean", "--cwd", str(blog.root))
    assert code == 0, out
    assert (blog.public / "CNAME").exists() and (blog.public / "old-page.html").exists()
    assert not (blog.public / "2024/01/02/a/index.html").exists()  # ours: cleaned
    code, out = run(capsys, "build", "--cwd", str(blog.root))  # what Hexo left is still taken
    assert code == 0 and "Hexo build" not in out, out
    assert page_title(blog.public / "old-page.html") == "hexo old-page.html"


def test_strict_build_stops_on_the_hexo_folder(make_blog, capsys):
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    hexo_output(blog.public)
    code, out = run(capsys, "build", "--strict", "--cwd", str(blog.root))
    assert code == 1 and "Hexo build" in out and "--strict is on" in out


HEXO_PACKAGE = '{"name": "hexo-site", "hexo": {"version": "3.7.1"}, "dependencies": {"hexo": "^3.1.1"}}'


def test_the_output_folder_of_a_hexo_site_is_built_beside(make_blog, capsys):
    """A Hexo site (package.json has Hexo's `hexo` object) committed what its theme's build
    put in public/ (no page, so no generator tag) and a page of Hexo 3 (which wrote none):
    Hexo writes over that folder, so the build takes it without --force, keeps every file,
    and moves the one a page replaces beside the output."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    (blog.root / "package.json").write_text(HEXO_PACKAGE)
    (blog.public / "assets/css").mkdir(parents=True)
    (blog.public / "assets/css/style.min.css").write_text("body { margin: 0 }")
    (blog.public / "index.html").write_text("<title>hexo 3 home</title>")
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 0, out
    assert "site/ holds the output of a Hexo build (2 files)" in out
    assert (blog.public / "assets/css/style.min.css").read_text() == "body { margin: 0 }"
    assert page_title(blog.public / "2024/01/02/a/index.html").startswith("A")
    assert (blog.root / "site.replaced/index.html").read_text() == "<title>hexo 3 home</title>"
    record = read_record(blog.public)
    assert record is not None and "assets/css/style.min.css" not in record.files

    # clean leaves what the pages replaced where it is, and says where that is
    code, out = run(capsys, "clean", "--cwd", str(blog.root))
    assert code == 0 and "site.replaced/ (1 file that builds replaced)" in out, out
    assert (blog.root / "site.replaced/index.html").read_text() == "<title>hexo 3 home</title>"


@pytest.mark.parametrize("how", ["taken from Hexo", "of a Hexo site"])
def test_a_page_hexo_generated_between_two_builds_is_moved_aside_not_refused(make_blog, capsys, how):
    """`hexo generate` run between two builds writes a new post's page where the next build
    makes it: that build stopped, refusing without --force to overwrite a file it did not
    write. Such a page (Hexo's generator tag in its head) is now moved to site.replaced/, as
    the pages of a Hexo build are when its folder is first taken, with one line; a page
    written by hand there is still refused."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    if how == "taken from Hexo":
        hexo_output(blog.public)
    else:
        (blog.root / "package.json").write_text(HEXO_PACKAGE)
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 0, out

    blog.write("content/_posts/b.md", POST.format(title="B", body="y").replace("01-02", "01-03"))
    new_page = blog.public / "2024/01/03/b/index.html"
    new_page.parent.mkdir(parents=True)
    new_page.write_text(HEXO_PAGE.format(title="hexo b"))  # as `hexo generate` wrote it
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 0, out
    assert "replaced 1 file that Hexo generated since the last build (2024/01/03/b/index.html)" in out
    assert page_title(new_page).startswith("B")
    assert page_title(blog.root / "site.replaced/2024/01/03/b/index.html") == "hexo b"

    blog.write("content/_posts/c.md", POST.format(title="C", body="z").replace("01-02", "01-04"))
    by_hand = blog.public / "2024/01/04/c/index.html"
    by_hand.parent.mkdir(parents=True)
    by_hand.write_text("<title>my own page</title>")
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 1 and "refusing to overwrite" in out, out
    assert by_hand.read_text() == "<title>my own page</title>"


def test_a_file_hexo_copied_between_two_builds_is_moved_aside_not_refused(make_blog, capsys):
    """`hexo generate` copies a picture added to the source folder (or a new post's) into the
    output folder too, with no generator tag to tell it by: the next build stopped, refusing
    to overwrite it, as it did the new post's page. A file there holding the very bytes the
    build copies is Hexo's copy: moved to site.replaced/ as Hexo's pages are; a different
    file there is still refused."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    (blog.root / "package.json").write_text(HEXO_PACKAGE)
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 0, out

    source = blog.root / "content/images/new.png"
    source.parent.mkdir(parents=True)
    source.write_bytes(b"\x89PNG a picture")
    os.utime(source, (1_700_000_000, 1_700_000_000))  # Hexo's copy is newer than its source
    copied = blog.public / "images/new.png"
    copied.parent.mkdir(parents=True)
    copied.write_bytes(source.read_bytes())
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 0, out
    assert "replaced 1 file that Hexo generated since the last build (images/new.png)" in out
    assert copied.read_bytes() == b"\x89PNG a picture"
    assert (blog.root / "site.replaced/images/new.png").read_bytes() == b"\x89PNG a picture"

    (blog.root / "content/images/other.png").write_bytes(b"\x89PNG the new one")
    by_hand = blog.public / "images/other.png"
    by_hand.write_bytes(b"\x89PNG mine")
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 1 and "refusing to overwrite" in out, out
    assert by_hand.read_bytes() == b"\x89PNG mine"


def test_force_moves_the_users_file_it_replaces_beside_the_output(make_blog, capsys):
    """`--force` replaces a file of the user's that has a page's name: it is moved to
    `site.replaced/` first (a second one of that name gets a number), never lost."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    blog.public.mkdir()
    (blog.public / "index.html").write_text("my own home page")
    (blog.root / "site.replaced").mkdir()
    (blog.root / "site.replaced/index.html").write_text("kept before")
    code, out = run(capsys, "build", "--force", "--cwd", str(blog.root))
    assert code == 0, out
    assert "it is moved to" in out and "site.replaced/index.html.1" in out
    assert (blog.root / "site.replaced/index.html.1").read_text() == "my own home page"
    assert (blog.root / "site.replaced/index.html").read_text() == "kept before"
    assert not page_title(blog.public / "index.html").startswith("my own")


@pytest.mark.parametrize("generator", ["Hugo 0.120.0", "Hexorcist 1.0"])
def test_a_folder_another_tool_generated_is_still_refused(make_blog, capsys, generator):
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    hexo_output(blog.public, generator)
    code, out = run(capsys, "build", "--cwd", str(blog.root))
    assert code == 1 and "refusing to build into" in out
    assert page_title(blog.public / "index.html") == "hexo index.html"
    assert read_record(blog.public) is None


def test_a_rebuild_in_place_never_writes_over_a_file_of_the_users(make_blog):
    """`build --watch` and the dev server write in place: a file of the user's at a new
    page's path is refused as a full build refuses it, even after the rebuild has written
    other new pages (it listed every page it would make as its own before writing the first,
    and wrote over the user's file without a word), and `clean` afterwards keeps it."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    builder = blog.builder(in_place=True)
    assert builder.build().ok
    for name in "bcd":  # new pages: b's, where a file of the user's is, comes after others
        blog.write(f"content/_posts/{name}.md", POST.format(title=name.upper(), body="y"))
    mine = blog.public / "2024/01/02/b/index.html"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own page")
    with pytest.raises(QuillError, match="refusing to overwrite"):
        builder.build([blog.root / f"content/_posts/{name}.md" for name in "bcd"])
    assert mine.read_text() == "my own page"
    assert main(["clean", "--cwd", str(blog.root)]) == 0
    assert mine.read_text() == "my own page"


def test_a_record_naming_files_outside_its_folder_deletes_none_of_them(make_blog, tmp_path,
                                                                      capsys):
    """The record is a file in the site: committed with a blog's `public/`, edited by hand,
    or shipped in a repository someone clones. A name there outside the folder (a path from
    the root, or up through `..`) is no file a build wrote; `build` (a page no route makes
    any more) and `clean` deleted the file it named."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(title="A", body="x")})
    assert blog.build().ok
    mine = tmp_path / "mine"
    mine.mkdir()
    for name in ("notes.txt", "todo.txt"):
        (mine / name).write_text("precious")
    record = blog.public / RECORD
    data = json.loads(record.read_text())
    data["files"] += [str(mine / "notes.txt"), "../../mine/todo.txt"]
    record.write_text(json.dumps(data))
    blog.write("content/_posts/b.md", POST.format(title="B", body="y"))
    assert blog.build().ok
    assert "B" in blog.read("2024/01/02/b/index.html")
    code, out = run(capsys, "clean", "--cwd", str(blog.root))
    assert code == 0, out
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt", "todo.txt"]
    assert {p.read_text() for p in mine.iterdir()} == {"precious"}
