"""`quillpress doctor`: per plugin, theme, tag and source file, what QuillPress makes of it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from quillpress import compat
from quillpress.config import load_config
from quillpress.doctor import examine
from tests.test_core_cli import REPO, cli

PACKAGE = {"name": "hexo-site", "dependencies": {
    "hexo": "^7.3.0", "hexo-renderer-marked": "^6.0.0", "hexo-generator-feed": "^3.0.0",
    "hexo-blog-encrypt": "^3.1.0", "hexo-theme-next": "^8.0.0", "hexo-sparkle-made-up": "1.0.0"},
    "devDependencies": {"hexo-server": "^3.0.0", "hexo-deployer-rsync": "^1.0.0"}}
POST = """---
title: Notes
---
{% note info %}
Read me first.
{% endnote %}

{% gist 1234 %} and {% jwplayer clip %}

{% note %}again{% endnote %}
"""


def doctor_blog(make_blog):
    return make_blog(config={"theme": "next"}, files={
        "package.json": json.dumps(PACKAGE), "content/_posts/notes.md": POST,
        "content/page.ejs": "<%- partial('x') %>\n"})


def rows(stdout: str) -> dict[str, tuple[str, str]]:
    """name → (status, details) from the doctor's tables."""
    found = {}
    for line in stdout.splitlines():
        parts = line.split("  ")
        cells = [p.strip() for p in parts if p.strip()]
        if len(cells) == 3 and cells[0] != "Name":
            found[cells[0]] = (cells[1], cells[2])
    return found


def test_doctor_says_supported_replaced_or_not_for_each_thing(make_blog):
    blog = doctor_blog(make_blog)
    before = sorted(p.relative_to(blog.root) for p in blog.root.rglob("*"))
    run = cli("--cwd", str(blog.root), "doctor")
    assert run.returncode == 0, run.stderr
    found = rows(run.stdout)
    assert found["hexo-generator-feed"][0] == "supported"
    assert found["hexo-renderer-marked"] == ("replaced", found["hexo-renderer-marked"][1])
    assert "markdown-it" in found["hexo-renderer-marked"][1]
    assert found["hexo-blog-encrypt"][0] == "not supported"
    assert "published in plain text" in found["hexo-blog-encrypt"][1]
    assert found["hexo-sparkle-made-up"] == (
        "not supported", "unknown to QuillPress: what it adds to the site is missing")
    assert found["hexo-deployer-rsync"][0] == "supported"  # `deploy: {type: rsync}` runs
    assert found["hexo-server"][0] == "replaced"
    assert f"`python {REPO / 'build.py'} serve`" in found["hexo-server"][1]  # as typed
    assert "hexo" not in found and "hexo-theme-next" not in found  # the engine; the theme below
    assert found["next"][0] == "replaced" and "default theme" in found["next"][1]
    assert found["note ×2"][0] == "supported"
    assert found["gist ×1"][0] == "not supported" and "its text" in found["gist ×1"][1]
    assert found["jwplayer ×1"][0] == "not supported"
    assert found[".ejs ×1"] == ("not supported", "the file is copied as it is (no page is made from it)")
    assert found[".md ×1"][0] == "supported"
    assert run.stdout.strip().splitlines()[-1] == \
        "4 supported, 3 replaced, 5 not supported (12 items looked at)"
    assert sorted(p.relative_to(blog.root) for p in blog.root.rglob("*")) == before  # wrote nothing


def test_a_row_added_to_the_table_is_what_the_doctor_says(make_blog, monkeypatch):
    blog = doctor_blog(make_blog)
    config = load_config(blog.root)
    monkeypatch.setattr(compat, "ROWS", [*compat.ROWS, compat.Support(
        "plugin", "hexo-sparkle-made-up", "replaced", "the sparkle plugin")])
    found = {(f.kind, f.name): f for f in examine(config, set())}
    assert found[("plugin", "hexo-sparkle-made-up")].status == "replaced"
    assert found[("plugin", "hexo-sparkle-made-up")].what == "the sparkle plugin"


def test_bad_package_json_names_the_file(make_blog):
    blog = make_blog(files={"package.json": "{not json"})
    run = cli("--cwd", str(blog.root), "doctor")
    assert run.returncode == 1
    assert "package.json: package.json is not valid JSON" in run.stderr
    assert "unexpected" not in run.stderr


def test_doctor_help_describes_it() -> None:
    assert "Nothing is built or written" in cli("doctor", "--help").stdout


def test_no_blog_no_doctor(tmp_path: Path) -> None:
    run = cli("doctor", cwd=tmp_path)
    assert run.returncode == 1 and "no QuillPress or Hexo blog here" in run.stderr


