"""The blog's own code broken: a template of its theme or a plugin of its `plugins/` that
raises while a build runs is an error naming that file and line, exit 1, the last good site
kept; never "unexpected error" (exit 2), which is kept for QuillPress's own bugs."""

from __future__ import annotations

import pytest

from conftest import post
from quillpress.cli import main

THEME = {  # a theme of the blog's own, its post layout broken at line 3
    "themes/mine/layout/index.html": "<title>{{ config.title }}</title>\n",
    "themes/mine/layout/post.html": "<h1>{{ page.title }}</h1>\n<p>{{ page.date }}</p>\n"
                                    "{{ page.title + 1 }}\n",
}


def build(blog, capsys) -> tuple[int, str]:
    code = main(["--cwd", str(blog.root), "build"])
    return code, capsys.readouterr().err


def test_a_template_of_the_blogs_theme_that_raises_names_its_line(make_blog, capsys):
    blog = make_blog(config={"theme": "mine"}, files={"content/_posts/a.md": post("A"), **THEME})
    code, err = build(blog, capsys)
    assert code == 1, err
    assert "themes/mine/layout/post.html:3" in err and "TypeError" in err
    assert "unexpected error" not in err and "Traceback" not in err
    assert not (blog.root / ".site.building").exists()


def test_a_failed_page_keeps_the_last_good_site(make_blog, capsys):
    blog = make_blog(config={"theme": "mine"}, files={"content/_posts/a.md": post("A"), **THEME,
                                                      "themes/mine/layout/post.html": "ok\n"})
    assert build(blog, capsys)[0] == 0
    before = (blog.public / "2024/01/02/a/index.html").read_bytes()
    blog.write("themes/mine/layout/post.html", THEME["themes/mine/layout/post.html"])
    assert build(blog, capsys)[0] == 1
    assert (blog.public / "2024/01/02/a/index.html").read_bytes() == before


PLUGINS = {
    "helper": "def register(api):\n    api.helper('url_for', lambda *a: 1 / 0)\n",
    "inject": "def register(api):\n    api.inject('body_end', lambda page: 1 / 0)\n",
    "make": "from quillpress.plugin_api import Route\ndef register(api):\n"
            "    api.generator(lambda site: [Route(path='x.txt', make=lambda: 1 / 0)])\n",
    "generator": "def register(api):\n    api.generator(lambda site: 1 / 0)\n",
    "markdown": "def register(api):\n    api.markdown(lambda md: 1 / 0)\n",
}


@pytest.mark.parametrize("kind", sorted(PLUGINS))
def test_a_plugin_that_raises_names_its_line_without_a_traceback(make_blog, capsys, kind):
    """A helper a template calls, an injection, a generator or the page it makes, a
    markdown-it plugin: each raised "unexpected error" (exit 2) or printed a traceback."""
    blog = make_blog(files={"content/_posts/a.md": post("A"), "plugins/bad.py": PLUGINS[kind]})
    code, err = build(blog, capsys)
    assert code == 1, err
    line = PLUGINS[kind].count("\n")  # the last line: the one that divides by zero
    assert f"plugins/bad.py:{line}" in err and "ZeroDivisionError" in err
    assert "unexpected error" not in err and "Traceback" not in err


@pytest.mark.parametrize("plugin,source", [
    ("def register(api):\n    api.tag('mytag', lambda ctx, args, body: None)\n", "{% mytag %}"),
    ("def register(api):\n    api.fence('abc', lambda ctx, code, info: 42)\n", "```abc\nx\n```"),
])
def test_a_tag_or_fence_that_returns_no_text_is_a_warning_box(make_blog, capsys, plugin, source):
    """Returning None printed a traceback and failed the post."""
    blog = make_blog(files={"content/_posts/a.md": post("A", f"Before.\n\n{source}\n"),
                            "plugins/bad.py": plugin})
    code, err = build(blog, capsys)
    assert code == 0, err
    assert "content/_posts/a.md:7" in err and "not text" in err and "Traceback" not in err
    assert "Before." in (blog.public / "2024/01/02/a/index.html").read_text()


@pytest.mark.parametrize("source,line,what", [
    ("def register(api):\n    x = (\n", 2, "SyntaxError: '(' was never closed"),
    ("import os\nimport no_such_module_here\n", 2, "ModuleNotFoundError"),
    ("import sys\nsys.exit(0)\n", 2, "SystemExit"),
])
def test_a_plugin_that_cannot_be_imported_names_its_line(make_blog, capsys, source, line, what):
    """A syntax error's line was only inside a repr of its arguments; sys.exit() in a
    plugin ended the build with exit 0 and no word."""
    blog = make_blog(files={"content/_posts/a.md": post("A"), "plugins/bad.py": source})
    code, err = build(blog, capsys)
    assert code == 1, err
    assert err.startswith(f"ERROR plugins/bad.py:{line}: plugin bad failed to import: {what}")
    assert "plugins.disabled" in err


def test_a_template_syntax_error_is_named_with_a_hint_about_syntax(make_blog, capsys):
    """The hint spoke of missing variables (`is defined`) for an unknown or unclosed tag."""
    blog = make_blog(config={"theme": "mine"}, files={
        "content/_posts/a.md": post("A"), **THEME,
        "themes/mine/layout/post.html": "<h1>{{ page.title }}</h1>\n{% if page.date %}\n"})
    code, err = build(blog, capsys)
    assert code == 1, err
    assert "themes/mine/layout/post.html:2" in err and "is defined" not in err
    assert "hint: fix the template's syntax" in err


@pytest.mark.parametrize("source", [
    "def register(api):\n    api.generator(lambda site: None)\n",
    "from quillpress.plugin_api import Route\ndef register(api):\n"
    "    api.generator(lambda site: [Route(path='x.txt', make=lambda: 5)])\n",
])
def test_a_plugin_that_returns_the_wrong_kind_names_the_function(make_blog, capsys, source):
    """A generator returning None, or a page's make() returning a number: the TypeError is
    raised in QuillPress's code, so it printed a traceback or exited 2 with "unexpected
    error"; the plugin's function that returned it is named instead."""
    blog = make_blog(files={"content/_posts/a.md": post("A"), "plugins/bad.py": source})
    code, err = build(blog, capsys)
    assert code == 1, err
    assert f"plugins/bad.py:{source.count(chr(10))}" in err and "TypeError" in err
    assert "unexpected error" not in err and "Traceback" not in err


@pytest.mark.parametrize("source,line", [
    ("import sys\ndef register(api):\n    sys.exit(0)\n", 3),
    ("import sys\ndef register(api):\n    api.on('after_site', lambda *, site: sys.exit(0))\n", 3),
    ("import sys\ndef register(api):\n    api.tag('hi', lambda ctx, args, body: sys.exit(0))\n", 3),
])
def test_a_plugin_that_calls_sys_exit_as_it_runs_is_an_error(make_blog, capsys, source, line):
    """sys.exit() in register(), an event handler or a tag ended the build at once: exit 0,
    no word and no site (the import's was named; these were not)."""
    blog = make_blog(files={"content/_posts/a.md": post("A", "{% hi %}\n"), "plugins/bad.py": source})
    code, err = build(blog, capsys)
    assert code == 1, err
    assert f"plugins/bad.py:{line}: the command stopped: SystemExit" in err
