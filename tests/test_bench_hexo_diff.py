"""The Hexo-differential harness's pure parts: counting formulas, reading text, diffing URLs.

The harness (bench/hexo_diff/) decides how QuillPress measures against Hexo on real blogs, so
its counting rules are pinned here on small synthetic pages written for this test.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parent.parent / "bench" / "hexo_diff"


def _load(name: str):
    """A module of the harness, which is a folder of scripts rather than a package."""
    sys.path.insert(0, str(HARNESS))  # its modules import each other by name
    try:
        spec = importlib.util.spec_from_file_location(name, HARNESS / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(HARNESS))


compare = _load("compare")

KATEX_DISPLAY = ('<div class="qp-math-display"><span class="katex-display"><span class="katex">'
                 '<span class="katex-mathml"><math><mi>x</mi></math></span>'
                 '<span class="katex-html">x</span></span></span></div>')
KATEX_INLINE = ('<span class="katex"><span class="katex-mathml"><math><mi>y</mi></math></span>'
                '<span class="katex-html">y</span></span>')


def test_a_drawn_display_formula_counts_once_however_deeply_katex_nests_it():
    facts = compare.read_page(f"<p>Before</p>{KATEX_DISPLAY}<p>and {KATEX_INLINE} after</p>")
    assert (facts.math.display, facts.math.inline) == (1, 1)
    assert facts.math.display_tex == facts.math.inline_tex == 0
    assert compare.words(facts.text) == ["before", "and", "after"]


def test_line_breaks_in_text_are_counted_but_not_those_in_code():
    facts = compare.read_page("<p>one<br>two<br/>three</p><pre><code>a<br>b</code></pre>"
                              "<p>$$<br>x = 1<br>$$<br>after</p>")
    assert facts.line_breaks == 2  # not inside the formula Hexo left for MathJax, nor after it
    assert compare.words(facts.text) == ["one", "two", "three", "after"]


def test_a_break_that_draws_no_line_is_not_counted_on_either_side():
    # Hexo leaves `text<br>$$…$$<br>more` for MathJax; QuillPress draws the block itself.
    hexo = compare.read_page("<p>so that<br>\n$$<br>\nx = 1<br>\n$$<br>\nhence</p>")
    quill = compare.read_page(f"<p>so that<br />\n{KATEX_DISPLAY}</p><p>hence</p>")
    assert hexo.line_breaks == quill.line_breaks == 0
    assert compare.words(hexo.text) == compare.words(quill.text) == ["so", "that", "hence"]
    # around a code block or at a paragraph's end a break is layout; two make an empty line
    assert compare.read_page("<p>steps<br><figure>code</figure><br>then</p><p>end<br></p>"
                             ).line_breaks == 0
    assert compare.read_page("<p>end<br><br></p>").line_breaks == 1
    assert compare.read_page(f"<p>a<br>{KATEX_INLINE} b</p>").line_breaks == 1


def test_tex_left_in_text_is_counted_and_removed_from_the_visible_text():
    page = ("<p>Energy $E=mc^2$ and $$\\int_0^1 f$$ here</p>"
            "<p>costs $5 and $6 today, also \\(a_i\\) and \\[b\\] by $f(x)$</p>")
    facts = compare.read_page(page)
    assert facts.math.display_tex == 2  # $$…$$ and \[…\]
    assert facts.math.inline_tex == 3  # $E=mc^2$, \(a_i\) and $f(x)$; the prices are text
    assert "$5 and $6" in facts.text
    science = compare.read_page("<p>about $3.12 \\times 10^{14}$ FLOPs, $7 \\times 7$ cells</p>")
    assert science.math.inline_tex == 2  # a number first, but TeX: MathJax draws these
    assert "mc" not in compare.words(facts.text)


def test_a_bare_environment_left_for_mathjax_is_display_tex():
    facts = compare.read_page("<p>\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}</p><p>after</p>")
    assert facts.math.display_tex == 1
    assert compare.words(facts.text) == ["after"]


def test_tex_inside_code_is_neither_math_nor_text():
    facts = compare.read_page('<figure><figcaption><span class="code-lang">bash</span></figcaption>'
                              "<pre><code>echo $HOME $x^2$</code></pre></figure>"
                              "<p>a <code>$y_1$</code></p>")
    assert facts.math == compare.MathCount()
    assert compare.words(facts.text) == ["a"]


def test_mathjax_and_pandoc_outputs_count_as_display_or_inline():
    page = ('<mjx-container class="MathJax" display="true"><svg></svg></mjx-container>'
            '<mjx-container class="MathJax"><svg></svg></mjx-container>'
            '<script type="math/tex; mode=display">a</script><script type="math/tex">b</script>'
            '<span class="math display">$$c$$</span><span class="math inline">\\(d\\)</span>')
    facts = compare.read_page(page)
    assert (facts.math.display, facts.math.inline) == (3, 3)
    assert facts.math.display_tex == facts.math.inline_tex == 0


def test_a_quillpress_error_box_is_an_error_not_a_drawn_formula():
    page = ('<div class="qp-math-display"><div class="qp-error qp-math-error">'
            '<pre>\\bad</pre></div></div><p><code class="qp-math-error">\\worse</code></p>')
    facts = compare.read_page(page)
    assert facts.math.errors == 2
    assert facts.math.display == facts.math.inline == 0


def test_images_prefer_the_lazy_loading_source_and_links_are_collected():
    facts = compare.read_page('<img src="/loading.gif" data-src="/img/real.png">'
                              '<a href="/posts/1/">one</a><a href="#top">top</a>')
    assert facts.images == ["/img/real.png"]
    assert facts.links == ["/posts/1/", "#top"]


def test_written_math_skips_front_matter_code_and_counts_each_form():
    source = ("---\ntitle: $x$\n---\n"
              "Text $a^2$ then\n$$\nb\n$$\n\n```\n$$ not math $$\n```\n"
              "Use `$c_1$` and \\(d\\) and \\[e\\] and $5 or $6.\n\n"
              "\\begin{align}\nf &= g\n\\end{align}\n")
    count = compare.written_math(source)
    assert count.display == 3  # $$…$$, \[…\], the bare align
    assert count.inline == 2  # $a^2$ and \(d\)


def test_lone_brackets_are_not_written_math_where_the_renderer_reads_them_as_escapes():
    """Under marked `\\(d\\)` and `[\\[1\\] ref](url)` are escaped punctuation (Hexo shows
    "(d)", "[1] ref"); `\\\\(x\\\\)` reaches MathJax. Counted as written, they made a blog whose
    reference labels QuillPress no longer draws look like one with formulas lost."""
    source = "Use \\(d\\) and [\\[1\\] ref](https://e.org) and \\\\(x\\\\) and $y$.\n"
    count = compare.written_math(source, lone_brackets=False)
    assert (count.display, count.inline) == (0, 2)
    count = compare.written_math(source)
    assert (count.display, count.inline) == (1, 3)


def test_a_fence_indented_in_a_list_hides_its_dollars_and_nothing_after_it():
    source = "1. Step:\n\n    ```sh\n    echo $$ $HOME\n    ```\n\n2. Then\n$$\nx\n$$\n"
    assert compare.written_math(source).display == 1


def test_text_diff_reports_what_changed_between_builds():
    ratio, diffs = compare.text_diff("one two three four", "one two 3 four")
    assert 0.5 < ratio < 1
    assert diffs[0]["op"] == "replace"
    assert "three" in diffs[0]["hexo"] and "3" in diffs[0]["quillpress"]
    assert compare.text_diff("同一段文字", "同一段文字")[0] == 1.0


def test_url_diff_lists_pages_missing_from_either_build(tmp_path: Path):
    hexo, quill = tmp_path / "hexo", tmp_path / "qp"
    for root, pages in ((hexo, ["index.html", "posts/1/index.html", "about/index.html"]),
                        (quill, ["index.html", "posts/1/index.html", "404.html"])):
        for page in pages:
            (root / page).parent.mkdir(parents=True, exist_ok=True)
            (root / page).write_text("<p>x</p>")
    diff = compare.url_diff(compare.page_urls(hexo), compare.page_urls(quill))
    assert diff == {"only_hexo": ["about/"], "only_quillpress": ["404.html"]}


@pytest.mark.parametrize(("ref", "page", "expected"), [
    ("img/a.png", "2020/01/post/", "2020/01/post/img/a.png"),
    ("../b.png", "2020/01/post/", "2020/01/b.png"),
    ("/blog/c.png", "x/", "c.png"),
    ("https://me.example/blog/d%20e.png", "x/", "d e.png"),
    ("https://elsewhere.example/f.png", "x/", None),
    ("#section", "x/", None),
    ("mailto:a@b.c", "x/", None),
    ("http://host.example\u4e0b\uff1a", "x/", None),
])
def test_references_resolve_to_site_paths_under_the_root(ref: str, page: str, expected: str | None):
    assert compare.resolve(ref, page, "https://me.example/blog", "/blog/") == expected


def test_a_target_exists_as_a_file_or_a_folder_index(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("x")
    (tmp_path / "b.png").write_text("x")
    assert compare.exists_in(tmp_path, "a/") and compare.exists_in(tmp_path, "a")
    assert compare.exists_in(tmp_path, "b.png")
    assert not compare.exists_in(tmp_path, "c.png")


def test_the_post_body_is_cut_out_of_a_whole_page():
    page = ('<html><body><nav><div>menu</div></nav><div class="post-body wide">'
            '<div><p>inner</p></div><p>end</p></div><footer>f</footer></body></html>')
    assert compare.extract_by_class(page, "post-body") == '<div><p>inner</p></div><p>end</p>'
    assert compare.extract_by_class(page, "missing") is None


def _report(name: str, ok: bool, shipped: bool | None, parity: str, drawn: int, written: int,
            seconds: tuple[float, float] = (2.0, 1.0)) -> dict:
    summary = {"posts": int(parity.split("/")[1]), "post_url_parity": parity, "display_written": written,
               "display_hexo": written, "display_qp": drawn, "display_ratio": drawn / written,
               "inline_written": 4, "inline_hexo": 4, "inline_qp": 3, "tex_as_text_qp": 1,
               "math_errors_qp": 0, "broken_images_qp": 2, "broken_images_hexo": 3,
               "broken_links_qp": 0, "broken_links_hexo": 1, "urls_only_hexo": 0, "urls_only_qp": 0,
               "line_breaks_qp": 1, "line_breaks_hexo": 2}
    return {"blog": name, "qp_ok": ok, "qp_ok_with_shipped_output": shipped, "summary": summary,
            "hexo_seconds": seconds[0], "qp_seconds": seconds[1],
            "hexo_cpu_seconds": seconds[0] * 0.9, "qp_cpu_seconds": seconds[1] * 1.5}


def test_the_summary_table_counts_a_blog_that_refuses_its_own_output_folder_as_not_building():
    harness = _load("hexo_diff")
    reports = [_report("a", True, None, "10/10", 20, 20), _report("b", True, False, "5/6", 9, 10),
               _report("c", False, None, "0/4", 0, 5)]
    assert [harness.builds(r) for r in reports] == ["y", "n (its output folder)", "n"]
    total = harness.totals(reports)
    assert total["builds"] == "1/3"
    assert total["post_url_parity"] == "15/20"
    assert total["display"] == "29/35 (0.829)"
    assert total["img"] == "6/9" and total["links"] == "0/3"
    table = harness.markdown_table(reports)
    assert table.splitlines()[-1].startswith("| **total (3 blogs)** |")


def test_the_summary_gives_formulas_drawn_and_each_cold_build_time_beside_hexos():
    harness = _load("hexo_diff")
    reports = [_report("slow", True, None, "3/3", 20, 20, seconds=(2.0, 3.0)),
               _report("fast", True, None, "3/3", 5, 5, seconds=(4.0, 1.0))]
    header, _, slow, fast, total = harness.markdown_table(reports).splitlines()
    cells = dict(zip(header.strip("|").split(" | "), slow.strip("|").split(" | ")))
    assert cells["formulas drawn by QP"].strip() == "23"  # 20 display + 3 inline
    assert (cells["Hexo s"], cells["QP s"], cells["QP/Hexo"]) == ("2.0", "3.0", "1.50×")
    assert "0.25×" in fast
    totals = dict(zip(header.strip("|").split(" | "), total.strip("|").split(" | ")))
    assert totals["QP/Hexo"] == "1/2 blogs ≤ 1×"
    assert totals["formulas drawn by QP"] == "31"


def test_a_blog_hexo_stopped_on_gets_no_speed_ratio_and_stays_out_of_the_time_totals():
    """A Hexo build that stopped on an error timed only the way to it (Menci's 2.66 s, read as
    'QuillPress 1.14x Hexo's time'): no ratio, and not counted as over or under Hexo's time."""
    harness = _load("hexo_diff")
    stopped = {**_report("stopped", True, None, "3/3", 2, 2, seconds=(2.0, 3.0)), "hexo_ok": False}
    del stopped["summary"]  # compare_blog returns before the comparison when Hexo failed
    built = {**_report("built", True, None, "3/3", 2, 2, seconds=(4.0, 1.0)), "hexo_ok": True}
    header, _, row, _, total = harness.markdown_table([stopped, built]).splitlines()
    names = header.strip("|").split(" | ")
    cells = dict(zip(names, row.strip("|").split(" | ")))
    assert cells["QP/Hexo"].strip() == "Hexo failed"
    totals = dict(zip(names, total.strip("|").split(" | ")))
    assert totals["QP/Hexo"].strip() == "1/1 blogs ≤ 1× (1 Hexo failed, not timed)"
    assert (totals["Hexo s"], totals["QP s"]) == ("4.0", "1.0")


def _prepared_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deps: dict[str, str],
                   config: dict) -> tuple[dict, list[str]]:
    """The dependencies and extra config the harness gives the Hexo copy of a blog that
    declares `deps`, with a pinned set holding marked only."""
    import json

    harness = _load("hexo_diff")
    monkeypatch.setattr(sys.modules["renderer_pin"], "_install", lambda *args: None)  # offline
    pinned = tmp_path / "pinned"
    (pinned / "hexo-renderer-marked").mkdir(parents=True)
    (pinned / "hexo-renderer-marked" / "package.json").write_text("{}")
    monkeypatch.setattr(harness, "NODE_MODULES", pinned)
    work = tmp_path / "work"
    work.mkdir()
    (work / "package.json").write_text(json.dumps({"dependencies": deps}))
    extra, notes, _ = harness.prepare_hexo_copy(work, config)
    overrides = json.loads((work / extra).read_text()) if extra else {}
    return {"dependencies": json.loads((work / "package.json").read_text())["dependencies"],
            "overrides": overrides}, notes


def test_marked_standing_in_for_a_renderer_without_nunjucks_reads_no_tags_either(tmp_path,
                                                                                  monkeypatch):
    """hexo-renderer-syzoj-renderer (not pinned) turns Hexo's Nunjucks pass off, so its blog
    may write `\\color{#66ccff}`, an open Nunjucks comment: marked, standing in for it, must
    not read tags either, or Hexo's build stops partway (Menci's did, and was timed)."""
    copy, notes = _prepared_copy(tmp_path, monkeypatch,
                                 {"hexo": "^3", "hexo-renderer-syzoj-renderer": "^1"},
                                 {"marked": {"gfm": True}})
    assert "hexo-renderer-marked" in copy["dependencies"]
    assert copy["overrides"]["marked"] == {"gfm": True, "disableNunjucks": True}
    assert any("disableNunjucks" in note for note in notes)


def test_marked_for_a_blog_whose_renderer_reads_tags_keeps_nunjucks(tmp_path, monkeypatch):
    copy, _ = _prepared_copy(tmp_path, monkeypatch, {"hexo": "^7", "hexo-renderer-marked": "^6"},
                             {})
    assert "hexo-renderer-marked" in copy["dependencies"] and "marked" not in copy["overrides"]


def _pinned_set(root: Path, marked: str) -> Path:
    """A node_modules folder holding hexo, hexo-renderer-marked and `marked` at that version."""
    import json

    for name, version in (("hexo", "7.3.0"), ("hexo-renderer-marked", "6.3.0"), ("marked", marked)):
        (root / name).mkdir(parents=True)
        (root / name / "package.json").write_text(json.dumps({"version": version}))
    return root


def _old_marked_blog(blog: Path, marked: str) -> Path:
    import json

    blog.mkdir()
    (blog / "package.json").write_text(json.dumps({"dependencies": {
        "hexo": "^3.2.0", "hexo-renderer-marked": "^0.3.0"}}))
    (blog / "package-lock.json").write_text(json.dumps({"lockfileVersion": 1, "dependencies": {
        "hexo-renderer-marked": {"version": "0.3.0", "dependencies": {"marked": {"version": marked}}}}}))
    return blog


def test_hexo_renders_with_the_marked_the_blogs_lock_pins(tmp_path, monkeypatch):
    """sjf0115's lock pins marked 0.3.6: diffed against the pinned 4.3, its tables with a tab
    in the delimiter row showed as differences that were marked 4's, not QuillPress's. The
    Hexo copy now loads the renderer and marked the lock names, the rest from the pinned set."""
    _load("hexo_diff")
    pins = sys.modules["renderer_pin"]
    pinned = _pinned_set(tmp_path / "pinned", "4.3.0")
    installed = _pinned_set(tmp_path / "own" / "node_modules", "0.3.6").parent
    asked = []
    monkeypatch.setattr(pins, "_install", lambda *args: asked.append(args) or installed)
    chosen = pins.pin(_old_marked_blog(tmp_path / "blog", "0.3.6"), pinned)
    assert asked == [("hexo-renderer-marked", "0.3.0", "marked", "0.3.6")]
    assert chosen.ran == "marked 0.3.6" and "pinned marked 4.3.0" in chosen.note
    work = tmp_path / "work"
    work.mkdir()
    pins.link_modules(work, pinned, chosen)
    assert (work / "node_modules" / "hexo").resolve() == pinned / "hexo"
    assert (work / "node_modules" / "marked").resolve() == installed / "node_modules" / "marked"


def test_a_renderer_that_cannot_be_installed_is_named_beside_the_one_that_ran(tmp_path,
                                                                             monkeypatch):
    _load("hexo_diff")
    pins = sys.modules["renderer_pin"]
    monkeypatch.setattr(pins, "_install", lambda *args: None)
    pinned = _pinned_set(tmp_path / "pinned", "4.3.0")
    chosen = pins.pin(_old_marked_blog(tmp_path / "blog", "0.3.6"), pinned)
    assert chosen.ran == "marked 4.3.0" and "could not be installed" in chosen.note
    assert "marked 0.3.6" in chosen.asked


def test_a_lock_pinning_the_pinned_marked_installs_nothing(tmp_path, monkeypatch):
    _load("hexo_diff")
    pins = sys.modules["renderer_pin"]
    monkeypatch.setattr(pins, "_install", lambda *args: pytest.fail("installed"))
    pinned = _pinned_set(tmp_path / "pinned", "4.3.0")
    chosen = pins.pin(_old_marked_blog(tmp_path / "blog", "4.3.0"), pinned)
    assert chosen.folder is None and chosen.note == "" and chosen.ran == "marked 4.3.0"


def test_comment_systems_in_use_are_read_from_the_popular_theme_forms():
    facts = _load("facts")
    butterfly = {"comments": {"use": ["Valine", "Disqus"]}, "valine": {"appId": "x"}}
    fluid = {"post": {"comments": {"enable": True, "type": "giscus"}}, "gitalk": {"clientID": ""}}
    next_theme = {"gitalk": {"enable": True}, "disqus": {"enable": False}}
    off = {"post": {"comments": {"enable": False, "type": "waline"}}}
    assert facts.comments_in_use(butterfly) == ["disqus", "valine"]
    assert facts.comments_in_use(fluid) == ["giscus"]
    assert facts.comments_in_use(next_theme) == ["gitalk"]
    assert facts.comments_in_use(off) == []


def test_export_writes_every_file_a_clone_has_and_names_the_ones_it_lacks(tmp_path: Path):
    import subprocess

    export = _load("export")
    repo = tmp_path / "repo"
    (repo / "source/_posts").mkdir(parents=True)
    (repo / "source/_posts/a.md").write_text("---\ntitle: A\n---\nfirst\n")
    (repo / "source/big.mp4").write_bytes(b"a large video")
    (repo / "z_after.md").write_text("after the lacking file\n")
    (repo / "run.sh").write_text("#!/bin/sh\n")
    (repo / "run.sh").chmod(0o755)

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                              text=True).stdout.strip()

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "blog")
    commit = git("rev-parse", "HEAD")
    big = git("rev-parse", "HEAD:source/big.mp4")
    (repo / ".git/objects" / big[:2] / big[2:]).unlink()  # as a partial clone lacks it
    written, lacking = export.export(str(repo / ".git"), commit, tmp_path / "out")
    assert (written, lacking) == (3, ["source/big.mp4"])
    assert (tmp_path / "out/z_after.md").read_text() == "after the lacking file\n"
    assert (tmp_path / "out/run.sh").stat().st_mode & 0o111


def test_a_blog_not_written_into_root_stops_the_run_before_any_build(tmp_path, capsys, monkeypatch):
    """A blogs.txt line whose export is missing is named at once, not met as a traceback after
    the blogs before it were built (the new lines of blogs.txt, before export.py ran)."""
    hexo_diff = _load("hexo_diff")
    monkeypatch.setattr(hexo_diff, "ensure_hexo", lambda: None)
    (tmp_path / "here--blog").mkdir()
    blogs = tmp_path / "blogs.txt"
    blogs.write_text("# a comment\nhere/blog 0123\nsomeone/else 4567\n")
    with pytest.raises(SystemExit) as stop:
        hexo_diff.main(["--blogs-file", str(blogs), "--root", str(tmp_path),
                        "--out", str(tmp_path / "out")])
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert "someone--else" in error and "here--blog" not in error
    assert not (tmp_path / "out").exists()


def test_a_renderer_npm_could_not_install_is_asked_for_once_a_run(tmp_path, monkeypatch):
    """Offline, npm tries the registry for up to a minute before it gives up, and the blogs
    whose locks pin the same old renderer each asked again: a run of many such blogs waited
    minutes for nothing. The second blog asking for the pair gets the same note at once."""
    import subprocess

    _load("hexo_diff")
    pins = sys.modules["renderer_pin"]
    monkeypatch.setattr(pins, "RENDERERS", tmp_path / "renderers")
    monkeypatch.setattr(pins, "_FAILED", set(), raising=False)
    calls = []

    def offline_npm(command, **options):
        calls.append(command)
        raise subprocess.CalledProcessError(1, command)

    monkeypatch.setattr(pins.subprocess, "run", offline_npm)
    pinned = _pinned_set(tmp_path / "pinned", "4.3.0")
    for name in ("one", "two"):
        chosen = pins.pin(_old_marked_blog(tmp_path / name, "0.3.6"), pinned)
        assert chosen.ran == "marked 4.3.0" and "could not be installed" in chosen.note
    assert len(calls) == 1
