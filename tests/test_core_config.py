"""_config.yml: Hexo's keys and defaults, folder fallback, types, merging, unknown keys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quillpress.config import load_config
from quillpress.errors import ConfigError
from conftest import build_ok

PROBE_THEME = """\
<html><body>
<p id="custom">{{ config.my_custom_key }}|{{ config.nested_thing.deep }}|{{ theme.probe }}</p>
<p id="title">{{ config.title }}</p>
{{ page.content | safe if page.content is defined and page.content else '' }}
</body></html>
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_hexo_defaults(tmp_path: Path) -> None:
    """With no _config.yml at all, the keys have Hexo's defaults (lib/hexo/default_config),
    except the two folders, which are QuillPress's `content` and `site`."""
    config = load_config(tmp_path)
    expected = {
        "permalink": ":year/:month/:day/:title/", "per_page": 10, "pagination_dir": "page",
        "tag_dir": "tags", "archive_dir": "archives", "category_dir": "categories",
        "new_post_name": ":title.md", "default_layout": "post", "future": True,
        "date_format": "YYYY-MM-DD", "time_format": "HH:mm:ss", "updated_option": "mtime",
        "default_category": "uncategorized", "filename_case": 0, "post_asset_folder": False,
        "relative_link": False, "root": "/", "url": "http://example.com", "language": "en",
        "source_dir": "content", "public_dir": "site", "render_drafts": False,
        "category_map": {}, "tag_map": {}, "permalink_defaults": {},
        "pretty_urls": {"trailing_index": True, "trailing_html": True},
    }
    assert {key: config[key] for key in expected} == expected


def test_source_dir_falls_back_to_hexo_source(tmp_path: Path) -> None:
    """`content/` by default; a Hexo blog that has only `source/` uses it; an explicit
    source_dir always wins; with both folders present `content/` wins."""
    (tmp_path / "source").mkdir()
    assert load_config(tmp_path)["source_dir"] == "source"
    (tmp_path / "content").mkdir()
    assert load_config(tmp_path)["source_dir"] == "content"
    write(tmp_path, "_config.yml", "source_dir: source\n")
    assert load_config(tmp_path)["source_dir"] == "source"
    shutil.rmtree(tmp_path / "source")
    write(tmp_path, "_config.yml", "source_dir: posts\n")
    assert load_config(tmp_path)["source_dir"] == "posts"


def test_unknown_keys_reach_templates(make_blog) -> None:
    blog = make_blog(config={"theme": "probe", "my_custom_key": "hello-from-config",
                             "nested_thing": {"deep": 42}, "theme_config": {"probe": "tc"}},
                     files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
                            "themes/probe/layout/index.html": PROBE_THEME})
    build_ok(blog)
    assert "hello-from-config|42|tc" in blog.read("index.html")
    assert "hello-from-config|42|tc" in blog.read("2024/01/01/a/index.html")


def test_the_blogs_folder_is_no_setting(make_blog) -> None:
    """The loader kept the blog's folder inside the settings (`_root`): a template, plugin or
    rule reading the whole mapping met it as one more setting (a theme listing the settings
    showed the builder's own path). It is `Config.root_path`, beside them."""
    blog = make_blog(config={"theme": "probe", "my_custom_key": "hello"},
                     files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
                            "themes/probe/layout/index.html":
                                "<p>{% for key, value in config.items() %}{{ key }}={{ value }};"
                                "{% endfor %}</p>"})
    build_ok(blog)
    shown = blog.read("index.html")
    assert "my_custom_key=hello;" in shown
    assert "_root" not in shown and str(blog.root.resolve()) not in shown
    assert load_config(blog.root).root_path == blog.root.resolve()


