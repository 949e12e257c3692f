"""A Hexo blog that sets up no math shows `$…$` as written, as Hexo does there (stop 41: two
real blogs' `$gt`, `${name}` in prose were drawn as formulas); any set-up (a math package,
MathJax or KaTeX named in the site's or theme's config or the theme's files, a theme the blog
does not hold, a post's `mathjax: true`) and QuillPress's own blogs keep formulas drawn."""

from __future__ import annotations

import json

import pytest

from _tags_html import body
from conftest import Blog, build_ok

POST = "content/_posts/q.md"
OUT = "2024/01/02/q/index.html"
TEXT = ("Match with $eq,$in in the query.\n\n"
        "```js\nconst total = `$a$`;\n```\n\n"
        "Select $.items[id] and $.name here.\n")


def hexo_blog(make_blog, *, front: str = "", packages: tuple[str, ...] = (),
              config: dict | None = None, files: dict[str, str] | None = None):
    """A Hexo blog on the theme `plain` (its one layout loads no math) with one post;
    `packages` are names (at ^1.0.0) or `name@range`."""
    deps = {"hexo": "^7.0.0", "hexo-renderer-marked": "^6.0.0",
            **dict(p.rsplit("@", 1) if "@" in p else (p, "^1.0.0") for p in packages)}
    return make_blog(config={"theme": "plain", **(config or {})}, files={
        "package.json": json.dumps({"name": "hexo-site", "dependencies": deps}),
        "themes/plain/layout/post.ejs": "<article><%- page.content %></article>\n",
        POST: f"---\ntitle: Q\ndate: 2024-01-02\n{front}---\n{TEXT}",
        **(files or {})})


def drawn(blog) -> list[str]:
    page = body(blog.read(OUT))
    return [note.text.strip() for note in page.find_all("annotation")]


def test_a_blog_without_math_shows_dollars_as_written_and_says_so(make_blog):
    blog = hexo_blog(make_blog)
    result = build_ok(blog)
    page = body(blog.read(OUT))
    assert drawn(blog) == []
    assert "Match with $eq,$in in the query." in page.text
    assert "Select $.items[id] and $.name here." in page.text
    [warning] = [w for w in result.problems.warnings if w.message.startswith("math:")]
    assert (warning.path, warning.line) == ("content/_posts/q.md", 5)
    assert "nothing in this blog sets up math" in warning.message and "1 page" in warning.message
    assert "math: {enable: true}" in (warning.hint or "")


def test_a_blog_kept_in_a_folder_named_for_math_sets_up_none(make_blog, tmp_path):
    """The folder's path is no setting: a blog in `katex-notes/` without math keeps `$…$`."""
    blog = Blog(hexo_blog(make_blog).root.rename(tmp_path / "katex-and-mathjax-notes"))
    build_ok(blog)
    assert drawn(blog) == []
    assert "Select $.items[id] and $.name here." in body(blog.read(OUT)).text


def test_a_blog_without_math_and_without_dollars_gets_no_warning(make_blog):
    blog = make_blog(config={"theme": "plain"}, files={
        "package.json": json.dumps({"name": "hexo-site", "dependencies": {"hexo": "^7.0.0"}}),
        "themes/plain/layout/post.ejs": "<%- page.content %>\n",
        POST: "---\ntitle: Q\ndate: 2024-01-02\n---\nRun `echo $HOME` and\n\n    cost=$5 $6\n"})
    result = build_ok(blog)
    assert not [w for w in result.problems.warnings if w.message.startswith("math:")]


