"""MathJax draws in a Node worker of its own, never in KaTeX's, so that its load does not hold
up the KaTeX formulas queued behind it. A cold build starts that worker before its imports
when the blog's sources hold a construct KaTeX is known to reject (launch.py's
LIKELY_REJECTED), and it loads MathJax at once; otherwise no Node starts for it before the
first formula KaTeX rejects, if any, as on a later build."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import post
from quillpress.build import prestart
from quillpress.build.builder import Builder
from quillpress.cli import main
from tests.test_math_engines import OUT, POST, REPO, math_module_file
from tests.test_math_fallback import needs_mathjax
from tests.test_math_known_rejects import PACKAGE

# MathJax's discretionary times, as Hexo blogs wrote it for their MathJax; KaTeX rejects it.
STARRED = r"V^{\*}(s) = \max_{\pi} V^{\pi}(s)"
# KaTeX rejects it too, but it is none of LIKELY_REJECTED: MathJax loads when it is met.
UNFORESEEN = r"\idotsint_V f"


def early_replies(blog: Path) -> list[dict[str, Any]]:
    """What the MathJax worker a cold build of `blog` starts early writes when asked to load
    MathJax: Node's ready line and its reply, which says whether MathJax had loaded as it
    started ("ahead"); or only launch.py's NO_HINT when no Node started."""
    launch = math_module_file("launch")
    process = launch.spawn(launch.early_mathjax_command(shutil.which("node"), blog))
    out, _ = process.communicate(b'{"op": "mathjax-load"}\n', timeout=60)
    launch.forget(process)
    return [json.loads(line) for line in out.splitlines()]


def loaded_ahead(blog: Path) -> bool | None:
    """Whether the early worker loaded MathJax as it started; None: it started no Node."""
    replies = early_replies(blog)
    if replies == [{"hint": False}]:
        return None
    ready, reply = replies
    assert ready["ready"] is True
    return bool(reply["ahead"])


@needs_mathjax
def test_the_early_worker_starts_node_and_mathjax_only_when_the_sources_hint_at_it(tmp_path):
    nested = tmp_path / "source" / "_posts" / "notes"
    nested.mkdir(parents=True)
    (nested / "mdp.md").write_text(f"---\ntitle: MDP\n---\n$$\n{STARRED}\n$$\n")
    assert loaded_ahead(tmp_path) is True
    # content/ (QuillPress's own folder) is read when it exists, as a build would read it
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "p.md").write_text(f"$$\n{UNFORESEEN}\n$$\n")
    assert loaded_ahead(tmp_path) is None
    (tmp_path / "content" / "q.MARKDOWN").write_text("$h_\\boldsymbol{\\theta}(x)$\n")
    assert loaded_ahead(tmp_path) is True


# What a build can ask of MathJax: the blog's macros, packages loaded by \\require and by first
# use, \\tag, a formula MathJax rejects (its message is the page's) and the stylesheet.
MATHJAX_REQUESTS = [
    {"op": "mathjax-reset", "macros": {"\\RR": "\\mathbb{R}", "\\pr": "P(#1)"}},
    {"op": "mathjax", "tex": "\\RR \\pr{x} = 1 \\tag{2}", "display": True},
    {"op": "mathjax", "tex": "\\require{physics} \\dv{f}{x} \\require{cancel} \\cancel{y}",
     "display": True},
    {"op": "mathjax", "tex": "\\bbox[4px]{x} \\mathfrak{A} \\unicode{x1D400}", "display": False},
    {"op": "mathjax", "tex": "\\frac{1}{", "display": False},
    {"op": "mathjax", "tex": "\\require{nonexistent} x", "display": False},
    {"op": "mathjax-css"},
]


