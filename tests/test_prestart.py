"""The command line starts the math plugin's Node workers (KaTeX's, and MathJax's when it is
installed) before its own heavy imports on a blog's first build, and the build takes those very
processes over instead of starting others."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import pytest

from conftest import post
from tests.conftest import REPO
from quillpress.build.builder import Builder
from quillpress.cli import main
from tests.test_math_engines import OUT, POST, needs_node

# Each Node math worker started early: KaTeX's, then MathJax's when npm's @mathjax/src is there.
EARLY = 1 + (REPO / "node_modules" / "@mathjax" / "src" / "package.json").is_file()


@pytest.fixture
def started(monkeypatch) -> list[Any]:
    """What happened, in order: "setup" (the builder's) and each Node math worker started."""
    events: list[Any] = []
    popen, setup = subprocess.Popen, Builder.setup  # (the real ones)

    def recording_popen(args: Any, *rest: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process = popen(args, *rest, **kwargs)
        if any(str(arg).endswith("math_worker.js") for arg in args):
            events.append(process)
        return process

    def recording_setup(self: Builder) -> None:
        events.append("setup")
        setup(self)

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    monkeypatch.setattr(Builder, "setup", recording_setup)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # a second core to start it on
    return events


@needs_node
def test_a_first_build_uses_the_node_worker_started_before_its_imports(make_blog, started):
    blog = make_blog(files={POST: post("P", "$x^2$ and $y$")})
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    *early, setup = started
    assert len(early) == EARLY and setup == "setup"  # the Nodes, started first
    assert 'class="katex"' in blog.read(OUT)
    started.clear()
    blog.write(POST, post("P", "$x^2$ and $y$, again"))
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    assert started == ["setup"]  # a cache folder: nothing early, and the formulas were cached


@needs_node
def test_a_first_build_without_math_ends_the_worker_it_did_not_need(make_blog, started):
    blog = make_blog(files={POST: post("P", "No formula here.")})
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    *early, setup = started
    assert len(early) == EARLY and setup == "setup"
    assert all(process.poll() is not None for process in early)  # ended with the build, not left idle
    assert "katex" not in blog.read(OUT)
