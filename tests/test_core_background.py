"""Work put on a forked child beside the main process (`Background`): its answer comes back
whole, and a build that uses one reports what an in-process build reports."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from quillpress.build.background import Background, Gated
from quillpress.build import builder
from quillpress.build.builder import Builder
from quillpress.errors import QuillError
from quillpress.output.linkcheck import LinkChecker
from quillpress.output.writer import Writer
from tests._tags_html import parse
from tests.test_core_linkcheck import FIXTURE, link_warnings


def note_pids(monkeypatch: Any, owner: type, name: str, pids: Path) -> None:
    """Each call of the method `owner.name` writes the id of the process it ran in to `pids`."""
    method = getattr(owner, name)

    def noted(self: Any, *args: Any) -> Any:
        with pids.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return method(self, *args)

    monkeypatch.setattr(owner, name, noted)


def test_background_gives_the_childs_result_or_works_here() -> None:
    """The child's answer comes back whole; a child that fails (here: the function raises)
    leaves the work to this process, which then meets the error itself."""
    job = Background(lambda: [os.getpid(), list(range(100_000))], workers=2)
    pid, numbers = job.result()
    assert pid != os.getpid() and numbers == list(range(100_000))  # large: many pipe reads
    calls: list[int] = []

    def failing() -> int:
        calls.append(os.getpid())
        raise ValueError("no ranking")

    job_that_fails = Background(failing, workers=2)
    try:
        job_that_fails.result()
    except ValueError:
        pass
    else:
        raise AssertionError("the error should reach this process")
    assert calls == [os.getpid()]  # the child's own call was in the child


def test_background_is_busy_until_its_child_answers() -> None:
    """`Background.busy` says whether a child started here is still working (a process
    that would wait for it fills the search postings meanwhile); an answer sent, or taken,
    ends that."""
    read, write = os.pipe()
    job = Background(lambda: os.read(read, 1), workers=2)  # works until told to answer
    assert Background.busy()
    os.write(write, b"x")
    for _ in range(500):  # the child answers within moments
        if not Background.busy():
            break
        time.sleep(0.01)
    assert not Background.busy() and job.result() == b"x" and not Background.busy()
    os.close(read)
    os.close(write)
    Background(lambda: 1, workers=2).close()
    assert not Background.busy()


def test_background_is_busy_with_its_pipe_numbered_past_1024() -> None:
    """A process with many files open (the dev server's) gives a child's pipe a descriptor
    numbered 1024 or more, which `select` refuses: `busy` must still answer."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("this system allows fewer than 1,200 open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    opened = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    read, write = os.pipe()
    job = Background(lambda: os.read(read, 1), workers=2)
    try:
        assert job._pipe >= 1024 and Background.busy()
        os.write(write, b"x")
        for _ in range(500):
            if not Background.busy():
                break
            time.sleep(0.01)
        assert not Background.busy() and job.result() == b"x"
    finally:
        job.close()  # a child still waiting (the test failed) is ended
        for fd in [*opened, read, write]:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_background_works_here_when_no_child_can_be_started(monkeypatch: Any) -> None:
    """A fork refused (no process left) is no build error: the work is done here."""
    def refused() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    assert Background(lambda: [os.getpid()], workers=2).result() == [os.getpid()]


def test_a_background_given_up_ends_its_child() -> None:
    """`close`: a child whose answer is larger than the pipe holds waits to write it; given
    up, it is ended and waited for at once, and a job that started no child has nothing to
    end."""
    job = Background(lambda: list(range(1_000_000)), workers=2)
    pid = job._pid
    job.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    Background(lambda: 1, workers=1).close()


def test_background_starts_no_child_for_a_build_of_one_process(monkeypatch: Any) -> None:
    """`--workers 1`: the job runs here, when its result is asked for, and nothing forks."""
    def refused() -> int:
        raise AssertionError("a build of one process forked")

    monkeypatch.setattr(os, "fork", refused)
    calls: list[int] = []
    job = Background(lambda: calls.append(os.getpid()) or len(calls), workers=1)
    assert calls == []
    assert job.result() == 1 and calls == [os.getpid()]


def test_a_gated_child_goes_on_only_once_told() -> None:
    """`Gated`: the child waits, part way, for this process's word; told `go()`, it goes on;
    a job whose result is asked for, or that is given up, without the word is told no, so no
    child waits for ever. Run here (no child), it answers what was said."""
    told = Gated(lambda passed: (os.getpid(), passed()), workers=2)
    time.sleep(0.1)
    assert Background.busy()  # waiting for the word
    told.go()
    pid, passed = told.result()
    assert pid != os.getpid() and passed is True
    assert Gated(lambda passed: passed(), workers=2).result() is False
    given_up = Gated(lambda passed: passed(), workers=2)
    given_up.close()
    assert not Background.busy()
    here = Gated(lambda passed: (os.getpid(), passed()), workers=1)
    here.go()
    assert here.result() == (os.getpid(), True)
    assert Gated(lambda passed: passed(), workers=1).result() is False


def built_then_edited(tmp_path: Path, monkeypatch: Any) -> tuple[Path, dict[Path, bytes]]:
    """The fixture built with its link check in a child, then a post edited; with the bytes
    of its links.json and of that post's page, which a build that fails must leave as they are."""
    blog = tmp_path / "blog"
    shutil.copytree(FIXTURE, blog)
    monkeypatch.setattr(builder, "LINK_CHILD_FROM", 1)
    first = Builder(blog, workers=2, trust_manifest=True)
    assert first.build().ok
    kept = {path: path.read_bytes() for path in (
        blog / ".quillpress-cache/links.json",
        first.config.public_path / "2024/01/01/gpu-notes/index.html")}
    post = blog / "content/_posts/gpu-notes.md"
    post.write_text(post.read_text(encoding="utf-8").replace("GPU", "TPU"), encoding="utf-8")
    return blog, kept


def test_a_build_that_gives_its_output_up_keeps_what_the_link_check_read_before(
        tmp_path: Path, monkeypatch: Any) -> None:
    """The link check's child starts before the commit; a build that then fails (here: a
    plugin's error in `after_build`) keeps the last good output, and the child saves nothing
    of the output given up: links.json stays the last good build's."""
    blog, kept = built_then_edited(tmp_path, monkeypatch)
    emit = Builder._emit

    def failing(self: Builder, event: str, problems: Any, **kwargs: Any) -> None:
        emit(self, event, problems, **kwargs)
        if event == "after_build":
            problems.error(QuillError("a plugin failed"))

    monkeypatch.setattr(Builder, "_emit", failing)
    failed = Builder(blog, workers=2, trust_manifest=True).build()
    assert not failed.ok and not failed.committed
    assert {path: path.read_bytes() for path in kept} == kept


def test_a_build_that_makes_some_pages_checks_links_in_a_child_once_they_are_in_place(
        tmp_path: Path, monkeypatch: Any) -> None:
    """A one-off build that makes only the pages an edit changed reads the others' links
    from the last check (links.json, by each file's stamp): its child waits for the output
    to be in place to look at them, and finds what a build checking here finds."""
    here, there = tmp_path / "here", tmp_path / "there"
    shutil.copytree(FIXTURE, here)
    shutil.copytree(FIXTURE, there)
    monkeypatch.setattr(builder, "LINK_CHILD_FROM", 1)
    first = Builder(there, workers=2, trust_manifest=True)
    assert first.build().ok
    for blog in (here, there):
        post = blog / "content/_posts/follow-up.md"
        post.write_text(post.read_text(encoding="utf-8") + "\n[again](/2024/01/09/nowhere/)\n",
                        encoding="utf-8")
    expected = link_warnings(Builder(here, workers=1).build())
    again = Builder(there, workers=2, trust_manifest=True).build()
    assert 0 < again.rendered_routes < len(again.changed_paths) + again.unchanged
    assert link_warnings(again) == expected and len(expected) == 6
    cached = json.loads((there / ".quillpress-cache/links.json").read_text(encoding="utf-8"))
    for rel, (stamp, _, _) in cached.items():
        info = os.stat(first.config.public_path / rel)
        assert stamp == [info.st_mtime_ns, info.st_size]


def test_a_build_checks_links_in_a_child_and_reports_the_same_warnings(tmp_path: Path,
                                                                         monkeypatch: Any) -> None:
    """A one-off `build` of many pages checks the links in a forked child while it saves its
    records and manifest: the broken links are the ones the dev server's builder (checking here) finds,
    the manifest keeps them for a build with nothing changed, and the child saved what it
    read for the next build."""
    here, there = tmp_path / "here", tmp_path / "there"
    shutil.copytree(FIXTURE, here)
    shutil.copytree(FIXTURE, there)
    pids = tmp_path / "pids"
    note_pids(monkeypatch, LinkChecker, "check", pids)
    monkeypatch.setattr(builder, "LINK_CHILD_FROM", 1)  # the fixture's few pages
    expected = link_warnings(Builder(here, workers=1).build())
    assert len(expected) == 5 and pids.read_text() == f"{os.getpid()}\n"
    pids.unlink()
    first = Builder(there, workers=2, trust_manifest=True).build()
    assert link_warnings(first) == expected
    checked_in = [int(pid) for pid in pids.read_text().split()]
    assert len(checked_in) == 1 and checked_in[0] != os.getpid()
    cached = json.loads((there / ".quillpress-cache/links.json").read_text(encoding="utf-8"))
    assert "2024/01/01/gpu-notes/index.html" in cached
    public = Builder(there).config.public_path
    for rel, (stamp, _, _) in cached.items():  # as the writer took them: each file's own
        info = os.stat(public / rel)
        assert stamp == [info.st_mtime_ns, info.st_size]
    again = Builder(there, workers=2, trust_manifest=True).build()
    assert again.rendered_routes == 0 and link_warnings(again) == expected


def test_a_build_asked_for_one_process_forks_no_child(tmp_path: Path, monkeypatch: Any) -> None:
    """`build --workers 1` is one process (what a profiler sees is the whole build): the link
    check and the related-posts ranking run in it, with the warnings and lists a forked
    build gives."""
    blog = tmp_path / "blog"
    shutil.copytree(FIXTURE, blog)
    monkeypatch.setattr(builder, "LINK_CHILD_FROM", 1)  # both would fork at this size
    forks: list[int] = []
    real_fork = os.fork

    def counted() -> int:
        forks.append(os.getpid())
        return real_fork()

    monkeypatch.setattr(os, "fork", counted)
    forked = Builder(blog, workers=2, trust_manifest=True)
    monkeypatch.setattr(sys.modules["quillpress_plugin_related"], "BACKGROUND_FROM", 1)
    expected = link_warnings(forked.build())
    page = forked.config.public_path / "2024/01/01/gpu-notes/index.html"
    related = page.read_text(encoding="utf-8")
    assert len(forks) == 2 and len(expected) == 5  # the ranking and the link check
    assert parse(related).find_all("aside", "related-posts")[0].find_all("a")  # lists drawn
    shutil.rmtree(forked.config.public_path)
    shutil.rmtree(blog / ".quillpress-cache")
    forks.clear()
    alone = Builder(blog, workers=1, trust_manifest=True).build()
    assert forks == []
    assert link_warnings(alone) == expected
    assert page.read_text(encoding="utf-8") == related


def test_a_first_build_works_out_page_prints_in_a_child_and_records_the_same(
        tmp_path: Path, monkeypatch: Any) -> None:
    """A one-off `build` that knows no page from an earlier one makes every page, so it works
    out the pages' fingerprints in a forked child while the pages are made. The records it
    saves are byte for byte those of a build that works them out first, and the next build
    finds every page current."""
    blog = tmp_path / "blog"
    shutil.copytree(FIXTURE, blog)
    pids = tmp_path / "pids"
    note_pids(monkeypatch, Builder, "_fingerprints", pids)
    records = blog / ".quillpress-cache/routes.json"
    monkeypatch.setattr(builder, "PRINT_CHILD_FROM", 10**9)
    first = Builder(blog, workers=2, trust_manifest=True).build()
    worked_out_first = records.read_bytes()
    assert first.ok and pids.read_text() == f"{os.getpid()}\n"
    shutil.rmtree(blog / ".quillpress-cache")
    shutil.rmtree(Builder(blog).config.public_path)
    pids.unlink()
    monkeypatch.setattr(builder, "PRINT_CHILD_FROM", 1)
    beside = Builder(blog, workers=2, trust_manifest=True).build()
    assert beside.ok and beside.rendered_routes == first.rendered_routes
    worked_in = [int(pid) for pid in pids.read_text().split()]
    assert len(worked_in) == 1 and worked_in[0] != os.getpid()
    assert records.read_bytes() == worked_out_first
    (blog / ".quillpress-cache/manifest.json").unlink()  # no shortcut: each record is asked
    pids.unlink()
    again = Builder(blog, workers=2, trust_manifest=True).build()
    assert again.ok and again.rendered_routes == 0
    assert pids.read_text() == f"{os.getpid()}\n"  # records known: worked out here
    shutil.rmtree(blog / ".quillpress-cache")
    shutil.rmtree(Builder(blog).config.public_path)
    pids.unlink()
    alone = Builder(blog, workers=1, trust_manifest=True).build()  # no child: worked out here
    assert alone.ok and pids.read_text() == f"{os.getpid()}\n"
    assert records.read_bytes() == worked_out_first
    shutil.rmtree(blog / ".quillpress-cache")
    shutil.rmtree(Builder(blog).config.public_path)

    def refused() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)  # no child: worked out here once the pages are made
    unforked = Builder(blog, workers=2, trust_manifest=True).build()
    assert unforked.ok and records.read_bytes() == worked_out_first


