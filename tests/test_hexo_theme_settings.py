"""A moved blog keeps its theme's menu, identity, social links, comments and analytics.

Each fixture in tests/fixtures/hexo_themes/ holds settings in one Hexo theme's shape; the
blog names that theme, QuillPress draws it with the default theme, and the built pages must
show what the settings asked for.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from _tags_html import Element, parse
from conftest import Blog
from quillpress.errors import QuillError

FIXTURES = Path(__file__).parent / "fixtures" / "hexo_themes"
POST = """---
title: A post
date: 2024-05-01
---
Body text.
"""

# What each theme's settings must become: every menu path, social link targets, and the
# comment and analytics providers handed on.
EXPECTED: dict[str, dict[str, Any]] = {
    "next": {"menu": ["/", "/about/", "/tags/", "/notes/", "/notes/algorithms/",
                      "https://courses.example.edu/cs101/"],
             "social": ["https://github.com/quill-tester", "mailto:tester@example.com",
                        "https://t.me/quilltester"],
             "favicon": "/images/icon-32.png", "comments": "utterances", "analytics": ["google"]},
    "fluid": {"menu": ["/", "/archives/", "/papers/", "/books/", "/about/"],
              "social": ["https://github.com/lab-writer", "https://www.zhihu.com/people/lab-writer",
                         "https://www.douban.com/people/lab-writer"],
              "favicon": "/img/site-icon.png", "comments": "giscus", "analytics": ["baidu", "umami"]},
    "butterfly": {"menu": ["/", "/archives/", "/music/", "/films/", "/link/"],
                  "social": ["https://github.com/butter-writer", "mailto:butter@example.com",
                             "https://space.bilibili.com/12345"],
                  "favicon": "/img/favicon.ico", "comments": "waline",
                  "analytics": ["baidu", "cloudflare"]},
    "icarus": {"menu": ["/", "/archives", "/about"],
               "social": ["https://github.com/icarus-reader", "/atom.xml"],
               "favicon": "/img/icon.svg", "comments": "disqus", "analytics": ["baidu"]},
    "keep": {"menu": ["/", "/archives", "/links", "/about"],
             "social": ["https://github.com/keep-writer", "https://www.zhihu.com/people/keep-writer",
                        "mailto:keep@example.com"],
             "favicon": "/images/keep-icon.svg", "comments": "twikoo", "analytics": []},
    "landscape": {"menu": ["/", "/archives", "https://projects.example.net/"],
                  "social": ["/atom.xml"], "favicon": "/favicon.png", "comments": None,
                  "analytics": []},
}


PICTURE = re.compile(r"(?<=[\s'\"])/([\w/.-]+\.(?:png|jpe?g|webp|svg|ico))")


def _blog(root: Path, theme: str, extra: dict[str, Any] | None = None) -> Blog:
    blog = Blog(root)
    (root / "themes" / theme).mkdir(parents=True)
    shutil.copy(FIXTURES / f"{theme}.yml", root / "themes" / theme / "_config.yml")
    for picture in PICTURE.findall((FIXTURES / f"{theme}.yml").read_text(encoding="utf-8")):
        # as the theme's package has them: Hexo publishes its source/ (and so do we)
        (root / "themes" / theme / "source" / picture).parent.mkdir(parents=True, exist_ok=True)
        (root / "themes" / theme / "source" / picture).write_bytes(b"")
    config = {"title": "Moved blog", "url": "http://example.com", "timezone": "UTC",
              "theme": theme, **(extra or {})}
    (root / "_config.yml").write_text(yaml.safe_dump(config))
    blog.write("content/_posts/a-post.md", POST)
    return blog


def _nav_links(page: Element) -> list[str]:
    return [a.attrs["href"] for a in page.find("nav", "site-nav").find_all("a")]


def _said(warnings: list[QuillError]) -> list[str]:
    """The warnings as the build prints them (file:line, message, hint)."""
    return [str(warning) for warning in warnings]


@pytest.mark.parametrize("theme", sorted(EXPECTED))
def test_theme_settings_reach_the_default_theme(tmp_path: Path, theme: str) -> None:
    blog = _blog(tmp_path / "blog", theme)
    builder = blog.builder()
    result = builder.build()
    assert result.ok, [str(e) for e in result.problems.errors]
    expected = EXPECTED[theme]
    home = parse(blog.read("index.html"))
    assert sorted(_nav_links(home)) == sorted(expected["menu"])
    social = [a.attrs["href"] for a in home.find("ul", "social-links").find_all("a")]
    assert social == expected["social"]
    icons = [link for link in home.find_all("link") if link.attrs.get("rel") == "icon"]
    assert [link.attrs["href"] for link in icons] == [expected["favicon"]]
    settings = builder.theme.settings
    assert (settings.get("comments") or {}).get("provider") == expected["comments"]
    assert sorted(settings.get("analytics") or {}) == expected["analytics"]


def test_materys_menu_of_url_and_icon_mappings(tmp_path: Path) -> None:
    """Matery writes each entry as `{url, icon}`: read as a group of named members, every
    entry's icon became a link (`/fas%20fa-home`), broken on every page of a real blog."""
    blog = _blog(tmp_path / "blog", "matery")
    result = blog.build()
    assert result.ok
    home = parse(blog.read("index.html"))
    assert _nav_links(home) == ["/", "/categories/notes/", "/about", "/music", "https://films.example.org/"]
    nav = {a.attrs["href"]: a for a in home.find("nav", "site-nav").find_all("a")}
    assert nav["/music"].text.strip() == "Music" and nav["/"].text.strip() == "Home"
    assert not [w for w in result.problems.warnings if "fa-" in w.message]


def test_known_icons_are_drawn_and_unknown_names_fall_back_to_text(tmp_path: Path) -> None:
    blog = _blog(tmp_path / "blog", "next")
    assert blog.build().ok
    home = parse(blog.read("index.html"))
    links = {a.attrs["href"]: a for a in home.find("ul", "social-links").find_all("a")}
    github = links["https://github.com/quill-tester"]
    assert github.find_all("svg") and github.attrs["aria-label"] == "GitHub"
    telegram = links["https://t.me/quilltester"]  # no drawing for it: its name, no glyph
    assert not telegram.find_all("svg") and telegram.text.strip() == "Telegram"
    nav = {a.attrs["href"]: a for a in home.find("nav", "site-nav").find_all("a")}
    assert nav["/about/"].find_all("svg") and nav["/about/"].text.strip() == "About"
    course = nav["https://courses.example.edu/cs101/"]  # fa-graduation-cap is not drawn
    assert not course.find_all("svg") and course.text.strip() == "course"