def mathjax_replies(cache: Path, other_checkout: bool = False) -> list[str]:
    """The worker's replies to loading MathJax and MATHJAX_REQUESTS, its code cache in `cache`;
    with `other_checkout`, as another checkout's worker (another KaTeX digest and Node flag,
    so caches of other names) sharing that folder."""
    launch = math_module_file("launch")
    command = launch.worker_command(shutil.which("node"), launch.find_katex([REPO]))
    command[-2] = str(cache)  # the code cache folder, before the digest
    if other_checkout:
        command[-1] = "00000000000000bb"
        command.insert(1, "--no-warnings")
    process = launch.spawn(command)
    requests = [{"op": "mathjax-load"}, *MATHJAX_REQUESTS]
    out, _ = process.communicate("".join(json.dumps(r) + "\n" for r in requests).encode(),
                                 timeout=60)
    launch.forget(process)
    return out.decode("latin-1").split("\n", 2)[1:]  # after KaTeX's ready line


@needs_mathjax
def test_mathjax_loads_from_v8s_code_cache_after_the_first_worker_and_draws_the_same(tmp_path):
    """MathJax's load was most of the CPU a blog with a few formulas KaTeX rejects paid for
    them: the first worker leaves V8's code cache of MathJax's files, the next loads from it.
    A damaged or unwritable cache changes nothing a page shows: it is made again."""
    cache = tmp_path / "code-cache"
    first_load, first = mathjax_replies(cache)
    assert json.loads(first_load)["code_cache"] == "none"
    [saved] = cache.glob("mathjax-*.bin")
    assert saved.stat().st_size > 100_000
    load, replies = mathjax_replies(cache)
    assert json.loads(load)["code_cache"] == "used"
    assert replies == first
    assert "Missing close brace".encode("utf-16le").decode("latin-1") in first  # its message
    saved.write_bytes(b"\x10\x00\x00\x00[[\"not\", 4]]\x00\x00\x00\x00not a code cache")
    load, replies = mathjax_replies(cache)
    assert (json.loads(load)["code_cache"], replies) == ("none", first)
    assert saved.stat().st_size > 100_000  # rejected, then made again
    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the cache folder would go")
    load, replies = mathjax_replies(blocked)
    assert (json.loads(load)["code_cache"], replies) == ("none", first)


def install_root(folder: Path) -> Path:
    """A folder whose node_modules holds this checkout's KaTeX and MathJax, and a code-cache
    folder of its own (node_modules/.cache/quillpress)."""
    (folder / "node_modules").mkdir(parents=True)
    for package in ("katex", "@mathjax"):
        (folder / "node_modules" / package).symlink_to(REPO / "node_modules" / package)
    return folder / "node_modules" / ".cache" / "quillpress"


@needs_mathjax
def test_set_up_leaves_mathjax_s_code_cache_so_the_first_build_loads_from_it(tmp_path):
    """make setup's warm-up makes MathJax's code cache beside KaTeX's: the first build that
    meets a formula KaTeX rejects loads MathJax from it (before, it made it), drawing the
    same as without it."""
    cache = install_root(tmp_path / "install")
    assert math_module_file("launch").warm_up(REPO / "tests" / "data" / "math_formulas.tsv",
                                              [tmp_path / "install"])
    load, replies = mathjax_replies(cache)
    assert json.loads(load)["code_cache"] == "used"
    assert replies == mathjax_replies(tmp_path / "no-cache")[1]


# In node_modules/.cache/quillpress: what older versions of QuillPress, KaTeX, MathJax or Node
# wrote there (and a worker or set-up stopped while writing left), and what is not QuillPress's.
STALE_CACHES = ["katex-v18.19.0-x64-0123456789abcdef.bin", "katex-v20.20.2-x64-0123456789abcdef.bin",
                "katex-v20.20.2-x64-0123456789abcdef.bin.4242.tmp",
                "mathjax-4.0.0-v20.20.2-x64-fedcba9876543210.bin",
                "mathjax-4.1.3-v20.20.2-x64-fedcba9876543210.bin.77.tmp",
                "mathjax-names-4.0.0-0123456789abcdef.json",
                "mathjax-names-4.1.3-fedcba9876543210.json.tmp"]
