"""A quiet terminal: a reader that closes the pipe early (`list routes | head`) ends the
command normally, with no traceback and no "unexpected error"."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO, ctrl_c_as_in_a_terminal

POST = "---\ntitle: Post {n}\ndate: 2024-01-02\ntags: [t{n}]\n---\nbody {n}\n"


def test_list_routes_into_a_closed_pipe_is_a_normal_exit(make_blog):
    blog = make_blog(files={f"content/_posts/p{n}.md": POST.format(n=n) for n in range(40)})
    read_end, write_end = os.pipe()
    os.close(read_end)  # `head` has read its lines and gone
    try:
        run = subprocess.run([sys.executable, str(REPO / "build.py"), "--cwd", str(blog.root),
                              "list", "routes"], stdout=write_end, stderr=subprocess.PIPE,
                             text=True, timeout=120)
    finally:
        os.close(write_end)
    assert run.returncode == 0, run.stderr
    assert "unexpected error" not in run.stderr
    assert "Traceback" not in run.stderr and "BrokenPipeError" not in run.stderr
    assert "Exception ignored" not in run.stderr


# Ctrl+C pressed while the command line is still loading its modules: an audit hook sends
# it at the moment QuillPress's error module is imported, then build.py runs as `python
# build.py` runs it.
CTRL_C_WHILE_LOADING = """
import os, runpy, signal, sys
def hook(event, args):
    if event == "import" and args[0] == "quillpress.errors":
        os.kill(os.getpid(), signal.SIGINT)
sys.addaudithook(hook)
sys.argv = [sys.argv[1], *sys.argv[2:]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_ctrl_c_while_the_command_line_loads_is_a_quiet_stop(make_blog):
    """Ctrl+C in the first ~0.3 s of a command (a typo seen just after Enter) printed a
    page of importlib's traceback and exited by the signal; it stops as it does later."""
    blog = make_blog(files={"content/_posts/p0.md": POST.format(n=0)})
    run = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_LOADING, str(REPO / "build.py"),
                          "--cwd", str(blog.root), "build"], capture_output=True, text=True,
                         timeout=120, preexec_fn=ctrl_c_as_in_a_terminal)
    assert run.returncode == 130, run.stderr
    assert "Traceback" not in run.stderr and "KeyboardInterrupt" not in run.stderr
    assert not blog.public.exists()


# The `quillpress` command pip installs: its wrapper imports the entry point pyproject.toml
# names and calls it. The audit hook sends Ctrl+C as the package starts to load.
CTRL_C_IN_THE_INSTALLED_COMMAND = """
import os, signal, sys, tomllib
with open(sys.argv[1], "rb") as handle:
    entry = tomllib.load(handle)["project"]["scripts"]["quillpress"]
module, _, function = entry.partition(":")
def hook(event, args):
    if event == "import" and args[0] == "quillpress":
        os.kill(os.getpid(), signal.SIGINT)
sys.addaudithook(hook)
sys.argv = ["quillpress", *sys.argv[2:]]
sys.exit(getattr(__import__(module, fromlist=[function]), function)())
"""


def test_ctrl_c_while_the_installed_command_loads_is_a_quiet_stop(make_blog):
    """build.py caught it; pip's wrapper imported the command line before any code of ours
    ran, so `quillpress build` still showed importlib's traceback."""
    blog = make_blog(files={"content/_posts/p0.md": POST.format(n=0)})
    run = subprocess.run([sys.executable, "-c", CTRL_C_IN_THE_INSTALLED_COMMAND,
                          str(REPO / "pyproject.toml"), "--cwd", str(blog.root), "build"],
                         capture_output=True, text=True, timeout=120, cwd=REPO,
                         preexec_fn=ctrl_c_as_in_a_terminal)
    assert run.returncode == 130, run.stderr
    assert "Traceback" not in run.stderr and "KeyboardInterrupt" not in run.stderr
    assert not blog.public.exists()
