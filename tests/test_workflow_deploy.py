"""`deploy`: a git branch that keeps its history, a local mirror, plugin types, clear failures."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from quillpress.cli import main
from quillpress.ownership import RECORD
from tests.test_core_cli import cli

POST = "---\ntitle: {title}\ndate: 2024-01-0{day} 10:00:00\n---\n{title} body\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, text=True,
                          capture_output=True).stdout


def branch_files(bare: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    names = git(bare, "ls-tree", "-r", "-z", "--name-only", branch).split("\0")
    return {name: subprocess.run(["git", "-C", str(bare), "show", f"{branch}:{name}"],
                                 check=True, capture_output=True).stdout
            for name in names if name}


def site_files(folder: Path) -> dict[str, bytes]:
    """The site's files in a folder (QuillPress's record of what it wrote there left out)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file() and p.name != RECORD}


def commits(bare: Path, branch: str = "gh-pages") -> list[str]:
    return git(bare, "log", "--format=%s", branch).splitlines()


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    repo = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(repo)], check=True)
    return repo


def blog_with_target(make_blog, target: dict | list) -> object:
    return make_blog(config={"deploy": target, "url": "https://me.example.org"}, files={
        "content/_posts/one.md": POST.format(title="One", day=1),
        "content/_posts/two.md": POST.format(title="Two", day=2)})


def qp(blog, *args: str) -> int:
    return main(["--cwd", str(blog.root), *args])


def test_git_deploy_keeps_history_mirrors_site_and_skips_empty_commits(make_blog, bare, capsys):
    blog = blog_with_target(make_blog, {"type": "git", "repo": str(bare), "cname": "blog.example.com",
                                        "message": "Deployed at {{ now }}",
                                        "name": "Bot", "email": "bot@example.com"})
    assert qp(blog, "deploy", "-g") == 0
    expected = site_files(blog.public) | {".nojekyll": b"", "CNAME": b"blog.example.com\n"}
    assert branch_files(bare) == expected

    (blog.root / "content/_posts/two.md").unlink()
    blog.write("content/_posts/three.md", POST.format(title="Three", day=3))
    assert qp(blog, "deploy", "-g") == 0
    files = branch_files(bare)
    assert files == site_files(blog.public) | {".nojekyll": b"", "CNAME": b"blog.example.com\n"}
    assert "2024/01/02/two/index.html" not in files and "2024/01/03/three/index.html" in files
    log = commits(bare)
    assert len(log) == 2 and all(msg.startswith("Deployed at 20") for msg in log)
    assert git(bare, "log", "-1", "--format=%an <%ae>", "gh-pages").strip() == "Bot <bot@example.com>"

    capsys.readouterr()
    assert qp(blog, "deploy") == 0
    assert len(commits(bare)) == 2
    assert "nothing to commit" in capsys.readouterr().err

    # A new machine or a CI runner: no work folder. Hexo would force-push a one-commit branch.
    shutil.rmtree(blog.root / ".quillpress-cache")
    blog.write("content/_posts/four.md", POST.format(title="Four", day=4))
    assert qp(blog, "deploy", "-g") == 0
    assert len(commits(bare)) == 3
    assert branch_files(bare) == site_files(blog.public) | {
        ".nojekyll": b"", "CNAME": b"blog.example.com\n"}


def test_a_deploy_stopped_while_git_ran_does_not_stop_the_next(make_blog, bare, capsys):
    """SIGTERM or Ctrl+C during a deploy kills the git it runs, which leaves `index.lock` in
    the work folder: every deploy after failed 'index.lock: File exists'."""
    blog = blog_with_target(make_blog, {"type": "git", "repo": str(bare)})
    assert qp(blog, "deploy", "-g") == 0
    work = next((blog.root / ".quillpress-cache/deploy").iterdir())
    (work / ".git/index.lock").write_text("")  # as a killed `git add` leaves it
    blog.write("content/_posts/new.md", POST.format(title="New", day=5))
    assert qp(blog, "deploy", "-g") == 0, capsys.readouterr().err
    assert b"New body" in branch_files(bare)["2024/01/05/new/index.html"]
    assert len(commits(bare)) == 2


