"""The default theme's HTML: head meta, i18n, theme config, strict templates, helpers."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from quillpress.document import TocEntry
from quillpress.errors import QuillError
from quillpress.helpers import reading_minutes, tag_cloud, toc_html, word_count
from quillpress.theme import bundled_themes_dir
from conftest import build_ok, post
from tests._tags_html import parse

THEME = bundled_themes_dir() / "default"

POSTS = {
    "content/_posts/hello.md": """
        ---
        title: Hello <script>alert(1)</script>
        date: 2024-05-01 08:00:00
        description: A post about greetings & more.
        tags: [greetings]
        categories: [Notes, Daily]
        cover: /images/cover.png
        ---
        ## Part one
        Body text.
        """,
    "content/_posts/cjk.md": """
        ---
        title: 中文文章
        date: 2024-04-01
        ---
        静态网站生成器把文章变成网页。Static sites are fast.
        """,
    "content/about.md": """
        ---
        title: About
        lang: en
        ---
        About me.
        """,
}


def _build(make_blog: Any, config: dict[str, Any] | None = None,
           files: dict[str, str] | None = None) -> Any:
    blog = make_blog(config=config, files={**POSTS, **(files or {})})
    build_ok(blog)
    return blog


def test_head_has_description_canonical_open_graph_and_generator(make_blog: Any) -> None:
    blog = _build(make_blog, {"description": "Site description"})
    html = blog.read("2024/05/01/hello/index.html")
    assert "<title>Hello &lt;script&gt;alert(1)&lt;/script&gt; · Test blog</title>" in html
    assert "<script>alert(1)" not in html
    assert '<meta name="description" content="A post about greetings &amp; more.">' in html
    assert '<link rel="canonical" href="http://example.com/2024/05/01/hello/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="http://example.com/images/cover.png">' in html
    assert '<meta property="article:tag" content="greetings">' in html
    assert re.search(r'<meta name="generator" content="QuillPress [\d.]+">', html)
    home = blog.read("index.html")
    assert '<meta property="og:type" content="website">' in home
    assert '<meta name="description" content="Site description">' in home
    favicon = re.search(r'<link rel="icon" href="([^"]+)"', home).group(1)
    assert (blog.public / favicon.lstrip("/")).is_file()


def test_og_image_urllib_cannot_read_is_kept_as_written(make_blog: Any) -> None:
    """A post's first picture whose host runs into full-width text (`http://j.example下：e`)
    is no URL urllib reads: making it absolute stopped the build with 'unexpected error'."""
    src = "http://j.example\u4e0b\uff1ae"
    blog = _build(make_blog, files={"content/_posts/raw.md": post("Raw", f'<img src="{src}">',
                                                                   date="2024-06-01")})
    assert f'<meta property="og:image" content="{src}">' in blog.read("2024/06/01/raw/index.html")


def test_meta_generator_can_be_turned_off(make_blog: Any) -> None:
    blog = _build(make_blog, {"meta_generator": False})
    assert 'name="generator"' not in blog.read("index.html")


def test_post_meta_categories_tags_reading_time_and_nav(make_blog: Any) -> None:
    blog = _build(make_blog)
    html = blog.read("2024/05/01/hello/index.html")
    assert re.search(r'<a href="/categories/Notes/">Notes</a><span class="sep">›</span>'
                     r'<a href="/categories/Notes/Daily/">Daily</a>', html)
    assert 'href="/tags/greetings/" rel="tag"' in html
    assert "1 min read" in html
    assert 'rel="next" href="/2024/04/01/cjk/"' in html
    cjk = blog.read("2024/04/01/cjk/index.html")
    assert "18 words" in cjk  # 14 CJK characters + 4 English words
    assert 'rel="prev" href="/2024/05/01/hello/"' in cjk


def test_page_language_wins_over_site_language(make_blog: Any) -> None:
    blog = _build(make_blog, {"language": "zh-CN"})
    assert '<html lang="zh-CN">' in blog.read("index.html")
    assert "<span>归档</span></a>" in blog.read("index.html")
    about = blog.read("about.html")
    assert '<html lang="en">' in about and "<span>Archives</span></a>" in about


def labels(html: str, css_class: str) -> list[str]:
    """The text of each element whose class is `css_class`, its spaces collapsed."""
    return [" ".join(element.text.split()) for element in parse(html).find_all(cls=css_class)]


def test_pages_of_one_build_each_speak_their_own_language(make_blog: Any) -> None:
    """`__` is bound to each page's language: a Chinese post and its English neighbours,
    made in one build, label their outline and post links each in their own language."""
    heading = "## One\n\ntext\n\n## Two\n\nmore"
    blog = _build(make_blog, files={
        "content/_posts/older.md": post("Older", heading, date="2024-06-01 10:00:00"),
        "content/_posts/zh.md": post("Zh", heading, date="2024-06-02 10:00:00", lang="zh-CN"),
        "content/_posts/newer.md": post("Newer", heading, date="2024-06-03 10:00:00")})
    zh = blog.read("2024/06/02/zh/index.html")
    assert labels(zh, "toc-title") == ["目录"]
    assert labels(zh, "post-nav-label") == ["上一篇", "下一篇"]
    for name in ("older", "newer"):
        html = blog.read(f"2024/06/0{1 if name == 'older' else 3}/{name}/index.html")
        assert labels(html, "toc-title") == ["Contents"]
        assert set(labels(html, "post-nav-label")) <= {"Newer post", "Older post"}
        assert labels(html, "post-nav-label")


def test_the_layouts_shared_macros_speak_each_pages_language(make_blog: Any) -> None:
    """The layouts' macros are made once per build (imported without context), yet each
    page's post meta and timeline are labelled in that page's language: a Chinese post
    between English ones, and the English home page, archive and tag page listing it."""
    blog = _build(make_blog, files={
        "content/_posts/older.md": post("Older", "text", date="2024-06-01 10:00:00"),
        "content/_posts/zh.md": post("Zh", "text", date="2024-06-02 10:00:00", lang="zh-CN",
                                     tags=["mixed"]),
        "content/_posts/newer.md": post("Newer", "text", date="2024-06-03 10:00:00")})

    def posted_on(rel: str) -> set[str]:
        return {meta.find(cls="meta-item").attrs["title"]
                for meta in parse(blog.read(rel)).find_all(cls="post-meta")}

    assert posted_on("2024/06/02/zh/index.html") == {"发表于"}
    assert posted_on("2024/06/01/older/index.html") == {"Posted on"}
    assert posted_on("2024/06/03/newer/index.html") == {"Posted on"}
    assert posted_on("index.html") == {"Posted on"}
    for rel in ("archives/index.html", "tags/mixed/index.html"):
        assert labels(blog.read(rel), "timeline-month")[0] == "June"


def test_a_module_imported_without_context_labels_its_top_in_the_sites_language(
        make_blog: Any) -> None:
    """A theme's macros file imported without context is made once for every page: what
    its top level translates is in the site's language on every page, not in that of the
    page that imported it first (here the newest post, in Chinese); its macros, called
    from a page, and a module imported with context speak the page's language."""
    macros = "{% set top = __('hello') %}{% macro called() %}{{ __('hello') }}{% endmacro %}"
    blog = make_blog(config={"theme": "t", "language": "en"}, files={
        "themes/t/layout/_m.html": macros,
        "themes/t/layout/post.html": (
            "{% import '_m.html' as m %}{% import '_m.html' as c with context %}"
            "<p class=v>{{ m.top }}|{{ m.called() }}|{{ c.top }}</p>"),
        "themes/t/layout/index.html": "list",
        "themes/t/languages/en.yml": "hello: Hello\n",
        "themes/t/languages/zh-CN.yml": "hello: 你好\n",
        "content/_posts/en.md": post("En", "text", date="2024-05-01 10:00:00"),
        "content/_posts/zh.md": post("Zh", "text", date="2024-05-02 10:00:00", lang="zh-CN")})
    build_ok(blog)
    assert labels(blog.read("2024/05/02/zh/index.html"), "v") == ["Hello|你好|你好"]
    assert labels(blog.read("2024/05/01/en/index.html"), "v") == ["Hello|Hello|Hello"]


