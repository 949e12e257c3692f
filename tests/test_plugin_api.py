"""The plugin API as plugins see it: one module to import, an events table with keyword
handlers, failures that name the plugin, and services instead of attributes set on `api`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import quillpress.plugin_api as plugin_api
from conftest import REPO, build_ok, post
from quillpress.cli import main
from quillpress.plugin_api import EVENTS, events_markdown


def quillpress_imports(path: Path) -> set[str]:
    """Modules of quillpress a Python file imports (also under `if TYPE_CHECKING:`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "quillpress":
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "quillpress"}
    return found


def test_bundled_plugins_import_only_the_plugin_api() -> None:
    files = sorted((REPO / "plugins").rglob("*.py"))
    assert len(files) > 20
    offending = {f"{path.relative_to(REPO)}: {module}" for path in files
                 for module in quillpress_imports(path) if module != "quillpress.plugin_api"}
    assert offending == set()


def test_everything_in_all_exists_and_every_name_plugins_use_is_listed() -> None:
    exported = set(plugin_api.__all__)
    assert all(hasattr(plugin_api, name) for name in exported)
    used = set()
    for path in (REPO / "plugins").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "quillpress.plugin_api":
                used |= {a.name for a in node.names}
    assert used and used <= exported, used - exported


def test_readme_events_table_matches_the_events() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert events_markdown() in readme, "regenerate the README table with events_markdown()"
    assert list(EVENTS) == ["after_config", "after_source", "before_render", "after_render",
                            "after_site", "after_routes", "after_build"]


ALL_EVENTS = '''
SEEN = []

def register(api):
    api.on("after_config", lambda *, config: SEEN.append(("after_config", config["title"])))
    api.on("before_render", lambda *, doc, ctx: SEEN.append(("before_render", doc.title)))
    api.on("after_render", lambda *, doc, rendered, ctx: SEEN.append(("after_render", doc.title)))
    api.on("after_source", lambda *, docs: SEEN.append(("after_source", len(docs))))
    api.on("after_site", lambda *, site: SEEN.append(("after_site", len(site.posts))))
    api.on("after_routes", lambda *, routes: SEEN.append(("after_routes", "index.html" in routes)))
    api.on("after_build", lambda *, result: SEEN.append(("after_build", result.ok)))
'''


def test_handlers_get_keyword_arguments_in_order(make_blog) -> None:
    blog = make_blog(files={"content/_posts/a.md": post("A"), "plugins/seen.py": ALL_EVENTS})
    build_ok(blog)
    from quillpress_plugin_seen import SEEN  # the module the build loaded
    assert SEEN == [("after_config", "Test blog"), ("after_source", 1), ("before_render", "A"),
                    ("after_render", "A"), ("after_site", 1), ("after_routes", True),
                    ("after_build", True)]


FAILING = '''
def register(api):
    @api.on("{event}")
    def broken(**kwargs):
        raise ValueError("the plugin's own bug")
'''


@pytest.mark.parametrize("event", ["after_render", "after_site", "after_build"])
def test_a_failing_handler_names_its_plugin_event_and_line(make_blog, event: str) -> None:
    blog = make_blog(files={"content/_posts/a.md": post("A"),
                            "plugins/boom.py": FAILING.replace("{event}", event)})
    result = blog.build()
    assert not result.ok
    [error] = result.problems.errors
    assert f"plugin boom, {event}: ValueError(\"the plugin's own bug\")" in str(error)
    assert "plugins/boom.py:4" in str(error)  # the `raise` line of the plugin
    assert "plugins.disabled" in (error.hint or "") or "plugins.disabled" in str(error)
    assert not (blog.public / "index.html").exists(), "a failed build commits nothing"


def test_failing_register_or_after_config_is_an_error_not_a_crash(make_blog, capsys) -> None:
    blog = make_blog(files={"content/_posts/a.md": post("A"), "plugins/boom.py":
                            "def register(api):\n    api.provide('x', 1)\n    raise KeyError('oops')\n"})
    assert main(["--cwd", str(blog.root), "build"]) == 1
    err = capsys.readouterr().err
    assert "plugin boom, register: KeyError('oops')" in err and "plugins/boom.py:3" in err
    assert "unexpected error" not in err

    (blog.root / "plugins/boom.py").unlink()
    blog.write("plugins/early.py", FAILING.replace("{event}", "after_config"))
    assert main(["--cwd", str(blog.root), "build"]) == 1
    err = capsys.readouterr().err
    assert "plugin early, after_config:" in err and "unexpected error" not in err


SERVICES = {
    "plugins/a_provider.py": "def register(api):\n    api.provide('a.greeting', 'hello from a')\n",
    "plugins/b_user.py": '''
from quillpress.plugin_api import Route

def register(api):
    @api.generator(name="greeting")
    def greeting(site):
        return [Route(path="greeting.txt", content=api.service("a.greeting"))]
''',
}


