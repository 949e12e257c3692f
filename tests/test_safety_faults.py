"""File-system faults are errors a person can act on: a full disk, a site on another file
system, read-only folders, absurd nesting. Each is one line naming the path, exit 1, no
staging folder left behind, and the site exactly as it was.

The real faults need a small tmpfs, so those tests run as root (as CI does) and skip
otherwise; the others need nothing."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from quillpress.build.builder import Builder
from quillpress.cli import main
from conftest import left_beside

POST = "---\ntitle: Post {n}\ndate: 2024-01-02\ntags: [t{tag}]\n---\n{body}\n"


def posts(count: int, words: str = "Some words.", start: int = 0) -> dict[str, str]:
    return {f"content/_posts/p{n}.md": POST.format(n=n, tag=n % 7, body=f"{words} {n}")
            for n in range(start, start + count)}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes (the record included): 'as it was' means this."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["--cwd", str(root), "build", "--workers", "1", *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def assert_one_clear_error(code: int, out: str, *words: str) -> None:
    errors = [line for line in out.splitlines() if line.startswith("ERROR")]
    assert code == 1, out
    assert "unexpected error" not in out and "Traceback" not in out
    assert errors and all(word in errors[0] for word in words), errors


def no_staging(folder: Path) -> None:
    leftovers = left_beside(folder)
    assert leftovers == [], leftovers


def use_public_dir(root: Path, public: Path) -> None:
    config = yaml.safe_load((root / "_config.yml").read_text())
    (root / "_config.yml").write_text(yaml.safe_dump({**config, "public_dir": str(public)}))


@contextmanager
def tmpfs(where: Path, size: str = "64m") -> Iterator[Path]:
    """A small memory file system mounted at `where` (root only; the test skips otherwise)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def shrink_to_fit(where: Path, spare_kb: int) -> None:
    """Leave only `spare_kb` free on the tmpfs at `where`."""
    used_kb = int(subprocess.run(["df", "--output=used", "-k", str(where)], capture_output=True,
                                 text=True, check=True).stdout.split()[-1])
    remount(where, f"size={used_kb + spare_kb}k")


