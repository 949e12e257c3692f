"""Files where Hexo blogs keep them: a Hexo theme's source/, and asset paths written for
hexo-asset-image / Typora (`<post-name>/1.png`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from _tags_html import body, parse
from conftest import build_ok, post
from tests.test_tags_assets import PNG, built

ATOM = "{http://www.w3.org/2005/Atom}"


def test_hexo_theme_source_is_copied_and_the_blog_wins(make_blog):
    blog = make_blog(config={"theme": "landscape"}, files={
        "themes/landscape/layout/index.ejs": "<%- body %>",
        "themes/landscape/source/img/posts/cover.txt": "from the theme\n",
        "themes/landscape/source/robots.txt": "theme robots\n",
        "themes/landscape/source/_partial/notes.txt": "hidden from Hexo\n",
        "themes/landscape/source/js/.cache": "hidden\n",
        "themes/landscape/source/page.ejs": "<%- a template %>",
        "themes/landscape/source/css/style.styl": "body\n  color hexo-config('color')\n",
        "content/robots.txt": "blog robots\n",
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n![c](/img/posts/cover.txt)\n",
    })
    result = blog.build()
    assert result.ok, result.problems.errors
    assert blog.read("img/posts/cover.txt") == "from the theme\n"
    assert blog.read("robots.txt") == "blog robots\n"  # the blog's own source/ wins
    files = blog.files()
    assert not any(name.startswith(("_partial", "js/.cache", "page")) for name in files), files
    assert "css/style.styl" not in files  # the unused theme's stylesheet is not published
    assert "css/style.css" in files  # the default theme's stylesheet is still the one served


def test_the_blogs_own_404_page_published_as_it_is_stays_the_404_page(make_blog):
    """`skip_render: [404.html]` publishes the blog's page as it is, and Hexo makes no 404
    page of its own; QuillPress's theme page was written over it, with a warning naming
    neither file ("two pages want '404.html' (404 wins over an earlier route)")."""
    own = "<!doctype html><title>Lost</title><p>This page wandered off.</p>\n"
    blog = make_blog(config={"skip_render": ["404.html"]}, files={
        "content/404.html": own,
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\ntext\n"})
    result = blog.build()
    assert result.ok, result.problems.errors
    assert blog.read("404.html") == own
    assert not [w for w in result.problems.warnings if "two pages want" in w.message]


def test_theme_source_from_an_npm_installed_theme(make_blog):
    blog = make_blog(config={"theme": "next"}, files={
        "node_modules/hexo-theme-next/source/images/logo.txt": "next logo\n",
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n"})
    assert blog.build().ok
    assert blog.read("images/logo.txt") == "next logo\n"


@pytest.mark.parametrize("written", ["trip/photo.png", "./trip/photo.png", "trip/sub%20dir/p.png"])
def test_asset_plugin_paths_on_post_index_and_feed(make_blog, written):
    blog = make_blog(config={"post_asset_folder": True, "url": "https://blog.example.org"}, files={
        "content/_posts/trip.md": f"---\ntitle: Trip\ndate: 2024-05-06\n---\n"
                                  f"Seen: ![a photo]({written})\n\n<!-- more -->\nrest\n"})
    for rel in ("content/_posts/trip/photo.png", "content/_posts/trip/sub dir/p.png"):
        (blog.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (blog.root / rel).write_bytes(PNG)
    result = blog.build()
    assert result.ok and not result.problems.warnings, result.problems.warnings
    wanted = "/2024/05/06/trip/" + written.removeprefix("./").removeprefix("trip/")
    post = [img.attrs["src"] for img in body(blog.read("2024/05/06/trip/index.html")).find_all("img")]
    assert post == [wanted] and built(blog, wanted) == PNG
    index = [img.attrs["src"] for img in parse(blog.read("index.html")).find_all("img")]
    assert index == [wanted]
    entry = ET.fromstring(blog.read("atom.xml").encode()).find(f"{ATOM}entry")
    content = entry.find(f"{ATOM}content").text
    assert f'src="https://blog.example.org{wanted}"' in content


def test_raw_html_images_and_any_first_folder_as_hexo_asset_image_reads_them(make_blog):
    blog = make_blog(config={"post_asset_folder": True}, files={
        "content/_posts/trip.md": "---\ntitle: Trip\ndate: 2024-05-06\n---\n"
                                  "<center>\n<img src=\"./trip/photo.png\" width=\"80\">\n</center>\n\n"
                                  "Inline <img src='photo.png'> and ![x](old-name/photo.png) "
                                  "and ![y](old-name/missing.png)\n"})
    (blog.root / "content/_posts/trip").mkdir()
    (blog.root / "content/_posts/trip/photo.png").write_bytes(PNG)
    blog.build()
    post = body(blog.read("2024/05/06/trip/index.html"))
    assert [img.attrs["src"] for img in post.find_all("img")] == [
        "/2024/05/06/trip/photo.png", "/2024/05/06/trip/photo.png", "/2024/05/06/trip/photo.png",
        "old-name/missing.png"]  # a path naming no file of the folder is left as written
    assert post.find_all("img")[0].attrs["width"] == "80"


def test_raw_html_links_and_videos_into_the_asset_folder(make_blog):
    """`<a href="notes.pdf">` in a post with an asset folder: on Hexo's post page the browser
    found it beside the post; here it is made absolute, so it also works in the feed."""
    blog = make_blog(config={"post_asset_folder": True}, files={
        "content/_posts/trip.md": "---\ntitle: Trip\ndate: 2024-05-06\n---\n"
                                  "Get <a href=\"notes.pdf\">the notes</a>, "
                                  "<a href='./trip/notes.pdf#page=2'>page two</a> and "
                                  "<a href=\"other.pdf\">a missing one</a>.\n\n"
                                  "<video src=\"clip.mp4\" poster=\"photo.png\" controls></video>\n"})
    (blog.root / "content/_posts/trip").mkdir()
    for name in ("notes.pdf", "clip.mp4", "photo.png"):
        (blog.root / "content/_posts/trip" / name).write_bytes(PNG)
    assert blog.build().ok
    post = body(blog.read("2024/05/06/trip/index.html"))
    links = {a.text: a.attrs["href"] for a in post.find_all("a")}
    assert {name: links[name] for name in ("the notes", "page two", "a missing one")} == {
        "the notes": "/2024/05/06/trip/notes.pdf",
        "page two": "/2024/05/06/trip/notes.pdf#page=2",
        "a missing one": "other.pdf"}  # no such file: left as written
    [video] = post.find_all("video")
    assert (video.attrs["src"], video.attrs["poster"]) == (
        "/2024/05/06/trip/clip.mp4", "/2024/05/06/trip/photo.png")
    entry = ET.fromstring(blog.read("atom.xml").encode()).find(f"{ATOM}entry")
    feed = {a.text: a.attrs["href"] for a in parse(entry.find(f"{ATOM}content").text).find_all("a")}
    assert feed["the notes"] == "http://example.com/2024/05/06/trip/notes.pdf"
    assert built(blog, "/2024/05/06/trip/notes.pdf") == PNG


REPORT = "<!DOCTYPE html>\n<html><head><title>Scan report</title></head><body>findings</body></html>\n"


@pytest.mark.parametrize("asset_folders", [True, False])
def test_an_html_page_in_a_posts_asset_folder_is_an_asset(make_blog, asset_folders):
    """With `post_asset_folder`, Hexo renders only `new_post_name`'s `.md` files under
    `_posts/`: a saved HTML report in a post's folder is copied beside the post as it is.
    It was read as one more post, whose path took the home page (a real blog's front page
    showed the report). Without the option an HTML file there is a post, in Hexo too."""
    blog = make_blog(config={"post_asset_folder": asset_folders, "permalink": ":title/"}, files={
        "content/_posts/audit.md": post("Audit", 'Read <a href="report.html">the report</a>.'),
        "content/_posts/audit/report.html": REPORT,
        "content/_posts/audit/notes.markdown": "# Notes\n"})
    build_ok(blog)
    titles = [a.text for a in parse(blog.read("archives/index.html")).find_all("a")
              if a.attrs.get("href", "").startswith("/audit")]
    if asset_folders:
        assert titles == ["Audit"]
        assert blog.read("audit/report.html") == REPORT
        assert blog.read("audit/notes.markdown") == "# Notes\n"
        assert "Audit" in blog.read("index.html")
        assert body(blog.read("audit/index.html")).find("a").attrs["href"] == "/audit/report.html"
    else:
        assert len(titles) == 3  # three posts, as Hexo makes them


def test_the_source_walk_takes_what_hexo_reads_in_name_order(tmp_path):
    """A folder's files by name, then its folders by name; hidden folders, node_modules,
    editors' backups, `_posts/_x` and drafts are left out. Linked files and folders are
    taken, as Hexo's walk (`stat`, which follows links) takes them."""
    from quillpress.config.loader import load_config
    from quillpress.source.reader import scan

    source = tmp_path / "blog" / "source"
    for rel in ("b.md", "a.md", "about.md~", "z/x.md", "a/y.png", ".git/config", "node_modules/m/i.md",
                "_posts/p.md", "_posts/sub/q.md", "_posts/_idea.md", "_drafts/d.md", "_hidden.md"):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text("x")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "o.md").write_text("x")
    (source / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    (source / "c.md").symlink_to(source / "a.md")
    (tmp_path / "blog" / "_config.yml").write_text("source_dir: source\n")
    tree = scan(load_config(tmp_path / "blog"))
    assert [p.relative_to(source).as_posix() for p in tree.documents] == [
        "a.md", "b.md", "c.md", "_posts/p.md", "_posts/sub/q.md", "linked/o.md", "z/x.md"]
    assert [p.relative_to(source).as_posix() for p in tree.assets] == ["a/y.png"]
    with_drafts = scan(load_config(tmp_path / "blog"), drafts=True)
    assert "_drafts/d.md" in [p.relative_to(source).as_posix() for p in with_drafts.documents]


def test_a_name_of_leading_dots_and_a_suffix_is_rendered_when_included(tmp_path):
    """`..md` has the suffix `.md` (Node's `path.extname`, which Hexo asks; `os.path.splitext`
    finds none): a page when `include` takes it, not a file copied as it is."""
    from quillpress.config.loader import load_config
    from quillpress.source.reader import scan

    source = tmp_path / "blog" / "source"
    source.mkdir(parents=True)
    for name in ("..md", ".keep.md", "a.md."):
        (source / name).write_text("x")
    (tmp_path / "blog" / "_config.yml").write_text(
        "source_dir: source\ninclude: ['..md', '.keep.md', 'a.md.']\n")
    tree = scan(load_config(tmp_path / "blog"))
    assert [p.name for p in tree.documents] == ["..md", ".keep.md"]
    assert [p.name for p in tree.assets] == ["a.md."]


def test_a_folder_that_cannot_be_read_is_passed_over(tmp_path, monkeypatch):
    """As `os.walk` did: the files beside it and after it are still taken, in order."""
    import os

    from quillpress.config.loader import load_config
    from quillpress.source.reader import scan

    source = tmp_path / "blog" / "source"
    for rel in ("a.md", "locked/b.md", "z/c.md"):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text("x")
    (tmp_path / "blog" / "_config.yml").write_text("source_dir: source\n")
    listing = os.scandir

    def refused(path: str) -> Any:  # root reads any folder: refuse this one by hand
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return listing(path)

    monkeypatch.setattr(os, "scandir", refused)
    tree = scan(load_config(tmp_path / "blog"))
    assert [p.relative_to(source).as_posix() for p in tree.documents] == ["a.md", "z/c.md"]


def test_linked_posts_and_folders_are_built_as_hexo_builds_them(make_blog, tmp_path):
    """A post linked in from elsewhere (a notes vault) and a linked folder of images are
    published; a link back to a folder above it and a link to nothing are each skipped with
    one warning naming it, where Hexo stops (ELOOP) or logs an error."""
    blog = make_blog(files={"content/_posts/own.md": "---\ntitle: Own\ndate: 2024-01-01\n---\n"
                                                     "![p](/images/p.png)\n"})
    vault = tmp_path / "vault"
    (vault / "images").mkdir(parents=True)
    (vault / "shared.md").write_text("---\ntitle: Shared\ndate: 2024-02-02\n---\nfrom the vault\n")
    (vault / "images" / "p.png").write_bytes(PNG)
    posts = blog.root / "content" / "_posts"
    (posts / "shared.md").symlink_to(vault / "shared.md")
    (blog.root / "content" / "images").symlink_to(vault / "images", target_is_directory=True)
    (posts / "again").symlink_to(posts, target_is_directory=True)
    (posts / "gone.md").symlink_to(tmp_path / "nowhere.md")
    result = blog.build()
    assert result.ok, result.problems.errors
    assert result.posts == 2
    assert "from the vault" in body(blog.read("2024/02/02/shared/index.html")).text
    assert built(blog, "/images/p.png") == PNG
    warned = {w.path: w.message for w in result.problems.warnings}
    assert "a link to a folder above it" in warned["content/_posts/again"]
    assert "a link to nothing" in warned["content/_posts/gone.md"]


def test_a_link_into_the_output_folder_or_the_cache_is_not_followed(make_blog, tmp_path):
    """A link to the built site (or into it, or to a folder holding it) and one to the cache
    are skipped with a warning each: followed, each build took the last one's output as
    sources (its pages as pages) and published the site inside itself once more, one
    folder deeper every build, and the cache's bodies.sqlite went online."""
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nhi\n"})
    content = blog.root / "content"
    blog.build()
    public = blog.root / "site"
    (content / "mirror").symlink_to(public, target_is_directory=True)
    (content / "home.html").symlink_to(public / "index.html")
    (content / "cache").symlink_to(blog.root / ".quillpress-cache", target_is_directory=True)
    files = sorted(p.relative_to(public) for p in public.rglob("*") if p.is_file())
    for _ in range(2):
        result = blog.build()
        assert result.ok, result.problems.errors
        assert sorted(p.relative_to(public) for p in public.rglob("*") if p.is_file()) == files
    warned = {w.path: w.message for w in result.problems.warnings}
    for name in ("mirror", "home.html", "cache"):
        assert "a link into the output folder or the cache" in warned[f"content/{name}"]


def test_a_link_to_a_folder_that_holds_the_output_folder_leaves_the_site_out(make_blog, tmp_path):
    """Linked in whole, a folder that holds the output folder (public_dir elsewhere) is
    published without the site in it."""
    www = tmp_path / "www"
    (www / "notes").mkdir(parents=True)
    (www / "notes" / "n.txt").write_text("note")
    blog = make_blog(config={"public_dir": str(www / "site")},
                     files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nhi\n"})
    (blog.root / "content" / "www").symlink_to(www, target_is_directory=True)
    for _ in range(2):
        result = blog.build()
        assert result.ok, result.problems.errors
    assert (www / "site" / "www" / "notes" / "n.txt").read_text() == "note"
    assert not (www / "site" / "www" / "site").exists()
    assert "a link into the output folder" in {w.path: w.message for w in
                                               result.problems.warnings}["content/www/site"]
