"""YAML as Hexo reads it (js-yaml 4, YAML 1.2), checked against a table js-yaml made itself,
and the front-matter values Hexo reads with assumptions, each with a warning at its line.

tests/data/yaml_scalars.json comes from tests/data/yaml_scalars.mjs run on js-yaml 4.1.0.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from quillpress import yaml12
from quillpress.errors import ConfigError

ROWS = json.loads((Path(__file__).parent / "data" / "yaml_scalars.json").read_text())["rows"]


def _as_js(value: object) -> dict[str, object]:
    """Our value described the way the table describes js-yaml's."""
    if value is None:
        return {"type": "null", "value": None}
    if isinstance(value, bool):
        return {"type": "bool", "value": value}
    if isinstance(value, (int, float)):
        text = yaml12.js_text(value)
        return {"type": "number", "value": value, "text": text} if text not in (
            "NaN", "Infinity", "-Infinity") else {"type": "number", "value": text}
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        stamp = moment.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")
        return {"type": "date", "value": stamp.replace("+00:00", "Z")}
    if isinstance(value, dt.date):
        return {"type": "date", "value": f"{value.isoformat()}T00:00:00.000Z"}
    return {"type": "string", "value": value}


@pytest.mark.parametrize("row", ROWS, ids=[repr(r["scalar"]) for r in ROWS])
def test_plain_scalars_read_as_js_yaml_reads_them(row: dict[str, object]) -> None:
    expected = {k: v for k, v in row.items() if k != "scalar"}
    assert _as_js(yaml12.load(f"v: {row['scalar']}")["v"]) == expected


def test_table_covers_the_cases_real_blogs_hit() -> None:
    """The table must keep the scalars issue 9 met on real blogs, with Hexo's reading."""
    by_scalar = {r["scalar"]: r for r in ROWS}
    assert by_scalar["031809"]["value"] == 31809
    assert {by_scalar[s]["type"] for s in ("No", "on", "off", "y", "n", "1:20")} == {"string"}


def test_keys_are_text_as_in_javascript() -> None:
    """`true:` and `1:` are two keys ("true" and "1"), not one Python True == 1."""
    assert yaml12.load("true: a\n1: b\non: c\n~: d\n") == {"true": "a", "1": "b", "on": "c",
                                                            "null": "d"}


def test_anchors_and_merge_keys_work() -> None:
    assert yaml12.load("base: &b {x: 1}\nchild:\n  <<: *b\n  y: 2\n") == {
        "base": {"x": 1}, "child": {"x": 1, "y": 2}}


def alias_bomb() -> str:
    """Nine lines of YAML standing for 9**9 values; the first alias is on line 2."""
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, prev in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_refused_at_the_first_alias() -> None:
    with pytest.raises(yaml12.yaml.MarkedYAMLError) as info:  # refused by count, not by time
        yaml12.load(alias_bomb())
    assert "expand to more than" in str(info.value.problem)
    assert info.value.problem_mark.line + 1 == 2


@pytest.mark.parametrize("text, line", [
    ("title: A\nmenu: &m\n  home: /\n  x: *m\n", 2),  # the line of its anchor
    ("list: &l [1, *l]\n", 1),
    ("a: &a\n  b:\n    - c: *a\n", 1)])
def test_a_value_holding_an_alias_of_itself_is_refused_at_its_line(text: str, line: int) -> None:
    """Its value never ends: reading the keys of _config.yml or a front-matter that held one
    walked it forever (the build hung). Hexo 7.3 stops on such a _config.yml ("Maximum call
    stack size exceeded" in its config merge) and leaves such a post out ("Process failed")."""
    with pytest.raises(yaml12.yaml.MarkedYAMLError) as info:
        yaml12.compose(text)
    assert info.value.problem == yaml12.SELF_ALIAS
    assert info.value.problem_mark.line + 1 == line


def _keys_nested(depth: int) -> str:
    return "\n".join(" " * i + f"k{i}:" for i in range(depth)) + "\n"