def test_a_deploy_stopped_by_ctrl_c_says_so_and_the_next_one_finishes(make_blog, bare, capsys,
                                                                      monkeypatch):
    """Ctrl+C while git pushed ended `deploy` with exit 130 and not a word: the user could
    not tell whether the site went out. It now says the deploy was stopped and what to run;
    the next deploy sends the site."""
    import quillpress.deploy.git as git_deploy
    blog = blog_with_target(make_blog, {"type": "git", "repo": str(bare)})
    real_run = git_deploy.Git.run

    def stopped_at_push(self, *args: str, check: bool = True):
        if args and args[0] == "push":
            raise KeyboardInterrupt
        return real_run(self, *args, check=check)
    monkeypatch.setattr(git_deploy.Git, "run", stopped_at_push)
    assert qp(blog, "deploy", "-g") == 130
    err = capsys.readouterr().err
    assert "deploy (git) was stopped before it finished" in err and "run `deploy` again" in err
    monkeypatch.undo()
    assert qp(blog, "deploy") == 0, capsys.readouterr().err
    assert "2024/01/02/two/index.html" in branch_files(bare)


def test_a_local_target_whose_path_is_a_list_is_refused(make_blog, tmp_path, capsys):
    """`path: [a, b]` was deployed into a folder named "['a', 'b']" in the blog folder."""
    blog = blog_with_target(make_blog, {"type": "local", "path": [str(tmp_path / "a"),
                                                                  str(tmp_path / "b")]})
    assert qp(blog, "deploy", "-g") == 1
    err = capsys.readouterr().err
    assert "`path:` is a list, not one folder" in err and "Traceback" not in err
    assert sorted(p.name for p in blog.root.iterdir() if "[" in p.name) == []


def test_rejected_push_is_a_clear_error_and_nothing_is_forced(make_blog, bare, capsys):
    blog = blog_with_target(make_blog, {"type": "git", "repo": str(bare), "branch": "pages"})
    assert qp(blog, "deploy", "-g") == 0
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pushes are frozen' >&2\nexit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    blog.write("content/_posts/new.md", POST.format(title="New", day=5))
    capsys.readouterr()
    assert qp(blog, "deploy", "-g") == 1
    err = capsys.readouterr().err
    assert "the remote refused the push" in err and "pushes are frozen" in err
    assert len(commits(bare, "pages")) == 1


def test_push_racing_another_deploy_is_refused_not_forced(make_blog, bare, tmp_path, capsys,
                                                         monkeypatch):
    """Someone pushes between our fetch and our push: git refuses; we never force."""
    blog = blog_with_target(make_blog, {"type": "git", "repo": str(bare)})
    assert qp(blog, "deploy", "-g") == 0
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "--quiet", "--branch", "gh-pages", str(bare), str(other)],
                   check=True)
    (other / "theirs.txt").write_text("theirs")
    git(other, "add", "theirs.txt")
    git(other, "-c", "user.name=X", "-c", "user.email=x@x", "commit", "-qm", "their deploy")
    real_git = shutil.which("git")
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nif [ "$1" = push ]; then "{real_git}" -C "{other}" push -q '
                       f'origin gh-pages; fi\nexec "{real_git}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    blog.write("content/_posts/mine.md", POST.format(title="Mine", day=6))
    capsys.readouterr()
    assert qp(blog, "deploy", "-g") == 1
    err = capsys.readouterr().err
    assert "deploy` again" in err and "Nothing was force-pushed" in err
    assert commits(bare)[0] == "their deploy"  # their commit survived
    monkeypatch.setenv("PATH", os.environ["PATH"].split(os.pathsep, 1)[1])
    assert qp(blog, "deploy") == 0  # deploying again builds on top of their commit
    assert commits(bare)[1] == "their deploy" and len(commits(bare)) == 3
    assert "theirs.txt" not in branch_files(bare)  # the branch mirrors site/ again


