"""Making pages through the theme, counted in machine instructions: a measure that the
machine's load does not move.

    python bench/pages_instructions.py [--posts 300] [--kind post|list|all] [--against CHECKOUT]

CPU seconds on this shared 2-core machine swing by ±20% between runs of the same code
(`pages_bench.py`'s paired ratios went from 0.70 to 1.36), which hides a change of a few
per cent. Here a child process per checkout loads the model of the generated corpus (built
once, cold, by `pages_bench.corpus`), makes the pages of `--kind` once to warm up, then once
more under Valgrind's callgrind (each checkout under its own venv's Python, `interpreter.py`),
which counts the instructions of that second pass alone
(counting starts at a call of `os.getppid` and is written out at `os.getpgrp`, two functions
nothing else in the pass calls). Two runs of the same code differed by 0.4% (20 posts;
string hashing is randomised per process, so sets and dicts are walked in other orders).
Valgrind runs Python ~50 times slower: a 300-post corpus takes a few minutes per checkout.
Instructions are not time (a cache miss costs more than an add), so read a small ratio as a
direction and confirm a large one in CPU time.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from interpreter import python_of
from pages_bench import REPO, corpus

# Makes the pages of one kind twice, the second time between the two marker calls.
CHILD = r"""
import gc, os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from quillpress.build.builder import Builder
from quillpress.build.progress import Progress
builder = Builder(Path(sys.argv[2]), workers=1)
builder.build_model()
todo = [(rel, route) for rel, route in builder.routes.items()
        if route.layouts and route.source is None and route.make is None and route.content is None
        and sys.argv[3] in ("all", "post" if route.docs else "list")]
def make():
    for page in builder.pages.make_all(todo, builder.site, 1, Progress(enabled=False)):
        assert not isinstance(page.output, Exception), page.output
make()
gc.collect()
gc.freeze()  # as in a page worker: no collection walks the model during the counted pass
os.getppid()
make()
os.getpgrp()
print(len(todo))
"""


def callgrind(command: list[str], cwd: Path | None = None) -> tuple[int, str]:
    """(instructions counted, stdout) of a Python child `command` run under callgrind, which
    counts from its call of `os.getppid` to its call of `os.getpgrp` (body_bench uses it too)."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--zero-before=os_getppid", "--dump-before=os_getpgrp",
             f"--callgrind-out-file={out}", *command], capture_output=True, text=True, cwd=cwd)
        if done.returncode:
            sys.exit(f"counting {command[-3:]} failed:\n{done.stderr[-3000:]}")
        dumps = sorted(Path(scratch).glob("callgrind.out.*"))  # the dump made at os.getpgrp
        summary = re.search(r"^summary: (\d+)", dumps[0].read_text(), re.M) if dumps else None
        assert summary, "no callgrind summary"
        return int(summary.group(1)), done.stdout


def instructions(checkout: Path, blog: Path, kind: str) -> tuple[int, int]:
    """(instructions of one pass, pages made in it) for one checkout."""
    count, stdout = callgrind([python_of(checkout), "-c", CHILD, str(checkout), str(blog), kind])
    return count, int(stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--kind", choices=("post", "list", "all"), default="all")
    parser.add_argument("--against", type=Path, help="another checkout, counted the same way")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/quillpress-bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    blog = corpus(args.posts, args.workdir)
    counts = []
    for checkout in [REPO] + ([args.against.resolve()] if args.against else []):
        count, pages = instructions(checkout, blog, args.kind)
        counts.append(count)
        print(f"{checkout}: {args.kind} pages ({pages}): {count:,} instructions, "
              f"{count / pages / 1e6:.2f} M per page")
    if args.against:
        print(f"this/other: {counts[0] / counts[1]:.3f}")


if __name__ == "__main__":
    main()