@pytest.mark.parametrize("text, refused_at", [
    ("x: " + "[" * 99 + "]" * 99 + "\n", None),
    ("x: " + "[" * 100 + "]" * 100 + "\n", (1, 103)),
    ("a: 1\nx: " + "[" * 5000 + "]" * 5000 + "\n", (2, 103)),
    (_keys_nested(99), None),
    (_keys_nested(100), (100, 100)),
    ("x: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", (1, 397))],
    ids=["99 lists", "100 lists", "5000 lists", "99 keys", "100 keys", "3000 flow keys"])
def test_values_nested_as_deep_as_js_yaml_reads_them(text: str, refused_at: object) -> None:
    """js-yaml stops past 100 values deep (a scalar counts), at the line and column checked
    here with js-yaml 4.1; deeper values ran Python's recursion out, an error with no line
    that asked to be reported."""
    if refused_at is None:
        assert yaml12.load(text)
        return
    with pytest.raises(yaml12.yaml.MarkedYAMLError) as info:
        yaml12.load(text)
    assert info.value.problem == yaml12.TOO_DEEP
    mark = info.value.problem_mark
    assert (mark.line + 1, mark.column + 1) == refused_at


@pytest.mark.parametrize("body, line", [
    ("---\ntitle: Deep\ndate: 2024-01-02\nx: " + "[" * 3000 + "]" * 3000 + "\n---\nx\n", 4),
    ('"title": "Deep",\n"x": ' + "[" * 5000 + "]" * 5000 + "\n;;;\nx\n", 1),
    ('{"title": "Deep", "x": ' + "[" * 600 + "]" * 600 + "}\n;;;\nx\n", 1)],
    ids=["YAML", "JSON 5000 lists, ran json's recursion out", "JSON 600 lists, nested past 100"])
def test_a_post_nested_too_deep_is_left_out_at_its_line_and_the_site_builds(
        make_blog, body: str, line: int) -> None:
    """A `;;;` JSON front-matter nested thousands deep stopped the whole build as the YAML
    one did: 'could not read this file: RecursionError(…)', a hint to report it, exit 1.
    (Hexo reads such JSON; the warning says so.)"""
    blog = make_blog(files={
        "content/_posts/deep.md": body,
        "content/_posts/ok.md": "---\ntitle: Ok\ndate: 2024-01-02\n---\nfine\n"})
    result = blog.build()
    assert result.ok
    [warning] = [w for w in result.problems.warnings if "nested" in w.message]
    assert (str(warning.path), warning.line) == ("content/_posts/deep.md", line)
    assert "100 levels" in (warning.hint or "")
    assert ("Hexo shows it" in warning.message) == body.endswith(";;;\nx\n")
    assert "fine" in blog.read("2024/01/02/ok/index.html")


def test_a_config_nested_too_deep_is_an_error_at_its_line(make_blog) -> None:
    blog = make_blog()
    with (blog.root / "_config.yml").open("a") as config:
        config.write("deep: " + "[" * 400 + "]" * 400 + "\n")
    with pytest.raises(ConfigError) as info:
        blog.build()
    assert str(info.value).startswith("_config.yml:4: invalid YAML: values nested more than 100")


def test_a_nul_byte_in_a_front_matter_is_named_at_its_line(make_blog) -> None:
    """js-yaml refuses it too ("null byte is not allowed in input"), so Hexo leaves the post
    out. The warning was PyYAML's two lines, "position 30" in characters, at the front-
    matter's first line, with a hint about quoting."""
    blog = make_blog(files={
        "content/_posts/nul.md": "---\ntitle: N\ndate: 2024-01-02\nx: a\x00b\n---\nn\n",
        "content/_posts/ok.md": "---\ntitle: Ok\ndate: 2024-01-02\n---\nfine\n"})
    result = blog.build()
    assert result.ok
    [warning] = [w for w in result.problems.warnings if "character" in w.message]
    assert (str(warning.path), warning.line) == ("content/_posts/nul.md", 4)
    assert "\n" not in warning.message and "(U+0000)" in warning.message
    assert "delete it" in (warning.hint or "")


