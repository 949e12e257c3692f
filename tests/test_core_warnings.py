"""What the terminal says after a build: warnings grouped by kind, a summary a person can read."""

from __future__ import annotations

from tests.test_core_cli import cli


SITE = {"url": "https://blog.example.org"}  # a real address: no placeholder warning


def tagged_posts(count: int) -> dict[str, str]:
    return {f"content/_posts/p{i}.md": f"---\ntitle: P{i}\ndate: 2024-01-0{i}\n---\n"
                                       f"text\n\n{{% nosuchtag{i} a %}}\n" for i in range(1, count + 1)}


def warn_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("WARN")]


def test_warnings_grouped_by_kind_with_count_and_first_places(make_blog) -> None:
    files = tagged_posts(5)
    files["content/about.md"] = "---\ntitle: About\n---\n{% post_link nowhere %}\n"
    blog = make_blog(files=files)
    run = cli("--cwd", str(blog.root), "build")
    assert run.returncode == 0, run.stderr
    lines = warn_lines(run.stderr)
    tag_lines = [line for line in lines if "unknown tag" in line]
    assert len(tag_lines) == 1, lines  # five warnings of one kind: one line
    assert "5× unknown tag" in tag_lines[0]
    assert ("content/_posts/p1.md:7, content/_posts/p2.md:7, content/_posts/p3.md:7 and 2 more"
            in tag_lines[0])
    assert "p4.md" not in run.stderr
    # which tag (the kind's line blanks the names) and what to do, as a single warning says
    at = run.stderr.splitlines().index(tag_lines[0])
    first, hint = run.stderr.splitlines()[at + 1:at + 3]
    assert first == "  first: unknown tag {% nosuchtag1 %}"
    assert hint.startswith("  hint: check the tag's spelling, or that its plugin is loaded")
    single = [line for line in lines if "post_link" in line]  # a kind seen once: in full
    assert single == ["WARN  content/about.md:4: post_link: no post with slug 'nowhere'"]
    report = blog.root / ".quillpress-cache/warnings.txt"
    assert f"6 warnings of 2 kinds (--verbose prints each; the full list is in {report})" in run.stderr
    listed = report.read_text()
    for i in range(1, 6):
        assert f"content/_posts/p{i}.md:7: unknown tag {{% nosuchtag{i} %}}" in listed
    assert "## 5 warnings: unknown tag" in listed
    summary = run.stderr.strip().splitlines()[-1]
    assert summary.startswith("5 posts, 1 page → site/: ")
    assert summary.endswith(" s; 6 warnings (listed above)")  # kinds named there, not again


def test_verbose_prints_every_warning(make_blog) -> None:
    blog = make_blog(config=SITE, files=tagged_posts(5))
    run = cli("--cwd", str(blog.root), "build", "--verbose")
    lines = warn_lines(run.stderr)
    assert [line.split(": ")[0] for line in lines] == \
        [f"WARN  content/_posts/p{i}.md:7" for i in range(1, 6)]


def test_report_file_removed_when_warnings_are_fixed(make_blog) -> None:
    blog = make_blog(config=SITE, files=tagged_posts(2))
    assert cli("--cwd", str(blog.root)).returncode == 0
    report = blog.root / ".quillpress-cache/warnings.txt"
    assert report.is_file()
    for i in (1, 2):
        blog.write(f"content/_posts/p{i}.md", f"---\ntitle: P{i}\ndate: 2024-01-0{i}\n---\nfine\n")
    run = cli("--cwd", str(blog.root))
    assert run.returncode == 0 and warn_lines(run.stderr) == []
    assert not report.exists()


def test_a_cache_folder_that_cannot_keep_the_list_costs_a_warning_not_the_build(make_blog) -> None:
    """A read-only (or full) cache folder: the site was written, but the list of warnings
    could not be, and the build ended in an error, exit 1. Here the list's name is taken
    by a folder, which root cannot write either."""
    blog = make_blog(config=SITE, files=tagged_posts(2))
    (blog.root / ".quillpress-cache/warnings.txt").mkdir(parents=True)
    run = cli("--cwd", str(blog.root), "build")
    assert run.returncode == 0, run.stderr
    assert "ERROR" not in run.stderr
    assert "could not save" in run.stderr and "every warning follows" in run.stderr
    assert [line.split(": ")[0] for line in warn_lines(run.stderr) if "nosuchtag" in line] == \
        [f"WARN  content/_posts/p{i}.md:7" for i in (1, 2)]
    assert (blog.root / "site/2024/01/02/p2/index.html").is_file()


def test_singular_counts_in_summary_and_failure(make_blog) -> None:
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
                            "content/about.md": "---\ntitle: About\n---\nme\n"})
    run = cli("--cwd", str(blog.root), "build")
    summary = run.stderr.strip().splitlines()[-1]
    assert summary.startswith("1 post, 1 page → site/: "), summary
    assert " 1 files" not in summary and "1 pages" not in summary
    blog.write("content/_posts/a.md", "---\ntitle: A\npermalink: ../../etc/x\n---\nx\n")
    failed = cli("--cwd", str(blog.root), "build")
    assert failed.returncode == 1
    assert "build failed: 1 error; site left as it was" in failed.stderr


def test_kinds_ignore_names_numbers_hashes_and_paths() -> None:
    from quillpress.errors import QuillError
    from quillpress.report import warning_kind

    def kind(message: str) -> str:
        return warning_kind(QuillError(message))

    assert kind("no abbrlink: using 6837ff1c, which hexo-abbrlink computes from the title") == \
        kind("no abbrlink: using e1749ce4, which hexo-abbrlink computes from the title")
    assert kind("math: katex: Can't use function '\\(' in math mode at position 3: P \\( X") == \
        "math: katex: Can't use function … in math mode"
    assert kind("link to a missing file: 'a/b（二）.png' on /2024/01/01/x（二）/index.html "
                "(no /2024/01/01/x（二）/a/b（二）.png); did you mean /c.png?") == \
        "link to a missing file: … on … (no …)"


def test_a_stood_in_themes_warnings_are_counted_listed_and_strict(make_blog) -> None:
    """A Hexo theme the default theme stands in for: its notice and what its settings lack
    (an avatar the blog has not) were printed before the build, but the summary said
    "1 warning" under three WARN lines, warnings.txt left them out and `--strict` passed."""
    blog = make_blog(config={**SITE, "theme": "next"}, files={
        "_config.next.yml": "avatar:\n  url: /images/me.png\n",
        "content/_posts/p1.md": "---\ntitle: P1\ndate: 2024-01-01\n---\n{% nosuchtag a %}\n"})
    run = cli("--cwd", str(blog.root), "build")
    assert run.returncode == 0, run.stderr
    said = warn_lines(run.stderr)
    assert len(said) == 3, said
    assert any("not a QuillPress (Jinja2) theme" in line for line in said)
    assert "WARN  _config.next.yml:2: theme next: avatar /images/me.png is a file the blog does " \
        "not have" in run.stderr  # at the setting's line
    assert run.stderr.strip().splitlines()[-1].endswith("; 3 warnings (listed above)")
    listed = (blog.root / ".quillpress-cache/warnings.txt").read_text()
    assert "_config.yml:1: theme 'next' is not a QuillPress (Jinja2) theme here" in listed
    assert "theme next: avatar /images/me.png is a file the blog does not have" in listed
    strict = cli("--cwd", str(blog.root), "build", "--strict")
    assert strict.returncode == 1
    assert "ERROR build has 3 warnings and --strict is on" in strict.stderr
    assert len(warn_lines(strict.stderr)) == 3  # a warm build says them once each, as well