NOT_OURS = ["notes.txt", "katex-notes.bin", "katex-v20.20.2-x64-mine.bin", "katex.bin",
            "mathjax-4.1.3-v20.20.2-x64-0123456789abcdef.bin.bak", "mathjax-names.json", ".warmed"]
# Another checkout's, sharing node_modules and written within the day: kept.
RECENT = ["katex-v20.20.2-x64-00000000000000aa.bin", "mathjax-4.1.3-v20.20.2-x64-00000000000000aa.bin",
          "mathjax-names-4.1.3-00000000000000aa.json"]


@needs_mathjax
def test_a_new_cache_removes_older_versions_of_its_kind_and_nothing_else(tmp_path):
    """KaTeX's and MathJax's code caches and MathJax's names are named by the versions that
    made them, so each update left one more file (0.5-4 MB) that nothing read again. Writing
    one removes those of its kind written over a day ago; one written since (another checkout
    sharing node_modules may use it), a folder or a file of another name stays."""
    cache = tmp_path / "cache"
    cache.mkdir()
    long_ago = time.time() - 2 * 24 * 3600
    for name in [*STALE_CACHES, *NOT_OURS, *RECENT]:
        (cache / name).write_bytes(b"not a cache")
        if name not in RECENT:
            os.utime(cache / name, (long_ago, long_ago))
    folder = "mathjax-4.0.0-v20.20.2-x64-0123456789abcdef.bin"
    (cache / folder).mkdir()
    os.utime(cache / folder, (long_ago, long_ago))
    mathjax_replies(cache)  # writes KaTeX's code cache and MathJax's
    names = math_module_file("mathjax_names")
    assert names.make(shutil.which("node"), cache / names.names_file(PACKAGE).name)
    made = set(os.listdir(cache)) - {*NOT_OURS, *RECENT, folder}
    assert not made & set(STALE_CACHES)
    assert sorted(name[:9] for name in made) == ["katex-v20", "mathjax-4", "mathjax-n"]  # ours


@needs_mathjax
def test_caches_a_checkout_reads_stay_however_long_ago_they_were_written(tmp_path):
    """A checkout's code caches and MathJax names, written by its set-up days ago and read by
    each of its builds since, stay when another checkout sharing node_modules writes its own:
    they were removed a day after they were written, and the names, which only set-up makes,
    never came back (each build then asked MathJax about every formula KaTeX rejects)."""
    cache = tmp_path / "cache"
    mathjax_replies(cache)  # this checkout's set-up: KaTeX's and MathJax's code caches
    names = math_module_file("mathjax_names")
    ours = cache / names.names_file(PACKAGE).name
    assert names.make(shutil.which("node"), ours)
    long_ago = time.time() - 2 * 24 * 3600
    for path in cache.iterdir():
        os.utime(path, (long_ago, long_ago))
    written = sorted(os.listdir(cache))
    version = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    assert names.load(ours, version) is not None  # this checkout builds: it reads them all
    load, _ = mathjax_replies(cache)
    assert json.loads(load)["code_cache"] == "used"
    mathjax_replies(cache, other_checkout=True)  # the other checkout builds, then sets up
    assert names.make(shutil.which("node"), cache / "mathjax-names-0.0.0-00000000000000bb.json")
    assert set(written) <= set(os.listdir(cache))


