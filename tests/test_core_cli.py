"""The command line as a user types it: help, version, list, build options."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from quillpress import __version__
from tests.conftest import REPO, ctrl_c_as_in_a_terminal


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd, env=env)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_help_and_version() -> None:
    run = cli("--help")
    assert run.returncode == 0
    for word in ("build", "clean", "list", "--drafts", "--config", "--cwd", "--debug", "--version"):
        assert word in run.stdout
    version = cli("--version")
    assert version.returncode == 0 and __version__ in version.stdout



def test_each_command_shows_its_own_help_and_loads_only_its_own_module() -> None:
    for command, option in (("build", "--no-cache"), ("g", "--workers"), ("serve", "--port"),
                            ("s", "--poll"), ("new", "--slug"), ("list", "routes"), ("init", "--ci")):
        run = cli(command, "--help")
        assert run.returncode == 0 and option in run.stdout and "global options" in run.stdout
    # a command imports its own module only (start-up time: the others' imports, their options)
    check = ("import sys; from quillpress.cli import make_parser; make_parser().parse_args(['g']); "
             "print(' '.join(m for m in sys.modules if m.startswith('quillpress.commands.')))")
    run = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=REPO)
    assert "quillpress.commands.build" in run.stdout.split(), run.stderr
    assert not {"quillpress.commands.serve", "quillpress.commands.init"} & set(run.stdout.split())


def test_a_commands_parser_answers_what_another_argparse_may_ask_of_it() -> None:
    """argparse 3.11-3.13 asks a command's parser only for parse_known_args; what another
    version might ask (its usage, help, prog) comes from the command's real parser."""
    from quillpress.cli import make_parser
    commands = next(a for a in make_parser()._actions if a.dest == "command")
    build = commands.choices["build"]
    assert "--no-cache" in build.format_help() and build.prog.endswith(" build")
    assert build.format_usage().startswith("usage: ")
    assert build.parse_known_args(["--workers", "1"])[0].workers == 1

def test_no_command_builds_and_cwd(make_blog, tmp_path: Path) -> None:
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n"})
    run = cli(cwd=blog.root)  # `python build.py` alone builds the current folder
    assert run.returncode == 0, run.stderr
    assert (blog.public / "2024/01/01/a/index.html").is_file()
    assert re.search(r"1 post, 0 pages → site/: \d+ files written", run.stderr + run.stdout)
    elsewhere = cli("--cwd", str(blog.root), "g", cwd=tmp_path)  # alias, from another folder
    assert elsewhere.returncode == 0 and "0 files written" in elsewhere.stderr + elsewhere.stdout


def test_the_command_ends_with_its_status_its_words_and_its_writes(make_blog) -> None:
    """The command ends the process itself, skipping Python's teardown: what it printed, its
    exit status, the formula cache and the site are all there, and a failed strict build
    still says why and exits 1."""
    import sqlite3

    blog = make_blog(files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n$x^2$ and [[broken]](#nowhere\n",
        "content/_posts/b.md": "---\ntitle: B\ndate: 2024-01-02\ntags: [t]\n---\n$$\\frac{1}{2}$$\n"})
    run = cli("--cwd", str(blog.root), "build")
    assert run.returncode == 0, run.stderr
    assert re.search(r"2 posts, 0 pages → site/: \d+ files written", run.stderr + run.stdout)
    assert "<math" in blog.read("2024/01/02/b/index.html")
    with sqlite3.connect(blog.root / ".quillpress-cache" / "math" / "formulas.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM formulas").fetchone()[0] >= 2
    listed = cli("--cwd", str(blog.root), "list", "tag")
    assert listed.returncode == 0 and re.search(r"^\s*t\b", listed.stdout, re.M)
    blog.write("content/_posts/c.md", "---\ntitle: C\ndate: 2024-01-03\n---\n{% nosuchtag %}\n")
    strict = cli("--cwd", str(blog.root), "build", "--strict")
    assert strict.returncode == 1
    assert "c.md" in strict.stderr


def test_config_and_drafts_options(make_blog) -> None:
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
                            "content/_drafts/d.md": "---\ntitle: D\ndate: 2024-01-02\n---\nx\n",
                            "other.yml": "permalink: posts/:title/\n"})
    assert cli("--cwd", str(blog.root), "--config", "_config.yml,other.yml", "build").returncode == 0
    assert (blog.public / "posts/a/index.html").is_file()
    assert not (blog.public / "posts/d/index.html").exists()
    assert cli("build", "--cwd", str(blog.root), "--drafts", "--config",
               "_config.yml,other.yml").returncode == 0  # options after the command work too
    assert (blog.public / "posts/d/index.html").is_file()


