"""Deploy never deletes what it did not put there: a local target's earlier deploys are
recorded, the user's files are named once and left alone, `--dry-run` changes nothing, and a
site built with warnings is announced (refused under `--strict`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from quillpress.cli import main
from quillpress.output.ownership import RECORD, SCRATCH

POST = "---\ntitle: {title}\ndate: 2024-01-0{day} 10:00:00\n---\n{title} body\n"
URL = "https://blog.example.org"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(blog, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--cwd", str(blog.root), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def www(tmp_path: Path) -> Path:
    """A web root that already holds the user's own files (the issue's reproduction)."""
    dest = tmp_path / "www"
    (dest / "uploads").mkdir(parents=True)
    (dest / "uploads/photo.jpg").write_bytes(b"\xff\xd8 photo")
    (dest / "my-other-file.txt").write_text("mine")
    return dest


@pytest.fixture
def blog(make_blog, www):
    return make_blog(config={"url": URL, "deploy": {"type": "local", "path": str(www)}}, files={
        "content/_posts/one.md": POST.format(title="One", day=1),
        "content/_posts/two.md": POST.format(title="Two", day=2)})


def test_the_users_files_in_a_local_target_survive_and_are_named_once(blog, www, capsys):
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 0, out
    assert (www / "my-other-file.txt").read_text() == "mine"
    assert (www / "uploads/photo.jpg").read_bytes() == b"\xff\xd8 photo"
    assert "2 files of yours (my-other-file.txt, uploads/photo.jpg)" in out
    assert "0 deleted" in out

    (blog.root / "content/_posts/two.md").unlink()  # a page an earlier deploy wrote goes
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 0, out
    assert not (www / "2024/01/02/two/index.html").exists()
    assert (www / "my-other-file.txt").is_file() and (www / "uploads/photo.jpg").is_file()
    assert "of yours" not in out, "named once, not on every deploy"
    site = {k: v for k, v in files(blog.public).items() if k != RECORD}
    assert {k: v for k, v in files(www).items() if k != RECORD} == site | {
        "my-other-file.txt": b"mine", "uploads/photo.jpg": b"\xff\xd8 photo"}


def test_dry_run_prints_copies_and_deletes_and_changes_nothing(blog, www, capsys):
    assert run(blog, capsys, "deploy", "-g")[0] == 0
    (blog.root / "content/_posts/two.md").unlink()
    blog.write("content/_posts/three.md", POST.format(title="Three", day=3))
    assert run(blog, capsys, "build")[0] == 0
    before = files(www)
    code, out = run(blog, capsys, "deploy", "--dry-run")
    assert code == 0, out
    assert files(www) == before
    assert "dry run, nothing changed" in out
    lines = [line.split() for line in out.splitlines() if line.startswith("  ")]
    assert ["copy", "2024/01/03/three/index.html"] in lines
    assert ["delete", "2024/01/02/two/index.html"] in lines
    assert not any("my-other-file.txt" in line or "photo.jpg" in line for line in map(" ".join, lines))


def test_a_file_of_the_users_where_the_site_needs_one_stops_the_deploy(blog, www, capsys):
    (www / "index.html").write_text("my handmade home page")
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 1 and "would overwrite 1 file of yours (index.html)" in out and "--force" in out
    assert (www / "index.html").read_text() == "my handmade home page"
    assert run(blog, capsys, "deploy", "--force")[0] == 0
    assert "One" in (www / "index.html").read_text()
    assert (www / "my-other-file.txt").is_file()


def test_warnings_are_announced_and_strict_refuses(blog, www, capsys):
    blog.write("content/_posts/one.md", POST.format(title="One", day=1) + "{% nosuchtag %}\n")
    code, out = run(blog, capsys, "deploy", "-g", "--strict")
    assert code == 1 and "--strict" in out and "nothing was deployed" in out
    assert not (www / "index.html").exists()
    code, out = run(blog, capsys, "deploy")  # the last build's warnings are known too
    assert code == 0 and "deploying a site built with 1 warning" in out
    assert (www / "index.html").is_file()


def test_git_dry_run_lists_the_commit_and_pushes_nothing(make_blog, tmp_path, capsys):
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    blog = make_blog(config={"url": URL, "deploy": {"type": "git", "repo": str(bare)}},
                     files={"content/_posts/one.md": POST.format(title="One", day=1)})
    code, out = run(blog, capsys, "deploy", "-g", "--dry-run")
    assert code == 0, out
    assert "dry run, nothing pushed" in out
    assert any(line.split()[:2] == ["add", "index.html"] for line in out.splitlines()
               if line.startswith("  "))
    heads = subprocess.run(["git", "-C", str(bare), "branch", "--list"], capture_output=True,
                           text=True, check=True).stdout
    assert heads.strip() == ""


def test_a_local_target_that_is_a_file_is_refused(make_blog, tmp_path, capsys):
    target = tmp_path / "www.txt"
    target.write_text("a file of yours")
    blog = make_blog(config={"url": URL, "deploy": {"type": "local", "path": str(target)}},
                     files={"content/_posts/one.md": POST.format(title="One", day=1)})
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 1 and "it is a file, not a folder" in out and str(target) in out
    assert target.read_text() == "a file of yours"


def test_a_link_in_a_local_target_to_a_folder_elsewhere_is_not_written_through(
        blog, www, tmp_path, capsys):
    """The web root's `archives` is the user's link to a folder of theirs elsewhere: the
    deploy wrote the site's archives/index.html through it, over their own index.html."""
    theirs = tmp_path / "notes"
    theirs.mkdir()
    (theirs / "index.html").write_text("my notes")
    (www / "archives").symlink_to(theirs)
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 1 and "archives" in out and "link" in out and "--force" in out, out
    assert files(theirs) == {"index.html": b"my notes"}
    code, out = run(blog, capsys, "deploy", "--dry-run", "--force")
    assert code == 0 and ["replace", "link", "archives"] in [line.split() for line in out.splitlines()]
    code, out = run(blog, capsys, "deploy", "--force")  # the link is replaced, not its folder
    assert code == 0, out
    assert files(theirs) == {"index.html": b"my notes"}
    assert not (www / "archives").is_symlink()
    assert "One" in (www / "archives/index.html").read_text()