def test_missing_credentials_say_what_to_do_and_hide_tokens(make_blog, capsys, monkeypatch):
    monkeypatch.delenv("QP_TEST_TOKEN", raising=False)
    blog = blog_with_target(make_blog, {"type": "git", "repo": "https://example.invalid/x.git",
                                        "token": "$QP_TEST_TOKEN"})
    assert qp(blog, "deploy", "-g") == 1
    err = capsys.readouterr().err
    assert "$QP_TEST_TOKEN" in err and "export QP_TEST_TOKEN" in err

    blog = blog_with_target(make_blog, {"type": "git",
                                        "repo": "https://user:s3cr3t@127.0.0.1:9/x.git"})
    assert qp(blog, "deploy") == 1
    err = capsys.readouterr().err
    assert "could not reach https://***@127.0.0.1:9/x.git" in err and "s3cr3t" not in err


def test_local_folder_mirror_and_second_target(make_blog, bare, tmp_path):
    dest = tmp_path / "www"
    blog = blog_with_target(make_blog, [{"type": "local", "path": str(dest)},
                                        {"type": "git", "repo": str(bare)}])
    assert qp(blog, "deploy", "-g") == 0
    assert site_files(dest) == site_files(blog.public)
    assert len(commits(bare)) == 1
    (blog.root / "content/_posts/two.md").unlink()
    (dest / "stale.html").write_text("old")  # not from a deploy: the user's, kept
    assert qp(blog, "deploy", "-g") == 0
    assert site_files(dest) == site_files(blog.public) | {"stale.html": b"old"}
    assert not (dest / "2024/01/02/two").exists()


@pytest.mark.parametrize("where", ["/", "~", ".", "content", "..", "site/sub", ".site.building",
                                   ".site.building/www"])
def test_local_deploy_refuses_dangerous_folders(make_blog, capsys, tmp_path, monkeypatch, where):
    """`.site.building` is where a first build stages the site: deployed into, it held the
    site and the next build's pages at once."""
    monkeypatch.setenv("HOME", str(tmp_path))
    blog = blog_with_target(make_blog, {"type": "local", "path": where})
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert qp(blog, "deploy", "-g") == 1
    assert "refusing to deploy into" in capsys.readouterr().err
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")
                   if ".quillpress-cache" not in p.parts)
    assert set(before) <= set(after)  # nothing deleted


def test_unknown_type_lists_known_ones_and_plugins_add_types(make_blog, capsys):
    blog = blog_with_target(make_blog, [{"type": "ftp"}, {"type": "record", "to": "x"}])
    blog.write("plugins/recorder.py", """
        def register(api):
            @api.deployer("record")
            def record(target, public_dir, log):
                (api.project_root / "deployed.txt").write_text(
                    target["to"] + ":" + ",".join(sorted(p.name for p in public_dir.iterdir())))
        """)
    assert qp(blog, "deploy", "-g") == 1  # ftp failed, record still ran
    err = capsys.readouterr().err
    assert "unknown deploy type 'ftp'" in err and "folder, git, local, record" in err
    assert (blog.root / "deployed.txt").read_text().startswith("x:")
    assert "index.html" in (blog.root / "deployed.txt").read_text()


