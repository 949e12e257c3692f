"""Build Hexo blogs with Hexo 7 and with QuillPress, and report where the two differ.

    .venv/bin/python bench/hexo_diff/hexo_diff.py BLOG_DIR [BLOG_DIR ...] --out DIR [--runs 3]
    .venv/bin/python bench/hexo_diff/hexo_diff.py --blogs-file bench/hexo_diff/blogs.txt \\
        --root /tmp/realblogs --out /tmp/hexo_diff

Each blog is copied to a temp folder per build, so the blog itself is never touched; every
run's copies are made before the first build is timed, and copies and builds are deleted
only when the script ends (`../aside.py` says why: no build right after a big delete). Hexo (the
oracle) comes from the pinned package.json here, installed into ./node_modules on first use
(`npm ci`, the only step that needs the network). The Hexo copy gets a package.json listing the
blog's plugins that are in that pinned set (a renderer it lacks, e.g. pandoc, falls back to
marked) and, when the blog's theme is not in the snapshot nor pinned, hexo-theme-landscape:
the report says which. Post bodies are compared as Hexo rendered them (before the theme), so a
theme swap does not change the comparison, only which theme tags exist.

Writes DIR/<blog>.json (per page), DIR/summary.json and DIR/summary.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/, for aside.py
sys.path.insert(0, str(Path(__file__).resolve().parent))
from aside import Aside, own_block_groups
from orphans import adopt_orphans, reap_orphans
from compare import (
    MathCount,
    exists_in,
    extract_by_class,
    page_urls,
    read_page,
    resolve,
    text_diff,
    url_diff,
    written_math,
)
from facts import blog_facts, load_yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout: the math plugin's rule
from plugins.math.escapes import detect as detect_escapes  # noqa: E402
from renderer_pin import link_modules, pin  # noqa: E402

HERE = Path(__file__).resolve().parent
QUILLPRESS = HERE.parent.parent  # the checkout whose build.py is measured (--quillpress)
NODE_MODULES = HERE / "node_modules"
MARKDOWN_RENDERERS = ["hexo-renderer-marked", "hexo-renderer-kramed", "hexo-renderer-markdown-it",
                      "hexo-renderer-markdown-it-plus", "hexo-renderer-pandoc"]
ALWAYS = ["hexo-renderer-ejs", "hexo-renderer-stylus"]
GENERATORS = ["hexo-generator-archive", "hexo-generator-category", "hexo-generator-index",
              "hexo-generator-tag"]
# db.json is Hexo's cache (a few blogs commit it): without it both builds are cold.
NOT_COPIED = {"node_modules", ".git", ".deploy_git", ".quillpress-cache", "db.json"}
QP_BODY_CLASS = "post-body"
# Renderers that turn Hexo's Nunjucks pass off (`disableNunjucks` in their source), not pinned
NO_NUNJUCKS = ("hexo-renderer-syzoj-renderer",)


def timed(cmd: list[str], **kwargs: Any) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run a command to its end: (process, wall seconds, CPU seconds of it and its children).

    CPU time (user + sys, workers included) is what a loaded machine disturbs least; the wall
    time is what a user waits."""
    adopt_orphans()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, **kwargs)
    wall = time.perf_counter() - started
    reap_orphans()  # the orphans (QuillPress's forked workers' Node processes) end with it
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc, wall, cpu


def ensure_hexo() -> None:
    if not (NODE_MODULES / "hexo").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)


def installed(name: str) -> bool:
    """Whether the pinned set has this package (pandoc's renderer also needs the binary)."""
    if name == "hexo-renderer-pandoc" and not shutil.which("pandoc"):
        return False
    return (NODE_MODULES / name / "package.json").is_file()


def copy_blog(blog: Path, dest: Path, skip: set[str]) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in skip} if Path(folder) == blog else set()

    shutil.copytree(blog, dest, symlinks=True, ignore=ignore)
    return dest


# -- Hexo side --------------------------------------------------------------------------

