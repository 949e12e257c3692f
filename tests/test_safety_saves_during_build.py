"""A save during a build is never lost: sources are stamped as they are read, so a post edited
or deleted while `build` runs is built again by the next `build` (not "nothing changed")."""

from __future__ import annotations


from quillpress.build.builder import Builder

POST = "---\ntitle: {title}\ndate: 2024-01-02\n---\n{body}\n"

# A project plugin stands in for the user's editor: when the build has read every source
# (after_site), it saves the files named in SAVES, once (while the TURN file exists, which
# lies outside the project so that removing it changes nothing the build looks at).
EDITOR_PLUGIN = '''
from pathlib import Path

SAVES = {saves!r}
TURN = Path({turn!r})

def register(api):
    def save(site):
        if not TURN.exists():
            return
        TURN.unlink()
        for rel, text in SAVES.items():
            path = api.project_root / rel
            if text is None:
                path.unlink(missing_ok=True)
            elif path.exists() or rel.endswith(".md"):
                path.write_text(text)
    api.on("after_site", save)
'''


def cli_build(blog):
    """A `build` as the command line runs it (with the no-change shortcut)."""
    return Builder(blog.root, workers=1, trust_manifest=True).build()


def test_a_post_saved_and_another_deleted_during_a_build_are_built_next_time(make_blog, caplog,
                                                                           tmp_path):
    posts = {f"content/_posts/p{n}.md": POST.format(title=f"Post {n}", body=f"first words {n}")
             for n in range(30)}
    blog = make_blog(files=posts)
    assert cli_build(blog).ok
    saves = {"content/_posts/p0.md": POST.format(title="Post 0", body="saved mid-build"),
             **{f"content/_posts/p{n}.md": None for n in range(10, 30)}}
    turn = tmp_path / "editor-turn"
    blog.write("plugins/editor.py", EDITOR_PLUGIN.format(saves=saves, turn=str(turn)))
    assert cli_build(blog).ok  # the plugin is part of the site's set-up from now on
    turn.write_text("")
    blog.write("content/_posts/p1.md", POST.format(title="Post 1", body="an edit to build"))
    with caplog.at_level("INFO", logger="quillpress"):
        during = cli_build(blog)
    assert during.ok and during.posts == 30  # it read the old versions: the edits came later
    assert "first words 0" in blog.read("2024/01/02/p0/index.html")
    assert "p0.md changed while this build ran" in caplog.text

    assert not turn.exists()  # the editor is done; the user builds again
    again = cli_build(blog)
    assert again.rendered_routes > 0, "not taken as 'nothing changed'"
    assert "saved mid-build" in blog.read("2024/01/02/p0/index.html")
    assert again.posts == 10
    assert not (blog.public / "2024/01/02/p25/index.html").exists()
    assert cli_build(blog).rendered_routes == 0  # and now it is current
