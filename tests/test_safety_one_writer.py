"""Two QuillPress processes writing one output folder: the second waits for the first.

Each build used to take the other's staging folder for a killed build's leftover and remove
it, so both failed. A project plugin holds the first build at `after_build` (its pages in the
staging folder) until the test lets it go; the second is started meanwhile.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quillpress.errors import QuillError
from quillpress.output import lock
from conftest import left_beside
from test_safety_faults import snapshot

REPO = Path(__file__).resolve().parent.parent
POST = "---\ntitle: Post {n}\ndate: 2024-01-{day:02d}\n---\nWords of post {n}.\n"

# Holds a build whose environment names a gate folder: says so there, waits for `go` (at most
# a minute, so a broken test never hangs), then lets the build commit.
HOLDING_PLUGIN = '''
import os, time
from pathlib import Path

def register(api):
    def hold(result):
        gate = os.environ.get("HOLD_GATE")
        if not gate:
            return
        (Path(gate) / "held").write_text("")
        end = time.monotonic() + 60
        while not (Path(gate) / "go").exists() and time.monotonic() < end:
            time.sleep(0.02)
    api.on("after_build", hold)
'''


class Command:
    """A command (`build` unless told) running in the background, its stderr read as it comes."""

    def __init__(self, root: Path, *args: str, gate: Path | None = None) -> None:
        env = {**os.environ, **({"HOLD_GATE": str(gate)} if gate else {})}
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--cwd", str(root),
             *(args or ("build", "--workers", "1"))],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    def said(self, text: str, within: float = 60.0) -> bool:
        end = time.monotonic() + within
        while time.monotonic() < end and self.proc.poll() is None:
            if any(text in line for line in self.lines):
                return True
            time.sleep(0.02)
        return any(text in line for line in self.lines)

    def finish(self) -> int:
        code = self.proc.wait(timeout=120)
        self._reader.join(timeout=10)
        return code


def wait_for(path: Path, within: float = 60.0) -> None:
    end = time.monotonic() + within
    while not path.exists():
        assert time.monotonic() < end, f"{path} never appeared"
        time.sleep(0.02)


@pytest.fixture
def held_blog(make_blog, tmp_path):
    posts = {f"content/_posts/p{n}.md": POST.format(n=n, day=n % 28 + 1) for n in range(12)}
    blog = make_blog(files={**posts, "plugins/hold.py": HOLDING_PLUGIN})
    gate = tmp_path / "gate"
    gate.mkdir()
    return blog, gate


@pytest.mark.parametrize("first_build", [True, False], ids=["first", "rebuild"])
def test_a_second_build_waits_for_the_first_and_both_succeed(held_blog, first_build):
    blog, gate = held_blog
    if not first_build:
        assert Command(blog.root).finish() == 0
        blog.write("content/_posts/p0.md", POST.format(n="zero, edited", day=1))
    first = Command(blog.root, gate=gate)
    wait_for(gate / "held")
    second = Command(blog.root)
    assert second.said("waiting for another QuillPress"), second.lines
    line = next(line for line in second.lines if "waiting for" in line)
    assert f"(process {first.proc.pid})" in line and str(blog.public) in line
    (gate / "go").write_text("")
    assert first.finish() == 0, first.lines
    assert second.finish() == 0, second.lines
    if not first_build:
        assert "Post zero, edited" in blog.read("2024/01/01/p0/index.html")
    assert len([f for f in blog.files() if f.startswith("2024/")]) == 12
    assert left_beside(blog.public) == []
    assert ends_at_its_manifest(blog.root)  # neither left the blog looking changed


def ends_at_its_manifest(root: Path) -> bool:
    """A `build` finds nothing changed since the last one and does no work."""
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--cwd", str(root), "--debug",
                          "build", "--workers", "1"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return "nothing changed since the last build" in run.stderr


def test_a_build_after_a_deploy_ends_at_its_manifest(make_blog, tmp_path):
    """The lock file was made and removed beside the output folder (in the blog folder) by
    every deploy, build and save, which changed the blog folder's stamp the manifest holds:
    the next `build` did all its work again."""
    target = tmp_path / "www"
    blog = make_blog(config={"url": "https://blog.example.org",
                             "deploy": {"type": "local", "path": str(target)}},
                     files={"content/_posts/a.md": POST.format(n="A", day=2)})
    assert Command(blog.root).finish() == 0
    assert Command(blog.root, "deploy").finish() == 0
    assert "Post A" in (target / "2024/01/02/a/index.html").read_text()
    assert ends_at_its_manifest(blog.root)


def test_two_first_builds_into_a_folder_not_made_yet_take_turns(held_blog):
    """`public_dir: out/site` with no `out/` yet: the lock file could not be made beside the
    output folder, so both builds went on without one."""
    blog, gate = held_blog
    config = blog.root / "_config.yml"
    config.write_text(config.read_text() + "public_dir: out/site\n")
    first = Command(blog.root, gate=gate)
    wait_for(gate / "held")
    second = Command(blog.root)
    assert second.said("waiting for another QuillPress"), second.lines
    (gate / "go").write_text("")
    assert first.finish() == 0, first.lines
    assert second.finish() == 0, second.lines
    assert len(list((blog.root / "out/site/2024").rglob("index.html"))) == 12


def test_a_lock_file_linked_to_a_file_of_the_users_leaves_that_file_as_it_was(make_blog, tmp_path):
    """A cloned blog whose lock file's name is a link to a file of the user's: the build
    emptied that file and wrote its process id in it."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(n="A", day=2)})
    notes = tmp_path / "notes.txt"
    notes.write_text("the user's words\n")
    lock.lock_path(blog.public).parent.mkdir()
    lock.lock_path(blog.public).symlink_to(notes)
    hard = tmp_path / "hard.txt"
    hard.write_text("more words of the user's\n")
    linked = Command(blog.root)
    assert linked.finish() == 0
    assert notes.read_text() == "the user's words\n"
    # the build went on without the lock: it says so, once, naming the link
    said = [line for line in linked.lines if "a link stands where" in line]
    assert len(said) == 1 and str(lock.lock_path(blog.public.resolve())) in said[0]
    lock.lock_path(blog.public).unlink()
    os.link(hard, lock.lock_path(blog.public))
    blog.write("content/_posts/a.md", POST.format(n="A, edited", day=2))
    assert Command(blog.root).finish() == 0
    assert "Post A, edited" in blog.read("2024/01/02/a/index.html")
    assert hard.read_text() == "more words of the user's\n"


