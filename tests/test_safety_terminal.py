"""A quiet terminal: a reader that closes the pipe early (`list routes | head`) ends the
command normally, with no traceback and no "unexpected error"."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

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