def test_three_places_merge_in_hexos_order(tmp_path: Path) -> None:
    """themes/<t>/_config.yml < _config.<t>.yml < theme_config."""
    blog = _blog(tmp_path / "blog", "keep", {"theme_config": {"menu": {"About": "/me/"}}})
    blog.write("_config.keep.yml", """
        menu:
          Links: /friends/
          Notes: /notes/
        base_info:
          author: Root File Author
        """)
    builder = blog.builder()
    assert builder.build().ok
    nav = _nav_links(parse(blog.read("index.html")))
    assert nav == ["/", "/archives", "/friends/", "/me/", "/notes/"]
    assert builder.theme.settings["author"] == "Root File Author"
    assert builder.theme.imported is not None
    assert builder.theme.imported.sources == [
        "themes/keep/_config.yml", "_config.keep.yml", "_config.yml (theme_config)"]


def test_identity_fills_what_the_site_config_leaves_empty(tmp_path: Path) -> None:
    blog = _blog(tmp_path / "blog", "butterfly")
    assert blog.build().ok
    home = parse(blog.read("index.html"))
    assert home.find("title").text == "Moved blog · Small notes on big systems"
    assert home.find("img", "avatar").attrs["src"] == "/img/avatar.webp"


def test_a_picture_named_with_the_sites_root_in_front_is_shown(tmp_path: Path) -> None:
    """Indigo writes `theme.avatar` as it is, so a blog under root /blog/ names its avatar
    /blog/img/logo.jpg (BuptStEve's): the theme's img/logo.jpg, served at /blog/img/logo.jpg.
    The default theme, which puts the root in front itself, shows that picture, not one at
    /blog/blog/img/logo.jpg, nor a warning to put it at source/blog/img/logo.jpg."""
    blog = Blog(tmp_path / "blog")
    theme = tmp_path / "blog" / "themes" / "indigo"
    (theme / "source" / "img").mkdir(parents=True)
    (theme / "source" / "img" / "logo.jpg").write_bytes(b"")
    (tmp_path / "blog" / "content").mkdir()
    (theme / "_config.yml").write_text("avatar: /blog/img/logo.jpg\nfavicon: /blog/img/none.ico\n")
    (tmp_path / "blog" / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com/blog", "root": "/blog/", "theme": "indigo"}))
    result = blog.build()
    assert result.ok
    home = parse(blog.read("index.html"))
    assert home.find("img", "avatar").attrs["src"] == "/blog/img/logo.jpg"
    assert (blog.public / "img" / "logo.jpg").is_file()
    warnings = _said(result.problems.warnings)
    assert [w for w in warnings if "avatar" in w or "favicon" in w] == [
        "themes/indigo/_config.yml:2: theme indigo: favicon /blog/img/none.ico is a file the "
        "blog does not have (the Hexo theme's own picture?): not shown\n"
        "  hint: put the picture at content/blog/img/none.ico"]


def test_report_says_what_was_carried_mapped_and_dropped(tmp_path: Path) -> None:
    blog = _blog(tmp_path / "blog", "butterfly")
    builder = blog.builder()
    rows = {(row["key"], row["outcome"]) for row in builder.theme.imported.table()}
    assert ("social", "carried") in rows
    assert ("comments.use", "mapped") in rows and ("valine.server_url", "mapped") in rows
    assert ("disqus", "dropped") in rows and ("aside", "dropped") in rows
    warnings = _said(builder.build().problems.warnings)
    assert any("Valine" in w and "Waline" in w for w in warnings)


def test_gitalk_is_explained_not_silently_lost(tmp_path: Path) -> None:
    blog = _blog(tmp_path / "blog", "keep", {"theme_config": {"comment": {
        "use": "gitalk", "gitalk": {"github_id": "someone", "repository": "talks"}}}})
    builder = blog.builder()
    assert "comments" not in builder.theme.settings
    result = builder.build()
    assert result.ok
    assert any("Gitalk" in w and "someone/talks" in w for w in _said(result.problems.warnings))


@pytest.mark.parametrize("theme,footer,shown,rows", [
    ("next", {"since": 2019, "powered": False, "icon": {"name": "fa fa-heart"},
              "beian": {"enable": False, "icp": None}},
     ("© 2019–2024 Moved blog", False),
     {("footer.since", "carried"), ("footer.powered", "mapped"), ("footer.icon", "dropped")}),
    ("next", {"powered": {"enable": False, "version": True}}, ("© 2024 Moved blog", False),
     {("footer.powered", "mapped")}),  # NexT 7's form
    ("butterfly", {"owner": {"enable": True, "since": 2020}, "custom_text": "<b>hi</b>",
                   "copyright": False},
     ("© 2020–2024 Moved blog", False),
     {("footer.owner.since", "mapped"), ("footer.copyright", "mapped"),
      ("footer.custom_text", "dropped")}),
    ("fluid", {"content": "<a href='https://hexo.io'>Hexo</a>", "statistics": {"enable": False}},
     ("© 2024 Moved blog", True), {("footer.content", "dropped")}),
])
def test_the_footers_years_and_powered_by_line_follow_the_themes_footer(
        tmp_path: Path, theme: str, footer: dict[str, Any], shown: tuple[str, bool],
        rows: set[tuple[str, str]]) -> None:
    """`footer` was "carried" whole from every Hexo theme, though no theme's footer has the
    default theme's keys: NexT's `powered: false` and Butterfly's `copyright: false` still
    showed "Powered by", and their first year (`since`, `owner.since`) was not shown."""
    blog = _blog(tmp_path / "blog", theme, {"author": "Moved blog", "theme_config": {"footer": footer}})
    builder = blog.builder()
    assert builder.build().ok
    page = parse(blog.read("index.html")).find("footer", "site-footer")
    years = [p.text.strip() for p in page.find_all("p") if "©" in p.text]
    assert (years, bool(page.find_all("p", "powered-by"))) == ([shown[0]], shown[1])
    table = {(row["key"], row["outcome"]) for row in builder.theme.imported.table()
             if row["key"].startswith("footer")}
    assert table == rows


@pytest.mark.parametrize("theme,hook,sheet", [
    ("next", {"custom_file_path": {"style": "source/_data/styles.styl",
                                   "bodyEnd": "source/_data/body-end.njk"}},
     "source/_data/styles.styl"),
    ("fluid", {"custom_css": ["/css/fluid-extra.css"], "custom_js": None}, "/css/fluid-extra.css"),
    ("butterfly", {"inject": {"head": ['<link rel="stylesheet" href="/self/btf.css">'],
                              "bottom": None}}, "/self/btf.css"),
])
def test_a_themes_custom_css_is_named_with_where_the_default_theme_takes_css(
        tmp_path: Path, theme: str, hook: dict[str, Any], sheet: str) -> None:
    """NexT's `source/_data/styles.styl`, Fluid's `custom_css`, Butterfly's `inject`: the
    blog's own CSS for its theme's markup was left out without a word in the build, and
    `doctor` said only "no such setting". It is named, with where CSS for the default theme
    goes, and CSS listed there is linked on every page."""
    blog = _blog(tmp_path / "blog", theme, {"theme_config": {**hook, "extra_css": ["css/mine.css"]}})
    blog.write("content/css/mine.css", ".post-title { color: teal; }\n")
    builder = blog.builder()
    result = builder.build()
    assert result.ok
    [said] = [w for w in _said(result.problems.warnings) if sheet in w]
    assert re.fullmatch(rf"_config\.yml:\d+: theme {theme}: {re.escape(sheet)}: CSS for {theme}'s "
                        rf"pages \({next(iter(hook))}[.\w]*\), not linked into the default theme's\n"
                        r"  hint: .*`theme_config: \{extra_css: \[css/custom\.css\]\}` .*", said), said
    rows = {(row["key"], row["outcome"]) for row in builder.theme.imported.table()}
    assert {(next(iter(hook)), "dropped"), ("extra_css", "carried")} <= rows
    links = [link.attrs["href"] for link in parse(blog.read("index.html")).find_all("link")
             if link.attrs.get("rel") == "stylesheet"]
    assert "/css/mine.css" in links[links.index("/css/style.css"):] and sheet not in links


@pytest.mark.parametrize("settings", [
    {"stylesheets": ["/css/index.css"], "scripts": ["/js/utils.js"]},  # Melody, Chic, Arknights
    {"custom_css": {"toc_smooth": True, "cursor": {"enable": None}}},  # Volantis
])
def test_a_themes_own_settings_of_like_names_are_not_taken_for_the_users_css(
        tmp_path: Path, settings: dict[str, Any]) -> None:
    """Melody's `stylesheets` lists the theme's own CSS, and Volantis's `custom_css` is a
    mapping of its style options: neither is CSS of the blog's own, nor a link to make."""
    blog = _blog(tmp_path / "blog", "landscape", {"theme_config": settings})
    builder = blog.builder()
    result = builder.build()
    assert result.ok
    assert [str(w) for w in result.problems.warnings if "CSS for" in w.message or "css" in w.message] == []
    links = [link.attrs["href"] for link in parse(blog.read("index.html")).find_all("link")
             if link.attrs.get("rel") == "stylesheet"]
    assert "/css/index.css" not in links
    rows = {(row["key"], row["outcome"]) for row in builder.theme.imported.table()}
    assert (next(iter(settings)), "dropped") in rows


@pytest.mark.parametrize("file,text", [
    ("themes/keep/_config.yml", "menu:\n  Home: /\n bad: [\n"),
    ("themes/keep/_config.yml", "- a list\n- of items\n"),
    ("_config.keep.yml", "42\n"),
])
def test_a_hexo_themes_settings_file_it_cannot_read_is_a_warning(
        tmp_path: Path, file: str, text: str) -> None:
    """Hexo logs "Process failed" for a theme config it cannot read and generates the site;
    QuillPress, which only carries those settings over, failed the build."""
    blog = _blog(tmp_path / "blog", "keep", {"theme_config": {"menu": {"About": "/me/"}}})
    blog.write(file, text)
    result = blog.build()
    assert result.ok, [str(e) for e in result.problems.errors]
    [warning] = [w for w in _said(result.problems.warnings) if file in w]
    assert "not carried over" in warning
    assert "/me/" in _nav_links(parse(blog.read("index.html")))  # the other places still count


@pytest.mark.parametrize("theme,file,text,nav,how", [
    # NexT 5-7 merge _data/next.yml over everything, theme_config included
    ("next", "next.yml", "menu:\n  links: /links/ || fa fa-link\n  about: /me/\n",
     ["/", "/courses/", "/links/", "/me/", "/notes/", "/notes/algorithms/", "/tags/",
      "https://courses.example.edu/cs101/"], "merged over"),
    ("next", "next.yml", "override: true\nmenu:\n  home: /\n  links: /links/\n",
     ["/", "/links/"], "used instead of"),
    ("fluid", "fluid_config.yml", "navbar:\n  menu:\n    - { key: home, link: / }\n"
     "    - { key: Links, link: /links/ }\n", ["/", "/links/"], "merged over"),
    ("butterfly", "butterfly.yml", "menu:\n  Home: /\n  Friends: /friends/\n",
     ["/", "/friends/"], "used instead of"),
    ("keep", "_config.yml", "menu:\n  Links: /friends/\n", ["/friends/"],
     "laid over the top-level keys of"),
])
def test_a_themes_settings_in_the_data_folder_come_last(
        tmp_path: Path, theme: str, file: str, text: str, nav: list[str], how: str) -> None:
    """NexT, Fluid, Butterfly (before 4.0) and Keep read source/_data/<file> over all of
    Hexo's places for their settings; QuillPress read none of it, and a NexT blog lost the
    menu its next.yml gave."""
    menu = {"menu": {"courses": "/courses/"}} if theme == "next" else {}
    blog = _blog(tmp_path / "blog", theme, {"theme_config": menu})
    blog.write(f"content/_data/{file}", text)
    builder = blog.builder()
    result = builder.build()
    assert result.ok
    assert sorted(_nav_links(parse(blog.read("index.html")))) == nav
    assert builder.theme.imported is not None
    assert builder.theme.imported.sources[-1] == f"content/_data/{file}"
    assert f"content/_data/{file}: theme {theme}: this file is {how} the theme's settings, " \
        "as the theme's scripts do" in _said(result.problems.warnings)


@pytest.mark.parametrize("where", ["themes/next", "node_modules/hexo-theme-next"])
@pytest.mark.parametrize("version,read", [("8.29.0", False), ("8.1.0", False), ("8.0.2", True),
                                          ("7.8.0", True)])
def test_next_reads_its_data_file_as_its_version_does(
        tmp_path: Path, where: str, version: str, read: bool) -> None:
    """NexT 8.1 and later ignore source/_data/next.yml (they only warn it is deprecated;
    8.0 still merged it): its menu reaches the pages only for the versions that read it,
    and a newer NexT's blog is told once that the file is not read, and what to do."""
    blog = _blog(tmp_path / "blog", "next")
    blog.write(f"{where}/package.json", json.dumps({"name": "hexo-theme-next", "version": version}))
    blog.write("content/_data/next.yml", "menu:\n  friends: /friends/\n")
    result = blog.build()
    assert result.ok
    assert ("/friends/" in _nav_links(parse(blog.read("index.html")))) is read
    said = [w for w in _said(result.problems.warnings) if "content/_data/next.yml" in w]
    if read:
        assert said == ["content/_data/next.yml: theme next: this file is merged over the "
                        "theme's settings, as the theme's scripts do"]
    else:
        assert said == [f"content/_data/next.yml: theme next: this file is not read: the "
                        f"theme's version here, {'.'.join(version.split('.')[:2])}, ignores it "
                        "(it only says the file is deprecated)\n"
                        "  hint: move its settings to _config.next.yml"]


@pytest.mark.parametrize("version,head,laid", [
    ("7.8.0", "", True), ("8.0.2", "", True), ("8.29.0", "", False), ("7.8.0", "override: true\n", False)])
def test_next_lays_its_data_files_site_settings_over_the_site_config(
        tmp_path: Path, version: str, head: str, laid: bool) -> None:
    """Found by the Hexo oracle: NexT 5 to 8.0 merge source/_data/next.yml into Hexo's own
    config too, so a blog whose _config.yml kept Hexo's placeholders has its post URLs and
    title from that file (`:title/` there, where _config.yml says `:year/:month/:day/:title/`);
    QuillPress wrote every post at the dated URL. The zone Hexo read the dates in stays."""
    blog = _blog(tmp_path / "blog", "next", {"title": "Hexo", "timezone": "America/Chicago",
                                             "permalink": ":year/:month/:day/:title/"})
    blog.write("themes/next/package.json", json.dumps({"name": "hexo-theme-next", "version": version}))
    blog.write("content/_posts/a-post.md", POST.replace("2024-05-01", "2024-05-01 23:30"))
    blog.write("content/_data/next.yml", head + "title: Real name\npermalink: :title/\n"
               "timezone: Asia/Shanghai\nmenu:\n  home: /\n")
    result = blog.build()
    assert result.ok
    dated = "2024/05/01/a-post/index.html"  # 23:30 in Chicago: Shanghai's day would be the 2nd
    post = parse(blog.read("a-post/index.html" if laid else dated))
    assert not (blog.public / ("a-post" if not laid else dated)).exists()
    assert ("Real name" in post.find("title").text) is laid
    said = [w for w in _said(result.problems.warnings) if "laid over _config.yml" in w]
    assert said == (["content/_data/next.yml: title, permalink of this file laid "
                     "over _config.yml's, as NexT's script lays them (Hexo's pages follow "
                     "them)\n  hint: move them to _config.yml to make that plain"] if laid else [])


def test_next_s_data_file_is_parsed_once_per_build(tmp_path: Path, monkeypatch) -> None:
    """NexT's data file is read for the site settings it lays over _config.yml, then for
    the theme's: one YAML parse serves both (a real blog's is 33 KB, ~3 ms a parse), and
    both take effect."""
    from quillpress.config import yaml12
    blog = _blog(tmp_path / "blog", "next", {"title": "Hexo"})
    blog.write("themes/next/package.json", json.dumps({"name": "hexo-theme-next", "version": "7.8.0"}))
    blog.write("content/_data/next.yml", "title: Real name\nmenu:\n  friends: /friends/\n")
    parsed: list[str] = []
    compose = yaml12.compose
    monkeypatch.setattr(yaml12, "compose", lambda text: parsed.append(text) or compose(text))
    assert blog.build().ok
    assert sum("Real name" in text for text in parsed) == 1
    home = parse(blog.read("index.html"))
    assert "Real name" in home.find("title").text and "/friends/" in _nav_links(home)


def test_an_edit_of_the_data_file_reaches_the_served_pages(tmp_path: Path) -> None:
    """`serve` rebuilds with the edited file's path: the theme's settings are read again."""
    blog = _blog(tmp_path / "blog", "next")
    data = blog.write("content/_data/next.yml", "menu:\n  links: /links/\n")
    builder = blog.builder()
    assert builder.build().ok
    data.write_text("menu:\n  friends: /friends/\n", encoding="utf-8")
    assert builder.build(changed=[data]).ok
    nav = _nav_links(parse(blog.read("index.html")))
    assert "/friends/" in nav and "/links/" not in nav


def test_a_served_edit_of_the_data_file_is_warned_about_by_the_rebuild(tmp_path: Path) -> None:
    """What the theme's settings lack after an edit `serve` saw (an avatar the blog has not)
    is one of the rebuild's warnings: loaded again, the theme said it nowhere."""
    blog = _blog(tmp_path / "blog", "next")
    data = blog.write("content/_data/next.yml", "menu:\n  links: /links/\n")
    builder = blog.builder()
    assert builder.build().ok
    data.write_text("avatar:\n  url: /images/nobody.png\n", encoding="utf-8")
    result = builder.build(changed=[data])
    assert result.ok
    assert [w for w in _said(result.problems.warnings) if "nobody.png" in w] == [
        "content/_data/next.yml:2: theme next: avatar /images/nobody.png is a file the blog "
        "does not have (the Hexo theme's own picture?): not shown\n"
        "  hint: put the picture at content/images/nobody.png"]


def test_a_hexo_themes_warnings_name_the_file_and_line_of_the_setting(tmp_path: Path) -> None:
    """A warning about a Hexo theme's setting named no file: the reader had up to five to
    search (the theme's _config.yml, _config.<theme>.yml, theme_config, a data file)."""
    blog = _blog(tmp_path / "blog", "keep", {"theme_config": {"comment": {
        "use": "gitalk", "gitalk": {"github_id": "someone", "repository": "talks"}}}})
    blog.write("_config.keep.yml", "menu:\n  Home: /\nbase_info:\n  avatar: /img/gone.png\n")
    result = blog.build()
    assert result.ok
    said = {w.message.split(" ")[2]: (w.path, w.line, w.hint) for w in result.problems.warnings
            if w.message.startswith("theme keep:")}
    assert said["avatar"] == ("_config.keep.yml", 4, "put the picture at content/img/gone.png")
    config = (blog.root / "_config.yml").read_text().splitlines()
    assert said["Gitalk"][:2] == ("_config.yml", config.index("    use: gitalk") + 1)
    assert said["Gitalk"][2] and "giscus" in said["Gitalk"][2]


def test_a_warning_about_a_setting_in_a_list_names_its_own_line(tmp_path: Path) -> None:
    """Icarus's avatar is in a list (`widgets: [{type: profile, avatar: …}]`): its warning
    named the line of `widgets:`, the list's top, not the avatar's."""
    blog = _blog(tmp_path / "blog", "icarus")
    blog.write("_config.icarus.yml", "widgets:\n  - type: toc\n    position: left\n"
               "  - type: profile\n    author: Someone\n    avatar: /img/gone.png\n")
    result = blog.build()
    assert result.ok
    said = [(w.path, w.line) for w in result.problems.warnings if "gone.png" in w.message]
    assert said == [("_config.icarus.yml", 6)]


def test_a_favicon_named_by_file_name_is_in_the_themes_image_folder(tmp_path: Path) -> None:
    """Tranquilpeak writes `favicon: favicon.ico` and serves it from its `image_dir`
    (assets/images/): the favicon there was dropped, with advice to put it at the root."""
    blog = Blog(tmp_path / "blog")
    (tmp_path / "blog" / "themes" / "tranquilpeak").mkdir(parents=True)
    blog.write("themes/tranquilpeak/_config.yml", "image_dir: assets/images\nfavicon: favicon.ico\n")
    blog.write("content/assets/images/favicon.ico", "")
    blog.write("content/_posts/a-post.md", POST)
    (tmp_path / "blog" / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "tranquilpeak"}))
    assert blog.build().ok
    icons = [link for link in parse(blog.read("index.html")).find_all("link")
             if link.attrs.get("rel") == "icon"]
    assert [link.attrs["href"] for link in icons] == ["/assets/images/favicon.ico"]


