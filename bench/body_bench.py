"""The body stage alone: every document of a blog rendered in one process (`--workers 1`).

    python bench/body_bench.py [--posts 1000] [--blog DIR…] [--runs 3] [--against CHECKOUT]
                               [--profile N] [--instructions]

Each run is a child process that loads the blog (config, plugins, theme, sources), renders one
body untimed (Node's start and KaTeX's load are the math engine's, not the body's), then
renders every body and prints the CPU time of that loop (this process only, so KaTeX in Node
is not counted; the formula cache is empty, the first build's case) with its split: Markdown
parse, HTML rendering (highlighting apart), Pygments highlighting, plugins' `after_render`
handlers (search and related terms, math's plain text), then each handler and each piece of
the body's own text (plain text, summary, word counts) apart. The blog is copied to a temporary
folder; without `--blog` the corpus of `../shared/bench/gen_corpus.py` with `--posts` posts.

`--against` names another QuillPress checkout (`git worktree add ../before <commit>`): both
are measured turn about, run by run, so the machine's load falls on both alike; the medians and
the ratio this/other are printed; each checkout runs under its own venv's Python
(`interpreter.py`). `--profile N` prints the N functions with the most time of
their own (cProfile, one run of this checkout). `--instructions` counts, instead, the
instructions of one pass over the bodies under Valgrind's callgrind, for each checkout: two
runs of the same code agree within a fraction of a per cent on a loaded machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from interpreter import python_of

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"

# Runs in a child process, in the checkout measured: argv = checkout, blog, profile rows,
# 1 to count instructions (one pass between two marker calls) instead of timing.
CHILD = r"""
import cProfile, json, pstats, sys, time
from collections import defaultdict
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from markdown_it import MarkdownIt
import quillpress.render.markdown as markdown
from quillpress.build.builder import Builder
from quillpress.errors import Problems
from quillpress.model.document import PACK_FROM, pack_bodies
from quillpress.render.body import render_document

split = defaultdict(float)
def timed(name, func):
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            split[name] += time.process_time() - start
    return wrapper

builder = Builder(Path(sys.argv[2]), workers=1, use_cache=False)
problems = Problems()
tree, _ = builder._scan(set(), problems)
docs = builder._load_documents(tree, problems, None)
pack_bodies(len(docs) >= PACK_FROM)  # as a build of this size does
render_document(docs[0], builder.md, builder.config, builder.extensions)
def render_all():
    for doc in docs:
        render_document(doc, builder.md, builder.config, builder.extensions)
if int(sys.argv[3]):
    profile = cProfile.Profile()
    profile.runcall(render_all)
    pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(int(sys.argv[3]))
if int(sys.argv[4]):  # counted by callgrind from os.getppid to os.getpgrp, nothing else
    import os
    os.getppid()
    render_all()
    os.getpgrp()
    print(json.dumps({"docs": len(docs)}))
    sys.exit(0)
start = time.process_time()
render_all()
total = time.process_time() - start
MarkdownIt.parse = timed("parse", MarkdownIt.parse)
renderer = type(builder.md.renderer)  # RendererHTML or a subclass of it
renderer.render = timed("render", renderer.render)
markdown.highlight_block = timed("highlight", markdown.highlight_block)
handlers = builder.extensions.handlers["after_render"]
handlers[:] = [(priority, plugin, timed("after_render", timed(
    f"  {getattr(plugin, 'name', 'core')}: {func.__name__}", func)))
    for priority, plugin, func in handlers]
import quillpress.render.body as body  # what the body's text costs besides the handlers
for name in ("plain_text", "summary_text", "word_counts", "linked_slugs"):
    if hasattr(body, name):
        setattr(body, name, timed(f"  text: {name}", getattr(body, name)))
render_all()
split["render"] -= split["highlight"]
print(json.dumps({"docs": len(docs), "total": total, **split}))
"""


def corpus(posts: int, workdir: Path) -> Path:
    out = workdir / f"corpus{posts}"
    subprocess.run([sys.executable, str(GEN), "--posts", str(posts), "--out", str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    return out


def copy_blog(blog: Path, workdir: Path) -> Path:
    target = workdir / blog.name
    shutil.copytree(blog, target, symlinks=True, ignore=shutil.ignore_patterns(
        "public", ".quillpress-cache", "node_modules", ".git"))
    return target


def measure(checkout: Path, blog: Path, profile: int = 0) -> dict[str, float]:
    shutil.rmtree(blog / ".quillpress-cache", ignore_errors=True)  # the formula cache: cold
    done = subprocess.run([python_of(checkout), "-c", CHILD, str(checkout), str(blog), str(profile),
                           "0"], capture_output=True, text=True, cwd=checkout)
    if done.returncode:
        sys.exit(f"rendering {blog} with {checkout} failed:\n{done.stderr}")
    if profile:
        print(done.stderr)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def instructions(checkout: Path, blog: Path) -> int:
    """Machine instructions of one pass over the bodies (the formula cache cold), counted by
    Valgrind's callgrind: steady on a loaded machine, where CPU seconds are not."""
    from pages_instructions import callgrind  # the same count as the pages' (bench/ is on the path)
    shutil.rmtree(blog / ".quillpress-cache", ignore_errors=True)
    return callgrind([python_of(checkout), "-c", CHILD, str(checkout), str(blog), "0", "1"], checkout)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--blog", type=Path, nargs="*", default=[])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--instructions", action="store_true",
                        help="count one pass's instructions under callgrind (~50x slower: "
                             "use a blog of a few hundred posts) instead of timing")
    args = parser.parse_args()
    checkouts = {"this": REPO, **({"other": args.against.resolve()} if args.against else {})}
    with tempfile.TemporaryDirectory(prefix="body-bench-") as tmp:
        workdir = Path(tmp)
        blogs = [copy_blog(blog.resolve(), workdir) for blog in args.blog] or \
            [corpus(args.posts, workdir)]
        for blog in blogs:
            if args.instructions:
                counts = {name: instructions(checkout, blog) for name, checkout in checkouts.items()}
                print(f"{blog.name}: body stage, millions of instructions: " + ", ".join(
                    f"{name} {count / 1e6:,.0f}" for name, count in counts.items()) +
                    (f"; this/other {counts['this'] / counts['other']:.3f}" if args.against else ""))
                continue
            if args.profile:
                measure(REPO, blog, args.profile)
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
            for _ in range(args.runs):
                for name, checkout in checkouts.items():
                    runs[name].append(measure(checkout, blog))
            print(f"\n{blog.name}: {runs['this'][0]['docs']:.0f} documents, body stage CPU "
                  f"seconds, medians of {args.runs} (parse, render and highlight, after_render "
                  "from a second pass with timers)")
            keys = ["total", "parse", "render", "highlight", "after_render"]
            print(f"{'checkout':10}" + "".join(f"{key:>14}" for key in keys))
            medians = {name: {key: statistics.median(run.get(key, 0.0) for run in found)
                              for key in keys} for name, found in runs.items()}
            for name, values in medians.items():
                print(f"{name:10}" + "".join(f"{values[key]:14.3f}" for key in keys))
            if args.against:
                print(f"{'this/other':10}" + "".join(
                    f"{medians['this'][key] / medians['other'][key]:14.2f}"
                    if medians["other"][key] else f"{'':>14}" for key in keys))
            parts = sorted({key for run in runs["this"] for key in run if key.startswith("  ")})
            print("parts of after_render and of the body's text (this checkout, medians):")
            for key in parts:
                print(f"{key:44}{statistics.median(run.get(key, 0.0) for run in runs['this']):10.3f}")


if __name__ == "__main__":
    main()
