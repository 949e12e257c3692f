"""Hostile configuration and bodies: a git `repo:` that is really an option, and chart
JavaScript that would freeze the reader's tab."""

from __future__ import annotations

import re
import subprocess

import pytest

from quillpress.cli import main

HEAD = "---\ntitle: Charts\ndate: 2024-01-02\n---\nIntro line.\n\n"
PAGE = "2024/01/02/charts/index.html"


@pytest.mark.parametrize("target", [
    {"repo": "--upload-pack=touch {marker}"},
    {"repo": {"mirror": {"url": "--upload-pack=touch {marker}"}}},
    {"repo": "-u touch {marker}"},
    {"repo": "{bare}", "branch": "--upload-pack=touch {marker}"},
])
def test_a_git_repo_or_branch_that_is_an_option_is_refused(make_blog, tmp_path, capsys, target):
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    marker = tmp_path / "pwned"
    fill = lambda v: v.format(marker=marker, bare=bare) if isinstance(v, str) else (  # noqa: E731
        {k: fill(x) for k, x in v.items()})
    blog = make_blog(config={"url": "https://blog.example.org",
                             "deploy": {"type": "git", **{k: fill(v) for k, v in target.items()}}},
                     files={"content/_posts/a.md": "---\ntitle: A\n---\nx\n"})
    assert main(["--cwd", str(blog.root), "deploy", "-g"]) == 1
    err = capsys.readouterr().err
    assert "starts with '-'" in err and "_config.yml" in err
    assert not marker.exists(), "git ran the option"


def test_git_is_given_the_repo_after_a_double_dash(make_blog, tmp_path, capsys):
    """A repo folder whose name starts with '-' written as a path works, and reaches git
    as a repository (after `--`), never as an option."""
    bare = tmp_path / "-site.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--", str(bare)], check=True)
    blog = make_blog(config={"url": "https://blog.example.org",
                             "deploy": {"type": "git", "repo": str(bare)}},
                     files={"content/_posts/a.md": "---\ntitle: A\n---\nx\n"})
    assert main(["--cwd", str(blog.root), "deploy", "-g"]) == 0, capsys.readouterr().err
    names = subprocess.run(["git", "-C", str(bare), "ls-tree", "-r", "--name-only", "gh-pages"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert "index.html" in names


@pytest.mark.parametrize("body, reason", [
    ("var n = 0;\nwhile (true) { n++; }\noption = {series: []};", "ran for over"),
    ("var rows = [];\nfor (;;) { rows.push(new Array(100000).fill(1)); }", "MB of memory"),
    # QuickJS's regular expressions never look at its time limit: the kernel's stops it
    ("var hit = /(a+)+b/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');\noption = {series: []};",
     "ran for over"),
    ("function deeper(n) { return deeper(n + 1) + 1; }\noption = {series: [deeper(0)]};",
     "recursed too deeply"),
])
def test_a_runaway_chart_body_ships_the_error_box_not_the_code(make_blog, body, reason):
    blog = make_blog(files={"content/_posts/charts.md": HEAD + "{% echarts %}\n" + body
                            + "\n{% endecharts %}\n"})
    result = blog.build()
    assert result.ok  # a broken chart is a warning: the post still builds
    found = [w for w in result.problems.warnings if reason in w.message]
    assert found and found[0].path.endswith("charts.md")
    assert found[0].line in (7, 8)  # the chart's line in the post (the tag is on line 7)
    page = blog.read(PAGE)
    assert "qp-error" in page
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)
    assert not any(s in script for s in ("while (true)", "for (;;)", "deeper(", "(a+)+b")
                   for script in scripts)


def test_a_chart_that_needs_the_browser_still_ships(make_blog):
    body = "option = {series: [{type: 'bar', data: [1, 2]}], color: echarts.color.lift('#333', 0.2)};"
    blog = make_blog(files={"content/_posts/charts.md": HEAD + "{% echarts %}\n" + body
                            + "\n{% endecharts %}\n"})
    result = blog.build()
    assert result.ok and not result.problems.warnings
    assert "echarts.color.lift" in blog.read(PAGE)