def test_a_picture_added_or_removed_while_serving_is_shown_as_a_clean_build_shows_it(
        tmp_path: Path) -> None:
    """A theme's avatar or friend's picture the blog lacks is left out (drop_missing_pictures):
    saving the picture into the blog while `serve` runs must show it, as a clean build does,
    and deleting it must leave no broken picture; the served pages kept the first answer."""
    blog = Blog(tmp_path / "blog")
    (tmp_path / "blog" / "themes" / "fluid").mkdir(parents=True)
    blog.write("themes/fluid/_config.yml", "links:\n  items:\n    - {title: Harbour, "
               "link: 'https://harbour.example.org/', avatar: /img/harbour.png}\n")
    blog.write("content/_posts/a-post.md", POST)
    (tmp_path / "blog" / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "fluid"}))

    def friend_pictures() -> list[str]:
        return [img.attrs["src"] for img in parse(blog.read("links/index.html")).find_all("img")]

    builder = blog.builder()
    assert builder.build().ok and friend_pictures() == []
    picture = blog.write("content/img/harbour.png", "")
    assert builder.build(changed=[picture]).ok
    assert friend_pictures() == ["/img/harbour.png"]
    picture.unlink()
    assert builder.build(changed=[picture]).ok
    assert friend_pictures() == []


