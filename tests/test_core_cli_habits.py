"""Hexo's command-line habits: `g -d`, `generate --watch`, help once, a blog found upward."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import REPO
from tests.test_core_cli import cli

POST = "---\ntitle: A\ndate: 2024-01-01\n---\nfirst words\n"


def test_generate_deploy_short_and_long(make_blog, tmp_path: Path) -> None:
    """`deploy -g` said what it deployed but not what it built (nor how long it took), where
    `g -d` says both."""
    for flags in (["g", "-d"], ["generate", "--deploy"], ["deploy", "-g"]):
        dest = tmp_path / f"www{flags[0]}{len(flags[1])}"
        blog = make_blog(config={"deploy": {"type": "local", "path": str(dest)},
                                 "url": "https://me.example.org"},
                         files={"content/_posts/a.md": POST})
        run = cli("--cwd", str(blog.root), *flags)
        assert run.returncode == 0, run.stderr
        assert "first words" in (dest / "2024/01/01/a/index.html").read_text()
        assert "local:" in run.stderr  # the deploy step reported what it copied
        built = run.stderr.index("1 post, 0 pages → site/: ")  # and the build step, first
        assert built < run.stderr.index("local:"), run.stderr


def test_generate_watch_rebuilds_on_save(make_blog) -> None:
    blog = make_blog(files={"content/_posts/a.md": POST})
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--cwd", str(blog.root),
                             "generate", "--watch"], stderr=subprocess.PIPE, text=True)
    watching = threading.Event()  # set when it prints that the watcher has started

    def read_log() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if "watching" in line:
                watching.set()

    threading.Thread(target=read_log, daemon=True).start()
    try:
        page = blog.public / "2024/01/01/a/index.html"
        deadline = time.monotonic() + 60
        while not (page.is_file() and "first words" in page.read_text()):
            assert time.monotonic() < deadline and proc.poll() is None, "first build never came"
            time.sleep(0.1)
        assert watching.wait(60), "it never said it was watching"
        blog.write("content/_posts/a.md", POST.replace("first words", "second words"))
        while "second words" not in page.read_text():
            assert time.monotonic() < deadline and proc.poll() is None, "no rebuild after the save"
            time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.returncode == 0


def test_clean_and_list_help_describe_them() -> None:
    for command, words in (("clean", "Delete the output folder"), ("list", "aligned table")):
        run = cli(command, "--help")
        assert run.returncode == 0 and words in run.stdout, run.stdout


def test_help_of_commands_that_write_sources_names_a_hexo_blogs_source_folder() -> None:
    # A Hexo user's posts are under source/, not content/: help that named only content/
    # sent them looking for a folder their blog does not have.
    for command in ("new", "publish"):
        text = " ".join(cli(command, "--help").stdout.split())
        assert "source/ in a Hexo one" in text and "content/ in a new blog" in text, (command, text)
    assert "a Hexo blog: source/ into public/" in cli("--help").stdout


def test_global_options_described_once() -> None:
    top = cli("--help").stdout
    assert "--cwd DIR" in top and "--drafts" in top
    for command in ("build", "serve", "clean", "list", "new", "deploy"):
        text = cli(command, "--help").stdout
        assert "--cwd" not in text.split("global options")[0], (command, text)
        assert "global options (--cwd, --config" in " ".join(text.split()), command


def test_global_options_still_work_after_the_command(make_blog) -> None:
    blog = make_blog(config={"url": "https://me.example.org"}, files={"content/_posts/a.md": POST})
    run = cli("build", "--cwd", str(blog.root), "--quiet")
    assert run.returncode == 0 and run.stderr == "", run.stderr


def test_build_from_a_subfolder_finds_the_blog(make_blog) -> None:
    blog = make_blog(files={"content/_posts/a.md": POST})
    inside = blog.root / "content/_posts"
    run = cli("build", cwd=inside)
    assert run.returncode == 0, run.stderr
    assert f"using the blog in {blog.root.resolve()} (found _config.yml there)" in run.stderr
    assert (blog.public / "2024/01/01/a/index.html").is_file()
    assert sorted(p.name for p in inside.iterdir()) == ["a.md"]  # no stray cache or site


def test_no_blog_here_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "notes"
    empty.mkdir()
    for command in (["build"], [], ["list", "posts"], ["clean"], ["serve"]):
        run = cli(*command, cwd=empty)
        assert run.returncode == 1, (command, run.stderr)
        assert "no QuillPress or Hexo blog here (no _config.yml" in run.stderr
        assert "unexpected" not in run.stderr
        assert list(empty.iterdir()) == []  # no .quillpress-cache, no site/


def test_no_blog_here_suggests_init_as_the_user_typed_the_command(tmp_path: Path) -> None:
    """Typed as `python build.py`, the hint named `quillpress init`, a command the shell has
    only once QuillPress is installed."""
    run = cli("list", "posts", cwd=tmp_path)
    assert run.returncode == 1
    assert f"start one with `python {REPO / 'build.py'} init`" in run.stderr
    assert "quillpress init" not in run.stderr
    assert f"`python {REPO / 'build.py'} --help` describes them" in cli("build", "--help").stdout


def test_a_python_without_quillpress_packages_is_told_which_python_to_use(make_blog) -> None:
    """`python build.py` with the shell's Python instead of the venv's (the README's commands
    say `python`) ended in "unexpected error (a bug in QuillPress or a plugin)", exit 2.
    `-S` leaves site-packages out, as a Python without the packages has them."""
    blog = make_blog(files={"content/_posts/a.md": POST})
    run = subprocess.run([sys.executable, "-S", str(REPO / "build.py"), "--cwd", str(blog.root),
                          "list", "posts"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    first, hint = run.stderr.strip().splitlines()
    assert first.startswith(f"ERROR this Python ({sys.executable}) lacks the package '")
    assert first.endswith("' that QuillPress needs")
    assert hint.startswith("  hint: ") and ("make setup" in hint or ".venv/bin/python" in hint)
    assert "unexpected" not in run.stderr and "Traceback" not in run.stderr


def test_a_mistyped_command_option_or_choice_is_named_with_the_nearest_right_one() -> None:
    """`biuld` listed fifteen names; `build --stirct` said "unrecognized arguments" under the
    usage of the whole program, not of build; both exited 2, the code of QuillPress's own bug."""
    for typed, said, meant in ((["biuld"], "invalid choice: 'biuld'", "build"),
                               (["build", "--stirct"], "build: error: unrecognized arguments: --stirct",
                                "--strict"),
                               (["--stirct"], "build: error: unrecognized arguments: --stirct", "--strict"),
                               (["serve", "--prot", "4001"], "unrecognized arguments: --prot 4001",
                                "--port"),
                               (["list", "psts"], "invalid choice: 'psts'", "posts")):
        run = cli(*typed)
        assert run.returncode == 1, (typed, run.stderr)
        assert said in run.stderr, run.stderr
        assert run.stderr.rstrip().endswith(f"  hint: did you mean `{meant}`?"), run.stderr
    build_usage = cli("build", "--stirct").stderr.splitlines()[0]
    assert build_usage.startswith(f"usage: python {REPO / 'build.py'} build [-h] [--strict]")
    nothing_near = cli("build", "--zzz")
    assert nothing_near.returncode == 1 and "hint" not in nothing_near.stderr