@needs_mathjax
def test_the_hint_reads_only_the_source_folders_own_files(tmp_path):
    """A symlinked folder (another blog's, a loop) is not looked into, nor a FIFO named like a
    post read (that read would never end, and MathJax would never answer)."""
    blog, elsewhere = tmp_path / "blog", tmp_path / "elsewhere"
    (blog / "source" / "_posts").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "mdp.md").write_text(f"$$\n{STARRED}\n$$\n")
    (blog / "source" / "_posts" / "shared").symlink_to(elsewhere, target_is_directory=True)
    (blog / "source" / "_posts" / "loop").symlink_to(blog / "source", target_is_directory=True)
    (blog / "source" / "_posts" / "link.md").symlink_to(elsewhere / "mdp.md")
    os.mkfifo(blog / "source" / "_posts" / "pipe.md")
    assert loaded_ahead(blog) is None
    (blog / "source" / "_posts" / "own.md").write_text(f"$$\n{STARRED}\n$$\n")
    assert loaded_ahead(blog) is True


@pytest.fixture
def nodes(tmp_path, monkeypatch) -> Path:
    """A log of the command line of every Node started, by this process, a forked render
    worker or the early worker's shell: `node` on PATH is a script that writes it first."""
    real, folder, log = shutil.which("node"), tmp_path / "bin", tmp_path / "nodes.log"
    assert real is not None
    folder.mkdir()
    (folder / "node").write_text(f'#!/bin/sh\necho "$*" >> {shlex.quote(str(log))}\n'
                                 f'exec {shlex.quote(real)} "$@"\n')
    (folder / "node").chmod(0o755)
    log.touch()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # a second core to start them on
    yield log
    prestart._wait_at_exit()


def mathjax_nodes(log: Path) -> int:
    return sum("math_worker.js" in line and "katex.min.js" not in line
               for line in log.read_text().splitlines())


@needs_mathjax
@pytest.mark.parametrize("posts", [1, 60])  # 60: forked render workers, one takes it over
@pytest.mark.parametrize("formula, drawn_by_mathjax", [
    ("\\sum_i x_i", False), (UNFORESEEN, True), (STARRED, True)])
def test_a_first_build_starts_mathjax_s_node_only_for_a_hint_or_a_formula_katex_rejects(
        make_blog, nodes, capsys, posts, formula, drawn_by_mathjax):
    """A blog whose sources hold none of LIKELY_REJECTED starts no Node for MathJax when KaTeX
    draws all its formulas, and one, silently, at the first formula KaTeX rejects."""
    body = f"$x$ then\n\n$$\n{formula}\n$$\n"
    blog = make_blog(files={f"content/_posts/p{n}.md": post(f"P{n}", body) for n in range(posts)})
    assert main(["--quiet", "--cwd", str(blog.root), "build", "--workers", "2"]) == 0
    said = capsys.readouterr().err  # the warnings
    assert "stopped" not in said and "exit status" not in said
    assert ("mathjax drew it" in said) == drawn_by_mathjax
    # one Node for MathJax in each process that drew with it (one, or each render worker)
    started = mathjax_nodes(nodes)
    assert started == 0 if not drawn_by_mathjax else 1 <= started <= min(posts, 2)
    for n in range(posts):
        page = blog.read(f"2024/01/02/p{n}/index.html")
        assert len(re.findall("<mjx-container", page)) == drawn_by_mathjax


