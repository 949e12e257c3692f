"""`type: rsync`: the site goes to a folder with the real rsync (a local folder here, so no
SSH); the user's files there survive, only files earlier deploys wrote are deleted, `--dry-run`
changes nothing, and option values that rsync would read as options are refused."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from quillpress.cli import main
from quillpress.config.loader import load_config
from quillpress.deploy.rsync import rsync_target
from quillpress.errors import QuillError
from quillpress.output.ownership import RECORD
from test_safety_faults import remount, shrink_to_fit, tmpfs

pytestmark = pytest.mark.skipif(shutil.which("rsync") is None,
                                reason="needs Debian's rsync (`make test` installs it)")
POST = "---\ntitle: {title}\ndate: 2024-01-0{day} 10:00:00\n---\n{title} body\n"
URL = "https://blog.example.org"


def run(blog, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--cwd", str(blog.root), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def server_root(tmp_path: Path) -> Path:
    """A web root that already holds the user's own files."""
    root = tmp_path / "srv" / "www"
    (root / "uploads").mkdir(parents=True)
    (root / "uploads/talk.pdf").write_bytes(b"%PDF slides")
    (root / ".htaccess").write_text("Options -Indexes\n")
    return root


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put a logging wrapper in front of the real rsync: each call's arguments, one a line."""
    shim = tmp_path / "bin"
    shim.mkdir()
    log = tmp_path / "rsync-calls.txt"
    real = shutil.which("rsync")
    (shim / "rsync").write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n')
    (shim / "rsync").chmod(stat.S_IRWXU)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    return log


def make(make_blog, root: Path, **options: object):
    return make_blog(config={"url": URL, "deploy": {"type": "rsync", "root": str(root),
                                                    **options}}, files={
        "content/_posts/one.md": POST.format(title="One", day=1),
        "content/_posts/two.md": POST.format(title="Two", day=2)})


def test_rsync_deploys_and_deletes_only_what_earlier_deploys_wrote(make_blog, server_root,
                                                                   calls, capsys):
    blog = make(make_blog, server_root, args="--compress")
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 0, out
    site = snapshot(blog.root / "site")
    deployed = snapshot(server_root)
    for rel, data in site.items():
        if rel != RECORD:  # the output folder's own record stays at home
            assert deployed[rel] == data, rel
    assert deployed["uploads/talk.pdf"] == b"%PDF slides"
    assert deployed[".htaccess"] == b"Options -Indexes\n"
    for line in calls.read_text().splitlines():  # every call: options, then --, then paths
        words = line.split(" ")
        assert "--" in words, line
        assert all(w.startswith("-") for w in words[:words.index("--")]), line
        assert "--compress" in words and "--delete" not in words  # never the blind one

    two = "2024/01/02/two/index.html"
    assert (server_root / two).is_file()
    (blog.root / "content/_posts/two.md").unlink()
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 0, out
    gone = set(site) - set(snapshot(blog.root / "site"))  # the post's page and what it alone had
    assert two in gone
    assert not any((server_root / rel).exists() for rel in gone)
    assert f"{len(gone)} deleted" in out
    assert (server_root / "uploads/talk.pdf").is_file() and (server_root / ".htaccess").is_file()
    assert (server_root / "2024/01/01/one/index.html").is_file()


def test_delete_false_keeps_every_file(make_blog, server_root, capsys):
    blog = make(make_blog, server_root, delete=False, verbose=True, ignore_errors=False)
    code, out = run(blog, capsys, "deploy", "-g")  # a hexo-deployer-rsync config
    assert code == 0, out
    assert "rsync: ignored ignore_errors, verbose (options QuillPress knows:" in out
    (blog.root / "content/_posts/two.md").unlink()
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 0, out
    assert (server_root / "2024/01/02/two/index.html").is_file()


def test_dry_run_changes_nothing_and_lists_what_would_happen(make_blog, server_root, capsys):
    blog = make(make_blog, server_root)
    assert run(blog, capsys, "deploy", "-g")[0] == 0
    (blog.root / "content/_posts/two.md").unlink()
    assert run(blog, capsys, "build")[0] == 0
    before = snapshot(server_root)
    code, out = run(blog, capsys, "deploy", "--dry-run")
    assert code == 0, out
    assert snapshot(server_root) == before
    assert "dry run, nothing changed" in out and "delete  2024/01/02/two/index.html" in out
    assert "send    index.html" in out  # the home page lost its link to Two


def test_a_users_file_where_the_site_needs_one_stops_the_deploy_unless_force(
        make_blog, server_root, capsys):
    (server_root / "index.html").write_text("my landing page")
    blog = make(make_blog, server_root)
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 1
    assert "would overwrite 1 file of yours (index.html)" in out and "--force" in out
    assert (server_root / "index.html").read_text() == "my landing page"
    assert not (server_root / RECORD).exists()
    code, out = run(blog, capsys, "deploy", "--force")
    assert code == 0, out
    assert "One" in (server_root / "index.html").read_text()