FLUID_LINKS_PAGE = """links:
  title: Friends
  subtitle: Blogs worth a visit
  items:
    - {title: Harbour, intro: Tide tables, link: 'https://harbour.example.org/'}
  custom:
    enable: true
    content: '<p id="apply">Write to me to be listed.</p>'
"""


@pytest.mark.parametrize("settings,made", [
    (FLUID_LINKS_PAGE, True),
    ("links:\n  enable: true\n  items: []\n", True),  # no friend yet: Fluid still makes it
    ("menu: {}\n", True),  # no links section: Fluid's own settings have the page on
    ("links:\n  enable: false\n  items:\n    - {title: A, link: 'https://a.example/'}\n", False),
])
def test_fluids_links_page_is_made_as_fluid_makes_it(tmp_path: Path, settings: str,
                                                     made: bool) -> None:
    """Fluid makes /links/ whenever `links.enable` is not false, with its `title`, `subtitle`,
    each friend a card that is one link, and its `custom` HTML below; the page was made only
    for a blog with friends, titled "Links", with the name alone a link and no custom part."""
    blog = Blog(tmp_path / "blog")
    blog.write("_config.fluid.yml", settings)
    blog.write("content/_posts/a-post.md", POST)
    (tmp_path / "blog" / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "fluid"}))
    assert blog.build().ok
    if not made:
        assert not (blog.public / "links/index.html").exists()
        return
    page = parse(blog.read("links/index.html"))
    if settings != FLUID_LINKS_PAGE:
        assert page.find("h1").text.strip() == "Links"
        assert page.find_all("li", "friend-link") == []
        return
    assert page.find("h1").text.strip() == "Friends"
    assert page.find("p", "list-count").text.strip() == "Blogs worth a visit"
    (card,) = page.find_all("li", "friend-link")
    (link,) = card.find_all("a")
    assert link.attrs["href"] == "https://harbour.example.org/"
    assert [span.text.strip() for span in link.find_all("span")[1:]] == ["Harbour", "Tide tables"]
    assert [p.text for p in page.find_all("p") if p.attrs.get("id") == "apply"] == [
        "Write to me to be listed."]


