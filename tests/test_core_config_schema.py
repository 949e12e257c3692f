"""The typed config schema: Hexo's legacy and foreign forms build with one warning each, every
error (core and plugins) is reported at once with file:line and exit 1, typos get "did you
mean", and themes' missing layouts fall back as in Hexo. Configs are written as text, the way
users write them, so the lines asserted are the lines in the file."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from quillpress.config import load_config
from quillpress.config_defaults import SCHEMA
from quillpress.config_options import Option, Report, Section, check_mapping
from quillpress.errors import ConfigError
from tests.conftest import REPO
from tests.test_core_yaml12 import alias_bomb

POST = "---\ntitle: A\ndate: 2024-01-01\n---\nSee [x](https://example.org).\n"


def blog_with(tmp_path: Path, config: str, files: dict[str, str] | None = None) -> Path:
    root = tmp_path / "blog"
    for rel, text in {"_config.yml": "title: T\ntimezone: UTC\n" + config,
                      "content/_posts/a.md": POST, **(files or {})}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--cwd", str(root),
                           "--no-cache", "--workers", "1", "--verbose", *args],
                          capture_output=True, text=True, timeout=120)


def warnings_of(run: subprocess.CompletedProcess) -> list[str]:
    """Warnings about the blog's own files (not about the machine's npm set-up)."""
    return [line.removeprefix("WARN  ") for line in run.stderr.splitlines()
            if line.startswith(("WARN  _config.yml:", "WARN  content/"))]


@pytest.mark.parametrize("line,warning", [
    ("external_link: true", "_config.yml:3: `external_link: true` is the form before Hexo 5; "
                            "read as `external_link: {enable: true}`"),
    ("category_map: true", "_config.yml:3: `category_map: true` is not a mapping of `name: "
                           "slug` lines; ignored, as Hexo does"),
    ("tag_map: true", "_config.yml:3: `tag_map: true` is not a mapping of `name: slug` lines; "
                      "ignored, as Hexo does"),
    ("permalink_defaults: :title/", "_config.yml:3: `permalink_defaults: :title/` is not a "
     "mapping of `token: value` lines; ignored, as Hexo does"),
    ("url: example.github.io", "_config.yml:3: `url: example.github.io` has no scheme; read as "
                               "https://example.github.io"),
    ("future: no", "_config.yml:3: `future: no` is not true or false; read as true, as Hexo does"),
    ("per_page: '5'", "_config.yml:3: `per_page` is the text '5'; read as the number 5"),
    ("permalnik: :title/", "_config.yml:3: unknown key `permalnik`; did you mean `permalink`?"),
    ("feed:\n  limt: 5", "_config.yml:4: unknown key `feed.limt`; did you mean `feed.limit`?"),
    ("menu:\n  about: /about/", "_config.yml:3: `menu` is a setting of the theme, which does "
                                "not read it at the top level of the site config"),
    ("math:\n  per_page: true", "_config.yml:3: `math.per_page: true` is NexT 7's name; read "
                                "as `math.every_page: false`"),
    ("title: Again", "_config.yml:3: `title` is written twice (lines 1 and 3); the later one "
                     "is used"),
    ("plugins:\n  - hexo-generator-feed", "_config.yml:3: `plugins` here is Hexo 3's list of "
                                          "npm plugins to load; QuillPress loads its own plugins "
                                          "and ignores it"),
    ("plugins:\n  hexo-generator-feed\n  hexo-generator-sitemap",
     "_config.yml:3: `plugins` here is Hexo 3's list of npm plugins to load; QuillPress loads "
     "its own plugins and ignores it"),
    ("updated_option: false", "_config.yml:3: `updated_option: false` is not mtime, date or "
                              "empty; read as mtime, as Hexo does"),
    ("index_generator:\n  order_by: {top: -1, date: -1}", "_config.yml:4: "
     "`index_generator.order_by` as a mapping sorts by several keys; read as -date (pinned "
     "posts come first anyway)"),
    ("author:\n  name: Ann\n  avatar: a.png", "_config.yml:3: `author` is a mapping; its text "
                                              "is Ann"),
    ("deploy: 5", "_config.yml:3: `deploy: 5` is not a deploy target (a mapping with `type:`); "
                  "ignored"),
    ("per_page: -1", "_config.yml:3: `per_page: -1` is below 0, with which Hexo writes no "
                     "list pages at all (no home page); read as 0: all posts on one page"),
    ("root: blog", "_config.yml:3: `root: blog` does not start with /; read as /blog/"),
    ("deploy: git", "_config.yml:3: `deploy: git` names a deploy type alone; read as "
                    "`deploy: {type: git}`"),
    ("index_generator:\n  - path: ''\n  - per_page: 3", "_config.yml:3: `index_generator` is "
     "not a mapping of settings; ignored, as Hexo does: its defaults are used"),
    ("archive_generator: monthly", "_config.yml:3: `archive_generator` is not a mapping of "
                                   "settings; ignored, as Hexo does: its defaults are used"),
    ("markdown: commonmark", "_config.yml:3: `markdown: commonmark` is hexo-renderer-markdown-it's "
                             "preset name; QuillPress's Markdown settings keep their defaults"),
    ("highlight:\n  tab_replace: true", "_config.yml:4: `highlight.tab_replace: true` is no text "
     "to put in place of a tab; tabs in code are kept (Hexo 7 stops on it)"),
    ("sitemap:\n  path: [sitemap.txt, sitemap.xml]", "_config.yml:4: `sitemap.path` lists "
     "several files; QuillPress writes the XML sitemap only, at sitemap.xml"),
])
def test_forms_hexo_accepts_build_with_one_warning(tmp_path: Path, line: str, warning: str) -> None:
    run = build(blog_with(tmp_path, line + "\n"))
    assert run.returncode == 0, run.stderr
    assert warnings_of(run) == [warning]


@pytest.mark.parametrize("line,hint", [
    ("permalink: ''", "write the posts' URL rule, `permalink: :year/:month/:day/:title/` for "
                      "instance, or remove the line"),
    ("per_page: -1", "write `per_page: 0` for one page of all posts, or the number of posts a "
                     "page shows"),
    ("tag_generator:\n  per_page: -5", "write `tag_generator.per_page: 0` for one page of all "
                                       "posts, or the number of posts a page shows"),
    ("deploy: git", "write the target's settings indented under `deploy:`, `type: git` first "
                    "(`deploy --help` lists each type's)"),
    ("deploy: 5", "write the target's settings indented under `deploy:`, `type: git` or "
                  "`type: local` first (`deploy --help` lists each type's)"),
    ("archive_generator: monthly", "write its settings as `key: value` lines indented under "
                                   "`archive_generator:` (per_page: 10), or remove it"),
    ("tag_map: true", "write one `name: slug` line per entry, indented under `tag_map:`, or "
                      "remove it"),
    ("updated_option: false", "write `updated_option: mtime`, `date` or `empty`"),
])
def test_a_form_hexo_cannot_use_either_is_warned_about_with_what_to_write(
        tmp_path: Path, line: str, hint: str) -> None:
    """These warnings said what was assumed but not what to write instead, as the config's
    other warnings do on a hint line (each is a form Hexo too builds wrongly, or not at all)."""
    run = build(blog_with(tmp_path, line + "\n"))
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    [at] = [n for n, text in enumerate(lines) if text.startswith("WARN  _config.yml:")]
    assert lines[at + 1] == f"  hint: {hint}", run.stderr


def test_an_empty_permalink_is_the_default_not_the_home_page(tmp_path: Path) -> None:
    """`permalink: ''` put every post at / : the last one replaced the home page, the others
    went to /-2, /-3 (Hexo leaves every post out, "rule is required")."""
    root = blog_with(tmp_path, "permalink: ''\n", {
        "content/_posts/b.md": POST.replace("title: A", "title: B").replace("01-01", "01-02")})
    run = build(root)
    assert run.returncode == 0, run.stderr
    assert warnings_of(run) == ["_config.yml:3: `permalink` is empty; read as the default "
                                ":year/:month/:day/:title/ (Hexo leaves every post out)"]
    home = (root / "site/index.html").read_text()
    assert "2024/01/01/a/" in home and "2024/01/02/b/" in home
    assert (root / "site/2024/01/02/b/index.html").is_file()


def test_legacy_values_are_converted_as_hexo_reads_them(tmp_path: Path) -> None:
    root = blog_with(tmp_path, "external_link: false\ncategory_map:\ntag_map: true\n"
                               "url: example.github.io/blog/\nfuture: no\n")
    config = load_config(root)
    assert config["external_link"] == {"enable": False, "field": "site", "exclude": []}
    assert config["category_map"] == {} and config["tag_map"] == {}
    assert config["url"] == "https://example.github.io/blog"
    assert config["future"] is True
    assert sorted(w.line for w in config.report.warnings) == [3, 5, 6, 7]


def test_yaml_hexo_reads_in_config_tabs_and_js_types(tmp_path: Path) -> None:
    """Hexo turns indenting tabs into spaces before js-yaml reads a file, and reads
    `!!js/regexp` (html-minifier settings); both build, the key lines still right."""
    root = blog_with(tmp_path, "html_minifier:\n\tignoreCustomComments: [ !!js/regexp /^\\s*more/ ]\n"
                               "\texclude:\nper_page: 3\n")
    config = load_config(root)
    assert config["html_minifier"] == {"ignoreCustomComments": ["/^\\s*more/"], "exclude": None}
    assert config["per_page"] == 3 and config.report.where(("per_page",)) == ("_config.yml", 6)


def test_plugin_sections_convert_their_plugins_own_forms(tmp_path: Path) -> None:
    """hexo-generator-feed documents `limit: false` as "all posts"; its `template` and
    hexo-generator-search's `format` are other tools' keys, kept quietly."""
    root = blog_with(tmp_path, "feed:\n  limit: false\n  template: my.xml\n"
                               "search:\n  format: html\n")
    run = build(root)
    assert run.returncode == 0 and warnings_of(run) == []
    assert "<entry>" in (root / "site/atom.xml").read_text()


def test_external_link_false_keeps_links_in_the_tab(tmp_path: Path) -> None:
    root = blog_with(tmp_path, "external_link: false\n")
    assert build(root).returncode == 0
    page = (root / "site/2024/01/01/a/index.html").read_text()
    assert 'href="https://example.org"' in page and 'target="_blank"' not in page


def test_unknown_keys_warn_only_when_close_to_a_known_one(tmp_path: Path) -> None:
    root = blog_with(tmp_path, "my_custom_key: 1\nabbrlink: {alg: crc32}\nlazyload: true\n")
    run = build(root)
    assert run.returncode == 0 and warnings_of(run) == []


def test_every_config_error_at_once_core_and_plugins(tmp_path: Path) -> None:
    """Four bad values in four sections: all four named with their lines, exit 1, and the
    output folder not touched."""
    root = blog_with(tmp_path, "per_page: ten\nfeed:\n  limit: lots\ncharts:\n"
                               "  arg_order: sideways\nmath:\n  macros: [a]\n"
                               "plugins: {disabled: 5}\n")
    run = build(root)
    assert run.returncode == 1 and "unexpected error" not in run.stderr
    errors = sorted(line for line in run.stderr.splitlines() if line.startswith("ERROR "))
    assert errors == [
        "ERROR _config.yml:10: `plugins.disabled` must be a name or a list of names, not 5",
        "ERROR _config.yml:3: `per_page` must be a whole number, not 'ten'",
        "ERROR _config.yml:5: `feed.limit` must be a whole number, not 'lots'",
        "ERROR _config.yml:7: `charts.arg_order` must be one of auto, height_width, "
        "width_height, not 'sideways'",
        "ERROR _config.yml:9: `math.macros` must be a mapping of `name: text` lines, not a list"]
    assert not (root / "site").exists()


@pytest.mark.parametrize("config,message", [
    ("math: {macros: [1, 2]}", "_config.yml:3: `math.macros` must be a mapping of `name: text` "
                               "lines, not a list"),
    ("math:\n  macros:\n    \\RR: [1]", "_config.yml:4: `math.macros` must map names to texts, "
                                        "but `\\RR` holds a list"),
    ("feed: {type: json}", "_config.yml:3: `feed.type` must be one or a list of atom, rss2, "
                           "not 'json'"),
    ("charts: {height: tall}", "_config.yml:3: `charts.height` cannot be 'tall'"),
    ("sitemap: {path: {a: 1}}", "_config.yml:3: `sitemap.path` must be text, not a mapping"),
])
def test_bad_plugin_value_names_key_and_line(tmp_path: Path, config: str, message: str) -> None:
    run = build(blog_with(tmp_path, config + "\n"))
    assert run.returncode == 1 and "unexpected error" not in run.stderr
    assert f"ERROR {message}" in run.stderr


def test_error_names_the_config_file_that_set_the_value(tmp_path: Path) -> None:
    root = blog_with(tmp_path, "")
    (root / "extra.yml").write_text("# site overrides\nfeed:\n  limit: lots\n")
    run = build(root, "--config", "_config.yml,extra.yml")
    assert run.returncode == 1
    assert "ERROR extra.yml:3: `feed.limit` must be a whole number, not 'lots'" in run.stderr


def test_alias_bomb_in_config_is_refused_at_its_first_alias(tmp_path: Path) -> None:
    root = blog_with(tmp_path, alias_bomb())  # after two lines: its first alias is on line 4
    with pytest.raises(ConfigError) as info:  # refused by count, before anything expands
        load_config(root)
    assert info.value.line == 4 and "expand to more than 100,000 values" in info.value.message


def test_anchors_in_config_still_work(tmp_path: Path) -> None:
    root = blog_with(tmp_path, "feed: &f {limit: 3}\nextra: *f\n")
    assert load_config(root)["extra"] == {"limit": 3}


def test_yaml11_words_are_text_in_config(tmp_path: Path) -> None:
    root = blog_with(tmp_path, "author: No\nsubtitle: on\n")
    config = load_config(root)
    assert config["author"] == "No" and config["subtitle"] == "on"


def test_missing_layouts_fall_back_with_one_warning_each(tmp_path: Path) -> None:
    """Pages with `layout: about`, `links` and `reading` (themes Hexo blogs used have them,
    ours does not) build with page.html; one warning per layout name, at its line."""
    files = {f"content/{name}/index.md": f"---\ntitle: {name}\nlayout: {name}\n---\n{name} text\n"
             for name in ("about", "links", "reading")}
    files["content/more/index.md"] = "---\ntitle: more\n\nlayout: about\n---\nmore text\n"
    run = build(blog_with(tmp_path, "", files))
    assert run.returncode == 0, run.stderr
    assert sorted(warnings_of(run)) == [
        f"content/{name}/index.md:3: the theme has no layout {name!r}; pages asking for it "
        "use 'page', as in Hexo" for name in ("about", "links", "reading")]
    page = (tmp_path / "blog/site/links/index.html").read_text()
    assert "links text" in page and "<html" in page


def test_a_layout_missing_from_a_stand_in_theme_is_not_said_to_be_as_in_hexo(
        tmp_path: Path) -> None:
    """`theme: fluid` (stood in for) and `layout: about`: Fluid has that layout, so the page
    Hexo makes is Fluid's about page; the warning said the fallback was "as in Hexo" and to
    add layout/about.html "to the theme", the blog's Fluid, whose templates are not run."""
    files = {"content/about/index.md": "---\ntitle: About\nlayout: about\n---\nMe.\n"}
    run = build(blog_with(tmp_path, "theme: fluid\n", files))
    assert run.returncode == 0, run.stderr
    said = [w for w in warnings_of(run) if "layout" in w]
    assert said == ["content/about/index.md:3: the default theme, standing in for 'fluid', has "
                    "no layout 'about'; pages asking for it use 'page'"], run.stderr
    assert "hint: remove `layout:` from the front-matter to silence this" in run.stderr


