"""The Hexo-compatibility fixture: a Hexo blog, unmodified, gives the URLs Hexo gives.

`tests/fixtures/hexo_blog/` is a small blog as Hexo keeps it (`source/`, `_config.yml`
without source_dir, `theme: landscape`) using every front-matter form and, through
`_config.tokens.yml`, every permalink token. `expected_urls.txt` holds the output paths
written by hand from Hexo's rules, each non-obvious one commented with its rule.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from quillpress.builder import Builder
from quillpress.generators import BUILTIN_GENERATORS
from quillpress.source import reader, scan
from quillpress.urls import output_file
from conftest import build_ok

FIXTURE = Path(__file__).parent / "fixtures" / "hexo_blog"
NO_DATE_MTIME = 1577822400  # 2019-12-31 20:00 UTC = 2020-01-01 04:00 in Asia/Shanghai


def read_expected() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in (FIXTURE / "expected_urls.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            assert current is not None
            current.append(line)
    return sections


@pytest.fixture
def hexo_blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture blog, its post without a date created at NO_DATE_MTIME: Hexo dates it by
    the file's birth time, which no call can set, so the reader is given that time."""
    root = tmp_path / "hexo_blog"
    shutil.copytree(FIXTURE, root)
    no_date = root / "source/_posts/no-date.md"
    os.utime(no_date, (NO_DATE_MTIME, NO_DATE_MTIME))
    real = reader.birth_time
    monkeypatch.setattr(reader, "birth_time", lambda path, stat=None: (
        NO_DATE_MTIME if path == no_date else real(path, stat)))
    return root


def core_outputs(builder: Builder) -> set[str]:
    """Files the core makes: built-in generators plus copied source files (plugins and
    theme assets may add more; they are not Hexo's business)."""
    site = builder.site
    assert site is not None
    made = {output_file(route.path) for _, generator in BUILTIN_GENERATORS
            for route in generator(site)}
    source = builder.config.source_path
    made |= {p.relative_to(source).as_posix() for p in scan(builder.config).assets}
    return made


def build(root: Path, tmp_path: Path, config_files: list[Path] | None = None) -> Builder:
    builder = Builder(root, config_files=config_files, workers=1,
                      cache_dir=tmp_path / "cache")
    build_ok(builder)
    return builder


def test_hexo_blog_gives_hexo_urls(hexo_blog: Path, tmp_path: Path) -> None:
    expected = read_expected()
    builder = Builder(hexo_blog, workers=1, cache_dir=tmp_path / "cache")
    result = build_ok(builder)
    assert builder.config["source_dir"] == "source"  # Hexo's folder, found on its own
    assert any("landscape" in w.message for w in result.problems.warnings)  # falls back, says so
    wanted = set(expected["default"]) | set(expected["quillpress"])
    made = core_outputs(builder)
    assert sorted(made - wanted) == [] and sorted(wanted - made) == []
    public = hexo_blog / "site"
    on_disk = {p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file()}
    assert sorted(wanted - on_disk) == []
    stray_html = {p for p in on_disk - made if p.endswith(".html")}
    plugin_html = {output_file(r.path) for r in builder.routes.values()} - made
    assert stray_html <= plugin_html


def test_every_permalink_token(hexo_blog: Path, tmp_path: Path) -> None:
    expected = read_expected()
    builder = build(hexo_blog, tmp_path, [Path("_config.yml"), Path("_config.tokens.yml")])
    posts = {output_file(p.path) for p in builder.site.posts}
    assert sorted(posts) == sorted(expected["tokens"])
    public = hexo_blog / "site"
    for path in expected["tokens"]:
        assert (public / path).is_file(), path


def test_fixture_content_as_hexo_reads_it(hexo_blog: Path, tmp_path: Path) -> None:
    """What the pages show: excerpts from each marker form, front-matter excerpt, layout
    false, CJK heading id, BOM/CRLF gone, and the page that replaces the categories index."""
    builder = build(hexo_blog, tmp_path)
    public = hexo_blog / "site"
    posts = {p.title: p for p in builder.site.posts}
    assert "Welcome to" in posts["Hello World"].excerpt and "The rest" not in posts["Hello World"].excerpt
    assert posts["Short form"].excerpt.strip().endswith("opening dashes.")
    assert "A summary from front-matter." in posts["JSON front matter"].excerpt
    assert "JSON front-matter ended" in posts["JSON front matter"].more
    rd = posts["R&D notes"]
    assert rd.title == "R&D notes" and "\r" not in rd.content and "\ufeff" not in rd.content
    assert "Saved on Windows" in rd.excerpt
    assert posts["Hello World"].comments is False and posts["Short form"].comments is True
    assert posts["Hello World"].description == "The first post."
    assert posts["你好，世界"].lang == "zh-CN"
    raw = (public / "2021/03/04/layout-false/index.html").read_text(encoding="utf-8")
    assert raw.strip() == "<p>Rendered, but not put in the theme.</p>"
    chinese = (public / "2022/05/01/中文文章/index.html").read_text(encoding="utf-8")
    assert 'id="第一节"' in chinese
    categories_page = (public / "categories/index.html").read_text(encoding="utf-8")
    assert "<title>Categories" in categories_page
