"""The command line starts the math plugin's Node workers (KaTeX's, and MathJax's when it is
installed) before its own heavy imports on a blog's first build, and the build takes those very
processes over instead of starting others."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from conftest import post
from tests.conftest import REPO
from quillpress.build import prestart
from quillpress.build.builder import Builder
from quillpress.cli import main
from tests.test_math_engines import OUT, POST, math_module, needs_node

# Each Node math worker started early: KaTeX's, then MathJax's when npm's @mathjax/src is there.
EARLY = 1 + (REPO / "node_modules" / "@mathjax" / "src" / "package.json").is_file()


@pytest.fixture
def started(monkeypatch) -> Iterator[list[Any]]:
    """What happened, in order: "setup" (the builder's) and each Node math worker started."""
    events: list[Any] = []
    popen, setup = subprocess.Popen, Builder.setup  # (the real ones)

    def recording_popen(args: Any, *rest: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process = popen(args, *rest, **kwargs)
        if any(str(arg).endswith("math_worker.js") for arg in args):
            events.append(process)
        return process

    def recording_setup(self: Builder) -> None:
        events.append("setup")
        setup(self)

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    monkeypatch.setattr(Builder, "setup", recording_setup)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # a second core to start it on
    yield events
    prestart._wait_at_exit()  # what the builds released, or left when they failed: ended


@needs_node
def test_a_first_build_uses_the_node_worker_started_before_its_imports(make_blog, started):
    blog = make_blog(files={POST: post("P", "$x^2$ and $y$")})
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    *early, setup = started
    assert len(early) == EARLY and setup == "setup"  # the Nodes, started first
    assert 'class="katex"' in blog.read(OUT)
    started.clear()
    blog.write(POST, post("P", "$x^2$ and $y$, again"))
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    assert started == ["setup"]  # a cache folder: nothing early, and the formulas were cached


@needs_node
def test_a_first_build_without_math_ends_the_worker_it_did_not_need(make_blog, started):
    blog = make_blog(files={POST: post("P", "No formula here.")})
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    *early, setup = started
    assert len(early) == EARLY and setup == "setup"
    for process in early:  # not left idle: its stdin closed with the build, it ends by itself
        process.wait(timeout=5)
    assert "katex" not in blog.read(OUT)


# The forms of config that turn math off (config files, each as YAML text), and some that
# leave it on: a `math:` section of a Hexo theme's keys, and `enable: off`, text in YAML 1.2.
MATH_OFF = [["math: false\n"], ["math:\n  enable: false  # no math\n"], ["math: {enable: 0}\n"],
            ["plugins:\n  disabled:\n    - math\n"], ["plugins: {disabled: math}\n"],
            ["math:\n  every_page: false\n", "math:\n  enable: false\n"],  # --config a,b
            ['"math": false\n'], ["'math': false\n"], ["'math':\n  'enable': false\n"],  # quoted
            ['"plugins": {"disabled": ["math"]}\n']]
MATH_ON = [["math:\n  engine: katex\n"], ["math:\n  enable: off\n"],
           ["math: false\n", "math:\n  every_page: true\n"], ["math: [\n"],  # (bad YAML)
           ['math: false\n"math": true\n']]  # a quoted key written again: the later wins


@needs_node
@pytest.mark.parametrize("configs", MATH_OFF + MATH_ON)
def test_a_first_build_with_math_turned_off_starts_no_node(make_blog, started, configs):
    """A blog whose config turns math off starts no Node before its imports (before, KaTeX's
    and MathJax's, each ended unused at the end, MathJax's after reading the sources for its
    hint). Its pages are those of a build that started none."""
    blog = make_blog(files={POST: post("P", "$x^2$ and $y$")})
    names = [f"c{n}.yml" for n in range(len(configs))]
    for name, text in zip(names, configs):
        blog.write(name, "title: Test blog\nurl: http://example.com\ntimezone: UTC\n" + text)
    args = ["--quiet", "--cwd", str(blog.root), "--config", ",".join(names), "build"]
    plain = blog.root.parent / "plain"
    shutil.copytree(blog.root, plain)
    code = main(args)
    *early, setup = started
    assert setup == "setup" and len(early) == (0 if configs in MATH_OFF else EARLY)
    if configs == ["math: [\n"]:
        assert code == 1  # the build reports the broken file; the Nodes were started as before
        return
    assert code == 0
    assert (configs in MATH_OFF) == ("katex" not in blog.read(OUT))
    with pytest.MonkeyPatch.context() as one_core:  # nothing started early: a single core
        one_core.setattr(os, "cpu_count", lambda: 1)
        assert main([*args[:2], str(plain), *args[3:]]) == 0
    site = sorted(path.relative_to(blog.public) for path in blog.public.rglob("*"))
    assert site == sorted(path.relative_to(plain / "site") for path in (plain / "site").rglob("*"))
    assert blog.read(OUT) == (plain / "site" / OUT).read_text(encoding="utf-8")


# Config files prestart reads otherwise than the config loader (it parses only the top-level
# `math:` and `plugins:` lines, the key plain or quoted): each costs time only, a Node started
# for nothing or none started early, never a page. (YAML text, whether math is on.)
MISREAD = [
    ("theme_config: {\nmath: false\n}\n", True),  # `math:` inside a flow map, at column 0
    ('description: "maths\nmath: false\n"\n', True),  # ... inside a quoted text's next line
    ('"\\x6Dath": false\n', False),  # a key with an escape: Nodes started for nothing
    ("no: &no false\nmath: *no\n", False),  # an alias of a line not read here
    ("{title: Test blog, math: false}\n", False),  # a flow map for the whole file
    ("math:\r\n  enable: false\r\n", False),  # CRLF, and a tab after the colon
    ("math:\tfalse\n", False),
    ("theme_config:\n  math:\n    enable: false\n", True),  # a theme's key, not the plugin's
]


@needs_node
@pytest.mark.parametrize("text, on", MISREAD)
def test_a_config_prestart_misreads_draws_the_pages_a_build_without_it_draws(
        make_blog, started, text, on):
    blog = make_blog(files={POST: post("P", "$x^2$ and $y$")})
    (blog.root / "_config.yml").write_bytes(text.encode("utf-8"))
    plain = blog.root.parent / "plain"
    shutil.copytree(blog.root, plain)
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    assert ('class="katex"' in blog.read(OUT)) == on
    with pytest.MonkeyPatch.context() as one_core:  # nothing started early: a single core
        one_core.setattr(os, "cpu_count", lambda: 1)
        assert main(["--quiet", "--cwd", str(plain), "build"]) == 0
    assert blog.read(OUT) == (plain / "site" / OUT).read_text(encoding="utf-8")


CAT = ["cat"]  # echoes what it is sent: the pipes work for whoever holds them


@pytest.fixture
def early_cat(tmp_path, monkeypatch) -> subprocess.Popen[bytes]:
    """`cat`, started early as a plugin's helper (CAT), in prestart's own tables for this test."""
    helper = SimpleNamespace(commands=lambda root, roots: [CAT], spawn=lambda command: (
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)))
    for name, value in (("_locators", lambda: {"helper": helper}), ("_started", {}),
                        ("_claims", {}), ("_owner", -1), ("_ending", [])):
        monkeypatch.setattr(prestart, name, value)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    prestart.launch(tmp_path)
    [early] = prestart._started.values()
    return early


def test_a_process_started_early_goes_to_the_first_that_asks_a_forked_child_too(early_cat):
    """A build that forks its render workers for every document renders nothing here: one
    of the workers takes the early process over (only one), and this process no longer can."""
    command, early = CAT, early_cat
    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:  # a render worker: 0 when it took the process over and it answered
            process = prestart.adopt(command)
            if process is None:
                os._exit(1)
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(b"ping\n")
            process.stdin.flush()
            os._exit(0 if process.poll() is None and process.stdout.readline() == b"ping\n" else 2)
        children.append(pid)
    codes = sorted(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children)
    assert codes == [0, 1]
    assert prestart.adopt(command) is None  # taken
    prestart.release()
    early.wait(timeout=5)  # its stdin closed here, by the process that started it: it ended


def test_the_render_pools_first_worker_alone_takes_over_what_was_started_early(early_cat):
    """The pool's first worker begins with the costliest item, and the process started early
    is its, even when another worker asks first (that one starts its own): KaTeX's early Node
    draws the formulas of the longest documents (katex_predraw.js), so the worker rendering
    them must be the one that gets it. A long document is parsed before its first formula is
    asked for, so its worker asked last and the drawings went to the other one."""
    from quillpress.build.parallel import fork_map

    def make(item: int) -> tuple[int, bool]:
        if item == 99:
            time.sleep(0.5)  # the longest document, parsed before its first formula
        return os.getpid(), prestart.adopt(CAT) is not None

    made = dict(fork_map(make, list(range(100)), workers=2, threshold=2, cost=lambda item: item))
    adopters = {pid for pid, adopted in made.values() if adopted}
    assert adopters == {made[99][0]} and os.getpid() not in adopters
    prestart.release()
    early_cat.wait(timeout=5)


def _all_end(pids: list[int], seconds: float = 5.0) -> bool:
    """Whether all these processes end within `seconds` (none is left running, idle)."""
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie waiting to be reaped has ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@needs_node
@pytest.mark.parametrize("broken", [False, True])
def test_a_forked_build_starts_one_katex_node_in_all_and_leaves_none(
        make_blog, monkeypatch, tmp_path, broken):
    """Every post has formulas, so the build forks its render workers for every document and
    renders none here: the KaTeX Node started before the imports goes to one of the workers
    instead of idling here while each worker starts its own (one Node start and KaTeX load,
    ~40-60 ms of CPU, saved). Every Node, in any process, ends with the build (its stdin
    closed; one released at the end of the build exits meanwhile), also when it fails."""
    log = tmp_path / "nodes.log"  # shared by the forked workers, which record in it too
    popen = subprocess.Popen

    def recording_popen(args: Any, *rest: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process = popen(args, *rest, **kwargs)
        if any(str(arg).endswith("math_worker.js") for arg in args):
            kind = "katex" if any(str(arg).endswith("katex.min.js") for arg in args) else "mathjax"
            with log.open("a", encoding="ascii") as out:
                out.write(f"{kind} {process.pid}\n")
        return process

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    files = {f"content/_posts/p{n}.md": post(f"P{n}", f"$x^{n}$ and $$\\sum_i y_{n}$$")
             for n in range(60)}
    if broken:  # a post the build cannot place: an error, exit status 1 (the others render)
        files["content/_posts/p7.md"] = "---\ntitle: P7\npermalink: ../../etc/x\n---\n$x$\n"
    blog = make_blog(files=files)
    code = main(["--quiet", "--cwd", str(blog.root), "build", "--workers", "2"])
    nodes = [line.split() for line in log.read_text(encoding="ascii").splitlines()]
    # two render workers, one KaTeX Node each: the first is the one started early (before,
    # a third: the early one, taken here and idle)
    assert [kind for kind, _ in nodes].count("katex") == 2
    assert _all_end([int(pid) for _, pid in nodes])
    if broken:
        assert code == 1
    else:
        assert code == 0
        assert 'class="katex"' in blog.read("2024/01/02/p59/index.html")


@needs_node
@pytest.mark.parametrize("forked", [False, True])
def test_a_node_started_early_that_stopped_says_why_and_what_status_is_known(
        make_blog, monkeypatch, tmp_path, forked):
    """The error each formula gets when the Node taken over from the command line had
    stopped: Node's own complaint, and its exit status only where it is known. A forked render
    worker cannot read the status of a process its parent started (Python made up "exit
    status 0" for it); it says so, and how to see the status."""
    node_worker = math_module(make_blog, "node_worker")
    engine_error = sys.modules["quillpress_plugin_math.engine"].MathError
    dist = REPO / "node_modules" / "katex" / "dist"
    worker = node_worker.NodeWorker(shutil.which("node"), dist)
    worker.command.insert(1, "--no-such-option-for-quillpress")  # Node stops at once
    math_launch = prestart._locators()["math"]  # launch.py as the command line loads it, alone
    helper = SimpleNamespace(commands=lambda root, roots: [worker.command], spawn=math_launch.spawn)
    for name, value in (("_locators", lambda: {"helper": helper}), ("_started", {}),
                        ("_claims", {}), ("_owner", -1), ("_ending", [])):
        monkeypatch.setattr(prestart, name, value)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    prestart.launch(tmp_path)
    said = tmp_path / "said.txt"
    pid = os.fork() if forked else -1
    if pid <= 0:  # the process that takes the early Node over: a render worker, or this one
        try:
            worker.ask({"op": "katex", "tex": "x", "display": False}, 5)
        except engine_error as exc:
            said.write_text(str(exc), encoding="utf-8")
        finally:
            if pid == 0:
                os._exit(0)
    else:
        os.waitpid(pid, 0)
    prestart.release()
    message = said.read_text(encoding="utf-8")
    complaint = "node: bad option: --no-such-option-for-quillpress"  # after Node's path
    if forked:
        assert message.startswith("the Node math worker stopped (")
        assert message.endswith(f"{complaint}; exit status unknown: a render worker cannot read "
                                "the status of a Node its parent started; build with --workers "
                                "1 to see it)")
    else:
        assert message.startswith("the Node math worker stopped (exit status 9: ")
        assert message.endswith(f"{complaint})")