def test_a_page_asking_for_a_list_layout_is_drawn_as_a_page(tmp_path: Path) -> None:
    """`layout: index` on the home page (hexo.io's own site, whose theme draws a landing page
    with it): the theme's index lists posts, and a page has none to list, which stopped the
    build with an unexpected error; it uses the page layout, with one warning per layout."""
    files = {"content/index.md": "---\nlayout: index\n---\nWelcome **home**.\n",
             "content/more/index.md": "---\ntitle: More\nlayout: index\n---\nMore.\n",
             "content/old/index.md": "---\ntitle: Old\nlayout: archive\n---\nOld.\n"}
    run = build(blog_with(tmp_path, "index_generator:\n  path: blog\n", files))
    assert run.returncode == 0, run.stderr
    assert sorted(warnings_of(run)) == [
        f"content/{rel}: layout '{name}' draws a list of posts, which a page has not; the "
        "page uses 'page'" for rel, name in (("index.md:2", "index"), ("old/index.md:3", "archive"))]
    page = (tmp_path / "blog/site/index.html").read_text()
    assert "Welcome <strong>home</strong>." in page and "<html" in page
    assert "More." in (tmp_path / "blog/site/more/index.html").read_text()


def test_placeholder_url_warns_once_on_build_and_deploy_refuses_it(tmp_path: Path) -> None:
    """`url: http://example.com` (what init writes) would go into feeds and canonical links:
    `build` says so once; `deploy` refuses, naming the line, and copies nothing."""
    dest = tmp_path / "www"
    root = blog_with(tmp_path, f"url: http://example.com\ndeploy:\n  type: local\n  path: {dest}\n")
    run = build(root)
    assert run.returncode == 0
    placeholder = [w for w in warnings_of(run) if "placeholder" in w]
    assert placeholder == ["_config.yml:3: `url` is still the placeholder http://example.com: "
                           "feeds, the sitemap and canonical links point there"]
    deploy = subprocess.run([sys.executable, str(REPO / "build.py"), "deploy", "-g", "--cwd",
                             str(root)], capture_output=True, text=True, timeout=120)
    assert deploy.returncode == 1 and "unexpected error" not in deploy.stderr
    assert ("ERROR _config.yml:3: refusing to deploy: `url` is still the placeholder "
            "http://example.com") in deploy.stderr
    assert not dest.exists()


