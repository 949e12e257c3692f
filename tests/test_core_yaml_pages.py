"""A YAML file in the source folder is published as `x.json`, written as Hexo's YAML renderer
writes it (`JSON.stringify` of the document), not copied as `x.yml` (found on a blog that
publishes a workflow's YAML beside the post describing it)."""

from __future__ import annotations

import json

from conftest import build_ok

MENU = """\
name: Menü
items:
  - label: Home
    weight: 1.0
  - {label: Tags, weight: 0.00001, big: 1e21}
2: second
1: first
when: 2024-03-01
on: yes
"""
# What Hexo 7.3 wrote for MENU: keys that are array indices first, numbers as JavaScript
# prints them, a date as its time in UTC, `on` and `yes` text (YAML 1.2).
MENU_JSON = ('{"1":"first","2":"second","name":"Menü","items":[{"label":"Home","weight":1},'
             '{"label":"Tags","weight":0.00001,"big":1e+21}],"when":"2024-03-01T00:00:00.000Z",'
             '"on":"yes"}')


def test_a_yaml_file_is_published_as_hexo_s_json(make_blog):
    blog = make_blog(files={"content/data/menu.yml": MENU, "content/data/list.yaml": "- a\n- 2\n"})
    build_ok(blog)
    assert blog.read("data/menu.json") == MENU_JSON
    assert json.loads(blog.read("data/list.json")) == ["a", 2]
    assert not (blog.public / "data/menu.yml").exists()
    assert not (blog.public / "data/list.yaml").exists()


def test_skip_render_and_underscore_folders_keep_the_yaml_as_it_is(make_blog):
    blog = make_blog(config={"skip_render": ["raw/**"]},
                     files={"content/raw/ci.yml": "on: push\n", "content/_data/menu.yml": MENU})
    build_ok(blog)
    assert blog.read("raw/ci.yml") == "on: push\n"
    assert not (blog.public / "raw/ci.json").exists()
    assert not (blog.public / "_data").exists()


def test_broken_yaml_is_copied_as_it_is_with_a_warning_at_its_line(make_blog):
    blog = make_blog(files={"content/data/bad.yml": "name: ok\nitems: [a, b\nmore: 1\n"})
    result = build_ok(blog)
    assert blog.read("data/bad.yml") == "name: ok\nitems: [a, b\nmore: 1\n"
    assert not (blog.public / "data/bad.json").exists()
    warned = [str(w) for w in result.problems.warnings if "bad.yml" in str(w)]
    assert len(warned) == 1 and "content/data/bad.yml:3" in warned[0], warned


def test_a_yaml_file_with_no_document_is_null_json_with_a_warning(make_blog):
    # Hexo's build stops on such a file (js-yaml gives undefined); a `~` it writes as null.
    blog = make_blog(files={"content/data/empty.yml": "", "content/data/notes.yaml": "# to fill\n",
                            "content/data/tilde.yml": "~\n"})
    result = build_ok(blog)
    for name in ("empty", "notes", "tilde"):
        assert json.loads(blog.read(f"data/{name}.json")) is None
    warned = sorted(str(w) for w in result.problems.warnings)
    assert len(warned) == 2, warned
    assert warned[0].startswith("content/data/empty.yml:1") and "data/empty.json" in warned[0]
    assert warned[1].startswith("content/data/notes.yaml:1")