def test_a_control_character_in_the_config_is_an_error_at_its_line(make_blog) -> None:
    blog = make_blog()
    with (blog.root / "_config.yml").open("a") as config:
        config.write("author: a\x01b\n")
    with pytest.raises(ConfigError) as info:
        blog.build()
    assert str(info.value).startswith("_config.yml:4: invalid YAML: a control character YAML "
                                      "does not allow (U+0001)\n")


@pytest.mark.parametrize("text, value", [
    ("x: &a 1\ny: &a 2\n", {"x": 1, "y": 2}),
    ("a: &n {k: 1}\nb: *n\nc: &n [2]\nd: *n\n", {"a": {"k": 1}, "b": {"k": 1}, "c": [2],
                                                  "d": [2]})])
def test_an_anchor_named_twice_is_read_as_js_yaml_reads_it(text: str, value: object) -> None:
    """js-yaml lets a later anchor of the same name replace the earlier (an alias names the
    latest); PyYAML refused it ("found duplicate anchor"), so such a _config.yml stopped the
    build and such a post was left out, where Hexo reads both. Values from js-yaml 4.1."""
    assert yaml12.load(text) == value


def test_a_post_whose_front_matter_names_an_anchor_twice_is_published(make_blog) -> None:
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-02\n"
                            "one: &x 1\ntwo: &x 2\n---\nbody\n"})
    result = blog.build()
    assert result.ok and not result.problems.warnings, result.problems
    assert "body" in blog.read("2024/01/02/a/index.html")


def test_a_star_elsewhere_does_not_make_a_readable_value_an_error() -> None:
    """A `*` (which may start an alias) sent the text to the pure-Python parser, which refuses
    `[why?]` where libyaml and js-yaml read it: whether a post built hung on its title."""
    assert yaml12.load("title: a *bold* word\ntags: [why?]\n") == {
        "title": "a *bold* word", "tags": ["why?"]}
    with pytest.raises(yaml12.yaml.MarkedYAMLError) as info:  # a bomb libyaml composes too
        yaml12.load(alias_bomb() + "j: [why?]\n")
    assert "expand to more than" in str(info.value.problem)
    with pytest.raises(yaml12.yaml.YAMLError):  # what neither parser reads is still an error
        yaml12.load("title: a *bold* word\ntags: [why?\n")


