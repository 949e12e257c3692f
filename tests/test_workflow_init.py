"""`init` and `clean`: a new blog that builds at once (also from an installed wheel), and a
`clean` that refuses to delete anything but the project's output and cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from quillpress.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_init_in_empty_folder_builds_at_once(tmp_path, capsys):
    assert main(["--cwd", str(tmp_path), "init", "blog"]) == 0
    blog = tmp_path / "blog"
    for rel in ("_config.yml", "scaffolds/post.md", "scaffolds/page.md", "scaffolds/draft.md",
                "content/_posts/hello-world.md", "content/about/index.md", ".gitignore"):
        assert (blog / rel).is_file(), rel
    assert main(["--cwd", str(blog), "build"]) == 0
    index = (blog / "site" / "index.html").read_text(encoding="utf-8")
    assert "Hello World" in index and "My Blog" in index
    assert "About" in (blog / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert main(["--cwd", str(blog), "new", "Second post"]) == 0
    assert main(["--cwd", str(blog), "build"]) == 0
    assert "Second post" in (blog / "site" / "index.html").read_text(encoding="utf-8")


def test_init_refuses_a_folder_with_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["--cwd", str(tmp_path), "init"]) == 1
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("public_dir", ["/", "..", "~", ".", "content", "content/out", "themes"])
def test_clean_refuses_folders_outside_the_output(make_blog, tmp_path, monkeypatch, capsys,
                                                   public_dir):
    monkeypatch.setenv("HOME", str(tmp_path))
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\n---\nkeep me\n",
                            "content/out/keep.txt": "keep", "themes/x/keep.txt": "keep"})
    (tmp_path / "precious.txt").write_text("keep")
    home_dir = str(tmp_path) if public_dir == "~" else public_dir
    config = (blog.root / "_config.yml").read_text() + f"public_dir: '{home_dir}'\n"
    (blog.root / "_config.yml").write_text(config)
    before = sorted(tmp_path.rglob("*"))
    assert main(["--cwd", str(blog.root), "clean"]) == 1
    assert "refusing to delete" in capsys.readouterr().err
    assert sorted(tmp_path.rglob("*")) == before


def test_clean_removes_output_and_cache(make_blog):
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\n---\nbody\n"})
    assert main(["--cwd", str(blog.root), "build"]) == 0
    assert (blog.root / "site" / "index.html").is_file()
    assert (blog.root / ".quillpress-cache").is_dir()
    assert main(["--cwd", str(blog.root), "clean"]) == 0
    assert not (blog.root / "site").exists() and not (blog.root / ".quillpress-cache").exists()
    assert (blog.root / "content" / "_posts" / "a.md").is_file()


def test_clean_with_a_linked_cache_removes_the_link_and_keeps_its_folder(make_blog, tmp_path):
    """A cache linked to another disk is the user's arrangement: `clean` drops the link (the
    next build starts from nothing) and leaves the folder it points at, whatever else is
    there; it used to stop with "Cannot call rmtree on a symbolic link", exit 1."""
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\n---\nbody\n"})
    elsewhere = tmp_path / "fast-disk"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("mine")
    (blog.root / ".quillpress-cache").symlink_to(elsewhere, target_is_directory=True)
    assert main(["--cwd", str(blog.root), "build"]) == 0
    assert main(["--cwd", str(blog.root), "clean"]) == 0
    assert not (blog.root / ".quillpress-cache").exists() and not (blog.root / "site").exists()
    assert (elsewhere / "notes.txt").read_text() == "mine"


def test_clean_deletes_nothing_through_a_link_the_user_put_in_the_output_folder(
        make_blog, tmp_path):
    """The site's images/ made a link to a folder of the user's after a build: `clean`
    deleted the user's files there named as the site's were (images/p.png)."""
    blog = make_blog(files={"content/_posts/a.md": "---\ntitle: A\n---\n![p](/images/p.png)\n",
                            "content/images/p.png": "site picture"})
    assert main(["--cwd", str(blog.root), "build"]) == 0
    mine = tmp_path / "photos"
    mine.mkdir()
    (mine / "p.png").write_text("my picture")
    shutil.rmtree(blog.root / "site" / "images")
    (blog.root / "site" / "images").symlink_to(mine, target_is_directory=True)
    assert main(["--cwd", str(blog.root), "clean"]) == 0
    assert (mine / "p.png").read_text() == "my picture"
    assert not (blog.root / "site" / "index.html").exists()


def checkout_files() -> set[str]:
    """What the wheel must bundle: themes/, plugins/, scaffolds/ without caches or dotfiles."""
    found = set()
    for name in ("themes", "plugins", "scaffolds"):
        for path in (REPO / name).rglob("*"):
            rel = path.relative_to(REPO)
            if path.is_file() and not any(part.startswith(".") or part == "__pycache__"
                                          or part == "node_modules" for part in rel.parts) \
                    and path.suffix not in (".pyc", ".pyo"):
                found.add(rel.as_posix())
    return found


def _python_site_packages(python: Path) -> str:
    return subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], check=True, text=True, capture_output=True).stdout.strip()


def test_installed_wheel_inits_and_builds_outside_the_checkout(tmp_path):
    """The wheel carries the theme, plugins, scaffolds and starter: built, installed into a
    fresh venv (dependencies borrowed from the running one, so no network), run elsewhere."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(wheels), str(REPO)],
                   check=True, cwd=tmp_path, capture_output=True)
    [wheel] = wheels.glob("quillpress-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("quillpress/_bundled/themes/default/layout/layout.html",
                     "quillpress/_bundled/scaffolds/post.md",
                     "quillpress/starter/_config.yml", "quillpress/starter/gitignore",
                     "quillpress/hosting/templates/github.yml",  # init --ci
                     "quillpress/py.typed"):  # plugins type-check against our hints
        assert expected in names, expected
    shipped = {n.removeprefix("quillpress/_bundled/") for n in names
               if n.startswith("quillpress/_bundled/")}
    assert shipped == checkout_files(), "the wheel must ship exactly the checkout's folders"

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # Our dependencies come from the running environment; a .pth line adds its packages
    # after the venv's own, so the wheel's quillpress wins over any checkout.
    deps = _python_site_packages(Path(sys.executable))
    (Path(_python_site_packages(python)) / "borrowed-deps.pth").write_text(deps + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    script = venv / "bin" / "quillpress"
    where = subprocess.run([str(python), "-c", "import quillpress, quillpress.bundled as b; "
                            "print(quillpress.__file__); print(b.bundled_dir('themes'))"],
                           cwd=work, env=env, check=True, text=True, capture_output=True)
    assert str(venv) in where.stdout and "_bundled" in where.stdout, where.stdout
    for args in (["init", "blog", "--ci", "github"], ["--cwd", "blog", "build"]):
        done = subprocess.run([str(script), *args], cwd=work, env=env, text=True,
                              capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert "Hello World" in (work / "blog" / "site" / "index.html").read_text(encoding="utf-8")
    assert "actions/deploy-pages" in (work / "blog/.github/workflows/quillpress.yml").read_text()
    assert (work / "blog" / "site" / "css" / "style.css").is_file()


def test_the_next_steps_init_prints_work_when_pasted_into_a_shell(tmp_path):
    """Run as `python build.py init blog`, init said `next: cd blog && quillpress serve`: a
    command that exists only once QuillPress is installed (`quillpress: command not found`),
    and in the new blog there is no build.py to run instead."""
    from tests.test_core_cli import cli

    run = cli("init", "blog", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = dict(line.split(": ", 1) for line in run.stderr.splitlines() if ": " in line)
    assert lines["next"].startswith("cd blog && ") and lines["next"].endswith(" serve")
    assert "quillpress" not in lines["next"]
    listing = lines["next"].removesuffix(" serve") + " list posts"  # serve would not return
    pasted = subprocess.run(["bash", "-c", listing], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert pasted.returncode == 0, pasted.stderr
    assert "Hello World" in pasted.stdout
    written = lines["then"].replace('"My first post"', '"Second post"')
    pasted = subprocess.run(["bash", "-c", written], cwd=tmp_path / "blog", capture_output=True,
                            text=True, timeout=120)
    assert pasted.returncode == 0, pasted.stderr
    assert (tmp_path / "blog/content/_posts/Second-post.md").is_file()


def test_the_first_posts_commands_are_the_ones_init_printed(tmp_path):
    """Run as `python build.py init blog`, the first post's daily loop read `quillpress new
    "My first post"`, `quillpress serve`…: commands that exist only once QuillPress is
    installed (`quillpress: command not found` for a checkout's user)."""
    from tests.test_core_cli import cli

    run = cli("init", "blog", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    then = next(line.removeprefix("then: ") for line in run.stderr.splitlines()
                if line.startswith("then: "))
    program = then.removesuffix(' new "My first post"')
    post = (tmp_path / "blog/content/_posts/hello-world.md").read_text(encoding="utf-8")
    block = post.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].rstrip() for line in block.splitlines()]
    assert len(commands) == 5 and all(c.startswith(program + " ") for c in commands), commands
    pasted = subprocess.run(["bash", "-c", commands[0]], cwd=tmp_path / "blog",
                            capture_output=True, text=True, timeout=120)
    assert pasted.returncode == 0, pasted.stderr
    assert (tmp_path / "blog/content/_posts/My-first-post.md").is_file()
