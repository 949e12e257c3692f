"""The command line starts the math plugin's Node worker before its own heavy imports on a
blog's first build, and the build takes that very process over instead of starting another."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import pytest

from conftest import post
from quillpress.build.builder import Builder
from quillpress.cli import main
from tests.test_math_engines import OUT, POST, needs_node


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
    [early, setup] = started
    assert early != "setup" and setup == "setup"  # one Node, started first
    assert 'class="katex"' in blog.read(OUT)
    started.clear()
    blog.write(POST, post("P", "$x^2$ and $y$, again"))
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    assert started == ["setup"]  # a cache folder: nothing early, and the formulas were cached


@needs_node
def test_a_first_build_without_math_ends_the_worker_it_did_not_need(make_blog, started):
    blog = make_blog(files={POST: post("P", "No formula here.")})
    assert main(["--quiet", "--cwd", str(blog.root), "build"]) == 0
    [early, setup] = started
    assert early != "setup" and setup == "setup"
    assert early.poll() is not None  # ended by the end of the build, not left idle
    assert "katex" not in blog.read(OUT)