FAULTS = {  # how to break the output's disk, and what the error must say
    "disk full": (lambda disk: shrink_to_fit(disk, 256), ("No space left on device", "disk is full")),
    "read-only": (lambda disk: remount(disk, "ro"), ("Read-only file system",)),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("change", ["staging", "in place"])
def test_a_broken_output_disk_fails_cleanly_and_keeps_the_site(make_blog, tmp_path, capsys,
                                                                fault, change):
    blog = make_blog(files=posts(3))
    with tmpfs(tmp_path / "disk") as disk:
        public = disk / "site"
        use_public_dir(blog.root, public)
        assert build(blog.root, capsys)[0] == 0
        before = snapshot(public)
        breaks, words = FAULTS[fault]
        breaks(disk)
        if change == "staging":  # hundreds of new pages: built in a staging folder
            for rel, text in posts(300, "Long words. " * 300, start=3).items():
                blog.write(rel, text)
        else:  # one post grows past the free space: written in place after the build
            blog.write("content/_posts/p1.md", POST.format(n=1, tag=1, body="x" * 600_000))
        code, out = build(blog.root, capsys)
        assert_one_clear_error(code, out, str(public), *words[:1])
        assert all(word in out for word in words)
        assert snapshot(public) == before
        no_staging(public)


def test_a_site_folder_that_is_a_mount_point(make_blog, tmp_path, capsys):
    """site/ as a Docker volume, a folder that cannot be renamed: the changes are written
    into it and renamed there."""
    blog = make_blog(files=posts(3))
    with tmpfs(blog.public):
        code, out = build(blog.root, capsys)
        assert code == 0, out
        for rel, text in posts(250, start=3).items():
            blog.write(rel, text)
        (blog.root / "content/_posts/p0.md").unlink()
        code, out = build(blog.root, capsys)
        assert code == 0, out
        assert os.path.ismount(blog.public)
        assert "Post 252" in blog.read("2024/01/02/p252/index.html")
        assert not (blog.public / "2024/01/02/p0/index.html").exists()
        no_staging(blog.public)
        clean = tmp_path / "clean"  # the same sources built from nothing give the same files
        assert Builder(blog.root, workers=1, cache_dir=tmp_path / "cache",
                       overrides={"public_dir": str(clean)}).build().ok
        assert snapshot(blog.public) == snapshot(clean)


def test_a_read_only_project_folder(make_blog, tmp_path, capsys):
    with tmpfs(tmp_path / "disk") as disk:
        blog = make_blog(files=posts(2))
        project = disk / "blog"
        subprocess.run(["cp", "-r", str(blog.root), str(project)], check=True)
        remount(disk, "ro")
        code, out = build(project, capsys)
        assert_one_clear_error(code, out, str(project / ".quillpress-cache"),
                               "Read-only file system")
        assert sorted(p.name for p in project.iterdir()) == ["_config.yml", "content"]


def test_a_post_with_250_nested_categories(make_blog, capsys):
    levels = ", ".join(f"level{n}" for n in range(250))
    blog = make_blog(files={**posts(2), "content/_posts/deep.md":
                            f"---\ntitle: Deep\ndate: 2024-01-03\ncategories: [{levels}]\n---\nx\n"})
    assert build(blog.root, capsys)[0] == 1  # the first build: nothing written at all
    assert not blog.public.exists()
    (blog.root / "content/_posts/deep.md").rename(blog.root / "deep.md.txt")
    assert build(blog.root, capsys)[0] == 0
    before = snapshot(blog.public)
    (blog.root / "deep.md.txt").rename(blog.root / "content/_posts/deep.md")
    code, out = build(blog.root, capsys)
    assert_one_clear_error(code, out, "content/_posts/deep.md:4", "250 levels deep")
    assert snapshot(blog.public) == before


def test_a_full_cache_disk_costs_time_not_the_build(make_blog, capsys):
    blog = make_blog(files=posts(60, "Words and $x^2$ formulas. " * 100))
    with tmpfs(blog.root / ".quillpress-cache", size="40k"):
        for _ in range(2):
            code, out = build(blog.root, capsys)
            assert code == 0, out
            assert "unexpected error" not in out and "Traceback" not in out
            assert "the render cache" in out and "building without it" in out
            assert "Post 59" in blog.read("2024/01/02/p59/index.html")


@pytest.mark.parametrize("count, workers", [(3, "1"), (300, "2")])
def test_a_first_build_on_a_full_disk_leaves_nothing(make_blog, tmp_path, capsys, count, workers):
    """300 posts: the pages are written by the forked workers that make them."""
    blog = make_blog(files=posts(count))
    with tmpfs(tmp_path / "disk", size="1m") as disk:
        use_public_dir(blog.root, disk / "site")
        code, out = build(blog.root, capsys, "--workers", workers)
        assert_one_clear_error(code, out, str(disk / "site"), "No space left on device")
        assert list(disk.iterdir()) == []


def test_a_public_dir_that_is_a_symlink_loop(make_blog, capsys):
    blog = make_blog(config={"public_dir": "site"}, files=posts(1))
    (blog.root / "site").symlink_to("site")
    code, out = build(blog.root, capsys)
    assert_one_clear_error(code, out, "site", "Symlink loop")
    code = main(["--cwd", str(blog.root), "clean"])
    assert_one_clear_error(code, capsys.readouterr().err, "site", "Symlink loop")


@pytest.mark.parametrize("fault", ["read-only", "full"])
def test_a_local_deploy_target_on_a_broken_disk(make_blog, tmp_path, capsys, fault):
    with tmpfs(tmp_path / "disk", size="200k") as disk:
        dest = disk / "www"
        blog = make_blog(config={"url": "https://blog.example.org",
                                 "deploy": {"type": "local", "path": str(dest)}}, files=posts(2))
        if fault == "read-only":
            remount(disk, "ro")
        code = main(["--cwd", str(blog.root), "deploy", "-g"])
        out = capsys.readouterr().err
        words = {"read-only": "Read-only file system", "full": "No space left on device"}[fault]
        assert_one_clear_error(code, out, str(dest), words)
        assert "could not copy the site there" in out
        if fault == "full":  # a second try (after freeing space) finishes the job
            remount(disk, "size=64m")
            assert main(["--cwd", str(blog.root), "deploy"]) == 0
            assert (dest / "index.html").is_file()