def test_deploy_without_targets_or_build_explains(make_blog, tmp_path, capsys):
    """With no `deploy:`, `deploy` said to build first, and `deploy -g` built the whole site,
    then said there was nowhere to deploy to: now both say so first, as Hexo's deploy does.
    `g -d` builds the site first, as Hexo's generate does, then says it."""
    blog = make_blog()
    blog.write("content/_posts/a.md", POST.format(title="A", day=1))
    for command in (["deploy"], ["deploy", "-g"]):
        assert qp(blog, *command) == 1
        err = capsys.readouterr().err
        assert err.startswith("ERROR _config.yml: there is nothing to deploy to: `deploy:` is "
                              "empty"), err
        assert not blog.public.exists()  # nothing was built
    assert qp(blog, "g", "-d") == 1
    err = capsys.readouterr().err
    assert "ERROR _config.yml: there is nothing to deploy to: `deploy:` is empty" in err
    assert (blog.public / "index.html").is_file()
    shutil.rmtree(blog.public)
    config = yaml.safe_load((blog.root / "_config.yml").read_text())
    assert "deploy" not in config
    blog.write("_config.yml", yaml.safe_dump({"url": "https://me.example.org",
                                              "deploy": {"type": "local", "path": str(tmp_path / "www")}}))
    assert qp(blog, "deploy") == 1
    assert "deploy -g" in capsys.readouterr().err  # a target, but nothing built to send


def test_a_deploy_type_given_alone_is_read_as_that_type_and_its_gap_named(make_blog, capsys):
    """`deploy: git` (a type, not a target): Hexo deploys nothing and says nothing; the
    deploy said "`deploy:` is empty" under a `deploy:` that was not."""
    blog = make_blog()
    blog.write("content/_posts/a.md", POST.format(title="A", day=1))
    blog.write("_config.yml", "url: https://me.example.org\ndeploy: git\n")
    assert qp(blog, "deploy", "-g") == 1
    err = capsys.readouterr().err
    assert "is empty" not in err
    assert "_config.yml:2: `deploy: git` names a deploy type alone" in err
    assert "_config.yml:2: a git deploy target needs `repo:`" in err


def test_a_relative_repo_folder_is_read_as_hexo_reads_it(make_blog, capsys):
    """Hexo runs git in the blog's `.deploy_git/`, so `repo: ../pages.git` is the blog's
    pages.git. Given to git as written, it was looked for from the work folder deep in the
    cache (not found), and `repo: .` pushed into that work folder, reported as deployed."""
    blog = blog_with_target(make_blog, {"type": "git", "repo": "../pages.git"})
    pages = blog.root / "pages.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(pages)], check=True)
    code, err = qp(blog, "deploy", "-g"), capsys.readouterr().err
    assert code == 0 and f"pushed a commit to {pages} gh-pages" in err, err
    assert "index.html" in branch_files(pages)
    blog.write("_config.yml", "url: https://me.example.org\ndeploy:\n  type: git\n  repo: .\n")
    assert qp(blog, "deploy") == 1
    err = capsys.readouterr().err
    assert "pushed" not in err and f"could not reach {blog.root / '.deploy_git'}" in err, err


def test_a_repo_folder_that_is_no_repository_is_named_at_the_deploy_line(make_blog, tmp_path,
                                                                         capsys):
    """A Hexo blog's `repository:` changed to a folder on this machine that holds no
    repository yet: the error named no line of _config.yml and said to check the network."""
    missing = tmp_path / "pages.git"
    blog = blog_with_target(make_blog, {"type": "git", "repository": str(missing)})
    assert qp(blog, "deploy", "-g") == 1
    err = capsys.readouterr().err
    assert f"deploy (git) failed: _config.yml:1: git could not reach {missing}" in err, err  # deploy:
    assert f"hint: `repo:` is a folder on this machine: make it a repository (`git init --bare " \
           f"{missing}`) or correct the path" in err, err
    assert "network" not in err and not missing.exists()


def test_deploy_help_says_what_to_write_under_deploy() -> None:
    """The help named no setting: a Hexo user moving a blog over had to find README's
    section to learn that QuillPress reads `deploy:` as Hexo does, and with which keys."""
    said = " ".join(cli("deploy", "--help").stdout.split())
    assert "`deploy:` in _config.yml" in said
    for target in ("{type: git, repo: URL, branch: gh-pages}", "{type: local, path:",
                   "{type: rsync, host: example.com, root:"):
        assert target in said