def test_doctor_lists_the_theme_settings_carried_mapped_and_dropped(make_blog):
    blog = make_blog(config={"theme": "butterfly"})
    fixture = Path(__file__).parent / "fixtures" / "hexo_themes" / "butterfly.yml"
    blog.write("themes/butterfly/_config.yml", fixture.read_text())
    run = cli("--cwd", str(blog.root), "doctor")
    assert run.returncode == 0, run.stderr
    found = rows(run.stdout)
    assert found["menu"] == ("mapped", "menu (6 entries)")
    assert found["social"] == ("carried", "social (3 links)")
    assert found["comments.use"] == ("mapped", "comments.provider = waline")
    assert found["aside"] == ("dropped", "the default theme has no sidebar")
    assert "Theme settings (themes/butterfly/_config.yml)" in run.stdout
    assert "Valine's settings were mapped to Waline" in run.stdout
    # the theme's own pictures, which the blog does not have, are not shown broken
    assert found["avatar.img"] == ("dropped", "/img/avatar.webp: no content/img/avatar.webp")
    assert "put the picture at content/img/favicon.ico" in run.stdout
    assert "1 carried, 11 mapped, 4 dropped" in run.stdout


def test_doctor_passes_over_what_the_build_cannot_read(make_blog):
    """A named pipe with a post's name made the doctor wait forever for a writer, and a
    link to itself stopped it with 'Too many levels of symbolic links'; the build names or
    skips them. The doctor now looks only at files it can read, as the build does."""
    blog = doctor_blog(make_blog)
    posts = blog.root / "content/_posts"
    os.mkfifo(posts / "pipe.md")
    (posts / "loop1.md").symlink_to("loop2.md")
    (posts / "loop2.md").symlink_to("loop1.md")
    (posts / "gone.md").symlink_to(blog.root / "nowhere.md")
    run = cli("--cwd", str(blog.root), "doctor")
    assert run.returncode == 0, run.stderr
    found = rows(run.stdout)
    assert found[".md ×1"][0] == "supported" and found["note ×2"][0] == "supported"


def test_doctor_says_what_the_build_does_for_a_post_without_abbrlink(make_blog):
    """The build gives such a post hexo-abbrlink's id from its title (with a warning); the
    doctor said new posts "need one written, the plugin is not run"."""
    blog = make_blog(config={"permalink": "posts/:abbrlink/"}, files={
        "package.json": json.dumps({"dependencies": {"hexo-abbrlink": "^2.2.1"}}),
        "content/_posts/a.md": "---\ntitle: Hello World\n---\nBody.\n"})
    said = rows(cli("--cwd", str(blog.root), "doctor").stdout)["hexo-abbrlink"]
    assert said[0] == "supported" and "computes from its title" in said[1]
    assert "need" not in said[1]
    build = cli("--cwd", str(blog.root), "build")
    assert (blog.public / "posts/16107/index.html").is_file(), build.stderr


def test_doctor_names_related_posts_and_dark_mode_as_built_in(make_blog):
    """hexo-related-posts was "not supported: no related-posts list under a post", NexT's
    `related_posts` and hexo-next-darkmode unknown, while every post lists related posts and
    every page has a light/dark toggle: a NexT user was told the opposite of what happens,
    and not how to turn related posts off."""
    package = {"name": "hexo-site", "dependencies": {
        "hexo": "^7.3.0", "hexo-related-posts": "^1.0.0", "hexo-next-darkmode": "^0.1.11"}}
    blog = make_blog(config={"theme": "next"}, files={
        "package.json": json.dumps(package), "content/_posts/a.md": "---\ntitle: A\n---\nx\n",
        "_config.next.yml": "related_posts:\n  enable: false\n  icon: fa fa-signs-post\n"})
    run = cli("--cwd", str(blog.root), "doctor")
    assert run.returncode == 0, run.stderr
    found = rows(run.stdout)
    assert found["hexo-related-posts"][0] == "replaced"
    assert "`related_posts: false` in _config.yml" in found["hexo-related-posts"][1]
    assert found["hexo-next-darkmode"][0] == "replaced"
    assert found["related_posts.enable"] == (
        "mapped", "related posts are built in (`related_posts: false` in _config.yml turns them "
                  "off); the theme had it off")


def test_doctor_names_each_sidebar_widget_and_what_shows_its_content(make_blog):
    """Icarus's widgets other than the profile went by without a line once the profile was
    read: a sidebar's list of links vanished from the site and from the report."""
    fixture = Path(__file__).parent / "fixtures" / "hexo_themes" / "icarus.yml"
    blog = make_blog(config={"theme": "icarus"})
    blog.write("themes/icarus/_config.yml", fixture.read_text().replace(
        "  - type: toc\n", "  - type: toc\n  - type: links\n    links:\n      Notes: https://notes."
        "example.org\n      Wiki: https://wiki.example.org\n  - type: tags\n  - type: adsense\n"))
    run = cli("--cwd", str(blog.root), "doctor")
    assert run.returncode == 0, run.stderr
    found = rows(run.stdout)
    assert found["widgets.toc"] == ("mapped", "the table of contents beside posts (`toc`)")
    assert found["widgets.links"] == (
        "dropped", "the default theme has no sidebar: its 2 links are not shown (the menu or a "
                   "page can hold them)")
    assert found["widgets.tags"] == ("dropped", "the default theme has no sidebar; the Tags page lists them")
    assert found["widgets.adsense"] == ("dropped", "the default theme has no sidebar: not shown")
    assert found["sidebar"] == ("dropped", "the default theme has no sidebar")
    assert found["widgets.profile.author"][0] == "mapped"