@pytest.mark.parametrize("line,key", [
    ("per_page: ten", "per_page"),
    ("per_page: true", "per_page"),
    ("pretty_urls: yes", "pretty_urls"),
    ("permalink: [a]", "permalink"),
])
def test_wrong_type_names_key_and_line(tmp_path: Path, line: str, key: str) -> None:
    write(tmp_path, "_config.yml", f"title: T\nauthor: me\n{line}\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    err = info.value
    assert f"`{key}`" in err.message
    assert err.path.endswith("_config.yml") and err.line == 3
    assert f"_config.yml:3: `{key}` must be" in str(err)


@pytest.mark.parametrize("line,key", [
    ("timezone: Mars/Olympus", "timezone"),
    ("per_page: 2.5", "per_page"),
    ("filename_case: 5", "filename_case"),
])
def test_impossible_values_name_key_and_line(tmp_path: Path, line: str, key: str) -> None:
    write(tmp_path, "_config.yml", f"title: T\n{line}\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 2 and key in str(info.value)


@pytest.mark.parametrize("text, holds", [("- title: T\n- url: x\n", "a list"),
                                         ("title My blog\nurl https://me.example.org\n", "one value")])
def test_a_config_that_is_no_mapping_says_what_it_holds_and_how_to_write_it(
        tmp_path: Path, text: str, holds: str) -> None:
    """The error named the file by its full path, said "must be a mapping" and gave no way
    to write one (colons forgotten: Hexo reads such a file as nothing, theme and all)."""
    write(tmp_path, "_config.yml", text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value).startswith(f"_config.yml:1: the file holds {holds}, not key: value "
                                      "lines\n  hint: write one setting per line")


def test_loose_forms_hexo_accepts(tmp_path: Path) -> None:
    """Empty values mean the default; numbers where text is meant are text; one string
    where a list is meant is a one-item list; `theme: false`; `deploy:` as one mapping;
    `language:` as a list (Hexo allows it)."""
    write(tmp_path, "_config.yml", "\n".join([
        "title: 2024", "subtitle:", "description:", "keywords: blog", "author:",
        "permalink:", "tag_map:", "category_map:", "skip_render: demo/**", "theme: false",
        "deploy:\n  type: git\n  repo: x", "language: [zh-CN, en]", "timezone:", "root:", ""]))
    config = load_config(tmp_path)
    assert config["title"] == "2024"
    assert config["permalink"] == ":year/:month/:day/:title/"
    assert config["tag_map"] == {} and config["category_map"] == {}
    assert config["skip_render"] == ["demo/**"] and config["keywords"] == ["blog"]
    assert config["theme"] is False
    assert config["deploy"] == [{"type": "git", "repo": "x"}]
    assert config["language"] == ["zh-CN", "en"]
    assert config["root"] == "/"


@pytest.mark.parametrize(("lines", "root"), [
    ("url: https://me.github.io/notes", "/notes/"),
    ("url: https://me.github.io/notes/\nroot:", "/notes/"),
    ("url: me.github.io/a/b", "/a/b/"),
    ("url: https://me.github.io/notes\nroot: /", "/"),
    ("url: https://me.github.io/notes\nroot: docs", "/docs/"),
    ("url: https://me.github.io", "/"),
])
def test_root_unset_is_the_path_of_url(tmp_path: Path, lines: str, root: str) -> None:
    """Hexo takes `root` from the path of `url` when the config sets none."""
    write(tmp_path, "_config.yml", lines + "\n")
    assert load_config(tmp_path)["root"] == root


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    write(tmp_path, "_config.yml", "title: ok\nmenu:\n  home: /\n bad: indent\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 4 and "invalid YAML" in info.value.message


def test_a_config_saved_in_another_encoding_names_its_line(tmp_path: Path) -> None:
    """A title saved in Latin-1 (an old Windows editor) is found by its line, as in a post."""
    (tmp_path / "_config.yml").write_bytes(b"url: http://example.com\n\ntitle: caf\xe9\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 3 and "not valid UTF-8" in info.value.message
    assert info.value.hint == "save the file as UTF-8"
    # saved with a BOM, a Latin-1 word at a line's start: its line, not the one above it
    (tmp_path / "_config.yml").write_bytes(b"\xef\xbb\xbftitle: x\n\xe9t\xe9: 2024\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 2


def test_several_config_files_merge(tmp_path: Path) -> None:
    """`--config a.yml,b.yml`: later files win key by key, mappings merge deeply, and an
    empty value in a later file does not erase an earlier one."""
    write(tmp_path, "a.yml", "title: A\nauthor: Ann\nper_page: 5\npretty_urls:\n"
                             "  trailing_index: false\ntag_map:\n  C++: cpp\n")
    write(tmp_path, "b.yml", "title: B\nauthor:\npretty_urls:\n  trailing_html: false\n"
                             "tag_map:\n  C#: csharp\n")
    config = load_config(tmp_path, [Path("a.yml"), Path("b.yml")])
    assert config["title"] == "B" and config["author"] == "Ann" and config["per_page"] == 5
    assert config["pretty_urls"] == {"trailing_index": False, "trailing_html": False}
    assert config["tag_map"] == {"C++": "cpp", "C#": "csharp"}
    config = load_config(tmp_path, [Path("a.yml"), Path("missing.yml")])  # as Hexo: skipped
    assert config["title"] == "A"
    assert ["missing.yml not found" in str(w) for w in config.report.warnings] == [True]
    write(tmp_path, "c.yml", "per_page: many\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, [Path("a.yml"), Path("c.yml")])
    assert info.value.path.endswith("c.yml") and info.value.line == 1