def test_a_folder_of_lock_files_linked_to_a_folder_of_the_users_gets_nothing(make_blog, tmp_path):
    """The folder of lock files a link (a cloned repository's) to a folder of the user's:
    the lock file and its `.gitignore` would be made there."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(n="A", day=2)})
    mine = tmp_path / "mine"
    mine.mkdir()
    lock.lock_path(blog.public).parent.symlink_to(mine)
    linked = Command(blog.root)
    assert linked.finish() == 0
    assert list(mine.iterdir()) == []
    said = [line for line in linked.lines if "a link stands where" in line]
    assert len(said) == 1 and lock.LOCKS in said[0]


def test_builds_and_clean_leave_git_status_as_it_was(make_blog):
    """A Hexo blog's `.gitignore` lists its output folder: the lock file beside it showed in
    `git status` after every build, as a new file to commit (as Hugo's `.hugo_build.lock`
    did in many repositories), and so did the cache folder."""
    blog = make_blog(files={"content/_posts/a.md": POST.format(n="A", day=2), ".gitignore": "site/\n"})
    for args in (("init", "--quiet"), ("add", "-A"),
                 ("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "blog")):
        subprocess.run(["git", "-C", str(blog.root), *args], check=True, capture_output=True)

    def status() -> str:
        return subprocess.run(["git", "-C", str(blog.root), "status", "--porcelain",
                               "--untracked-files=all"], capture_output=True, text=True,
                              check=True).stdout

    for command in (("build", "--workers", "1"), ("build", "--workers", "1"), ("clean",)):
        assert Command(blog.root, *command).finish() == 0
        assert status() == "", command
    assert not lock.lock_path(blog.public).parent.exists()  # clean leaves no folder of locks


def test_the_lock_file_earlier_versions_left_beside_the_site_goes_and_nothing_else(make_blog):
    """Versions before the folder of lock files kept `.site.quillpress-lock` beside the output
    folder; once the lock moved, the file stayed in the blog's `git status` for good. What
    they wrote there (empty, or a process id) goes; a file of that name that is not theirs,
    a link, or one an older build still holds, stays."""
    import fcntl

    blog = make_blog(files={"content/_posts/a.md": POST.format(n="A", day=2)})
    old = blog.root / ".site.quillpress-lock"

    def build() -> None:  # a build that writes (one that finds nothing changed takes no lock)
        blog.write("content/_posts/a.md", POST.format(n=f"A {time.monotonic()}", day=2))
        assert Command(blog.root).finish() == 0

    for text in ("", "48213\n"):  # let go, or left by a killed build
        old.write_text(text)
        build()
        assert not old.exists(), repr(text)
    assert ends_at_its_manifest(blog.root)  # removed before the manifest stamps the folder
    old.write_text("my notes on the lock\n")
    build()
    assert old.read_text() == "my notes on the lock\n"
    old.unlink()
    old.symlink_to(blog.root / "_config.yml")
    build()
    assert old.is_symlink() and "title" in (blog.root / "_config.yml").read_text()
    old.unlink()
    old.write_text("")
    with open(old) as held:  # an older QuillPress building now
        fcntl.flock(held, fcntl.LOCK_EX)
        build()
    assert old.exists()


@pytest.mark.parametrize("command", ["clean", "deploy"])
def test_clean_and_deploy_wait_for_a_build_writing_the_site(held_blog, tmp_path, command):
    """`clean` removed the held build's staging folder as a killed build's leftover; `deploy`
    copied the site as it was before the build, or as it was being swapped."""
    blog, gate = held_blog
    target = tmp_path / "www"
    config = blog.root / "_config.yml"
    config.write_text(config.read_text().replace("http://example.com", "https://blog.example.org")
                      + f"deploy:\n  type: local\n  path: {target}\n")
    assert Command(blog.root).finish() == 0
    blog.write("content/_posts/p0.md", POST.format(n="zero, edited", day=1))
    build = Command(blog.root, gate=gate)
    wait_for(gate / "held")
    second = Command(blog.root, command)
    assert second.said("waiting for another QuillPress"), second.lines
    (gate / "go").write_text("")
    assert build.finish() == 0, build.lines
    assert second.finish() == 0, second.lines
    if command == "clean":
        assert not os.path.lexists(blog.public)
        assert not [path.name for path in blog.root.iterdir() if path.name.startswith(".site")]
    else:
        assert "Post zero, edited" in (target / "2024/01/01/p0/index.html").read_text()


def test_a_build_that_waited_too_long_fails_naming_the_holder_and_writes_nothing(
        make_blog, monkeypatch):
    blog = make_blog(files={"content/_posts/a.md": POST.format(n="A", day=2)})
    assert blog.build().ok
    before = snapshot(blog.public)
    blog.write("content/_posts/a.md", POST.format(n="A, edited", day=2))
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.3)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(lock.lock_path(blog.public))!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "os.write(fd, str(os.getpid()).encode())\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(QuillError) as failed:
            blog.build()
    finally:
        holder.kill()
        holder.wait()
    assert f"another QuillPress (process {holder.pid}) still uses" in str(failed.value)
    assert snapshot(blog.public) == before
    assert blog.build().ok  # its holder gone, the lock file it left is taken over
    assert "Post A, edited" in blog.read("2024/01/02/a/index.html")


@pytest.mark.parametrize("args, ready", [(("serve", "--port", "0"), "live reload on"),
                                         (("build", "--watch"), "watching")],
                         ids=["serve", "build-watch"])
def test_stopping_serve_ends_a_rebuild_waiting_for_another_build(held_blog, args, ready):
    """Ctrl+C (or SIGTERM) on `serve` (or `build --watch`) waited for its rebuild, and the
    rebuild waited for the other build's write: it did not stop for up to the 600 s of the
    lock's wait."""
    blog, gate = held_blog
    assert Command(blog.root).finish() == 0
    serve = Command(blog.root, *args)
    build = None
    try:
        assert serve.said(ready), serve.lines
        # nothing changed since: without its manifest the build does its work, held at the end
        (blog.root / ".quillpress-cache/manifest.json").unlink()
        build = Command(blog.root, gate=gate)
        wait_for(gate / "held")
        blog.write("content/_posts/p0.md", POST.format(n="zero, edited", day=1))
        assert serve.said("waiting for another QuillPress"), serve.lines
        serve.proc.send_signal(signal.SIGTERM)
        assert serve.proc.wait(timeout=30) == 0, serve.lines  # the held build waits 60 s
        serve.finish()
        assert not [line for line in serve.lines if "Traceback" in line or "unexpected" in line]
    finally:
        (gate / "go").write_text("")
        serve.proc.kill()
        serve.finish()
        if build is not None:
            assert build.finish() == 0, build.lines
