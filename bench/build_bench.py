"""Cold and warm `build` beside Hexo 7.3 on the shared Hexo-style corpora: the issue's table.

    python bench/build_bench.py [--posts 1000 5000] [--runs 3] [--keep DIR] [--no-hexo]

Per run and corpus, each in a fresh process: QuillPress builds into an empty output folder
with an empty cache (cold), again with nothing changed (warm), then after a paragraph is
appended to one post (one edit); Hexo 7.3 (pinned in hexo_diff/package.json, installed into
hexo_diff/node_modules with `npm ci` on first use) generates the same corpus from scratch
(no public/, no db.json) with the plugins `hexo init` gives a blog. The previous run's
output is renamed aside, not deleted, and deleted once at the end (`aside.py`: right after
a large delete, ext4 here makes every new file cost more kernel time). Medians of `--runs`:

- wall time of the whole process (interpreter or Node start-up included) and its CPU time,
  user + system, workers included (from wait4: the machine is shared, CPU time is steadier);
- the ratio QuillPress / Hexo of cold wall time, measured in the same run;
- peak RSS of QuillPress's main process and of its largest worker, and of Hexo's process;
- QuillPress's own build time (inside the process), warm and after one edit.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aside import Aside, own_block_groups

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
HEXO_DIR = HERE / "hexo_diff"
# What `hexo init` puts in a new blog's package.json (hexo-server aside): the plugins Hexo loads.
HEXO_PLUGINS = ["hexo-generator-archive", "hexo-generator-category", "hexo-generator-index",
                "hexo-generator-tag", "hexo-renderer-ejs", "hexo-renderer-marked",
                "hexo-renderer-stylus", "hexo-theme-landscape"]
# The corpus's `{% echarts %}` tag (one post in ten) needs a plugin that `hexo init` lacks; it
# is registered as a block that keeps its data in a <div>, so Hexo can finish.
HEXO_GENERATE = """
const Hexo = require('hexo');
const hexo = new Hexo(process.cwd(), {silent: true});
hexo.init().then(() => {
  if (!hexo.extend.tag.env.hasExtension('echarts')) {
    hexo.extend.tag.register('echarts', (args, content) => `<div class="echarts">${content}</div>`,
                             {ends: true});
  }
  return hexo.call('generate', {});
}).then(() => hexo.exit()).catch((err) => { console.error(err); process.exit(1); });
"""

# Runs in a child process so every measurement starts cold (imports, JS engines, caches).
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from quillpress.builder import Builder
start = time.perf_counter()
builder = Builder(Path(sys.argv[2]), overrides={"public_dir": sys.argv[3]},
                  cache_dir=Path(sys.argv[4]), trust_manifest=True)  # as `build` does
result = builder.build()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "ok": result.ok, "written": result.written,
                  "rendered_docs": result.rendered_docs, "rendered_routes": result.rendered_routes,
                  "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def corpus(posts: int, workdir: Path) -> Path:
    out = workdir / f"corpus-{posts}"
    if not out.exists():
        subprocess.run([sys.executable, str(GEN), "--posts", str(posts), "--out", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
    return out


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[str, dict[str, float]]:
    """Run `cmd`; its stdout, wall seconds, CPU seconds (user + system of the process and
    the children it waited for) and peak RSS in MB (the largest of those processes)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=err)
        assert proc.stdout is not None
        out = proc.stdout.read()  # not communicate(): it would reap the process before wait4
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.stdout.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{cmd[0]} failed ({proc.returncode}):\n"
                             f"{err.read().decode(errors='replace')[-3000:]}")
    return out.decode(), {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                          "rss_mb": usage.ru_maxrss / 1024}


def build_once(blog: Path, public: Path, cache: Path) -> dict[str, float]:
    out, usage = timed([sys.executable, "-c", CHILD, str(REPO), str(blog), str(public), str(cache)])
    return {**json.loads(out.strip().splitlines()[-1]), **usage}


def hexo_blog(blog: Path, workdir: Path) -> Path:
    """A copy of the corpus that Hexo can build: its package.json names the plugins, and
    node_modules is the pinned set (installed on first use)."""
    if not (HEXO_DIR / "node_modules" / "hexo").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HEXO_DIR, check=True)
    copy = workdir / f"hexo-{blog.name}"
    if not copy.exists():
        shutil.copytree(blog, copy)
        pinned = json.loads((HEXO_DIR / "package.json").read_text())["dependencies"]
        deps = {name: pinned[name] for name in ["hexo", *HEXO_PLUGINS]}
        (copy / "package.json").write_text(json.dumps({  # Hexo loads plugins only with "hexo"
            "name": "bench", "private": True, "hexo": {"version": deps["hexo"]}, "dependencies": deps}))
        (copy / "node_modules").symlink_to(HEXO_DIR / "node_modules", target_is_directory=True)
    return copy


