"""No helper outlives a build that stopped: the Node compiling the stylesheets, the Node math
workers and the forked render workers end with the command, whether a plugin stopped it, the
user pressed Ctrl+C or something sent SIGTERM (`timeout`, a cancelled CI job)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, ctrl_c_as_in_a_terminal
from tests.test_core_stylesheets import needs_compilers

# a stylesheet that keeps Node compiling for a while (~1 s of CPU): still at it when the build stops
STYLE = {"content/css/many.styl": "for i in (1..20000)\n  .c{i}\n    margin unit(i, 'px')\n"}
POSTS = {f"content/_posts/p{n}.md": f"---\ntitle: P{n}\ndate: 2024-01-02\n---\n$x^{n}$ and $$\\sum_i {n}$$\n"
         for n in range(10)}
STOP_AT_SITE = ("import pathlib, sys\ndef register(api):\n"
                "    def stop(*, site):\n"
                "        pathlib.Path('reached').write_text('')\n"
                "        sys.exit(0)\n"
                "    api.on('after_site', stop)\n")
# marks the moment (every helper started) and waits there for the signal
WAIT_AT_SITE = STOP_AT_SITE.replace("sys.exit(0)", "time.sleep(60)").replace("sys\n", "time\n")


def _in_session(session: int) -> list[str]:
    """The processes of `session` (the build's own, started with start_new_session),
    zombies too: a helper ended but never waited for."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            name, rest = (proc / "stat").read_text().rsplit(")", 1)
        except (OSError, ValueError):
            continue
        if int(rest.split()[3]) == session:
            found.append(f"{proc.name} {name.split('(', 1)[1]} {rest.split()[0]}")
    return found



@needs_compilers
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum,code", [(None, 1), (signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_build_ends_with_all_its_helpers(make_blog, signum, code):
    """A plugin's sys.exit() or Ctrl+C (a SIGINT to the command alone, as `kill -INT` sends
    it) left the stylesheet compiler running; SIGTERM ended the command at once and all its
    helpers ran on for seconds."""
    plugin = WAIT_AT_SITE if signum else STOP_AT_SITE
    blog = make_blog(files={**STYLE, **POSTS, "plugins/at_site.py": plugin})
    build = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--cwd", str(blog.root),
                              "build", "--workers", "2"], cwd=blog.root, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             preexec_fn=ctrl_c_as_in_a_terminal)
    try:
        deadline = time.monotonic() + 120
        while signum and not (blog.root / "reached").exists():
            assert build.poll() is None and time.monotonic() < deadline, build.stderr.read()
            time.sleep(0.02)
        if signum:
            os.kill(build.pid, signum)
        assert build.wait(60) == code
        assert (blog.root / "reached").exists()
        assert _in_session(build.pid) == []
        assert not (blog.root / ".site.building").exists()
        assert "Traceback" not in build.stderr.read().decode()
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