def test_the_stand_in_warning_says_to_keep_the_theme_and_names_a_typo(
        tmp_path: Path) -> None:
    """The warning said "Set `theme: default` in _config.yml to silence this": done, the
    blog lost the menu, social links, comments and analytics carried over from its theme.
    It names the `theme:` line, as every other warning about the config does."""
    blog = _blog(tmp_path / "blog", "next")
    result = blog.build()
    assert result.ok
    said = [w for w in _said(result.problems.warnings) if "not a QuillPress" in w]
    assert said == ["_config.yml:1: theme 'next' is not a QuillPress (Jinja2) theme here; using the default "
                    "theme, with the settings of 'next' it can carry over\n  hint: keep "
                    "`theme: next`: `theme: default` would drop those settings (`doctor` lists them)"]
    typo = Blog(tmp_path / "typo")
    typo.write("_config.yml", "title: T\nurl: https://t.example.org\ntheme: defualt\n")
    typo.write("content/_posts/a-post.md", POST)
    result = typo.build()
    assert result.ok
    said = [w for w in _said(result.problems.warnings) if "'defualt'" in w]
    assert said == ["_config.yml:3: theme 'defualt' is not a theme here; using the default theme\n"
                    "  hint: did you mean `theme: default`? (themes here: default)"]


def test_a_search_menu_entry_is_left_out_when_the_site_has_no_search(tmp_path: Path) -> None:
    """Inside's menu entry to its own search page opens the search plugin's dialog; with the
    plugin off (`search: false`) the page had no dialog, and every page linked a missing
    anchor (#qp-search-dialog) under a warning. The entry leads nowhere, so it is left out."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/inside/_config.yml", "menu:\n  Article: /\n  Search: /search\n")
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "inside", "search": False}))
    blog.write("content/_posts/a-post.md", POST)
    result = blog.build()
    assert result.ok
    assert _nav_links(parse(blog.read("index.html"))) == ["/"]
    assert [str(w) for w in result.problems.warnings if "anchor" in str(w)] == []


def test_a_search_menu_entry_opens_the_search_page_the_blog_wrote(tmp_path: Path) -> None:
    """A blog with a search page of its own, with text in it, keeps the menu entry to it;
    the entry opened the search dialog instead, and no link led to the page. A page left
    empty stands for the Hexo theme's search box (`layout: search`), so its entry opens
    the dialog; search off, the own page's entry stays. A warm builder (serve) that sees
    the empty page filled, or emptied again, links as a clean build does."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/inside/_config.yml", "menu:\n  Article: /\n  Search: /search\n")
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "inside"}))
    blog.write("content/_posts/a-post.md", POST)
    stub = "---\ntitle: Search\nlayout: search\n---\n"
    own = "---\ntitle: Search\n---\nAsk the librarian: <a href=\"mailto:l@example.org\">write</a>.\n"
    blog.write("content/search/index.md", stub)
    builder = blog.builder()
    assert builder.build().ok
    assert _nav_links(parse(blog.read("index.html"))) == ["/", "#qp-search-dialog"]
    for text, links in ((own, ["/", "/search"]), (stub, ["/", "#qp-search-dialog"])):
        blog.write("content/search/index.md", text)
        assert builder.build().ok
        for rel in ("index.html", "2024/05/01/a-post/index.html"):
            assert _nav_links(parse(blog.read(rel))) == links, rel
    blog.write("content/search/index.md", own)
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "inside", "search": False}))
    assert blog.build().ok
    assert _nav_links(parse(blog.read("index.html"))) == ["/", "/search"]