def test_serve_says_the_placeholder_url_as_build_does(tmp_path: Path) -> None:
    """`serve` is a new blog's first command, and it never said that `url` is still the
    placeholder: the user first heard of it when `deploy` refused."""
    root = blog_with(tmp_path, "url: http://example.com\n")
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--cwd", str(root), "serve",
                             "--port", "0"], stderr=subprocess.PIPE, text=True)
    said: list[str] = []
    try:
        while not said or "serving" not in said[-1]:
            line = proc.stderr.readline() if proc.stderr else ""
            assert line, "".join(said)  # serve ended before it served
            said.append(line)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "WARN  _config.yml:3: `url` is still the placeholder http://example.com: feeds, the " \
           "sitemap and canonical links point there\n" in said, "".join(said)


ODD_VALUES = [None, True, False, 0, -1, 1.5, float("inf"), float("nan"), "", "x", "031809",
              [], [1], ["a", None], [{"a": 1}], {}, {"a": 1}, {"a": [1]}, dt.date(2024, 1, 1)]


def _sections() -> dict[str, Option]:
    """Every declared option: the core's and each built-in plugin's section."""
    from plugins.echarts.render import SECTION as charts
    from plugins.feed import SECTION as feed
    from plugins.math import SECTION as math
    from plugins.search import SECTION as search
    from plugins.sitemap import SECTION as sitemap
    return {**SCHEMA, "charts": charts, "feed": feed, "math": math, "search": search,
            "sitemap": sitemap}


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_any_value_anywhere_is_a_value_a_warning_or_a_named_error(value: object) -> None:
    """No value of any declared key, at the top or one level down, makes the checks crash:
    each is accepted, converted with a warning, or refused with the key's name."""
    options = _sections()
    for key, option in options.items():
        values = {key: value}
        if isinstance(option, Section):
            values = {key: {sub: value for sub in option.options}}
        report = Report()
        check_mapping(options, values, (), report)
        for path, message, _ in report.errors:
            assert path[0] == key and f"`{'.'.join(path)}`" in message


def test_markdown_it_plugins_without_a_port_are_named_once(tmp_path: Path) -> None:
    """hexo-renderer-markdown-it runs each plugin `markdown.plugins` lists: one QuillPress has
    no port of (markdown-it-attrs' `{.class}`, a container's `:::`) leaves its syntax as
    written, which one line at the key now says; ported ones, footnotes and math do not
    warn, nor does the list on a blog whose renderer is another (Hexo ignores it there)."""
    config = ("markdown:\n  plugins:\n    - markdown-it-attrs\n    - markdown-it-sub\n"
              "    - markdown-it-footnote\n    - '@traptitech/markdown-it-katex'\n"
              "    - name: markdown-it-container\n      options: tip\n")
    package = {"package.json": '{"dependencies": {"hexo": "^7.3.0", '
                               '"hexo-renderer-markdown-it": "^7.1.1"}}'}
    run = build(blog_with(tmp_path, config, package))
    assert run.returncode == 0, run.stderr
    assert warnings_of(run) == ["_config.yml:4: `markdown.plugins` lists markdown-it-attrs, "
                                "markdown-it-container, which QuillPress has no port of: what "
                                "their syntax marks up is shown as written"]
    assert warnings_of(build(blog_with(tmp_path / "marked", config))) == []