def test_a_link_where_the_site_needs_a_folder_is_kept_unless_force(make_blog, server_root,
                                                                    tmp_path, capsys):
    """The web root's `2024` is its owner's link to a folder on a bigger disk: rsync replaced
    it with a real folder. The deploy stops and names it, as a `local` one does; `--force`
    replaces the link alone, the folder it named keeping its files."""
    big = tmp_path / "big-disk/2024"
    big.mkdir(parents=True)
    (big / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    (server_root / "2024").symlink_to(big)
    blog = make(make_blog, server_root)
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 1 and "would replace your link 2024 into the folder it names" in out, out
    assert (server_root / "2024").is_symlink() and not (server_root / "index.html").exists()
    code, out = run(blog, capsys, "deploy", "--dry-run", "--force")
    assert code == 0 and "replace link  2024" in out, out
    assert (server_root / "2024").is_symlink()
    code, out = run(blog, capsys, "deploy", "--force")
    assert code == 0, out
    assert not (server_root / "2024").is_symlink()
    assert "One body" in (server_root / "2024/01/01/one/index.html").read_text()
    assert sorted(p.name for p in big.iterdir()) == ["photo.jpg"]


@pytest.mark.parametrize(("options", "message"), [
    ({"host": "-oProxyCommand=evil", "root": "/srv"}, "`host: -oProxyCommand=evil` is refused"),
    ({"host": "example.com", "user": "-l", "root": "/srv"}, "`user: -l` is refused"),
    ({"host": "example.com", "root": "--rsync-path=x"}, "`root: --rsync-path=x` is refused"),
    ({"host": "example.com", "root": "/srv", "args": "--delete"}, "could delete files"),
    ({"host": "example.com", "root": "/srv", "args": ["-z", "/etc"]}, "not an option"),
    ({"host": "example.com", "root": "/srv", "port": "22; rm"}, "not a port number"),
    ({"host": "example.com", "root": "/srv", "rsh": "-oX"}, "`rsh: -oX` is refused"),
    ({"host": "example.com"}, "needs `root:`"),
])
def test_values_rsync_would_read_as_options_are_refused(make_blog, tmp_path, capsys, options,
                                                          message):
    blog = make_blog(config={"url": URL, "deploy": {"type": "rsync", **options}},
                     files={"content/_posts/one.md": POST.format(title="One", day=1)})
    code, out = run(blog, capsys, "deploy", "-g")
    assert code == 1
    assert message in out and "_config.yml" in out


def test_a_server_target_is_user_at_host_with_the_port_given_to_ssh(make_blog, tmp_path):
    blog = make_blog(config={"url": URL})
    config = load_config(blog.root)
    spec = rsync_target({"type": "rsync", "host": "example.com", "user": "me", "port": 2222,
                         "key": "/keys/my key", "root": "/var/www/my blog",
                         "args": "-z --chmod=F644"}, blog.root / "site", config)
    assert spec.dest == "me@example.com:/var/www/my blog/"
    assert spec.options == ["--rsh", "ssh -p 2222 -i '/keys/my key'", "-z", "--chmod=F644"]
    assert spec.delete
    with pytest.raises(QuillError, match="output folder"):
        rsync_target({"type": "rsync", "root": str(blog.root / "site")}, blog.root / "site",
                     config)


def test_a_target_that_fills_midway_names_the_full_disk_and_the_next_deploy_ends_it(
        make_blog, tmp_path, capsys):
    """rsync's last words on a full target are "[sender] write error: Broken pipe", which was
    the whole error, under a hint to check the host and `ssh`. The cause is its first: the
    write that failed, "No space left on device". Making room and deploying again finishes
    the site, the user's files kept all along. (hexo-deployer-rsync prints all of rsync's.)"""
    with tmpfs(tmp_path / "disk") as disk:
        root = disk / "www"
        (root / "uploads").mkdir(parents=True)
        (root / "uploads/talk.pdf").write_bytes(b"%PDF slides")
        blog = make_blog(config={"url": URL, "deploy": {"type": "rsync", "root": str(root)}},
                         files={f"content/_posts/p{n}.md": POST.format(title=f"P{n}", day=1)
                                + "words " * 20_000 for n in range(12)})
        assert run(blog, capsys, "build")[0] == 0
        shrink_to_fit(disk, 400)
        code, out = run(blog, capsys, "deploy")
        assert code == 1 and "Traceback" not in out
        assert "rsync could not send the site: rsync: [receiver] write failed" in out
        assert "No space left on device" in out and "make room there" in out
        assert "Broken pipe" not in out
        remount(disk, "size=64m")
        code, out = run(blog, capsys, "deploy")
        assert code == 0, out
        assert (root / "uploads/talk.pdf").read_bytes() == b"%PDF slides"
        site = snapshot(blog.public)
        assert {rel: data for rel, data in snapshot(root).items() if rel in site} == site


def test_ssh_notices_before_the_cause_are_passed_over(make_blog, server_root, tmp_path, capsys):
    """OpenSSH 10 writes a framed notice ("** WARNING: connection is not using a
    post-quantum key exchange algorithm.") before anything else on every connection to an
    older server; a changed host key comes framed in `@` lines. The error names the cause
    that follows them (here the refused key), not the frame."""
    ssh = tmp_path / "fake-ssh"
    ssh.write_text("#!/bin/sh\n"
                   "echo '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@' >&2\n"
                   "echo '** WARNING: connection is not using a post-quantum key exchange"
                   " algorithm.' >&2\n"
                   "echo '** This session may be vulnerable to \"store now, decrypt later\""
                   " attacks.' >&2\n"
                   "echo 'me@example.invalid: Permission denied (publickey).' >&2\nexit 255\n")
    ssh.chmod(stat.S_IRWXU)
    blog = make(make_blog, server_root, host="example.invalid", user="me", rsh=str(ssh))
    assert run(blog, capsys, "build")[0] == 0
    code, out = run(blog, capsys, "deploy")
    assert code == 1 and "Traceback" not in out
    assert "Permission denied (publickey)" in out, out
    assert "post-quantum" not in out and "@@@" not in out