def test_social_links_switched_off_make_none(tmp_path: Path) -> None:
    """Aria's `social: {enable: false, links: [...]}` shows no links on its pages."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/aria/_config.yml", (
        "social:\n  enable: false\n  links:\n    - {name: GitHub, link: 'https://github.com/q'}\n"))
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "aria"}))
    blog.write("content/_posts/a-post.md", POST)
    assert blog.build().ok
    assert "social-links" not in blog.read("index.html")


SEARCH_PAGE_BODIES = {
    # the Hexo theme's script fills these; built here they are blank
    "an empty result box": ('<div id="local-search-result"></div>\n', "#qp-search-dialog"),
    "a search field and a box, in a comment's company": (
        '<!-- filled by the theme -->\n<div class="search-pop">\n  <input id="local-search-input" '
        'placeholder="">\n  <ul id="local-search-list"></ul>\n</div>\n{% raw %}<span></span>{% endraw %}\n',
        "#qp-search-dialog"),
    "a box with the author's style for it": (
        '<style>\n#local-search-result { min-height: 12em; }\n</style>\n<div id="local-search-result"></div>\n',
        "#qp-search-dialog"),
    "a note to self in a Nunjucks comment": (
        '{# the theme fills the box #}\n<div id="local-search-result"></div>\n', "#qp-search-dialog"),
    "a note for readers without scripts": (
        '<noscript>Searching needs JavaScript.</noscript>\n<div id="local-search-result"></div>\n',
        "#qp-search-dialog"),
    "a link without text": ('[](/search/)\n<div id="local-search-result"></div>\n', "#qp-search-dialog"),
    # the author's own: a form of theirs, an engine's box their script draws, a note
    "a form to a search engine": (
        '<form action="https://duckduckgo.com/"><input name="q"><input type="submit" value="Go"></form>\n',
        "/search"),
    "an engine's box drawn by the author's script": (
        '<script async src="https://cse.example.org/cse.js?cx=1"></script>\n<div class="gcse-search"></div>\n',
        "/search"),
    "a note in a box": ('<div class="note">Use the box at the top.</div>\n', "/search"),
    "a note beside a Nunjucks comment": ("{# draft #}\nUse the box at the top.\n", "/search"),
    "a linked picture": ("[![Search](/img/search.png)](https://search.example/)\n", "/search"),
    "a linked word": ("[Search the archive](/archives/)\n", "/search"),
}


@pytest.mark.parametrize("case", sorted(SEARCH_PAGE_BODIES))
def test_a_search_page_holding_only_the_themes_empty_boxes_opens_the_dialog(tmp_path: Path, case: str) -> None:
    """A search page whose body is only the Hexo theme's empty boxes, which its script fills,
    is blank here: its menu entry opened that blank page where it should open the search
    dialog. A form, a script or text of the author's make it their page, kept."""
    body, link = SEARCH_PAGE_BODIES[case]
    blog = Blog(tmp_path / "blog")
    blog.write("themes/inside/_config.yml", "menu:\n  Article: /\n  Search: /search\n")
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "inside"}))
    blog.write("content/_posts/a-post.md", POST)
    blog.write("content/search/index.md", "---\ntitle: Search\n---\n" + body)
    assert blog.build().ok
    assert _nav_links(parse(blog.read("index.html"))) == ["/", link]