def declared_packages(blog: Path) -> dict[str, str]:
    """The blog's package.json dependencies, dev ones included (Hexo loads both)."""
    package = load_yaml(blog / "package.json")  # JSON is YAML
    return {**package.get("dependencies", {}), **package.get("devDependencies", {})}


def hexo_plugins(blog: Path, config: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The plugins the Hexo copy loads, and notes on what had to be substituted."""
    declared = declared_packages(blog)
    notes: list[str] = []
    use = {name: "*" for name in declared if name.startswith("hexo-") and installed(name)}
    for name in declared:
        if name.startswith("hexo-generator-index") and name != "hexo-generator-index":
            use["hexo-generator-index"] = "*"
            notes.append(f"{name} → hexo-generator-index")
    if not any(r in use for r in MARKDOWN_RENDERERS):
        wanted = [r for r in declared if r.startswith("hexo-renderer-") and "mark" in r
                  or r in MARKDOWN_RENDERERS]
        use["hexo-renderer-marked"] = "*"
        if wanted:
            notes.append(f"markdown renderer {', '.join(wanted)} not available → hexo-renderer-marked")
    for name in ALWAYS:
        use.setdefault(name, "*")
    theme_dir = blog / "themes" / str(config.get("theme", ""))
    if theme_dir.is_dir() and (any(theme_dir.rglob("*.pug")) or any(theme_dir.rglob("*.jade"))):
        use.setdefault("hexo-renderer-pug", "*")
    missing = sorted(n for n in declared if n.startswith("hexo-") and n not in use
                     and not n.startswith(("hexo-theme-", "hexo-deployer-", "hexo-server")))
    if missing:
        notes.append("not installed (ignored): " + ", ".join(missing))
    return use, notes


def drop_missing_markdown_plugins(work: Path, config: dict[str, Any]) -> list[str]:
    """Take the markdown-it plugins the pinned set lacks out of the copy's `markdown.plugins`.

    hexo-renderer-markdown-it `require`s each listed plugin, so one it cannot find stops the
    whole Hexo build; without it the rest of the blog can still be compared. The copy's
    `_config.yml` is rewritten (as JSON, which is YAML): an extra config file cannot take an
    item out of a list, since Hexo merges lists item by item."""
    markdown = config.get("markdown")
    plugins = markdown.get("plugins") if isinstance(markdown, dict) else None
    if not isinstance(plugins, list):
        return []

    def name(item: Any) -> str:
        return str(item.get("name", "")) if isinstance(item, dict) else str(item)

    kept = [item for item in plugins if installed(name(item))]
    if len(kept) == len(plugins):
        return []
    dropped = [name(item) for item in plugins if item not in kept]
    rewritten = {**config, "markdown": {**markdown, "plugins": kept}}
    (work / "_config.yml").write_text(json.dumps(rewritten, default=str, ensure_ascii=False),
                                      encoding="utf-8")
    return ["markdown-it plugins not installed (left out on the Hexo side): " + ", ".join(dropped)]


def nunjucks_off(declared: dict[str, str], use: dict[str, str],
                 config: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Config for marked standing in for a renderer that turns Hexo's Nunjucks pass off.

    Such a renderer's posts are never read for `{% tags %}`, so an author can write `{#` and
    `{{` freely: Menci's hexo-renderer-syzoj-renderer blog has `\\color{#66ccff}` in a formula,
    an open Nunjucks comment, on which marked's build stopped partway (and the harness timed
    that stop as Hexo's build). marked has the same switch."""
    if "hexo-renderer-marked" not in use or not any(name in declared for name in NO_NUNJUCKS):
        return {}, []
    marked = config.get("marked")
    return ({"marked": {**(marked if isinstance(marked, dict) else {}), "disableNunjucks": True}},
            ["marked.disableNunjucks: true, as the blog's renderer reads no {% tags %}"])


def prepare_hexo_copy(work: Path, config: dict[str, Any]) -> tuple[str | None, list[str], str]:
    """Make the copy `work` Hexo's: its package.json, node_modules and an extra config file
    (its name, or None); notes on what was substituted, and the Markdown engine that runs."""
    use, notes = hexo_plugins(work, config)
    chosen = pin(work, NODE_MODULES)
    if chosen is not None and chosen.renderer not in use:
        chosen = None
    if chosen is not None and chosen.note:
        notes.append(chosen.note)
    if "hexo-renderer-markdown-it" in use:
        notes += drop_missing_markdown_plugins(work, config)
    overrides, more = nunjucks_off(declared_packages(work), use, config)
    notes += more
    (work / "package.json").write_text(json.dumps({"name": "hexo-site", "private": True,
                                                   "hexo": {}, "dependencies": use}))
    link_modules(work, NODE_MODULES, chosen)
    ran = "" if chosen is None else chosen.ran + ("" if chosen.folder or not chosen.note
                                                  else f" (asked {chosen.asked})")
    theme = str(config.get("theme") or "landscape")
    if not ((work / "themes" / theme / "layout").is_dir() or installed(f"hexo-theme-{theme}")):
        overrides["theme"] = "landscape"
        notes.append(f"theme {theme!r} is not in the snapshot nor pinned → hexo-theme-landscape")
    highlight = config.get("highlight")
    tab = highlight.get("tab_replace") if isinstance(highlight, dict) else None
    if isinstance(tab, bool):  # Hexo 3 read it as text; Hexo 7 stops (tab.repeat is not a function)
        overrides["highlight"] = {**highlight, "tab_replace": ""}
        notes.append(f"highlight.tab_replace: {str(tab).lower()} is no text, which Hexo 7 "
                     "refuses → ''")
    pandoc = config.get("pandoc")
    pandoc = pandoc if isinstance(pandoc, dict) else {}
    if "hexo-renderer-pandoc" in use and not pandoc.get("timeout"):
        # its default, 5 s a post, is what pandoc took on a large post at load 30: the
        # spawnSync timeout stopped the whole build (miracleyoo, Normal-pcer)
        overrides["pandoc"] = {**pandoc, "timeout": 120000}
        notes.append("pandoc.timeout unset (5 s a post) → 120 s, as a loaded machine needs")
    url = str(config.get("url") or "")
    if url and "://" not in url:  # Hexo 7 refuses it ("url should be a valid URL"), older ones did not
        overrides["url"] = f"https://{url}"
        notes.append(f"url {url!r} has no scheme, which Hexo 7 refuses → https://{url}")
    if not overrides:
        return None, notes, ran
    extra = "_hexo_diff_overrides.yml"
    (work / extra).write_text(json.dumps(overrides))  # JSON is YAML
    return extra, notes, ran


def run_hexo(work: Path, config: dict[str, Any], public_dir: str) -> dict[str, Any]:
    """Build `work`, a copy of the blog made for this build (`copy_blog`), with Hexo."""
    extra, notes, ran = prepare_hexo_copy(work, config)
    out = work.parent / "hexo.json"
    cmd = ["node", str(HERE / "hexo_run.js"), str(work), str(out)] + ([extra] if extra else [])
    env = {**os.environ, "NODE_OPTIONS": "--max-old-space-size=4096"}
    if config.get("timezone"):
        # Hexo formats permalink dates in the clock's zone: as on the author's machine, which
        # runs in the zone the config names (else a post at 23:45 moves a day on a UTC box).
        env["TZ"] = str(config["timezone"])
        notes.append(f"Hexo ran with TZ={config['timezone']} (the config's timezone)")
    # from the blog's folder, as its author runs `hexo`: pandoc's args name files from there
    proc, seconds, cpu = timed(cmd, env=env, timeout=1800, cwd=work)
    result: dict[str, Any] = {"ok": proc.returncode == 0, "seconds": seconds, "cpu": cpu,
                              "notes": notes, "renderer": ran,
                              "work": work, "public": work / public_dir,
                              "stderr": proc.stderr[-3000:]}
    if result["ok"]:
        result.update(json.loads(out.read_text(encoding="utf-8")))
        result["public"] = work / result["public_dir"]
    return result


# -- QuillPress side --------------------------------------------------------------------

QP_LIST = """
import json, sys
from pathlib import Path
from quillpress.builder import Builder
b = Builder(Path(sys.argv[1])); b.build_model()
docs = list(b.site.posts) + list(b.site.pages)
print(json.dumps([{"source": d.rel, "path": d.path, "kind": d.kind} for d in docs]))
"""


def run_quillpress(work: Path, public_dir: str) -> dict[str, Any]:
    """Build `work`, a copy of the blog made for this build (`copy_blog`), with QuillPress."""
    cmd = [sys.executable, str(QUILLPRESS / "build.py"), "--cwd", str(work), "build"]
    proc, seconds, cpu = timed(cmd, cwd=QUILLPRESS, timeout=1800)
    lines = (proc.stdout + proc.stderr).splitlines()
    public = work / public_dir
    if not public.is_dir():
        public = next((work / d for d in ("public", "site") if (work / d).is_dir()), public)
    return {"ok": proc.returncode == 0, "returncode": proc.returncode, "seconds": seconds,
            "cpu": cpu, "work": work, "public": public,
            "warnings": sum(1 for ln in lines if ln.startswith("WARN")),
            "errors": [ln for ln in lines if ln.startswith(("ERROR", "error"))][:20],
            "tail": "\n".join(lines[-15:])}


def quillpress_docs(work: Path) -> dict[str, str]:
    """source (relative to the source folder) → output path, from QuillPress's own model."""
    proc = subprocess.run([sys.executable, "-c", QP_LIST, str(work)], check=False,
                          capture_output=True,
                          text=True, cwd=QUILLPRESS, timeout=600)
    if proc.returncode:
        return {}
    return {d["source"]: d["path"] for d in json.loads(proc.stdout.splitlines()[-1])}


# -- comparison -------------------------------------------------------------------------

def page_file(public: Path, path: str) -> Path | None:
    path = path.lstrip("/")  # `permalink: /404.html` in front-matter gives Hexo a rooted path
    # A `?` in the last part starts a query to Hexo's router, which writes the page before
    # it (`What_is_X?.html` as the file `What_is_X`), and so does QuillPress.
    head, mark, query = path.partition("?")
    cut = [public / head] if mark and "/" not in query.rstrip("/") else []
    for candidate in (public / path, public / path / "index.html", public / f"{path}.html", *cut):
        if candidate.is_file():
            return candidate
    return None


def check_refs(refs: list[str], page_url: str, public: Path, site_url: str,
               root: str) -> tuple[set[str], set[str]]:
    """(internal targets, the broken ones) of a page's images or links."""
    targets, broken = set(), set()
    for ref in refs:
        target = resolve(ref, page_url, site_url, root)
        if target is None:
            continue
        targets.add(target)
        if not exists_in(public, target):
            broken.add(target)
    return targets, broken


def compare_doc(doc: dict[str, Any], kind: str, source_dir: Path, hexo: dict[str, Any],
                qp: dict[str, Any], qp_path: str | None, site: dict[str, str],
                lone_brackets: bool) -> dict[str, Any]:
    src = source_dir / doc["source"]
    # formulas are counted in Markdown: an .html page (a notebook export) brings its own MathJax
    written = written_math(src.read_text(encoding="utf-8", errors="replace"), lone_brackets) \
        if src.is_file() and src.suffix.lower() in (".md", ".markdown") else MathCount()
    hexo_facts = read_page(doc["content"])
    entry: dict[str, Any] = {"kind": kind, "source": doc["source"], "hexo_path": doc["path"],
                             "qp_path": qp_path, "written": asdict(written),
                             "hexo": asdict(hexo_facts.math)}
    qp_file = page_file(qp["public"], doc["path"]) or (
        page_file(qp["public"], qp_path) if qp_path else None)
    entry["same_url"] = page_file(qp["public"], doc["path"]) is not None
    if qp_file is None:
        entry["qp"] = None
        return entry
    body = extract_by_class(qp_file.read_text(encoding="utf-8", errors="replace"), QP_BODY_CLASS)
    if body is None:  # copied as it is (skip_render, raw HTML): nothing rendered to compare
        entry["qp"] = None
        entry["qp_copied"] = True
        return entry
    qp_facts = read_page(body)
    entry["qp"] = asdict(qp_facts.math)
    entry["line_breaks"] = {"hexo": hexo_facts.line_breaks, "qp": qp_facts.line_breaks}
    ratio, diffs = text_diff(hexo_facts.text, qp_facts.text)
    entry["text_similarity"] = round(ratio, 4)
    entry["text_diffs"] = diffs
    url_qp = qp_path or doc["path"]
    for what, hexo_refs, qp_refs in (("images", hexo_facts.images, qp_facts.images),
                                     ("links", hexo_facts.links, qp_facts.links)):
        _, broken_h = check_refs(hexo_refs, doc["path"], hexo["public"], site["url"], site["root"])
        _, broken_q = check_refs(qp_refs, url_qp, qp["public"], site["url"], site["root"])
        entry[f"broken_{what}_hexo"] = sorted(broken_h)
        entry[f"broken_{what}_qp"] = sorted(broken_q)
    return entry


def compare_blog(name: str, blog: Path, runs: int, tmp: Path, aside: Aside) -> dict[str, Any]:
    """Build the blog with both (median times over `runs`) in copies under `tmp` (what is
    there already is put aside), then compare the first builds."""
    config = load_yaml(blog / "_config.yml")
    public_dir = str(config.get("public_dir") or "public")
    report: dict[str, Any] = {"blog": name, "theme": config.get("theme"),
                              "facts": blog_facts(blog, config)}
    aside.put(tmp)
    made: dict[str, list[dict[str, Any]]] = {"hexo": [], "qp": []}
    copies = [(copy_blog(blog, tmp / f"run{i}" / "hexo", NOT_COPIED | {public_dir}),
               copy_blog(blog, tmp / f"run{i}" / "qp", NOT_COPIED | {public_dir}))
              for i in range(runs)]
    for hexo_copy, qp_copy in copies:  # one after the other, so both meet the same load
        made["hexo"].append(run_hexo(hexo_copy, config, public_dir))
        made["qp"].append(run_quillpress(qp_copy, public_dir))
    hexo, qp = made["hexo"][0], made["qp"][0]
    for side, runs_of_side in made.items():
        report[f"{side}_runs"] = [round(r["seconds"], 2) for r in runs_of_side]
        report[f"{side}_seconds"] = round(statistics.median(r["seconds"] for r in runs_of_side), 2)
        report[f"{side}_cpu_seconds"] = round(statistics.median(r["cpu"] for r in runs_of_side), 2)
    report["hexo_ok"], report["qp_ok"] = hexo["ok"], qp["ok"]
    report["hexo_renderer"] = hexo["renderer"]
    report["hexo_notes"] = hexo["notes"] + (
        [f"stubbed tags: {', '.join(hexo['stubbed_tags'])}"] if hexo.get("stubbed_tags") else [])
    report["qp_warnings"], report["qp_errors"] = qp["warnings"], qp["errors"]
    report["qp_tail"] = qp["tail"]
    if (blog / public_dir).is_dir():
        shipped = run_quillpress(copy_blog(blog, tmp / "qp-shipped", NOT_COPIED), public_dir)
        report["qp_ok_with_shipped_output"] = shipped["ok"]
        report["qp_shipped_tail"] = shipped["tail"]
    if not hexo["ok"]:
        report["hexo_stderr"] = hexo["stderr"]
        return report
    return compare_builds(report, blog, config, hexo, qp)


def recompare(name: str, blog: Path, keep: Path, previous: dict[str, Any]) -> dict[str, Any]:
    """Compare builds kept by an earlier run again (after the counting rules changed); build
    times, notes and errors are the earlier run's."""
    config = load_yaml(blog / "_config.yml")
    run_dir = keep / name / "run0"
    report = {k: v for k, v in previous.items() if k not in ("pages", "urls", "summary")}
    report["facts"] = blog_facts(blog, config)
    if not report.get("hexo_ok"):
        return report
    hexo = json.loads((run_dir / "hexo.json").read_text(encoding="utf-8"))
    hexo["public"] = run_dir / "hexo" / hexo["public_dir"]
    work = run_dir / "qp"
    public = next((work / d for d in (str(config.get("public_dir") or "public"), "public", "site")
                   if (work / d).is_dir()), work / "public")
    qp = {"ok": report.get("qp_ok"), "work": work, "public": public}
    return compare_builds(report, blog, config, hexo, qp)


def compare_builds(report: dict[str, Any], blog: Path, config: dict[str, Any],
                   hexo: dict[str, Any], qp: dict[str, Any]) -> dict[str, Any]:
    """URLs, then every post and page Hexo made, side by side; adds the summary."""
    source_dir = blog / str(config.get("source_dir") or "source")
    site = {"url": str(config.get("url") or ""), "root": str(config.get("root") or "/")}
    hexo_urls = page_urls(hexo["public"])
    qp_urls = page_urls(qp["public"]) if qp["public"].is_dir() else set()
    report["urls"] = url_diff(hexo_urls, qp_urls)
    qp_paths = quillpress_docs(qp["work"]) if qp["ok"] else {}
    docs = [(d, "post") for d in hexo["posts"]] + [(d, "page") for d in hexo["pages"]]
    # where the renderer reads `\(` as an escaped parenthesis, a lone pair is no formula
    lone_brackets = detect_escapes(blog, config)[0] == "none"
    report["pages"] = [compare_doc(d, kind, source_dir, hexo, qp, qp_paths.get(d["source"]), site,
                                   lone_brackets) for d, kind in docs]
    report["summary"] = summarize(report)
    return report


def summarize(report: dict[str, Any]) -> dict[str, Any]:
    posts = [p for p in report["pages"] if p["kind"] == "post"]
    pages = report["pages"]
    total = {"written": MathCount(), "hexo": MathCount(), "qp": MathCount()}
    for p in pages:
        total["written"].add(MathCount(**p["written"]))
        total["hexo"].add(MathCount(**p["hexo"]))
        if p["qp"]:
            total["qp"].add(MathCount(**p["qp"]))
    w, h, q = total["written"], total["hexo"], total["qp"]
    sims = [p["text_similarity"] for p in pages if "text_similarity" in p]

    def broken(key: str) -> int:
        return sum(len(p.get(key, [])) for p in posts)

    return {
        "posts": len(posts),
        "post_url_parity": f"{sum(p['same_url'] for p in posts)}/{len(posts)}",
        "display_written": w.display, "display_hexo": h.display + h.display_tex,
        "display_qp": q.display, "display_ratio": round(q.display / w.display, 3) if w.display else None,
        "inline_written": w.inline, "inline_hexo": h.inline + h.inline_tex, "inline_qp": q.inline,
        "tex_as_text_qp": q.display_tex + q.inline_tex, "math_errors_qp": q.errors,
        "broken_images_qp": broken("broken_images_qp"), "broken_images_hexo": broken("broken_images_hexo"),
        "broken_links_qp": broken("broken_links_qp"), "broken_links_hexo": broken("broken_links_hexo"),
        "line_breaks_hexo": sum(p["line_breaks"]["hexo"] for p in pages if "line_breaks" in p),
        "line_breaks_qp": sum(p["line_breaks"]["qp"] for p in pages if "line_breaks" in p),
        "text_similarity_mean": round(statistics.mean(sims), 3) if sims else None,
        "pages_text_below_0_9": sum(1 for s in sims if s < 0.9),
        "urls_only_hexo": len(report["urls"]["only_hexo"]),
        "urls_only_qp": len(report["urls"]["only_quillpress"]),
    }


COLUMNS = [("blog", "blog"), ("theme", "theme"), ("Hexo's Markdown", "hexo_renderer"),
           ("builds unmodified", "builds"),
           ("posts", "posts"), ("post-URL parity", "post_url_parity"),
           ("display rendered/written", "display"), ("Hexo display", "display_hexo"),
           ("inline QP/written", "inline"), ("TeX as text", "tex_as_text_qp"),
           ("math errors", "math_errors_qp"), ("broken img QP/Hexo", "img"),
           ("broken links QP/Hexo", "links"), ("text sim.", "text_similarity_mean"),
           ("`<br>` QP/Hexo", "br"), ("URLs only Hexo/QP", "urls"),
           ("formulas drawn by QP", "formulas_qp"), ("Hexo s", "hexo_seconds"),
           ("QP s", "qp_seconds"), ("QP/Hexo", "speed"), ("Hexo CPU s", "hexo_cpu_seconds"),
           ("QP CPU s", "qp_cpu_seconds")]


def speed(hexo_seconds: float | None, qp_seconds: float | None) -> str:
    """QuillPress's cold build time as a multiple of Hexo's (below 1: faster than Hexo)."""
    return f"{qp_seconds / hexo_seconds:.2f}×" if hexo_seconds and qp_seconds else ""


def timed_both(report: dict[str, Any]) -> bool:
    """Whether both builds ran to their end, so that their times compare: a Hexo build that
    stopped on an error (Menci's, before its renderer was loaded) took only the time to it."""
    return report.get("hexo_ok") is not False and bool(report.get("hexo_seconds"))


def faster(report: dict[str, Any]) -> bool:
    """Whether QuillPress's cold build took at most Hexo's time (issue 13's goal)."""
    hexo, qp = report.get("hexo_seconds"), report.get("qp_seconds")
    return timed_both(report) and bool(hexo and qp and qp <= hexo)


def builds(report: dict[str, Any]) -> str:
    """y/n: QuillPress exits 0 on the blog as it is, its committed output folder included."""
    if not report.get("qp_ok"):
        return "n"
    return "n (its output folder)" if report.get("qp_ok_with_shipped_output") is False else "y"


def totals(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The corpus in one row: sums over every blog Hexo built."""
    done = [r["summary"] for r in reports if r.get("summary")]

    def total(key: str) -> int:
        return sum(s[key] for s in done)

    parity = [s["post_url_parity"].split("/") for s in done]
    timed = [r for r in reports if timed_both(r)]
    written = total("display_written")
    return {"blog": f"**total ({len(reports)} blogs)**",
            "builds": f"{sum(builds(r) == 'y' for r in reports)}/{len(reports)}",
            "posts": total("posts"),
            "post_url_parity": f"{sum(int(a) for a, _ in parity)}/{sum(int(b) for _, b in parity)}",
            "display": f"{total('display_qp')}/{written} "
                       f"({round(total('display_qp') / written, 3) if written else None})",
            "display_hexo": total("display_hexo"),
            "inline": f"{total('inline_qp')}/{total('inline_written')}",
            "tex_as_text_qp": total("tex_as_text_qp"), "math_errors_qp": total("math_errors_qp"),
            "img": f"{total('broken_images_qp')}/{total('broken_images_hexo')}",
            "links": f"{total('broken_links_qp')}/{total('broken_links_hexo')}",
            "br": f"{total('line_breaks_qp')}/{total('line_breaks_hexo')}",
            "urls": f"{total('urls_only_hexo')}/{total('urls_only_qp')}",
            "formulas_qp": total("display_qp") + total("inline_qp"),
            **{key: round(sum(r.get(key) or 0 for r in timed), 1)
               for key in ("hexo_seconds", "qp_seconds", "hexo_cpu_seconds", "qp_cpu_seconds")},
            "speed": f"{sum(faster(r) for r in timed)}/{len(timed)} blogs ≤ 1×"
                     + (f" ({len(reports) - len(timed)} Hexo failed, not timed)"
                        if len(timed) < len(reports) else "")}


def table_row(report: dict[str, Any]) -> dict[str, Any]:
    s = report.get("summary", {})
    row = {"blog": report["blog"], "theme": report.get("theme"),
           "hexo_renderer": report.get("hexo_renderer", ""),
           "builds": builds(report),
           **{key: report.get(key) for key in ("hexo_seconds", "qp_seconds", "hexo_cpu_seconds",
                                                "qp_cpu_seconds")},
           "speed": speed(report.get("hexo_seconds"), report.get("qp_seconds"))
                    if timed_both(report) else "Hexo failed"}
    if not s:
        return row
    row.update(s)
    row["display"] = f"{s['display_qp']}/{s['display_written']} ({s['display_ratio']})"
    row["inline"] = f"{s['inline_qp']}/{s['inline_written']}"
    row["img"] = f"{s['broken_images_qp']}/{s['broken_images_hexo']}"
    row["links"] = f"{s['broken_links_qp']}/{s['broken_links_hexo']}"
    row["urls"] = f"{s['urls_only_hexo']}/{s['urls_only_qp']}"
    row["br"] = f"{s['line_breaks_qp']}/{s['line_breaks_hexo']}"
    row["formulas_qp"] = s["display_qp"] + s["inline_qp"]
    return row


def markdown_table(reports: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(h for h, _ in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    rows = [table_row(report) for report in reports]
    if len(reports) > 1:
        rows.append(totals(reports))
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(k, "")) for _, k in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def blogs_from(args: argparse.Namespace) -> list[tuple[str, Path]]:
    blogs = [(Path(b).name, Path(b)) for b in args.blogs]
    if args.blogs_file:
        for line in Path(args.blogs_file).read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                repo = line.split()[0]
                name = repo.replace("/", "--")
                blogs.append((name, Path(args.root) / name))
    return blogs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("blogs", nargs="*", help="Hexo blog folders")
    parser.add_argument("--blogs-file", help="blogs.txt: owner/name commit, one a line")
    parser.add_argument("--root", default="/tmp/realblogs", help="where blogs.txt's blogs are")
    parser.add_argument("--out", required=True, help="folder for the JSON and markdown reports")
    parser.add_argument("--runs", type=int, default=1, help="build each blog N times (median time)")
    parser.add_argument("--keep", help="keep both builds of each blog in this folder")
    parser.add_argument("--recompare", action="store_true",
                        help="no builds: compare again what --keep kept (OUT's reports give the times)")
    parser.add_argument("--quillpress", help="measure the QuillPress checkout in this folder "
                        "(default: the one holding this script)")
    args = parser.parse_args(argv)
    if args.recompare and not args.keep:
        parser.error("--recompare needs --keep, the folder the builds were kept in")
    blogs = blogs_from(args)
    missing = [str(blog) for _, blog in blogs if not blog.is_dir()]
    if missing:  # found before Hexo is installed and the first build, not as a traceback halfway
        parser.error(f"no such blog folder: {', '.join(missing)}; write blogs.txt's blogs into "
                     "--root first (export.py)")
    ensure_hexo()
    if args.quillpress:
        global QUILLPRESS
        QUILLPRESS = Path(args.quillpress).resolve()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    reports = []
    # Builds stay under --keep (keep/<blog>/run0/{hexo,qp}, for a look), or in a temp folder;
    # the previous ones and the temp folder are deleted when the last blog is done.
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hexo-diff-"))
    if not args.keep or not work.exists():  # a --keep folder the user had stays unmarked
        work.mkdir(parents=True, exist_ok=True)
        own_block_groups(work)
    with Aside(work) as aside:
        try:
            for name, blog in blogs:
                print(f"{name} …", flush=True)
                if args.recompare:
                    previous = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
                    report = recompare(name, blog, work, previous)
                else:
                    report = compare_blog(name, blog, args.runs, work / name, aside)
                (out / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1,
                                                             default=str))
                reports.append(report)
                print(markdown_table([report]).splitlines()[-1], flush=True)
        finally:  # a failed run leaves no temp folder either
            if not args.keep:
                aside.put(work)
    summary = [{k: v for k, v in r.items() if k != "pages"} for r in reports]
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    (out / "summary.md").write_text(markdown_table(reports))
    print(markdown_table(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