def test_a_config_file_given_but_missing_is_skipped_with_a_warning_as_in_hexo(make_blog) -> None:
    """`--config _config.yml,_config.next.yml` (a NexT blog's CI script) without the theme's
    file: Hexo warns and builds; QuillPress stopped with exit 1. A trailing comma or a space
    after one (`a.yml, b.yml,`) named the blog folder as a config file."""
    blog = make_blog(config={"url": "https://blog.example.org"},
                     files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
                            "other.yml": "permalink: posts/:title/\n"})
    run = cli("--cwd", str(blog.root), "--config", "_config.yml, other.yml,_config.next.yml,",
              "build")
    assert run.returncode == 0, run.stderr
    assert (blog.public / "posts/a/index.html").is_file()
    assert [line for line in run.stderr.splitlines() if line.startswith("WARN")] == [
        "WARN  config file _config.next.yml not found; skipped, as Hexo does"]
    run = cli("--cwd", str(blog.root), "--config", "nosuch.yml", "build")
    assert run.returncode == 0, run.stderr
    assert "config file nosuch.yml not found; _config.yml read instead" in run.stderr
    assert (blog.public / "2024/01/01/a/index.html").is_file()


def test_list_commands_aligned(make_blog) -> None:
    blog = make_blog(files={
        "content/_posts/a.md": "---\ntitle: 中文标题\ndate: 2024-01-01\ntags: [甲, beta]\n"
                               "categories: [Lang, Py]\n---\nx\n",
        "content/_posts/b.md": "---\ntitle: An English title\ndate: 2024-01-02\ntags: beta\n---\nx\n",
    })
    posts = cli("--cwd", str(blog.root), "list", "posts")
    assert posts.returncode == 0, posts.stderr
    rows = [line for line in posts.stdout.splitlines() if "2024-01-0" in line]
    assert len(rows) == 2
    header = posts.stdout.splitlines()[0]
    column = width(header[: header.index("Path")])
    for row in rows:  # the Path column starts at the same display column on every row
        start = row.index("2024/01/0")
        assert width(row[:start]) == column, (header, row)
    tags = cli("--cwd", str(blog.root), "list", "tags").stdout
    assert re.search(r"^beta\s+2\s+tags/beta/", tags, re.M) and re.search(r"^甲\s+1\s+tags/甲/", tags, re.M)
    cats = cli("--cwd", str(blog.root), "list", "categories").stdout
    assert "categories/Lang/Py/" in cats
    routes = cli("--cwd", str(blog.root), "list", "routes").stdout
    assert "2024/01/01/a/index.html" in routes and "tags/beta/index.html" in routes
    assert not blog.public.exists()  # listing builds nothing


def test_list_with_a_broken_post_lists_the_rest_and_names_it(make_blog) -> None:
    """A post whose front-matter cannot be read is left out, as a build leaves it (and Hexo):
    the list says which, naming its line, and exits 0 as the build does."""
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: Fine\ndate: 2024-01-01\n---\nx\n",
                            "content/_posts/b.md": "---\ntitle: [\n---\nx\n"})
    listed = cli("--cwd", str(blog.root), "list", "posts")
    assert listed.returncode == 0, listed.stderr
    assert "Fine" in listed.stdout and "content/_posts/b.md:" in listed.stderr
    assert "left out of the site" in listed.stderr


def test_list_of_a_blog_without_its_source_folder_is_an_error_not_a_bug(make_blog) -> None:
    """The folder's error was printed, then list failed on the model it never made:
    'unexpected error (a bug in QuillPress…)', exit 2, for a folder the user can create."""
    blog = make_blog()
    shutil.rmtree(blog.root / "content")
    listed = cli("--cwd", str(blog.root), "list", "posts")
    assert listed.returncode == 1, listed.stderr
    assert "source folder not found" in listed.stderr and "unexpected" not in listed.stderr


