"""Where Node, npm's KaTeX and MathJax are, and the math workers' command lines.

Standard library only: the command line starts the workers before Python's heavy imports
(quillpress/build/prestart.py loads this file on its own), and the worker the plugin makes later
must ask for the very same command to take that process over.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO, Any

SCRIPT = Path(__file__).with_name("math_worker.js")
MATHJAX = Path("node_modules") / "@mathjax" / "src"
GLUE = Path(__file__).with_name("katex_glue.js")
FAST = Path(__file__).with_name("katex_fast.js")  # the worker's faster KaTeX helpers
# Node reads these certificates at start-up (~70 ms of CPU); the worker makes no connection.
UNUSED_ENV = ("NODE_EXTRA_CA_CERTS",)
# V8's flags for the worker. `--no-opt`: no TurboFan, which never pays back its compile time on
# KaTeX's code (bench/README.md). `--no-rehash-snapshot`: keep the string-hash seed built into
# Node's snapshot instead of drawing a new one and deriving its secret primes at every start
# (~5 ms of CPU, a sixth of `node -e 0`); a random seed guards a server against crafted keys
# that collide, and the worker hashes only the blog's own formulas for the blog's own build.
# `--single-threaded-gc`: V8 collects garbage on the worker's own thread. KaTeX makes many small
# short-lived objects, and handing each young collection to helper threads cost more CPU than
# it saved on cores the build's Python keeps busy: 5-8 % less of Node's CPU over a real blog's
# thousands of formulas, 4 % on the 103 cold ones; MathJax's the same (bench/README.md, stop 36).
FLAGS = ("--no-opt", "--no-rehash-snapshot", "--single-threaded-gc")
# What KaTeX rejects and MathJax draws, as real blogs write it: MathJax's discretionary times
# (`V^{\*}`), a bold subscript left unbraced (`h_\boldsymbol{\theta}`), commands and
# environments KaTeX lacks. The early MathJax worker starts Node only when the blog's sources
# hold one, and it loads MathJax at once (`early_mathjax_command`). Only a hint: a miss loads
# MathJax at the first formula KaTeX rejects, a false hit costs its load's CPU.
LIKELY_REJECTED = ("{\\*}", "_\\boldsymbol", "^\\boldsymbol", "\\mbox", "\\bbox", "\\enclose",
                   "\\require{", "{multline", "{eqnarray")
# The sources the hint is looked for in: `content/`, else `source/` (a blog without `source_dir`).
SOURCE_FOLDERS = ("content", "source")
# What the early MathJax worker writes, in place of Node's ready line, when the sources hold
# none of LIKELY_REJECTED and it ends without starting Node (node_worker.py then starts one).
NO_HINT = {"hint": False}
# The set-up's warm-up: ~1 s of CPU for both engines; a machine too loaded for it in this time
# leaves MathJax's code cache to the first build that loads MathJax.
WARM_SECONDS = 120.0


def find_node() -> str | None:
    return shutil.which("node")


def find_katex(search: list[Path]) -> Path | None:
    """`node_modules/katex/dist` in the first of the given folders that has it."""
    for folder in search:
        dist = folder / "node_modules" / "katex" / "dist"
        if (dist / "katex.min.js").is_file() and (dist / "katex.min.css").is_file():
            return dist
    return None


def find_mathjax_root(search: list[Path]) -> Path | None:
    """The first of the given folders whose node_modules holds npm's `@mathjax/src`."""
    return next((folder for folder in search if (folder / MATHJAX / "package.json").is_file()),
                None)


def worker_command(node: str, katex_dist: Path | None, ahead: bool = False,
                   sources: Path | None = None) -> list[str]:
    """The worker's command line; its V8 code cache goes to `node_modules/.cache/quillpress`
    beside KaTeX (outside the blog: a cold build of any blog finds it). Without KaTeX, the
    worker is MathJax's, and it loads MathJax as it starts with `ahead`, else at its first
    request. With `sources`, KaTeX's draws the formulas it finds there while no request
    waits (katex_predraw.js)."""
    if katex_dist is None:  # MathJax only
        return [node, *FLAGS, str(SCRIPT), "", str(GLUE), "", "", "ahead" if ahead else ""]
    code_cache = katex_dist.parent.parent / ".cache" / "quillpress"
    katex = katex_dist / "katex.min.js"
    return [node, *FLAGS, str(SCRIPT), str(katex), str(GLUE), str(code_cache),
            source_digest(katex), *(["", str(sources)] if sources else [])]