@pytest.fixture
def workers(monkeypatch) -> list[Any]:
    """What happened, in order: "setup" (the builder's), each Node math worker started
    ("started", "katex" or "mathjax"), each request written to one ("sent", "katex" or
    "mathjax", its op) and each reply `ask` had ("reply", op, reply)."""
    events: list[Any] = []
    popen, setup = subprocess.Popen, Builder.setup

    def recording_popen(args: Any, *rest: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process = popen(args, *rest, **kwargs)
        if any(str(arg).endswith("math_worker.js") for arg in args):
            events.append(("started", kind_of(args)))
        return process

    def recording_setup(self: Builder) -> None:
        events.append("setup")
        setup(self)  # loads the plugin's modules
        worker = sys.modules["quillpress_plugin_math.node_worker"].NodeWorker
        ask, write = worker.ask, worker._write

        def recording_ask(self: Any, request: dict[str, Any], seconds: float) -> Any:
            reply = ask(self, request, seconds)
            events.append(("reply", request["op"], reply))
            return reply

        def recording_write(self: Any) -> None:
            events.extend(("sent", kind_of(self.command), op)
                          for op in re.findall(r'"op": "([\w-]+)"', self._out.decode()))
            write(self)
        monkeypatch.setattr(worker, "ask", recording_ask)
        monkeypatch.setattr(worker, "_write", recording_write)

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    monkeypatch.setattr(Builder, "setup", recording_setup)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # a second core to start them on
    return events


def kind_of(command: Any) -> str:
    return "katex" if any(str(arg).endswith("katex.min.js") for arg in command) else "mathjax"


@needs_mathjax
@pytest.mark.parametrize("formula, ahead", [(STARRED, True), (UNFORESEEN, False)])
def test_a_first_build_draws_with_the_mathjax_worker_started_before_its_imports(
        make_blog, workers, formula, ahead):
    blog = make_blog(files={POST: post("P", f"$x$ then\n\n$$\n{formula}\n$$\n\nand $y$.\n")})
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    started = [e if e == "setup" else e[1] for e in workers if e == "setup" or e[0] == "started"]
    # both before the imports; without the sources' hint, MathJax's was a shell that started
    # no Node, and one starts at the formula KaTeX rejects
    assert started == ["katex", "mathjax", "setup"] + ([] if ahead else ["mathjax"])
    [load] = [e[2] for e in workers if e[:2] == ("reply", "mathjax-load")]
    assert load["ahead"] is ahead  # loaded as it started only when the sources said so
    # no MathJax request, its load above all, waits in the KaTeX worker's queue
    sent = {kind: {e[2] for e in workers if e[:2] == ("sent", kind)} for kind in ("katex", "mathjax")}
    assert sent["katex"] == {"katex-reset", "katex"}
    assert {"mathjax-load", "mathjax"} <= sent["mathjax"] <= {
        "mathjax-load", "mathjax-reset", "mathjax", "mathjax-css"}
    page = blog.read(OUT)
    [svg] = re.findall(r"<mjx-container.*?</mjx-container>", page, re.S)
    assert "<svg" in svg and len(re.findall('class="katex"', page)) == 2  # $x$, $y$: KaTeX's



def running_nodes() -> int:
    """This process's child Node processes still running (not ended, not zombies)."""
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = stat.read_text().split(" (", 1)[1].rsplit(") ", 1)
        except OSError:  # ended meanwhile
            continue
        state, parent = fields.split()[:2]
        count += name == "node" and state != "Z" and parent == str(os.getpid())
    return count


def write_post(blog: Any, edit: int) -> None:
    """A post with a formula KaTeX draws and one only MathJax draws, new at each edit."""
    blog.write(POST, post("P", f"$x_{edit}$ and\n\n$$\n{UNFORESEEN}_{edit}\n$$\n"))


@needs_mathjax
def test_the_dev_server_ends_the_math_workers_of_the_config_it_set_up_before(make_blog):
    """`serve` sets up its builder again after each edit of _config.yml; the Node workers of
    the set-up before (KaTeX's, MathJax's) end then, not at exit (two more per edit)."""
    blog = make_blog()
    write_post(blog, 0)
    builder = Builder(blog.root, in_place=True, overrides={"_preview": True})
    before = running_nodes()  # after its set-up, which ends an earlier test's workers
    assert builder.build().ok
    assert running_nodes() - before == 2  # KaTeX's and MathJax's
    config = blog.root / "_config.yml"
    for edit in (1, 2, 3):
        config.write_text(config.read_text() + f"\n# edit {edit}\n")
        write_post(blog, edit)
        assert builder.build([config, blog.root / POST]).ok
        page = builder.config.public_path.joinpath(OUT).read_text()
        assert "mjx-container" in page and 'class="katex' in page  # both engines drew
        assert running_nodes() - before == 2