def test_a_social_link_that_would_run_a_script_is_left_out(tmp_path: Path) -> None:
    """A social entry written as a script (`WeChat: javascript:; || fab fa-weixin`, which
    the Hexo theme turns into a pop-up of a picture) led nowhere from the footer, and a
    `javascript:`/`data:` address would run in the reader's page: no link is made of it.
    An address with an @ in its path (`//social.example/@me`) is a link, not an e-mail."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/inside/_config.yml", (
        "sns:\n  email: quill@example.org\n  WeChat: 'javascript:; || fab fa-weixin'\n"
        "  github: ' JaVaScRiPt:alert(1)'\n  weibo: 'data:text/html,<b>hi</b>'\n"
        "  mastodon: //social.example/@quill\n"))
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "inside"}))
    blog.write("content/_posts/a-post.md", POST)
    assert blog.build().ok
    home = parse(blog.read("index.html"))
    social = [a.attrs["href"] for a in home.find("ul", "social-links").find_all("a")]
    assert social == ["mailto:quill@example.org", "//social.example/@quill"]


@pytest.mark.parametrize("renderer,breaks,ids", [
    ("^7.0.0", True, ["Intro", "Intro-v2"]), ("latest", True, ["Intro", "Intro-v2"]),
    ("^4.1.0", False, ["intro", "intro-v2"])])
def test_next_data_files_markdown_reaches_only_what_the_renderer_reads_per_post(
        tmp_path: Path, renderer: str, breaks: bool, ids: list[str]) -> None:
    """hexo-renderer-markdown-it 6 and later build their parser when Hexo loads them, before
    NexT 5-8.0's script lays source/_data/next.yml over Hexo's config: its `markdown.render`
    and `anchors.case` change nothing there, while the anchors' `collisionSuffix`, read at
    each heading from the object the script merges into, does (Hexo 7.3 with the renderer's
    7.1.1 and NexT's merge, run on this text). Version 4 reads it all per post."""
    blog = _blog(tmp_path / "blog", "next", {"permalink": ":title/"})
    blog.write("package.json", json.dumps({"dependencies": {
        "hexo": "^7.3.0", "hexo-renderer-markdown-it": renderer}}))
    blog.write("themes/next/package.json", json.dumps({"name": "hexo-theme-next", "version": "7.8.0"}))
    blog.write("content/_data/next.yml", "markdown:\n  render:\n    breaks: false\n"
               "  anchors:\n    case: 1\n    collisionSuffix: v\n")
    blog.write("content/_posts/a-post.md", "---\ntitle: A post\ndate: 2024-05-01\n---\n"
               "## Intro\n\nline one\nline two\n\n## Intro\n\nx\n")
    result = blog.build()
    assert result.ok
    post = parse(blog.read("a-post/index.html"))
    assert [h.attrs["id"] for h in post.find_all("h2") if h.text == "Intro"] == ids
    assert bool(post.find_all("br")) is breaks
    unused = [w for w in _said(result.problems.warnings) if "is not used" in w]
    assert len(unused) == (1 if breaks else 0)


@pytest.mark.parametrize("section,unused", [
    ("  anchors:\n    collisionSuffix: v\n", []),
    ("  anchors:\n    collisionSuffix: v\n    case: 1\n", [
        "content/_data/next.yml:2: markdown: of this file is not used but for anchors' level, "
        "collisionSuffix and permalink settings"])])
def test_next_data_files_markdown_warns_only_of_what_is_not_used(
        tmp_path: Path, section: str, unused: list[str]) -> None:
    """The warning that next.yml's `markdown:` is not used (hexo-renderer-markdown-it 6 and
    later) names its line, and comes only when the section holds a setting that is not used:
    one holding only the anchors' collisionSuffix, which the renderer reads at each heading,
    is used whole."""
    blog = _blog(tmp_path / "blog", "next", {"permalink": ":title/"})
    blog.write("package.json", json.dumps({"dependencies": {
        "hexo": "^7.3.0", "hexo-renderer-markdown-it": "^7.0.0"}}))
    blog.write("themes/next/package.json", json.dumps({"name": "hexo-theme-next", "version": "7.8.0"}))
    blog.write("content/_data/next.yml", "# NexT 7.8\nmarkdown:\n" + section)
    blog.write("content/_posts/a-post.md", "---\ntitle: A post\ndate: 2024-05-01\n---\n"
               "## Intro\n\nx\n\n## Intro\n\ny\n")
    result = blog.build()
    assert result.ok
    post = parse(blog.read("a-post/index.html"))
    assert [h.attrs["id"] for h in post.find_all("h2") if h.text == "Intro"] == ["Intro", "Intro-v2"]
    assert [w.split(": hexo-renderer")[0] for w in _said(result.problems.warnings)
            if "is not used" in w] == unused


# Menus kept under other keys than `menu`, each in its theme's shape: the theme's name, its
# _config.yml, and the links and labels the default theme must show.
OTHER_MENU_KEYS = {
    "pure": ("menus:\n  - {name: Home, link: /}\n  - {name: Puzzles, link: /puzzles/}\n"
             "  - {name: Research, link: /tags/research/}\n",
             [("/", "Home"), ("/puzzles/", "Puzzles"), ("/tags/research/", "Research")]),
    "kaze": ("menus:\n  home: /\n  archive: /archives\n  friends: /links\n",
             [("/", "Home"), ("/archives", "Archive"), ("/links", "friends")]),
    "cactus": ("nav:\n  home: /\n  talks: /talks/\n  Code: https://code.example.org/\n",
               [("/", "Home"), ("/talks/", "talks"), ("https://code.example.org/", "Code")]),
    "solitude": ("nav:\n  group:\n  menu:\n    Home: /\n    Writing:\n"
                 "      Archive: /archives/ || fas fa-folder-closed\n      Tags: /tags/ || fas fa-tags\n"
                 "    About: /about/\n  right_menu:\n    random: true\n",
                 [("/", "Home"), ("/archives/", "Archive"), ("/tags/", "Tags"), ("/about/", "About")]),
    "sakura": ("menus:\n  Home: {path: /, fa: fa fa-home}\n"
               "  Notes: {path: /archives, fa: fa fa-archive, submenus: {\n"
               "    Algebra: {path: /categories/algebra/, fa: fa fa-book}}}\n",
               [("/", "Home"), ("/archives", "Notes"), ("/categories/algebra/", "Algebra")]),
    "kratos-rebirth": ("nav:\n  items:\n    - {label: Home, icon: home, url: /}\n"
                       "    - {label: Friends, icon: users, url: /friends/}\n",
                       [("/", "Home"), ("/friends/", "Friends")]),
}


@pytest.mark.parametrize("theme", sorted(OTHER_MENU_KEYS))
def test_a_menu_kept_under_another_key_is_the_blogs_menu(tmp_path: Path, theme: str) -> None:
    """Pure, Kaze and Sakura keep their menu under `menus`, Cactus and Chic under `nav`,
    Solitude under `nav.menu`, Kratos-Rebirth under `nav.items`: the blog's pages (its
    puzzles, talks, friends) were in no menu, each page showing the default theme's four
    entries instead. Each entry now shows with its label, in its group where it has one."""
    settings, expected = OTHER_MENU_KEYS[theme]
    blog = Blog(tmp_path / "blog")
    blog.write(f"themes/{theme}/_config.yml", settings)
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": theme}))
    blog.write("content/_posts/a-post.md", POST)
    result = blog.build()
    assert result.ok
    links = parse(blog.read("index.html")).find("nav", "site-nav").find_all("a")
    shown = [(a.attrs["href"], a.text.strip()) for a in links if a.attrs["href"] != ""]
    assert [entry for entry in shown if entry in expected] == expected, shown


def test_a_nav_of_bar_settings_is_no_menu(tmp_path: Path) -> None:
    """A `nav` holding the navigation bar's own settings (a logo, switches) is no menu: its
    logo is not a link, and the default theme's menu stays."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/barry/_config.yml", "nav:\n  logo: /img/logo.png\n  fixed: true\n")
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "barry"}))
    blog.write("content/_posts/a-post.md", POST)
    assert blog.build().ok
    assert _nav_links(parse(blog.read("index.html"))) == ["/", "/archives/", "/tags/", "/categories/"]


def test_a_menu_entry_opening_the_themes_submenu_shows_its_members(tmp_path: Path) -> None:
    """Stun (and Sagiri) write a drop-down as `Name: javascript:; || icon` in `menu`, its
    members in the `submenu` section under the same name: the members' pages were in no
    menu, and the entry was a link to a script. It is a group of its members now."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/stun/_config.yml", """
        menu:
          home: / || fas fa-home
          Probes: javascript:; || fas fa-server
          Nothing: javascript:;
        submenu:
          Probes:
            Lander: /probes/lander/ || file-image-o
            Rover: /probes/rover/ || file-image-o
        """)
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "stun"}))
    blog.write("content/_posts/a-post.md", POST)
    assert blog.build().ok
    home = parse(blog.read("index.html"))
    assert _nav_links(home) == ["/", "/probes/lander/", "/probes/rover/"]
    group = home.find("nav", "site-nav").find("li", "nav-group")
    assert group.find("summary").text.strip() == "Probes"
    assert [a.text.strip() for a in group.find_all("a")] == ["Lander", "Rover"]