def test_a_first_build_that_fails_leaves_no_fingerprint_child(tmp_path: Path,
                                                              monkeypatch: Any) -> None:
    """A full disk met while the pages are made ends the build: the child working out the
    fingerprints beside them is ended and waited for, not left running (or unreaped) after
    the error."""
    blog = tmp_path / "blog"
    shutil.copytree(FIXTURE, blog)
    monkeypatch.setattr(builder, "PRINT_CHILD_FROM", 1)
    children: list[int] = []

    class Noted(Background[Any]):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            children.append(self._pid)

    def full(self: Any, *args: Any) -> None:
        raise QuillError("No space left on device", hint="free some space")

    monkeypatch.setattr(builder, "Background", Noted)
    monkeypatch.setattr(Writer, "add", full)
    monkeypatch.setattr(Writer, "add_written", full)
    with pytest.raises(QuillError):
        Builder(blog, workers=2, trust_manifest=True).build()
    assert len(children) == 1 and children[0] != 0
    with pytest.raises(ChildProcessError):  # waited for already: neither running nor a zombie
        os.waitpid(children[0], os.WNOHANG)


def test_a_build_whose_commit_fails_leaves_the_old_links_and_no_link_child(
        tmp_path: Path, monkeypatch: Any) -> None:
    """The link check's child starts before the commit: a full disk met by the commit ends
    the build with the last good site in place, and the child is told so, ended and waited
    for (not left waiting for a word, unreaped), saving nothing: links.json stays the one
    of the site in place, and the next build finds its stamps."""
    blog, kept = built_then_edited(tmp_path, monkeypatch)
    links, page = kept
    children: list[int] = []

    class Noted(Gated[Any]):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            children.append(self._pid)

    def full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(builder, "Gated", Noted)
    with monkeypatch.context() as disk:
        disk.setattr("quillpress.output.writer.write_record", full)
        with pytest.raises(QuillError):
            Builder(blog, workers=2, trust_manifest=True).build()
    assert len(children) == 1 and children[0] != 0
    with pytest.raises(ChildProcessError):  # waited for already: neither running nor a zombie
        os.waitpid(children[0], os.WNOHANG)
    assert not Background.busy()
    assert {path: path.read_bytes() for path in kept} == kept
    again = Builder(blog, workers=2, trust_manifest=True).build()
    assert again.ok and b"TPU" in page.read_bytes()
    public = Builder(blog).config.public_path
    for rel, (stamp, _, _) in json.loads(links.read_text(encoding="utf-8")).items():
        info = os.stat(public / rel)
        assert stamp == [info.st_mtime_ns, info.st_size]