@pytest.mark.parametrize("setup", [
    {"front": "mathjax: true\n"},
    {"front": "plugins:\n  - katex\n"},  # Volantis loads a page's plugins by name
    {"front": "plugins:\n  - mathjax: {}\n"},
    {"front": "katex:\n  options: {}\n"},  # Async: its options, truthy in the layout
    {"packages": ("hexo-filter-mathjax",)},
    {"config": {"math": {"every_page": True}}},
    {"config": {"markdown": {"plugins": ["markdown-it-katex"]}}},
    {"files": {"_config.plain.yml": "mathjax:\n  enable: true\n"}},
    {"files": {"themes/plain/_config.yml": "katex: {enable: false}\nmathjax: false\n",
               "_config.plain.yml": "katex:\n  enable: true\n"}},  # the blog's file wins
    {"files": {"_config.plain.yml": "math:\n  use: katex\n  per_page: true\n"}},  # Butterfly 4
    {"files": {"_config.plain.yml": "mathjax:\n  enable: false\ncustom_js:\n  - /js/mathjax-loader.js\n"}},
    {"files": {"themes/plain/layout/_partial/math.ejs": "<script src='/js/katex.min.js'></script>"}},
    {"files": {"_config.plain.yml": "math:\n  mathjax:\n    enable: false\ncustom_file_path:\n"
                                    "  bodyEnd: source/_data/body-end.njk\n",
               "content/_data/body-end.njk": "<script src='https://cdn.example/mathjax@3/tex-chtml.js'>"
                                             "</script>\n"}},  # NexT's custom file, switches off
    {"config": {"theme": "next"}},  # a theme the blog does not hold: its scripts are unknown
], ids=["front-matter", "volantis-plugin", "volantis-plugin-options", "async-options",
        "package", "math-section", "site-config", "theme-config", "theme-config-over-theme",
        "butterfly-use", "own-script-beside-switches-off", "theme-file",
        "own-template-beside-switches-off", "missing-theme"])
def test_any_math_set_up_keeps_formulas_drawn(make_blog, setup):
    blog = hexo_blog(make_blog, **setup)
    result = build_ok(blog)
    assert drawn(blog) == ["eq,", ".items[id] and"]  # what MathJax drew there, as before
    assert not [w for w in result.problems.warnings if "sets up math" in w.message]


@pytest.mark.parametrize("package", ["hexo-static-math@0.1.0", "hexo-math@^4.0.0",
                                     "hexo-math@^5.0.0"])
def test_a_math_package_drawing_only_its_tags_sets_up_no_dollars(make_blog, package):
    """hexo-static-math and hexo-math 4+ draw their own tags only (their index.js registers
    tags, no filter reading `$`): the prose's dollars stay as written, the tag is drawn."""
    blog = hexo_blog(make_blog, packages=(package,), files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-01-03\n---\n"
                               "{% mathjax %}a^2{% endmathjax %} and {% math %}b^2{% endmath %}\n"})
    build_ok(blog)
    assert drawn(blog) == []
    assert "Select $.items[id] and $.name here." in body(blog.read(OUT)).text
    tags = body(blog.read("2024/01/03/t/index.html"))
    assert [note.text for note in tags.find_all("annotation")] == ["a^2", "b^2"]


def test_hexo_math_3_loads_mathjax_for_every_page(make_blog):
    blog = hexo_blog(make_blog, packages=("hexo-math@^3.0.4",))
    build_ok(blog)
    assert drawn(blog) == ["eq,", ".items[id] and"]


def test_a_quillpress_blog_keeps_its_math(make_blog):
    blog = make_blog(files={POST: "---\ntitle: Q\ndate: 2024-01-02\n---\nArea $\\pi r^2$.\n"})
    build_ok(blog)
    assert drawn(blog) == ["\\pi r^2"]


def test_only_a_dollar_the_math_rule_leaves_as_text_is_counted(make_blog):
    """The warning names the first `$…$` that Markdown leaves as text where math would have
    been drawn: not one inside a Hexo code block tag or a raw HTML block, which no math rule
    reads (a line-based scan beside the parser counted those), and at its own line in a
    table cell."""
    text = ("{% codeblock %}\ncost $a$ and $b$\n{% endcodeblock %}\n\n"
            "<div>\nprice $x$ here\n</div>\n\n"
            "| a | b |\n|---|---|\n| one | $y$ |\n")
    blog = make_blog(config={"theme": "plain"}, files={
        "package.json": json.dumps({"name": "hexo-site", "dependencies": {"hexo": "^7.0.0"}}),
        "themes/plain/layout/post.ejs": "<%- page.content %>\n",
        POST: f"---\ntitle: Q\ndate: 2024-01-02\n---\n{text}",
        "content/_posts/r.md": "---\ntitle: R\ndate: 2024-01-03\n---\n{% codeblock %}\n$a$\n{% endcodeblock %}\n"})
    for _ in range(2):  # the second build takes the body from the cache
        result = build_ok(blog)
        [warning] = [w for w in result.problems.warnings if w.message.startswith("math:")]
        assert (warning.path, warning.line) == ("content/_posts/q.md", 15)
        assert "on 1 page is" in warning.message