def test_arknights_empty_menu_link_is_the_home_page(tmp_path: Path) -> None:
    """Arknights links each entry with `url_for(link)`, so its `Home: ""` is the site's
    root: the entry was hidden, as an empty entry is in other themes, and the blog's menu
    had no Home. Its relative links (`about/`) stay under the root."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/arknights/_config.yml", 'menu:\n  Home: ""\n  About: about/\n')
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com/notes", "root": "/notes/",
         "theme": "arknights"}))
    blog.write("content/_posts/a-post.md", POST)
    blog.write("content/about/index.md", "---\ntitle: About\n---\nMe.\n")
    assert blog.build().ok
    assert _nav_links(parse(blog.read("index.html"))) == ["/notes/", "/notes/about/"]


def test_sagiri_shows_the_submenu_of_an_entry_that_links_a_page(tmp_path: Path) -> None:
    """Sagiri (a NexT 5 fork) gives any menu entry the `submenu` section's members under its
    name in lower case, also an entry that is a link itself: DIYgod's 物品公开 opens its page
    and a list of two, one of them a page in no other menu, which the menu here left out."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/sagiri/_config.yml", """
        menu:
          Home: / || fas fa-meteor
          Shop: /shop/ || fas fa-gift
        submenu:
          shop:
            Gadgets: /gadgets/
            Books: /books/
        """)
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "sagiri"}))
    blog.write("content/_posts/a-post.md", POST)
    assert blog.build().ok
    home = parse(blog.read("index.html"))
    assert _nav_links(home) == ["/", "/shop/", "/gadgets/", "/books/"]
    group = home.find("nav", "site-nav").find("li", "nav-group")
    assert group.find("summary").text.strip() == "Shop"
    assert [a.text.strip() for a in group.find_all("a")] == ["Shop", "Gadgets", "Books"]


def test_a_theme_named_in_other_case_than_its_folder_is_that_folder(tmp_path: Path) -> None:
    """`theme: Chalk` with the theme in themes/chalk/ built on its author's disk, which does
    not tell case apart: the theme's settings and files (menu, logo) were lost here, every
    page with the default menu. The folder whose name matches but for case is the theme,
    with a warning at the `theme:` line naming both."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/chalk/_config.yml", """
        menu:
          Home: /
          Notes: /notes/
        """)
    blog.write("themes/chalk/source/images/logo.png", "")
    (blog.root / "_config.yml").write_text("title: Moved blog\nurl: http://example.com\ntheme: Chalk\n")
    blog.write("content/_posts/a-post.md", POST)
    result = blog.build()
    assert result.ok
    assert _nav_links(parse(blog.read("index.html"))) == ["/", "/notes/"]
    assert (blog.public / "images" / "logo.png").is_file()
    said = [line for line in _said(result.problems.warnings) if "Chalk" in line]
    assert len(said) == 1 and said[0].startswith("_config.yml:3") and "themes/chalk" in said[0], said


def test_minos_navbar_links_are_the_blogs_social_links(tmp_path: Path) -> None:
    """Minos keeps its icon links (GitHub) under `navbar_links`, each `{icon, url}`: they
    were dropped, so the default theme's pages linked none of them."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/minos/_config.yml", "navbar_links:\n  Code:\n    icon: fab fa-github\n"
                                           "    url: https://code.example.org/me\n")
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "minos"}))
    blog.write("content/_posts/a-post.md", POST)
    assert blog.build().ok
    footer = parse(blog.read("index.html")).find("footer")
    [link] = [a for a in footer.find_all("a") if a.attrs.get("href") == "https://code.example.org/me"]
    assert link.find_all("svg")  # GitHub's icon, from its Font Awesome class


@pytest.mark.parametrize("shown, icons", [
    ("menu_settings:\n  icon_only: false\n  text_only: true\n", 0),  # Stun
    ("menu_settings:\n  icons: false\n  badges: false\n", 0),  # NexT
    ("menu_settings:\n  icon_only: false\n  text_only: false\n", 2)], ids=["stun", "next", "both"])
def test_a_menu_shown_as_text_only_has_no_icons(tmp_path: Path, shown: str, icons: int) -> None:
    """Stun's `menu_settings.text_only` and NexT's `menu_settings.icons: false` show the
    menu's entries without their icons; the entries' icons were shown all the same."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/stun/_config.yml", "menu:\n  home: / || fas fa-home\n"
                                          "  archives: /archives/ || fas fa-folder-open\n" + shown)
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "stun"}))
    blog.write("content/_posts/a-post.md", POST)
    assert blog.build().ok
    links = parse(blog.read("index.html")).find("nav", "site-nav").find_all("a")
    assert [a.text.strip() for a in links][:2] == ["Home", "Archives"]
    assert len([a for a in links if a.find_all("svg")]) == icons


def test_the_theme_file_at_the_root_is_found_in_the_case_theme_names_it(tmp_path: Path) -> None:
    """`theme: Anatole` with the theme in themes/anatole/ (found as the author's disk, which
    ignores case, found it) and its settings in `_config.Anatole.yml`, the file Hexo reads for
    that `theme:` on any disk: they were lost, as only `_config.anatole.yml` was looked for."""
    blog = Blog(tmp_path / "blog")
    blog.write("themes/anatole/_config.yml", "menu:\n  home: /\n")
    blog.write("_config.Anatole.yml", "menu:\n  Journal: /journal/\n")
    (blog.root / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Moved blog", "url": "http://example.com", "theme": "Anatole"}))
    blog.write("content/_posts/a-post.md", POST)
    result = blog.build()
    assert result.ok
    assert "/journal/" in _nav_links(parse(blog.read("index.html")))
    [warning] = [w for w in result.problems.warnings if w.path == "_config.Anatole.yml"]
    assert "differs from the file's only in case" in warning.message
    assert "_config.anatole.yml" in (warning.hint or "")