def test_abbrlink_with_leading_zero_gives_hexo_url(make_blog) -> None:
    """Hexo publishes `abbrlink: 031809` at posts/31809/ (a number in YAML 1.2)."""
    blog = make_blog(config={"permalink": "posts/:abbrlink/"}, files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nabbrlink: 031809\n---\nx\n"})
    result = blog.build()
    assert result.ok, [str(e) for e in result.problems.errors]
    assert (blog.public / "posts/31809/index.html").is_file()


def one_post(make_blog, source: str):
    """Build a blog (no theme) whose only post, content/_posts/a.md, is `source`: the build
    result and the post."""
    builder = make_blog(config={"theme": False}, files={"content/_posts/a.md": source}).builder()
    result = builder.build()
    assert result.ok, [str(e) for e in result.problems.errors]
    (post,) = builder.site.posts
    return result, post


def test_yaml11_words_stay_text_in_front_matter(make_blog) -> None:
    result, post = one_post(make_blog, "---\ntitle: No\ndate: 2024-01-01\ntags: [on, off, y]\n"
                                       "categories: 1:20\n---\nx\n")
    assert not result.problems.warnings
    assert post.title == "No"
    assert post.tag_names == ["on", "off", "y"]
    assert post.category_paths == [["1:20"]]


def _warnings(result) -> list[str]:
    return [f"{w.path}:{w.line}: {w.message}" for w in result.problems.warnings]


def test_odd_front_matter_values_warn_with_line(make_blog) -> None:
    """`tags: true` is the tag "true" and `title: {a: 1}` the title "[object Object]", as in
    Hexo, each with a warning at the line of its key; the build goes on."""
    result, post = one_post(make_blog, "---\ndate: 2024-01-01\ntitle: {a: 1}\ntags: true\n---\nx\n")
    assert post.title == "[object Object]" and post.tag_names == ["true"]
    warnings = _warnings(result)
    assert len(warnings) == 2
    assert warnings[0].startswith("content/_posts/a.md:3: `title` is a mapping, not text")
    assert warnings[1].startswith("content/_posts/a.md:4: `tags` holds the boolean 'true'")


def test_unclosed_front_matter_warns_and_keeps_the_text(make_blog) -> None:
    """Hexo reads a file whose `---` is never closed as all body; so does QuillPress, and
    says so, since the author surely meant front-matter."""
    blog = make_blog(config={"theme": False}, files={
        "content/notes.md": "---\ntitle: Notes\n\nSome text that matters.\n"})
    result = blog.build()
    assert result.ok
    assert _warnings(result) == ["content/notes.md:1: front-matter opened by `---` on line 1 "
                                 "is never closed, so the whole file is the body (as in Hexo)"]
    assert "Some text that matters." in blog.read("notes.html")


def test_blank_lines_before_the_front_matter_are_skipped_as_hexo_does(make_blog) -> None:
    """A post starting with blank lines before `---` keeps its front-matter (its title, date
    and so its URL, as Hexo publishes it), with one warning; a bad key still names its line
    in the file. Found by the Hexo oracle on a real blog."""
    blog = make_blog(config={"theme": False})
    source = blog.write("content/_posts/a.md", "")  # rewritten as is: write() strips blank lines
    source.write_text("\n \n---\ntitle: Late start\ndate: 2024-05-06\ntags: true\n---\n"
                      "The body.\n", encoding="utf-8")
    builder = blog.builder()
    result = builder.build()
    (post,) = builder.site.posts
    assert post.title == "Late start" and post.date.day == 6
    assert post.body == "The body.\n" and post.body_line == 8 and post.path == "2024/05/06/a/"
    warnings = _warnings(result)
    assert warnings[0] == ("content/_posts/a.md:1: 2 blank line(s) before the opening `---`; "
                           "read as front-matter, as Hexo does")
    assert warnings[1].startswith("content/_posts/a.md:6: `tags` holds the boolean 'true'")


@pytest.mark.parametrize("title", ["031809", "No", "1:20", "1e3", "plain words"])
def test_new_writes_titles_that_read_back_as_written(title: str) -> None:
    """`new "031809"` must not write a front-matter Hexo (and we) would read as 31809."""
    from quillpress.scaffold import yaml_scalar
    assert yaml12.load(f"title: {yaml_scalar(title)}") == {"title": title}


def test_tab_indented_front_matter_reads_as_hexo_reads_it(make_blog) -> None:
    """Hexo turns indenting tabs into two spaces each before js-yaml reads front-matter;
    real posts indent list items with a tab (PyYAML alone refuses them)."""
    _, post = one_post(make_blog, "---\ntitle: A\ndate: 2024-01-01\ncategories:\n\t- Notes\n"
                                  "\t- Graphs\ntags:\n\t- rank\n---\nx\n")
    assert post.category_paths == [["Notes", "Graphs"]] and post.tag_names == ["rank"]


def test_alias_bomb_in_a_chart_fence_is_a_box_not_a_huge_page(make_blog) -> None:
    """A chart's YAML is read with the same bound: the page shows an error box naming the
    line, instead of tens of megabytes of copied values."""
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n"
                                                   f"```echarts\n{alias_bomb()}```\n"})
    result = blog.build()
    assert result.ok
    page = blog.public / "2024/01/01/a/index.html"
    assert page.stat().st_size < 200_000
    assert any("expand to more than 100,000 values" in w.message and w.path.endswith("a.md")
               for w in result.problems.warnings)


def test_a_key_written_twice_in_front_matter_warns_with_both_lines(make_blog) -> None:
    """js-yaml refuses it; here the later value is used and the author is told which."""
    result, post = one_post(make_blog, "---\ntitle: A\ntags: [first]\ndate: 2024-01-01\n"
                                       "tags: [second]\n---\nx\n")
    assert post.tag_names == ["second"]
    assert _warnings(result) == ["content/_posts/a.md:5: `tags` is written twice (lines 3 and "
                                 "5); the later one is used"]