def test_a_plugins_own_p_helper_is_the_one_pages_call(make_blog: Any) -> None:
    """A plugin that supplies `_p` alone (`api.helper`) has it called on every page; the
    theme's `__` stays bound to the page's language beside it."""
    plugin = ("def register(api):\n"
              "    api.helper('_p', lambda key, *args: f'plugin {key} {args[0]}')\n")
    blog = make_blog(config={"theme": "t"}, files={
        "plugins/plural.py": plugin,
        "themes/t/layout/post.html": "<p class=v>{{ _p('posts', 2) }} / {{ __('toc') }}</p>",
        "themes/t/layout/index.html": "list",
        "themes/t/languages/en.yml": "toc: Contents\n",
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-05-01\n---\nText.\n"})
    build_ok(blog)
    assert labels(blog.read("2024/05/01/a/index.html"), "v") == ["plugin posts 2 / Contents"]


def test_theme_config_overrides_theme_defaults(make_blog: Any) -> None:
    blog = _build(make_blog, {"theme_config": {
        "menu": {"archives": False, "tags": None, "categories": False, "about": "/about.html",
                 "GitHub": "https://github.com/x || fab fa-github"},
        "toc": False, "dark_mode": False, "word_count": False}})
    html = blog.read("2024/05/01/hello/index.html")
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert re.findall(r"<span>([^<>]+)</span></a>", nav) == ["Home", "GitHub", "About"]  # config order (sorted by make_blog)
    assert 'href="https://github.com/x"' in nav
    assert 'id="qp-toc"' not in html
    assert "theme-toggle" not in html and "qp-theme" not in html
    assert "min read" not in html
    about = blog.read("about.html")
    assert 'class="nav-link active" href="/about.html" aria-current="page"' in about


@pytest.mark.parametrize("sheets,linked", [
    ("css/custom.css", ["/css/custom.css"]),
    (["css/custom.css", "css/print.css"], ["/css/custom.css", "/css/print.css"]),  # print.styl
    ("css/print.styl", ["/css/print.css"]),  # its source name linked a file the site lacks
    (["css/custom.css", "/css/print.styl", None], ["/css/custom.css", "/css/print.css"]),
])
def test_stylesheets_of_the_blogs_own_are_linked_after_the_themes_on_every_page(
        make_blog: Any, sheets: Any, linked: list[str]) -> None:
    """The default theme had no place for CSS of the blog's own: a user restyling it had
    to copy the whole theme. `extra_css` (one path or a list) links each after the theme's
    stylesheets, so its rules win; a .styl file is compiled and linked as .css."""
    blog = _build(make_blog, {"theme_config": {"extra_css": sheets}},
                  files={"content/css/custom.css": ".post-title { color: teal; }\n",
                         "content/css/print.styl": "body\n  color black\n"})
    for page in ("index.html", "2024/05/01/hello/index.html", "about.html", "archives/index.html"):
        hrefs = [link.attrs["href"] for link in parse(blog.read(page)).find_all("link")
                 if link.attrs.get("rel") == "stylesheet"]
        after = hrefs[hrefs.index("/css/style.css"):]  # the theme's first: the user's win
        assert [href for href in after if href in linked] == linked
    for name in linked:
        assert (blog.public / name.lstrip("/")).is_file()


@pytest.mark.parametrize("where", ["theme_config", "_config.default.yml"])
@pytest.mark.parametrize("value,left_out", [
    ([3, "css/custom.css", {"href": "x.css"}], ["3", '{"href": "x.css"}']), (True, ["true"]),
    (3, ["3"])])
def test_an_entry_of_extra_css_that_is_no_path_is_left_out_at_its_line(
        make_blog: Any, where: str, value: Any, left_out: list[str]) -> None:
    """A number or a mapping in the list was linked as `/3`; as the whole value, a number or
    true stopped the build with "unexpected error"."""
    setting = yaml.safe_dump({"extra_css": value})
    blog = make_blog(config={"theme_config": {"extra_css": value}} if where == "theme_config"
                     else {}, files={**POSTS, "content/css/custom.css": "body { color: black; }\n",
                                     **({} if where == "theme_config"
                                        else {"_config.default.yml": setting})})
    result = build_ok(blog)
    said = [w for w in result.problems.warnings if "extra_css" in w.message]
    assert [w.message.split(": ", 1)[1] for w in said] == [
        f"{item} is not the path of a stylesheet: left out" for item in left_out]
    text = (blog.root / ("_config.yml" if where == "theme_config" else where)).read_text()
    line = next(n for n, text_line in enumerate(text.splitlines(), 1)
                if text_line.lstrip().startswith("extra_css:"))
    assert {(w.path, w.line) for w in said} == {(
        "_config.yml" if where == "theme_config" else where, line)}
    hrefs = [link.attrs["href"] for link in parse(blog.read("index.html")).find_all("link")
             if link.attrs.get("rel") == "stylesheet"]
    linked = hrefs[hrefs.index("/css/highlight.css") + 1:]
    assert [href for href in linked if "qp-search" not in href] == (
        ["/css/custom.css"] if isinstance(value, list) else [])


def test_a_stylesheet_the_site_lacks_is_named_with_the_setting_to_check(make_blog: Any) -> None:
    """A mistyped path under `extra_css` is a theme link to a missing file: its warning
    said to check "the theme's menu and links", which do not hold it."""
    blog = make_blog(config={"theme_config": {"extra_css": ["css/custm.css"]}},
                     files={**POSTS, "content/css/custom.css": "body { color: black; }\n"})
    result = blog.build()
    assert result.ok
    [said] = [str(w) for w in result.problems.warnings if "custm" in w.message]
    assert "'/css/custm.css'" in said and "did you mean /css/custom.css?" in said
    assert said.endswith("check the theme's menu and settings (social links, favicon, avatar, "
                         "extra_css)"), said


@pytest.mark.parametrize("where", ["theme_config", "_config.default.yml"])
def test_a_menu_written_as_text_keeps_the_themes_menu_with_a_warning_at_its_line(
        make_blog: Any, where: str) -> None:
    """`menu: home` took the whole menu away without a word: the theme reads it entry by
    entry. The theme's own menu is kept and the line is named."""
    blog = make_blog(config={"theme_config": {"menu": "home"}} if where == "theme_config" else {},
                     files={**POSTS, **({} if where == "theme_config" else
                                        {"_config.default.yml": "toc: true\nmenu: home\n"})})
    result = build_ok(blog)
    warning = next(w for w in result.problems.warnings if "`menu: home`" in w.message)
    lines = (blog.root / ("_config.yml" if where == "theme_config" else where)).read_text()
    assert (warning.path, warning.line) == (
        "_config.yml" if where == "theme_config" else where,
        lines.splitlines().index("  menu: home" if where == "theme_config" else "menu: home") + 1)
    assert "home, archives, tags, categories" in warning.message
    nav = parse(blog.read("index.html")).find("nav", cls="site-nav")
    assert [" ".join(link.text.split()) for link in nav.find_all("a")] == [
        "Home", "Archives", "Tags", "Categories"]


@pytest.mark.parametrize("relative", [False, True])
def test_each_page_of_one_build_marks_its_own_menu_entry(make_blog: Any, relative: bool) -> None:
    """The header is made once per build for each set of active menu entries and shared by
    the pages in that set: each page still marks its own section (and, with relative_link,
    links from its own folder), never the section of a page made before it. As in Hexo, a
    home page after the first is a home page too (`is_home()`), an archive page never."""
    blog = _build(make_blog, {"relative_link": relative, "per_page": 1,
                              "theme_config": {"menu": {"about": "/about.html"}}})
    expected = {"index.html": ["Home"], "page/2/index.html": ["Home"],  # Hexo: every home page
                "archives/index.html": ["Archives"], "archives/page/2/index.html": ["Archives"],
                "archives/2024/index.html": ["Archives"], "tags/greetings/index.html": ["Tags"],
                "categories/Notes/index.html": ["Categories"], "about.html": ["About"],
                "2024/05/01/hello/index.html": []}
    for rel, sections in expected.items():
        nav = parse(blog.read(rel)).find("nav", cls="site-nav")
        current = [link for link in nav.find_all("a") if link.attrs.get("aria-current") == "page"]
        assert [" ".join(link.text.split()) for link in current] == sections, rel
        assert all("active" in link.classes for link in current), rel
        for link in nav.find_all("a"):
            target = blog.public / Path(rel).parent / link.attrs["href"] if relative \
                else blog.public / link.attrs["href"].lstrip("/")
            target = target / "index.html" if link.attrs["href"].endswith("/") else target
            assert target.resolve().is_file(), f"{rel}: {link.attrs['href']}"


def test_the_themes_menu_links_the_folders_the_site_moved_its_sections_to(make_blog: Any) -> None:
    """`archive_dir: news` (hexo.io's own site), `tag_dir: tag`: the menu's Archives and
    Tags entries link the pages at /news/ and /tag/, where they linked /archives/ and /tags/,
    which the site does not have, on every page."""
    blog = make_blog(config={"archive_dir": "news", "tag_dir": "tag"}, files=POSTS)
    result = build_ok(blog)
    nav = parse(blog.read("index.html")).find("nav", cls="site-nav")
    links = {" ".join(a.text.split()): a.attrs["href"] for a in nav.find_all("a")}
    assert links == {"Home": "/", "Archives": "/news/", "Tags": "/tag/",
                     "Categories": "/categories/"}
    for href in links.values():
        assert (blog.public / href.lstrip("/") / "index.html").is_file(), href
    assert not [w for w in result.problems.warnings if "'/archives/'" in w.message
                or "'/tags/'" in w.message]


def test_missing_template_variable_names_template_and_line(make_blog: Any) -> None:
    blog = make_blog(config={"theme": "mine"}, files=POSTS)
    shutil.copytree(THEME, blog.root / "themes" / "mine")
    macros = blog.root / "themes" / "mine" / "layout" / "_partial" / "macros.html"
    lines = macros.read_text().splitlines()
    lines.insert(3, "{{ site_titel }}")
    macros.write_text("\n".join(lines) + "\n")
    result = blog.build()
    assert not result.ok
    message = "\n".join(str(e) for e in result.problems.errors)
    assert "site_titel" in message
    assert re.search(r"_partial/macros\.html:4\b", message), message


def test_a_macro_calling_itself_without_end_names_its_template_line(make_blog: Any) -> None:
    """A template nesting without end stopped the page with RecursionError and named the
    page alone: now the template line that nests again is named too."""
    blog = make_blog(config={"theme": "mine"}, files=POSTS)
    shutil.copytree(THEME, blog.root / "themes" / "mine")
    layout = blog.root / "themes" / "mine" / "layout"
    (layout / "_partial" / "loop.html").write_text(
        "{#- counts down, but never stops -#}\n"
        "{% macro down(n) %}{{ down(n - 1) }}{% endmacro %}\n{{ down(3) }}\n")
    post_layout = layout / "post.html"
    post_layout.write_text(post_layout.read_text() + '{% include "_partial/loop.html" %}\n')
    result = blog.build()
    assert not result.ok
    message = "\n".join(str(e) for e in result.problems.errors)
    assert "nested too deeply" in message
    assert re.search(r"_partial/loop\.html:2: making 2024/05/01/hello/index\.html", message), message


def test_translations_cover_every_string_the_templates_use() -> None:
    used: set[str] = set()
    for template in (THEME / "layout").rglob("*.html"):
        used |= set(re.findall(r"__\('([\w.]+)'", template.read_text()))
    used.discard("month_name.m")
    tables = {path.stem: yaml.safe_load(path.read_text()) for path in (THEME / "languages").glob("*.yml")}
    assert {"en", "zh-CN"} <= set(tables)

    def keys(table: dict[str, Any], prefix: str = "") -> set[str]:
        found = set()
        for key, value in table.items():
            if isinstance(value, dict) and not {"one", "other"} & set(value):
                found |= keys(value, f"{prefix}{key}.")
            else:
                found.add(prefix + key)
        return found

    for name, table in tables.items():
        missing = used - keys(table)
        assert not missing, f"{name}.yml lacks {sorted(missing)}"
        assert len(table["month_name"]) == 12
    assert keys(tables["en"]) == keys(tables["zh-CN"])


def test_word_count_and_reading_time_count_cjk_characters() -> None:
    assert word_count("<p>你好世界 hello, world's end</p>") == 7
    assert reading_minutes("字" * 600) == 2
    assert reading_minutes("word " * 1000) == 5
    assert reading_minutes("") == 1



@pytest.mark.parametrize("text, words", [
    ("don't stop at 3.14 or e-mail", 6),  # one joiner inside a word keeps it whole
    ("a--b .c d. 'e' f’s", 6),  # two joiners, or one at an edge, do not
    ("café déjà-vu naïve", 3),  # letters of other scripts are parts of words
    ("Привет, мир! αβγ x²", 4),
    ("ｆｕｌｌ１２ ① _ snake_case", 4),  # fullwidth and circled digits are letters; _ is not
    ("日本語のテキスト and 한국어", 12),  # every CJK character is a word, kana and hangul too
    ("𠀀𠀁 𝑥𝑦 😀 ok", 4),  # beyond the BMP: CJK extension B, math letters; emoji are not words
    ("中a中b·c、d", 6),  # CJK characters and punctuation part words; a middle dot is no joiner
])
def test_word_count_of_mixed_scripts(text: str, words: int) -> None:
    assert word_count(text) == words


def test_an_edited_post_shows_its_new_word_count(make_blog: Any) -> None:
    """The counts are made with the body and kept in the render cache: an edit is counted
    again by a warm Builder (`serve`) and by the next `build`, a page made from a cached body
    shows them too, and a post without text shows none."""
    blog = make_blog(files={"content/_posts/a.md": post("A", "one two three"),
                            "content/_posts/empty.md": post("Empty", "")})
    page = "2024/01/02/a/index.html"
    served = blog.builder(in_place=True)
    build_ok(served)
    assert "3 words" in blog.read(page)
    assert "min read" not in blog.read("2024/01/02/empty/index.html")
    source = blog.write("content/_posts/a.md", post("A", "one two three 四五 six"))
    assert served.build([source]).ok
    assert "6 words" in blog.read(page)
    blog.write("content/_posts/a.md", post("A", "one, two, three"))
    build_ok(blog)
    assert "3 words" in blog.read(page)
    shutil.rmtree(blog.public)  # every page made again, every body from the cache
    build_ok(blog)
    assert "3 words" in blog.read(page)


LONGER = '''
def register(api):
    @api.on("after_render", priority=-5000)  # after every other handler
    def longer(doc, rendered, ctx):
        if rendered.text:
            rendered.text = rendered.text + " 四五 six seven"
'''


def test_the_word_count_is_of_the_text_the_last_plugin_left(make_blog: Any) -> None:
    """A plugin's `after_render` may replace the plain text (the search index, feeds and
    related posts read it): the word count and reading time are of that text, even when the
    plugin's handler runs after every other one, and a post without text still shows none."""
    blog = make_blog(files={"content/_posts/a.md": post("A", "one two three"),
                            "content/_posts/empty.md": post("Empty", ""),
                            "plugins/longer.py": LONGER})
    build_ok(blog)
    assert "7 words" in blog.read("2024/01/02/a/index.html")  # 3 + 四五 + six seven
    assert "min read" not in blog.read("2024/01/02/empty/index.html")


def test_tag_cloud_levels_follow_post_counts() -> None:
    class Tag:
        def __init__(self, name: str, length: int) -> None:
            self.name, self.length = name, length

    cloud = tag_cloud([Tag("b", 40), Tag("a", 1), Tag("c", 6), Tag("empty", 0)])
    assert [(item["tag"].name, item["level"]) for item in cloud] == [("a", 1), ("b", 5), ("c", 3)]


def test_toc_nests_headings_and_escapes_text() -> None:
    html = toc_html([TocEntry(2, "a", "A <b>&</b>"), TocEntry(4, "b", "B"), TocEntry(3, "c", "C"),
                     TocEntry(2, "d", "D")])
    assert html == (
        '<ol class="toc-list"><li class="toc-item toc-level-2"><a class="toc-link" href="#a">A &amp;</a>'
        '<ol class="toc-child"><li class="toc-item toc-level-4"><a class="toc-link" href="#b">B</a></li>'
        '<li class="toc-item toc-level-3"><a class="toc-link" href="#c">C</a></li></ol></li>'
        '<li class="toc-item toc-level-2"><a class="toc-link" href="#d">D</a></li></ol>')
    assert toc_html([TocEntry(2, "it's", 'Say "hi" <i>now</i>')]) == (
        '<ol class="toc-list"><li class="toc-item toc-level-2"><a class="toc-link" '
        'href="#it&#x27;s">Say &quot;hi&quot; now</a></li></ol>')
    # each of the five characters alone, in an id and (as an entity) in a text
    for char, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                          ("'", "&#x27;")):
        assert toc_html([TocEntry(2, f"a{char}", f"b{escaped}")]) == (
            '<ol class="toc-list"><li class="toc-item toc-level-2"><a class="toc-link" '
            f'href="#a{escaped}">b{escaped}</a></li></ol>'), char
    assert toc_html([]) == ""


def test_theme_ships_no_third_party_assets() -> None:
    files = [p.relative_to(THEME / "source").as_posix() for p in (THEME / "source").rglob("*") if p.is_file()]
    assert sorted(files) == ["css/style.css", "favicon.svg", "js/comments.js", "js/main.js"]
    for path in Path(THEME).rglob("*.html"):
        assert not re.search(r'(src|href)="(https?:)?//', path.read_text()), path


def test_language_codes_match_translation_files_loosely(make_blog: Any) -> None:
    for code in ("zh-cn", "zh", "zh_CN", "zh-TW"):
        blog = _build(make_blog, {"language": code})
        assert "<span>归档</span></a>" in blog.read("index.html"), code
    blog = _build(make_blog, {"language": ["fr", "en"]})
    assert "<span>Archives</span></a>" in blog.read("index.html")  # no French file: English


def test_broken_theme_globals_template_is_named(make_blog: Any) -> None:
    blog = make_blog(config={"theme": "mine"}, files=POSTS)
    shutil.copytree(THEME, blog.root / "themes" / "mine")
    icons = blog.root / "themes" / "mine" / "layout" / "_globals" / "icons.html"
    icons.write_text(icons.read_text() + "{% set broken %}\n")
    with pytest.raises(QuillError) as info:  # a theme that cannot load stops the build
        blog.build()
    assert "icons.html" in str(info.value) and "endset" in str(info.value)


def test_an_edited_template_shows_in_the_next_build(make_blog: Any) -> None:
    """Compiled templates are kept in the cache folder; an edit to one is compiled again."""
    blog = make_blog(config={"theme": "t"}, files={
        "themes/t/layout/post.html": "<p class=v>first {{ page.title }}</p>",
        "themes/t/layout/index.html": "list",
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-05-01\n---\nText.\n"})
    build_ok(blog)
    assert "first A" in blog.read("2024/05/01/a/index.html")
    assert any((blog.root / ".quillpress-cache" / "templates").rglob("*.cache"))
    blog.write("themes/t/layout/post.html", "<p class=v>second {{ page.title }}</p>")
    build_ok(blog)
    assert "second A" in blog.read("2024/05/01/a/index.html")


class _Timeline(HTMLParser):
    """The archive timeline as rows: ("year", href), ("month", href), ("post", title)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str]] = []
        self._heading: str | None = None
        self._in_item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("h2", "h3") and ("timeline-year-title" in classes or "timeline-month" in classes):
            self._heading = "year" if tag == "h2" else "month"
        elif tag == "li" and "timeline-item" in classes:
            self._in_item = True
        elif tag == "a" and self._heading:
            self.rows.append((self._heading, dict(attrs).get("href") or ""))
            self._heading = None

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3"):
            self._heading = None  # a heading without a link (no archive page) ends here

    def handle_data(self, data: str) -> None:
        if self._in_item and self.lasttag == "a" and data.strip():
            self.rows.append(("post", data.strip()))
            self._in_item = False


def test_archive_timeline_groups_newest_year_and_month_first(make_blog: Any) -> None:
    dates = {"Spring": "2023-03-05", "Winter": "2023-12-31", "Early": "2024-01-10",
             "Later": "2024-01-20", "Autumn": "2024-11-02"}
    blog = make_blog(files={f"content/_posts/{title.lower()}.md": post(title, date=date, tags=["t"])
                            for title, date in dates.items()})
    build_ok(blog)
    expected = [("year", "/archives/2024/"), ("month", "/archives/2024/11/"), ("post", "Autumn"),
                ("month", "/archives/2024/01/"), ("post", "Later"), ("post", "Early"),
                ("year", "/archives/2023/"), ("month", "/archives/2023/12/"), ("post", "Winter"),
                ("month", "/archives/2023/03/"), ("post", "Spring")]
    for page in ("archives/index.html", "tags/t/index.html"):
        timeline = _Timeline()
        timeline.feed(blog.read(page))
        assert timeline.rows == expected, page


@pytest.mark.parametrize("config", [
    {},
    {"archive_generator": {"monthly": False}},
    {"archive_generator": {"yearly": False}},
    {"archive_generator": {"enabled": False}},
    {"archive_dir": "old/archive/"},
])
def test_archive_timeline_links_exactly_the_archive_pages_made(make_blog: Any, config: dict) -> None:
    """The timeline links a year or month to its archive page where archive_generator makes
    one, and shows it as plain text where it does not: no link leads nowhere."""
    dates = {"Spring": "2023-03-05", "Early": "2024-01-10", "Autumn": "2024-11-02"}
    blog = make_blog(config=config, files={
        f"content/_posts/{title.lower()}.md": post(title, date=date, tags=["t"])
        for title, date in dates.items()})
    build_ok(blog)
    archive = config.get("archive_dir", "archives").strip("/")
    made = {f"/{archive}/{page.parent.relative_to(blog.public / archive).as_posix()}/"
            for page in (blog.public / archive).glob("**/index.html")
            if re.fullmatch(r"\d{4}(/\d\d)?", page.parent.relative_to(blog.public / archive).as_posix())}
    timeline = _Timeline()
    timeline.feed(blog.read("tags/t/index.html"))
    linked = {href for kind, href in timeline.rows if kind in ("year", "month")}
    assert linked == made
    assert [title for kind, title in timeline.rows if kind == "post"] == ["Autumn", "Early", "Spring"]


def test_a_list_as_page_language_still_builds(make_blog: Any) -> None:
    """`lang:` written as a list cannot key the per-language `__`: the page is made all the
    same, its labels looked up in the site's language (as before `__` was bound per page)."""
    blog = _build(make_blog, files={"content/_posts/odd.md": post(
        "Odd", "## One\n\ntext\n\n## Two\n\nmore", date="2024-06-02 10:00:00", lang=["fr"])})
    assert labels(blog.read("2024/06/02/odd/index.html"), "toc-title") == ["Contents"]


def test_a_theme_copy_whose_layout_sets_no_is_article_draws_posts_the_same(make_blog: Any) -> None:
    """post.html works out `is_article` itself: a user's copy of the theme whose layout.html
    drops the head's link-preview part (where the default sets it) still builds, and its
    posts show their date, tags and neighbours as the default theme's do."""
    default = make_blog(files=POSTS)
    build_ok(default)
    blog = make_blog(config={"theme": "mine"}, files=POSTS)
    shutil.copytree(THEME, blog.root / "themes" / "mine")
    layout = blog.root / "themes" / "mine" / "layout" / "layout.html"
    text = layout.read_text()
    assert text.count("{% set is_article = is_post() %}") == 1
    layout.write_text(text.replace("{% set is_article = is_post() %}", "")
                      .replace("is_article", "is_post()"))
    build_ok(blog)
    pages = [p.relative_to(default.public).as_posix() for p in default.public.rglob("*.html")]
    assert "2024/05/01/hello/index.html" in pages
    assert {p: blog.read(p) for p in pages} == {p: default.read(p) for p in pages}