def test_a_command_of_hexos_that_quillpress_has_not_says_what_to_use_instead() -> None:
    """`version`, `help`, `config`, `render`, `migrate`, typed from Hexo habit, each got only
    "invalid choice" and the list of commands, none of which does it."""
    for typed, instead in (("version", "Hexo's `version` is `--version` here"),
                           ("help", "Hexo's `help` is `--help` here, and `<command> --help` for "
                                    "one command"),
                           ("config", "Hexo's `config` has no command here: edit _config.yml"),
                           ("render", "`build` renders the whole site"),
                           ("migrate", "migrate with Hexo, then build the blog")):
        run = cli(typed)
        assert run.returncode == 1, run.stderr
        last = run.stderr.rstrip().splitlines()[-1]
        assert last.startswith("  hint: Hexo's ") and last.endswith(instead), run.stderr


def test_an_option_of_hexos_that_the_command_has_not_says_what_to_use_instead() -> None:
    """`g -f`, `g --concurrency 2`, `s -l`, `--safe`, `d --setup`, `init --no-install`, typed
    from Hexo habit, each got only "unrecognized arguments"."""
    for typed, instead in ((["g", "-f"], "Hexo's `generate -f` (render everything again) is "
                                         "`--no-cache` here"),
                           (["generate", "--concurrency=2"], "is `--workers N` here"),
                           (["g", "--bail"], "an error fails it (exit 1)"),
                           (["s", "-l"], "requests are not logged"),
                           (["--safe", "serve"], "no Hexo plugin is run (`doctor` says what "
                                                 "stands in for each)"),
                           (["d", "--setup"], "the first deploy sets a target up"),
                           (["init", "x", "--no-install"], "nothing is installed")):
        run = cli(*typed)
        assert run.returncode == 1, run.stderr
        assert run.stderr.rstrip().splitlines()[-1].endswith(instead), (typed, run.stderr)


def test_list_help_says_what_list_writes(make_blog) -> None:
    """`list --help` said "Nothing is built or written"; `list posts` in a Hexo blog left a
    .quillpress-cache/ folder for its git status to show."""
    blog = make_blog(files={"content/_posts/a.md": POST})
    assert cli("--cwd", str(blog.root), "list", "posts").returncode == 0
    assert not blog.public.exists()
    said = " ".join(cli("list", "--help").stdout.split())
    assert (blog.root / ".quillpress-cache").is_dir()
    assert "Nothing is written to the output folder" in said and ".quillpress-cache/" in said
    assert "Nothing is built or written" not in said