def test_list_and_doctor_print_their_table_with_no_build_lines_before_it(make_blog) -> None:
    """The answer of `list` and `doctor` is their table: the math plugin's line on how it
    reads escapes inside math (a build's news) was printed above it, at every call."""
    blog = make_blog(config={"math": {"escapes": "marked"}},
                     files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n$x$\n"})
    built = cli("--cwd", str(blog.root), "build")
    assert "math: Markdown escapes inside math" in built.stderr  # a build still says it
    for command in (["list", "posts"], ["doctor"]):
        run = cli("--cwd", str(blog.root), *command)
        assert run.returncode == 0 and run.stderr == "", run.stderr
        assert run.stdout.split()[0] in ("Date", "Source")  # the table comes first


def test_a_deploy_that_does_not_build_says_nothing_of_the_build(make_blog, tmp_path) -> None:
    """`deploy` without -g loads the plugins to read the config, and the math plugin's line
    on how a build reads escapes inside math came before "local: … copied"; a build that
    reads the sources, `deploy -g`'s too, still says it once."""
    blog = make_blog(config={"url": "https://blog.example.org", "math": {"escapes": "marked"},
                             "deploy": {"type": "local", "path": str(tmp_path / "www")}},
                     files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n$x$\n"})
    built = cli("--cwd", str(blog.root), "build")
    assert built.stderr.count("math: Markdown escapes inside math") == 1, built.stderr
    deployed = cli("--cwd", str(blog.root), "deploy")
    assert deployed.returncode == 0, deployed.stderr
    assert "math:" not in deployed.stderr and "local: " in deployed.stderr, deployed.stderr
    blog.write("content/_posts/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n$y$\n")
    both = cli("--cwd", str(blog.root), "deploy", "-g")
    assert both.stderr.count("math: Markdown escapes inside math") == 1, both.stderr


def test_an_error_raised_as_ctrl_c_unwinds_is_a_stop_not_a_bug(monkeypatch, capsys) -> None:
    """Two quick Ctrl+C could break a lock of Python's as it was taken back: the command then
    ended with 'release unlocked lock' reported as an unexpected error (exit 2)."""
    from quillpress import cli
    from quillpress.commands import init

    def stopped_inside_a_lock(_args: object) -> int:
        try:
            raise KeyboardInterrupt
        finally:
            raise RuntimeError("release unlocked lock")

    monkeypatch.setattr(init, "run", stopped_inside_a_lock)
    assert cli.main(["init", "somewhere"]) == 130
    assert "unexpected error" not in capsys.readouterr().err

    def plain_bug(_args: object) -> int:
        raise RuntimeError("a real bug")

    monkeypatch.setattr(init, "run", plain_bug)
    assert cli.main(["init", "somewhere"]) == 2
    assert "unexpected error" in capsys.readouterr().err


WAITER = """
import signal, threading, time
from quillpress.commands.foreground import wait_until_stopped

def say_when_waiting():  # SIGINT's handler is set last: before it, a Ctrl+C would raise
    while signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        time.sleep(0.01)
    print("waiting", flush=True)

threading.Thread(target=say_when_waiting, daemon=True).start()
wait_until_stopped()
print("stopped", flush=True)
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_signal_ends_the_wait_and_lets_the_command_finish(signum: int) -> None:
    """Ctrl+C or SIGTERM ends `serve`'s wait without an exception, so it stops its threads
    (and exits 0) however close behind each other the signals come."""
    proc = subprocess.Popen([sys.executable, "-c", WAITER], cwd=REPO, stdout=subprocess.PIPE,
                            text=True, preexec_fn=ctrl_c_as_in_a_terminal)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "waiting"
    proc.send_signal(signum)
    out, _ = proc.communicate(timeout=15)
    assert (proc.returncode, out.strip()) == (0, "stopped")


def test_main_called_in_a_program_leaves_the_garbage_collector_as_it_was(make_blog) -> None:
    """A one-off `build` process pauses the collector during set-up, then collects its
    youngest objects less often and freezes the heap between stages (build/heap.py,
    `Builder._settle`); a program that calls `main` many times (as these tests do) keeps the
    collector running, with its own thresholds, and nothing frozen: every builder's cycles
    would stay."""
    import gc

    from quillpress.cli import main

    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n"})
    frozen, threshold = gc.get_freeze_count(), gc.get_threshold()
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen and gc.get_threshold() == threshold
    run = cli("--quiet", "--cwd", str(blog.root), "build", "--no-cache")  # the one-off process
    assert run.returncode == 0 and "<p>x</p>" in blog.read("2024/01/01/a/index.html")


def test_the_command_collects_garbage_after_build_py_paused_the_collector_for_its_imports() -> None:
    """build.py pauses the collector while the command line is imported; the command itself
    (a dev server lives for hours) runs with it on again."""
    script = ("import runpy, sys\n"
              "import quillpress.cli as cli\n"  # what build.py imports, patched before it runs
              "cli.main = lambda argv: print('collecting' if __import__('gc').isenabled() else 'paused') or 0\n"
              f"sys.argv = [{str(REPO / 'build.py')!r}]\n"
              f"runpy.run_path({str(REPO / 'build.py')!r}, run_name='__main__')\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout.strip()) == (0, "collecting")


@pytest.mark.parametrize(("workers", "collecting"), [(1, True), (2, False)])
def test_a_one_off_build_keeps_collecting_where_it_makes_its_pages_itself(
        make_blog, monkeypatch, workers, collecting) -> None:
    """A one-off build's main process turns its collector off after its first stage
    (heap.settle) when forked workers make its pages; a build of one process makes them
    itself, and a theme's template that defines a macro leaves a cycle every page, which
    it must go on collecting."""
    import gc

    from quillpress.build import heap
    from quillpress.builder import Builder

    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n"})
    monkeypatch.setattr(heap, "_one_command", True)
    try:
        assert Builder(blog.root, workers=workers, trust_manifest=True).build().ok
        assert gc.isenabled() is collecting
    finally:
        gc.unfreeze()
        gc.enable()