def test_a_git_deploy_never_writes_through_a_link_the_branch_holds(make_blog, tmp_path, capsys):
    """The branch deployed to holds a link to a folder outside the work folder (pushed by
    anyone): the site's files went through it, into that folder, before the commit."""
    theirs = tmp_path / "notes"
    theirs.mkdir()
    (theirs / "index.html").write_text("my notes")
    bare, clone = tmp_path / "remote.git", tmp_path / "clone"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    subprocess.run(["git", "init", "--quiet", "-b", "gh-pages", str(clone)], check=True)
    (clone / "archives").symlink_to(theirs)
    for command in (["add", "archives"], ["-c", "user.name=u", "-c", "user.email=u@x", "commit",
                                          "--quiet", "-m", "link"], ["push", "--quiet", str(bare),
                                                                     "gh-pages"]):
        subprocess.run(["git", "-C", str(clone), *command], check=True)
    blog = make_blog(config={"url": URL, "deploy": {"type": "git", "repo": str(bare)}},
                     files={"content/_posts/one.md": POST.format(title="One", day=1)})
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 0, out
    assert files(theirs) == {"index.html": b"my notes"}
    shown = subprocess.run(["git", "-C", str(bare), "show", "gh-pages:archives/index.html"],
                           capture_output=True, text=True, check=True).stdout
    assert "One" in shown


def test_a_users_folder_named_as_the_scratch_folder_is_not_deployed_and_said_so(blog, www,
                                                                                 capsys):
    """QuillPress keeps `.quillpress-tmp` for the pages a build is writing: never published,
    as hexo-deployer-git publishes no hidden file. A folder of the user's of that name was
    left out without a word."""
    assert run(blog, capsys, "build")[0] == 0
    (blog.public / SCRATCH).mkdir()
    (blog.public / SCRATCH / "notes.txt").write_text("precious")
    code, out = run(blog, capsys, "deploy")
    assert code == 0, out
    assert f"left {blog.public / SCRATCH} out" in out and "rename it" in out
    assert not (www / SCRATCH).exists() and (www / "index.html").is_file()
    assert (blog.public / SCRATCH / "notes.txt").read_text() == "precious"