def test_a_plugin_uses_a_service_another_provides(make_blog) -> None:
    blog = make_blog(files={"content/_posts/a.md": post("A"), **SERVICES})
    builder = blog.builder()
    build_ok(builder)
    assert blog.read("greeting.txt") == "hello from a"
    assert builder.extensions.service("a.greeting") == "hello from a"
    assert "math.renderer" in builder.extensions.services  # what benchmarks read


def test_asking_for_a_missing_service_names_it(make_blog) -> None:
    blog = make_blog(files={"content/_posts/a.md": post("A"), "plugins/b_user.py": SERVICES["plugins/b_user.py"]})
    result = blog.build()
    assert [e.message for e in result.problems.errors if "a.greeting" in e.message], \
        [str(e) for e in result.problems.errors]


GREETING = '''
def register(api):
    api.tag("greet", lambda ctx, args, body: "<b class='greet'>{word}</b>")
'''


def test_an_edited_plugin_is_loaded_again_by_the_next_build(make_blog) -> None:
    """What `serve` does when a plugin is saved: the same builder builds again, and the
    page shows what the plugin now says, not what the module imported first said."""
    blog = make_blog(files={"content/_posts/a.md": post("A", "{% greet %}"),
                            "plugins/greet.py": GREETING.replace("{word}", "hello")})
    builder = blog.builder()
    assert builder.build().ok
    assert "<b class='greet'>hello</b>" in blog.read("2024/01/02/a/index.html")
    edited = blog.write("plugins/greet.py", GREETING.replace("{word}", "bonjour"))
    assert builder.build([edited]).ok
    page = blog.read("2024/01/02/a/index.html")
    assert "<b class='greet'>bonjour</b>" in page and "hello" not in page


MARKED = '''
def register(api):
    api.inject("head_end", '<link rel="stylesheet" href="/kbd.css">', when=('class="kbd-', 'class="keys"'))
    api.inject("body_end", lambda page: "<!-- keys -->" if "kbd" in page.html else "")  # as before
'''


def test_an_injection_when_the_page_holds_a_text_goes_only_into_those_pages(make_blog) -> None:
    blog = make_blog(files={
        "content/_posts/keys.md": post("Keys", 'Press <span class="kbd-key">Ctrl</span>.'),
        "content/_posts/other.md": post("Other", 'Escaped `class="kbd-key"` is only text.'),
        "content/_posts/more.md": post("More", '<p class="keys">A B</p>'),
        "plugins/kbd.py": MARKED})
    build_ok(blog)
    pages = {blog.read(rel).split("<title>")[1].split(" ")[0]: blog.read(rel)
             for rel in blog.files() if rel.endswith("/index.html") and rel[:1].isdigit()}
    assert sorted(pages) == ["Keys", "More", "Other"]
    for title, page in pages.items():
        linked = page.count('<link rel="stylesheet" href="/kbd.css"></head>')
        assert linked == (title != "Other"), title
    assert "<!-- keys -->" in pages["Keys"] and "<!-- keys -->" not in pages["More"]


EVERYWHERE = '''
def register(api):
    for where in ("head_begin", "head_end", "body_begin", "body_end"):
        api.inject(where, f"<!-- {where} -->")
    api.inject("body_end", lambda page: "<!-- last -->")
'''


def test_injections_go_at_the_start_and_end_of_head_and_body(make_blog) -> None:
    """Each inject point, with a text and a callable at one of them, in every page once."""
    blog = make_blog(files={"content/_posts/a.md": post("A", "Text."), "plugins/all.py": EVERYWHERE})
    build_ok(blog)
    page = blog.read("2024/01/02/a/index.html")
    head_open = page.index(">", page.index("<head")) + 1
    body_open = page.index(">", page.index("<body")) + 1
    assert page.startswith("<!-- head_begin -->", head_open)
    assert page.startswith("<!-- body_begin -->", body_open)
    assert page.index("<!-- head_end --></head>") < body_open
    assert page.rstrip().endswith("<!-- body_end --><!-- last --></body>\n</html>")
    assert all(page.count(f"<!-- {where} -->") == 1
               for where in ("head_begin", "head_end", "body_begin", "body_end", "last"))


def _two_splices(page: str, head_end: str, body_end: str) -> str:
    """What `_inject` gave before `_spliced` (7128059): `head_end` before the first
    `</head>`, then `body_end` before the last `</body>` of that page, else at its end."""
    if head_end:
        page = page.replace("</head>", head_end + "</head>", 1)
    if body_end:
        at = page.rfind("</body>")
        page = page[:at] + body_end + page[at:] if at >= 0 else page + body_end
    return page


