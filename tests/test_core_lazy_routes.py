"""Routes with `make`: built only when what they show changed (feeds, search indexes)."""

PLUGIN = '''
from quillpress.routes import Route
CALLS = []

def register(api):
    @api.generator(name="count")
    def titles(site):
        def make():
            CALLS.append(1)
            return "\\n".join(p.title for p in site.posts)
        return [Route(path="titles.txt", make=make, summaries=site.posts, key="titles")]
'''


def test_made_route_is_made_once_then_only_when_its_inputs_change(make_blog):
    # Without them, `date` and `updated` follow the file's mtime (Hexo's rule); lists show both.
    head = "---\ntitle: First\ndescription: fixed\ndate: 2024-01-01\nupdated: 2024-01-01\n---\n"
    blog = make_blog(files={"content/_posts/a.md": head + "body\n",
                            "plugins/titles.py": PLUGIN})
    builder = blog.builder(in_place=True)
    from quillpress_plugin_titles import CALLS  # the plugin module the builder loaded
    assert builder.build().ok
    assert blog.read("titles.txt") == "First" and len(CALLS) == 1

    blog.write("content/_posts/a.md", head + "other body\n")
    assert builder.build([blog.root / "content/_posts/a.md"]).ok
    assert len(CALLS) == 1, "a body edit does not change the list of titles"

    blog.write("content/_posts/a.md", head.replace("First", "Renamed") + "other body\n")
    assert builder.build([blog.root / "content/_posts/a.md"]).ok
    assert blog.read("titles.txt") == "Renamed" and len(CALLS) == 2
