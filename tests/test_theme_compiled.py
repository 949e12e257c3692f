"""Compiled templates: a blog's first build reuses what an earlier build of any blog compiled
from the same bundled theme, and the pages are the same as when compiled afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

from conftest import build_ok, post
from tests.conftest import REPO
import quillpress.theme.loader as loader

PAGE = "2024/01/02/p/index.html"


def test_a_first_build_compiles_no_bundled_template_an_earlier_build_compiled(
        make_blog, tmp_path, monkeypatch):
    themes = tmp_path / "themes"
    shutil.copytree(REPO / "themes" / "default", themes / "default")
    monkeypatch.setattr(loader, "bundled_themes_dir", lambda: themes)
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(str(name))
        return compile_template(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    blog = make_blog(files={"content/_posts/p.md": post("P", "Some text.")})
    build_ok(blog, cache_dir=tmp_path / "first-cache")
    first = blog.read(PAGE)
    assert "post.html" in compiled and (themes / loader.SHARED_CACHE).is_dir()
    compiled.clear()
    shutil.rmtree(blog.public)
    build_ok(blog, cache_dir=tmp_path / "second-cache")  # a first build again: no cache
    assert compiled == []
    assert blog.read(PAGE) == first


def test_a_theme_folder_that_cannot_be_written_still_builds(make_blog, tmp_path, monkeypatch):
    themes = tmp_path / "themes"
    shutil.copytree(REPO / "themes" / "default", themes / "default")
    (themes / loader.SHARED_CACHE).write_text("a file where the folder would go")
    monkeypatch.setattr(loader, "bundled_themes_dir", lambda: themes)
    blog = make_blog(files={"content/_posts/p.md": post("P", "Some text.")})
    build_ok(blog, cache_dir=tmp_path / "cache")
    assert "Some text." in blog.read(PAGE)
    assert Path(themes / loader.SHARED_CACHE).is_file()