ODD_PAGES = ["<html><head></head><body>x</body></html>", "<head></head>", "<body>x</body>",
             "<body>x</body><head></head>", "no tags", "",
             "<head><script>'</body>'</script></head><body></body>",
             "<head><script>'</body>'</script></head>no body",
             "<body><script>'</head>'</script></body><head></head><body></body>"]
ODD_INJECTIONS = ["", "<!-- x -->", "</body>", "</head>", "</bo", "dy>"]


@pytest.mark.parametrize("page", ODD_PAGES)
def test_injections_in_a_page_without_head_or_body_or_in_another_order(page: str) -> None:
    """A layout without `</head>` or `</body>`, with them the other way round or inside a
    script, gets its injections where the two splices one after the other put them."""
    from quillpress.build.pages import _spliced

    for head_end in ODD_INJECTIONS:
        for body_end in ODD_INJECTIONS:
            assert _spliced(page, head_end, body_end) == _two_splices(page, head_end, body_end), \
                (head_end, body_end)


LATE_MARKED = '''
def register(api):
    @api.on("after_source")
    def decide(docs):
        api.inject("head_end", '<link rel="stylesheet" href="/late.css">', when='class="late"')
'''


def test_an_injection_made_by_a_handler_with_when_reaches_the_pages_holding_the_text(
        make_blog) -> None:
    """A plugin may call inject(..., when=) once it has seen the site, after the page maker
    exists: the pages that hold the text still get the HTML, the others not."""
    blog = make_blog(files={
        "content/_posts/late.md": post("Late", '<p class="late">now</p>'),
        "content/_posts/other.md": post("Other", "nothing"),
        "plugins/late.py": LATE_MARKED})
    build_ok(blog)
    late = [rel for rel in blog.files() if rel.endswith("/index.html") and "/late/" in rel]
    other = [rel for rel in blog.files() if rel.endswith("/index.html") and "/other/" in rel]
    assert '<link rel="stylesheet" href="/late.css">' in blog.read(late[0])
    assert "/late.css" not in blog.read(other[0])


@pytest.mark.parametrize("when", ['""', "[]", "('x', '')"])
def test_an_injection_when_no_text_or_an_empty_one_is_an_error(make_blog, capsys,
                                                               when: str) -> None:
    """Not HTML that no page ever gets (the scan passes over an empty text)."""
    blog = make_blog(files={"content/_posts/a.md": post("A"), "plugins/empty.py":
                            f"def register(api):\n    api.inject('head_end', '<i>', when={when})\n"})
    assert main(["--cwd", str(blog.root), "build"]) == 1
    err = capsys.readouterr().err
    assert "plugin empty, register: ValueError" in err and "non-empty texts" in err


def test_marker_texts_are_found_where_they_overlap_or_share_a_start() -> None:
    from quillpress.build.page_marks import MarkScan

    scan = MarkScan(['class="a', 'class="ab', 'b c', "ab", "bcd", "xyz"])
    assert scan.found('<p class="abcd">') == {'class="a', 'class="ab', "ab", "bcd"}
    assert scan.found("a b c") == {"b c"}
    assert scan.found("") == set()
    # the words before an attribute must be there too, and not be taken from a page's start
    scan = MarkScan(['<figure class="x"', '<div class="x"', 'class="y'])
    assert scan.found('<p class="x"><figure class="x">') == {'<figure class="x"'}
    assert scan.found('class="x" <div class="y">') == {'class="y'}
    assert scan.found('<div class="x"><figure class="y">') == {'<div class="x"', 'class="y'}


SITE_COUNT = '''
def register(api):
    @api.on("after_source")
    def count(docs):
        for doc in docs:
            doc.body += f"\\n\\nOne of {len(docs)} documents."
'''


def test_a_body_a_handler_changed_after_the_read_is_rendered_again_when_its_change_does(
        make_blog) -> None:
    """`after_source` handlers may change the documents they are given (here each body tells
    how many there are): the body cache's key and the pages' fingerprints hold each document
    as the handlers left it, so a post whose handler-made text changed with another post's
    arrival is rendered again, not taken from the cache as the last build had it."""
    blog = make_blog(files={"content/_posts/a.md": post("A", "First."),
                            "content/_posts/b.md": post("B", "Second.", date="2024-01-03 10:00:00"),
                            "plugins/count.py": SITE_COUNT})
    build_ok(blog)
    page = next(rel for rel in blog.files() if rel.endswith("/a/index.html"))
    assert "One of 2 documents." in blog.read(page)
    blog.write("content/_posts/c.md", post("C", "Third.", date="2024-01-04 10:00:00"))
    build_ok(blog)
    assert "One of 3 documents." in blog.read(page)