def test_a_title_holding_colon_space_is_read_as_text_with_a_warning(make_blog) -> None:
    """`title: Daily report: 2014-05-22` is not YAML (a plain value cannot hold ': '):
    js-yaml refuses it, so Hexo 7 leaves the post out with an error, while the Hexo 2 it
    was written for read the rest of the line as the title. QuillPress reads it as Hexo 2
    did and says so, instead of failing the whole build."""
    result, post = one_post(make_blog, "---\ndate: 2024-01-01\ntitle: Daily report: 2024-01-01 \n"
                                       "tags: [a]\n---\nx\n")
    assert post.title == "Daily report: 2024-01-01"
    assert post.tag_names == ["a"]
    (warning,) = _warnings(result)
    assert warning.startswith("content/_posts/a.md:3: `title` holds ': ', which YAML refuses")


@pytest.mark.parametrize("title", ["C# tips: x", "C# tips: x  # a comment"])
def test_a_title_with_a_hash_and_colon_space_is_read_as_its_text(make_blog, title: str) -> None:
    """A `#` right after a letter is text in YAML (`C# tips`), not a comment: such a title
    holding ': ' is read as its text as well, a comment after a space left out."""
    result, post = one_post(make_blog, f"---\ndate: 2024-01-01\ntitle: {title}\n---\nx\n")
    assert post.title == "C# tips: x"
    (warning,) = _warnings(result)
    assert warning.startswith("content/_posts/a.md:3: `title` holds ': '")


BROKEN_FRONT = [
    ("---\ntitle: A\nx:\n  y: a: b\n---\nx\n", 4, "invalid YAML front-matter"),
    ("---\ntitle: A: b [c\ntags: [a\n---\nx\n", 3, "invalid YAML front-matter"),
    ("---\n- title: A\n- date: 2024-01-01\n---\nx\n", 2, "not a list"),
    (';;;\n"title": "A",\n"date" 2024\n;;;\nx\n', 3, "invalid JSON front-matter"),
    ("---\ntitle: A\nmenu: &m\n  x: [*m]\n---\nx\n", 3, "holds an alias (*name) of itself"),
]


@pytest.mark.parametrize("source, line, words", BROKEN_FRONT)
def test_a_post_whose_front_matter_cannot_be_read_is_left_out(make_blog, source: str,
                                                              line: int, words: str) -> None:
    """Hexo logs "Process failed" for such a post and builds the rest: one bad post must
    not stop a blog's build. It is left out, with one warning naming its file and line."""
    blog = make_blog(config={"theme": False}, files={
        "content/_posts/a.md": source,
        "content/_posts/b.md": "---\ntitle: Fine\ndate: 2024-01-02\n---\nStill here.\n"})
    builder = blog.builder()
    result = builder.build()
    assert result.ok, [str(e) for e in result.problems.errors]
    assert [post.title for post in builder.site.posts] == ["Fine"]
    assert "Still here." in blog.read("2024/01/02/b/index.html")
    (warning,) = [w for w in _warnings(result) if "a.md" in w]
    assert warning.startswith(f"content/_posts/a.md:{line}: ") and words in warning
    assert warning.endswith("the file is left out of the site, as Hexo leaves it")


def test_the_dev_server_shows_unreadable_front_matter_as_an_error(make_blog) -> None:
    """Written in place (the dev server, `build --watch`), the error stays an error: its box
    names the line while the author types, and the post's last good page is kept."""
    blog = make_blog(config={"theme": False}, files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nFirst words.\n"})
    builder = blog.builder(in_place=True)
    assert builder.build().ok
    blog.write("content/_posts/a.md", "---\ntitle: A\ndate: 2024-01-01\nx:\n  y: a: b\n---\nx\n")
    result = builder.build()
    (error,) = [f"{e.path}:{e.line}: {e.message}" for e in result.problems.errors]
    assert error.startswith("content/_posts/a.md:5: invalid YAML front-matter")
    assert "First words." in blog.read("2024/01/01/a/index.html")