def hexo_once(blog: Path, aside: Aside) -> dict[str, float]:
    """A cold `hexo generate`: no public folder, no db.json cache."""
    aside.put(blog / "public", blog / "db.json")
    _, usage = timed(["node", "-e", HEXO_GENERATE], cwd=blog)
    return usage


def measure(posts: int, runs: int, workdir: Path, hexo: bool, aside: Aside) -> dict[str, Any]:
    blog = corpus(posts, workdir)
    hexo_copy = hexo_blog(blog, workdir) if hexo else None
    cold, warm, edit, hexo_cold = [], [], [], []
    post = blog / "source" / "_posts" / "post-00001.md"
    original = post.read_text(encoding="utf-8")
    for run in range(runs):
        public, cache = workdir / "site", workdir / "cache"
        aside.put(public, cache)
        if hexo_copy is not None:
            hexo_cold.append(hexo_once(hexo_copy, aside))
        cold.append(build_once(blog, public, cache))
        warm.append(build_once(blog, public, cache))
        post.write_text(original + f"\nEdited paragraph {run}.\n", encoding="utf-8")
        try:
            edit.append(build_once(blog, public, cache))
        finally:
            post.write_text(original, encoding="utf-8")
    med = lambda rows, key: statistics.median(r[key] for r in rows)  # noqa: E731
    row: dict[str, Any] = {
        "posts": posts, "runs": runs, "files": cold[0]["written"],
        "cold_wall_s": med(cold, "wall_s"), "cold_cpu_s": med(cold, "cpu_s"),
        "cold_in_process_s": med(cold, "seconds"),
        "cold_rss_main_mb": med(cold, "rss_main_mb"), "cold_rss_worker_mb": med(cold, "rss_worker_mb"),
        "warm_wall_s": med(warm, "wall_s"), "warm_in_process_s": med(warm, "seconds"),
        "warm_rendered_docs": med(warm, "rendered_docs"), "warm_written": med(warm, "written"),
        "one_edit_wall_s": med(edit, "wall_s"), "one_edit_in_process_s": med(edit, "seconds"),
        "one_edit_rendered_docs": med(edit, "rendered_docs"),
    }
    if hexo_cold:
        row.update(hexo_cold_wall_s=med(hexo_cold, "wall_s"), hexo_cold_cpu_s=med(hexo_cold, "cpu_s"),
                   hexo_rss_mb=med(hexo_cold, "rss_mb"))
        # the ratio of each run's pair, then their median: both were measured side by side
        row["ratio_wall"] = statistics.median(c["wall_s"] / h["wall_s"] for c, h in zip(cold, hexo_cold))
        row["ratio_cpu"] = statistics.median(c["cpu_s"] / h["cpu_s"] for c, h in zip(cold, hexo_cold))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="reuse/keep corpora in this folder")
    parser.add_argument("--no-hexo", action="store_true", help="QuillPress only")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="qp-bench-"))
    if args.keep is None or not workdir.exists():  # a --keep folder the user had stays unmarked
        workdir.mkdir(parents=True, exist_ok=True)
        own_block_groups(workdir)  # the corpora and Hexo's copy away from other processes' deletes
    print(f"{'posts':>6} {'QP cold s':>10} {'CPU s':>6} {'Hexo s':>7} {'CPU s':>6} {'ratio':>6} "
          f"{'main/worker MB':>15} {'Hexo MB':>8} {'warm s':>7} {'1 edit s':>9} {'files':>6}")
    with Aside(workdir) as aside:  # emptied after the last run, with the work folder
        for posts in args.posts:
            row = measure(posts, args.runs, workdir, not args.no_hexo, aside)
            hexo = (f"{row['hexo_cold_wall_s']:>7.2f} {row['hexo_cold_cpu_s']:>6.1f} {row['ratio_wall']:>6.2f}"
                    if "hexo_cold_wall_s" in row else f"{'-':>7} {'-':>6} {'-':>6}")
            hexo_mb = f"{row['hexo_rss_mb']:>8.0f}" if "hexo_rss_mb" in row else f"{'-':>8}"
            memory = f"{row['cold_rss_main_mb']:.0f} / {row['cold_rss_worker_mb']:.0f}"
            print(f"{posts:>6} {row['cold_wall_s']:>10.2f} {row['cold_cpu_s']:>6.1f} {hexo} {memory:>15} "
                  f"{hexo_mb} {row['warm_wall_s']:>7.2f} {row['one_edit_wall_s']:>9.2f} {row['files']:>6}",
                  flush=True)
            print("  " + json.dumps(row), flush=True)
    if args.keep is None:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