def source_folder(blog: Path) -> Path | None:
    """The blog's Markdown as the command line finds it before the config is read:
    `content/`, else `source/`."""
    return next((blog / name for name in SOURCE_FOLDERS if (blog / name).exists()), None)


def early_command(node: str, katex_dist: Path | None, blog: Path) -> list[str] | None:
    """The worker a cold build of `blog` starts before its imports (`commands`): KaTeX's,
    which draws the blog's formulas while the build has not asked for any yet (the ~0.15 s
    of imports, config and reading before its first document is parsed), else MathJax's
    (`early_mathjax_command`). None: none is started early."""
    if katex_dist is None:
        return early_mathjax_command(node, blog)
    sources = source_folder(blog)
    return worker_command(node, katex_dist, sources=sources) if sources else None


def early_mathjax_command(node: str, blog: Path) -> list[str] | None:
    """The MathJax worker a cold build of `blog` starts before its imports (`commands`), on
    the core they leave idle: a shell that looks for LIKELY_REJECTED in the blog's Markdown
    sources and, on a hit, becomes the worker (`exec`: same pid and pipes), loading MathJax
    at once; on a miss (31 of the 34 real blogs of issue 13), it writes NO_HINT and ends, and
    no Node starts (~35 ms of CPU saved, and Node's read of the sources). grep's `-r` reads
    only the source folder's own regular files: a symlinked folder (another blog's, a loop) is
    not followed, nor a FIFO named like a post read (`-D skip`; that read would never end).
    None without a source folder or a shell: MathJax's worker then starts at the first
    formula KaTeX rejects."""
    sources = source_folder(blog)
    shell = shutil.which("sh")
    if sources is None or shell is None:
        return None
    markdown = "*.[mM][dD]", "*.[mM][aA][rR][kK][dD][oO][wW][nN]"  # .md, .markdown, any case
    grep = ["grep", "-qrsF", "-D", "skip", *(f"--include={glob}" for glob in markdown),
            *(f"-e{needle}" for needle in LIKELY_REJECTED), "--", str(sources)]
    script = (f"LC_ALL=C {shlex.join(grep)} || {{ echo {shlex.quote(json.dumps(NO_HINT))}; "
              'exit 0; }; exec "$@"')
    return [shell, "-c", script, "sh", *worker_command(node, None, ahead=True)]


def source_digest(katex: Path) -> str:
    """What names the worker's code cache: KaTeX, its faster helpers, the worker that swaps
    them in (V8 checks only a cached script's length, so a change to how they are applied
    must rename the cache too) and the glue, and the flags (V8 rejects a cache made under
    other flags, so a checkout with other flags sharing node_modules keeps its own instead
    of making this one again at every build). Hashed here because Node's crypto module
    costs ~28 ms of CPU to load, a third of the worker's start; ~1 ms here."""
    flags = " ".join(FLAGS).encode("ascii")
    return hashlib.sha1(b"\n".join([katex.read_bytes(), FAST.read_bytes(), SCRIPT.read_bytes(),
                                     GLUE.read_bytes(), flags])).hexdigest()[:16]


# The line of Node's error output that says what went wrong: its own complaint ("/usr/bin/node:
# bad option: …") or the exception thrown ("TypeError: …"), not the stack or the version line.
_CAUSE = re.compile(rb"^(?:\S*node: .+|[A-Za-z]*Error\b.*)$", re.M)
ERROR_OUTPUT = "quillpress_error_output"  # the attribute of a worker that holds its error file


def spawn(command: list[str]) -> subprocess.Popen[bytes]:
    """The worker process, talking JSON lines over its stdin and stdout. What it writes on
    stderr goes to a file, not a pipe nobody reads while the worker runs (a full pipe would
    stall it), read only when the worker stopped (`why_stopped`). The file goes with the
    process object, not in a table of this module: the command line loads this module on its
    own and the plugin loads it again, and a worker started early reaches the plugin (or a
    forked render worker) as the process alone."""
    env = {name: value for name, value in os.environ.items() if name not in UNUSED_ENV}
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=errors, env=env)
    vars(process)[ERROR_OUTPUT] = errors
    return process


