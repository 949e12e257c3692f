"""Stylesheets Hexo renders (.styl, .scss, .less in source/) are rendered to .css here too."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_core_cli import cli

COMPILERS = ("stylus", "sass", "less")
needs_compilers = pytest.mark.skipif(
    shutil.which("node") is None
    or not all((REPO / "node_modules" / name / "package.json").is_file() for name in COMPILERS),
    reason="Node or npm stylus/sass/less missing: run `make setup` (npm ci)")

SITE = {"url": "https://blog.example.org"}  # a real address: no placeholder warning
STYLES = {
    "content/css/note.styl": "accent = #0a7\n.note\n  color accent\n  a\n    margin 0\n",
    "content/css/card.scss": '@use "sizes";\n.card { padding: sizes.$gap; .title { font-weight: 600; } }\n',
    "content/css/_sizes.scss": "$gap: 12px;\n",
    "content/css/grid.less": "@cols: 3;\n.grid { columns: @cols; .cell { margin: 0; } }\n",
    "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
}


def no_node_env(tmp_path: Path) -> dict[str, str]:
    """PATH with Python but without Node: a machine where no compiler can run."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "python").symlink_to(sys.executable)
    return {**os.environ, "PATH": str(bin_dir)}


@needs_compilers
def test_styl_scss_less_become_css(make_blog):
    blog = make_blog(files=STYLES)
    result = blog.build()
    assert result.ok and not result.problems.warnings, result.problems.warnings
    assert " ".join(blog.read("css/note.css").split()) == ".note { color: #0a7; } .note a { margin: 0; }"
    assert " ".join(blog.read("css/card.css").split()) == \
        ".card { padding: 12px; } .card .title { font-weight: 600; }"
    assert " ".join(blog.read("css/grid.css").split()) == ".grid { columns: 3; } .grid .cell { margin: 0; }"
    files = blog.files()
    assert not any(f.endswith((".styl", ".scss", ".less")) for f in files), files
    assert "css/_sizes.css" not in files  # a partial is imported, not published


@needs_compilers
def test_a_broken_stylesheet_warns_with_its_line_and_the_build_goes_on(make_blog):
    blog = make_blog(files={"content/css/bad.scss": ".a {\n  color: $missing;\n}\n",
                            "content/_posts/a.md": STYLES["content/_posts/a.md"]})
    result = blog.build()
    assert result.ok
    [warning] = result.problems.warnings
    assert warning.location == "content/css/bad.scss:2"
    assert "stylesheet not rendered: Undefined variable." in warning.message
    assert blog.read("css/bad.scss") == ".a {\n  color: $missing;\n}\n"  # as it is


@needs_compilers
def test_rendered_css_is_cached_so_an_unchanged_build_needs_no_node(make_blog, tmp_path):
    blog = make_blog(config=SITE, files=STYLES)
    assert blog.build().ok
    (blog.root / "content/_posts/a.md").write_text(STYLES["content/_posts/a.md"] + "more\n")
    run = cli("--cwd", str(blog.root), "build", env=no_node_env(tmp_path))
    assert run.returncode == 0 and "WARN" not in run.stderr, run.stderr
    assert "color: #0a7" in blog.read("css/note.css")


def test_without_a_renderer_one_warning_per_format_and_copied_as_is(make_blog, tmp_path):
    blog = make_blog(config=SITE, files={**STYLES, "content/css/more.styl": "p\n  margin 0\n"})
    run = cli("--cwd", str(blog.root), "build", "--verbose", env=no_node_env(tmp_path))
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("WARN")]
    assert sorted(warnings) == sorted(
        f"WARN  content/css/{name}: no renderer for {suffix} stylesheets: 'Node.js' is not "
        f"installed; copied as they are"
        for name, suffix in (("card.scss", ".scss"), ("grid.less", ".less"), ("more.styl", ".styl")))
    assert blog.read("css/note.styl") == STYLES["content/css/note.styl"]
    assert blog.read("css/more.styl") == "p\n  margin 0\n"


@needs_compilers
def test_a_cache_that_cannot_be_saved_warns_and_the_site_is_built(make_blog):
    """The stylesheets' cache is saved like every other: a full or read-only cache folder
    costs the next build a compile, never this build its site."""
    blog = make_blog(config=SITE, files=STYLES)
    (blog.root / ".quillpress-cache/stylesheets.json").mkdir(parents=True)  # cannot be written
    run = cli("--cwd", str(blog.root), "build")
    assert run.returncode == 0, run.stderr
    assert "could not save" in run.stderr and "stylesheets.json" in run.stderr, run.stderr
    assert "color: #0a7" in blog.read("css/note.css")


def test_the_compilers_node_starts_without_the_extra_certificates(make_blog, tmp_path):
    """NODE_EXTRA_CA_CERTS makes Node read that bundle as it starts: 36 ms of a ~160 ms compile
    of one small `.styl`, for compilers that make no connection. The `node` here stands in for
    the compilers and writes, as the stylesheet's CSS, what it was given."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    node = bin_dir / "node"
    node.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        "if sys.argv[-1:] and not sys.argv[1].endswith('stylesheets.mjs'):\n"
        "    sys.exit(0)  # another Node QuillPress may start: none is used here\n"
        "files = json.load(sys.stdin)\n"
        "given = os.environ.get('NODE_EXTRA_CA_CERTS', 'none')\n"
        "json.dump([{'css': f'/* certificates: {given} */'} for _ in files], sys.stdout)\n")
    node.chmod(0o755)
    blog = make_blog(config=SITE, files={"content/css/note.styl": STYLES["content/css/note.styl"],
                                         "content/_posts/a.md": STYLES["content/_posts/a.md"]})
    env = {**os.environ, "PATH": str(bin_dir), "NODE_EXTRA_CA_CERTS": str(tmp_path / "ca.pem")}
    run = cli("--cwd", str(blog.root), "build", env=env)
    assert run.returncode == 0, run.stderr
    assert blog.read("css/note.css") == "/* certificates: none */"