@pytest.mark.parametrize("files", [
    {"_config.plain.yml": "mathjax:\n  enable: false\n  cdn: //cdn.example/MathJax.js\nkatex: false\n"},
    {"themes/plain/_config.yml": "math:\n  per_page: true\n  mathjax:\n    enable: false\n"
                                 "  katex:\n    enable: false\nvendors:\n  mathjax:\n",
     "themes/plain/layout/_partial/math.ejs": "<% if (theme.math.mathjax.enable) { %>"
                                             "<script src='mathjax.js'></script><% } %>"},
    {"_config.plain.yml": "math:\n  use:\n  per_page: true\n"},  # Butterfly 4: no engine chosen
    {"_config.plain.yml": "post:\n  math:\n    enable: false\n    engine: mathjax\n"},  # Fluid
], ids=["switches-off", "theme-switches-off-files-name-it", "butterfly-use-empty", "fluid"])
def test_a_theme_whose_math_switches_are_all_off_shows_dollars_as_written(make_blog, files):
    """A theme's config naming MathJax or KaTeX only to keep them off loads no math script,
    whatever its templates would load were it on: Hexo showed `$…$` as written there."""
    blog = hexo_blog(make_blog, files=files)
    result = build_ok(blog)
    assert drawn(blog) == []
    [warning] = [w for w in result.problems.warnings if w.message.startswith("math:")]
    assert "turns MathJax or KaTeX on" in warning.message


def test_a_missing_theme_keeps_math_on_and_says_so(make_blog, caplog):
    """A theme that is not in the blog (a git submodule left out): Hexo writes empty pages, so
    no page says whether it drew math. Math stays on, in one line saying so and how to undo."""
    import logging
    blog = hexo_blog(make_blog, config={"theme": "gone"})
    with caplog.at_level(logging.INFO, logger="quillpress.math"):
        build_ok(blog)
    assert drawn(blog) == ["eq,", ".items[id] and"]
    [line] = [r.message for r in caplog.records if "theme 'gone'" in r.message]
    assert "math.every_page: false" in line and "\n" not in line


@pytest.mark.parametrize("version, drawn_there", [
    ("8.2.0", []), ("7.8.0", ["eq,", ".items[id] and"])], ids=["next-8", "next-7"])
def test_next_8_does_not_read_its_data_file_for_math(make_blog, version, drawn_there):
    """NexT 8.1+ no longer reads `source/_data/next.yml` (it only says it is deprecated),
    so a switch turned on there draws no formula; NexT 7 merged it over `_config.next.yml`."""
    blog = hexo_blog(make_blog, config={"theme": "next"}, files={
        "themes/next/package.json": json.dumps({"name": "hexo-theme-next", "version": version}),
        "themes/next/layout/post.njk": "{{ page.content }}\n",
        "_config.next.yml": "math:\n  mathjax:\n    enable: false\n",
        "content/_data/next.yml": "math:\n  mathjax:\n    enable: true\n"})
    build_ok(blog)
    assert drawn(blog) == drawn_there


def test_a_broken_theme_config_is_left_out_and_the_build_goes_on(make_blog):
    """The rule reads the theme's config files as the theme's settings do (parsed once for
    both): one that cannot be parsed is no layer of either. The build goes on with the
    theme settings' warning naming the file, and the layers that could be read decide (here
    `_config.plain.yml`, every switch off: `$…$` stays as written)."""
    blog = hexo_blog(make_blog, files={
        "themes/plain/_config.yml": "math:\n  mathjax: [true\n",
        "_config.plain.yml": "mathjax: false\nkatex:\n  enable: false\n"})
    result = build_ok(blog)
    assert drawn(blog) == []
    [warning] = [w for w in result.problems.warnings if w.path == "themes/plain/_config.yml"]
    assert "invalid YAML" in warning.message and "not carried over" in warning.message