def why_stopped(process: subprocess.Popen[bytes]) -> str:
    """Node's exit status and the line of its error output that names the cause, for the
    warning of a worker that stopped: " (exit status 9: node: bad option: --x)". A process
    taken over from the one that started it (by a render worker, prestart.py) cannot be
    waited for here (`wait` would say 0 whatever it was): its status is unknown, and the
    message says how to see it."""
    known = getattr(process, "exit_status_known", True)
    try:
        status = process.wait(timeout=5) if known else None
    except subprocess.TimeoutExpired:
        return ""
    errors = _error_output(process)
    cause = ""
    if errors is not None:
        with errors:
            errors.seek(0)
            found = _CAUSE.search(errors.read(1 << 16))
        cause = found.group(0).strip()[:200].decode("utf-8", "replace") if found else ""
    if status is not None:
        return f" (exit status {status}: {cause})" if cause else f" (exit status {status})"
    return (f" ({cause + '; ' if cause else ''}exit status unknown: a render worker cannot read "
            "the status of a Node its parent started; build with --workers 1 to see it)")


def forget(process: subprocess.Popen[bytes]) -> None:
    """Close the error file of a worker ended on purpose."""
    errors = _error_output(process)
    if errors is not None:
        errors.close()


def _error_output(process: subprocess.Popen[bytes]) -> IO[bytes] | None:
    """The worker's error file, taken (read or closed once); None for a process `spawn` did
    not make."""
    errors: IO[bytes] | None = vars(process).pop(ERROR_OUTPUT, None)
    return errors


def enabled(section: Any) -> bool:
    """Whether the blog's `math:` value (None: not written) leaves math on, as the plugin's
    SECTION reads it: `false` turns it off, and so does `enable` false, or another value
    JavaScript reads as false (0, ""), as config.options.Flag reads it."""
    if isinstance(section, bool):
        return section
    value = section.get("enable") if isinstance(section, dict) else None
    if value is None or isinstance(value, bool):
        return value is not False
    return bool(value) if not isinstance(value, float) or value == value else False  # NaN


def commands(blog: Path, install_roots: list[Path]) -> list[list[str]]:
    """For quillpress/build/prestart.py: the workers a first build of `blog` would start: KaTeX's
    and MathJax's, those installed (`install_roots`: where the plugin looks for npm packages)."""
    node = find_node()
    if node is None:
        return []
    dist = find_katex(install_roots)
    mathjax = find_mathjax_root(install_roots)
    early_katex = (early_command(node, dist, blog) or worker_command(node, dist)) if dist else None
    early_mathjax = early_mathjax_command(node, blog) if mathjax else None
    return [command for command in (early_katex, early_mathjax) if command]


def warm_up(formulas: Path, install_roots: list[Path]) -> bool:
    """Run the worker over sample formulas (a TSV of MODE, SOURCE, TeX rows), then have it
    save V8's code cache, in place of one a build saved after fewer formulas (make setup).
    MathJax, when installed, then draws them too, and the worker saves MathJax's cache as its
    input ends: the first build that meets a formula KaTeX rejects loads MathJax from it
    (~0.1 s of CPU less) instead of making it. MathJax failing or stalling makes no cache and
    no error: a build makes it as before."""
    node, dist = find_node(), find_katex(install_roots)
    if node is None or dist is None:
        return False
    worker = worker_command(node, dist)
    samples = [(tex, mode == "D") for mode, _, tex in (
        line.split("\t", 2) for line in formulas.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#"))]
    requests = [{"op": "katex", "tex": tex, "display": display} for tex, display in samples]
    requests.append({"op": "katex-save-cache"})  # before MathJax's load ages KaTeX's code
    if find_mathjax_root(install_roots) is not None:
        requests += [{"op": "mathjax-load"}, {"op": "mathjax-css"},
                     *({"op": "mathjax", "tex": tex, "display": display}
                       for tex, display in samples)]
    process = spawn(worker)
    try:
        process.communicate("".join(json.dumps(r) + "\n" for r in requests).encode("utf-8"),
                            timeout=WARM_SECONDS)
    except subprocess.TimeoutExpired:  # KaTeX's cache is saved by then; MathJax's is not
        process.kill()
        process.communicate()
    forget(process)
    return True


if __name__ == "__main__":  # make setup: python plugins/math/launch.py FORMULAS.tsv
    import sys

    checkout = Path(__file__).resolve().parent.parent.parent
    if not warm_up(Path(sys.argv[1]), [checkout]):
        print("math: Node or npm's katex is not installed; no code cache made", file=sys.stderr)
