"""Shared fixtures: tiny blogs in temp folders, the demo blog built and served, Chromium.

Browser tests use Debian's chromium through Playwright (no browser download) and load
every asset from the local site, so they run offline.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import re
import http.server
import json
import logging
import os
import posixpath
import shutil
import signal
import tempfile
import textwrap
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

# The suite's patterns go to a table of its own (pattern_cache.FILE), for this process and the
# commands it runs, set before quillpress is imported: not into the installed one, which every
# later command reads whole. atexit runs this last, after the table's own save.
_PATTERNS = tempfile.mkdtemp(prefix="quillpress-test-patterns-")
os.environ["QUILLPRESS_PATTERN_TABLE"] = os.path.join(_PATTERNS, "patterns.bin")
atexit.register(shutil.rmtree, _PATTERNS, ignore_errors=True)

from quillpress.builder import Builder, BuildResult  # noqa: E402
from quillpress.ownership import RECORD  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
THIRD_PARTY = re.compile(r"^https://(giscus\.app|utteranc\.es|[\w-]+\.disqus\.com|unpkg\.com/@waline|"
                         r"cdn\.jsdelivr\.net/npm/twikoo)/")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def ctrl_c_as_in_a_terminal() -> None:
    """In a child process before it starts Python (`preexec_fn`): Ctrl+C's default action,
    as a terminal gives it. A test run started in the background (`make test &`, a CI
    runner's script) has SIGINT ignored, which its children inherit, and Python then never
    raises KeyboardInterrupt: a test of what Ctrl+C does saw a command run on to the end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def ctrl_c_raises() -> Iterator[None]:
    """In this process: Ctrl+C raises KeyboardInterrupt, as when Python starts in a terminal,
    even in a test run that inherited SIGINT ignored (`ctrl_c_as_in_a_terminal`)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


@dataclass
class Blog:
    """A blog in a temp folder: write files, build, read the output."""

    root: Path

    @property
    def public(self) -> Path:
        return self.root / "site"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def builder(self, **kwargs: Any) -> Builder:
        kwargs.setdefault("workers", 1)
        return Builder(self.root, **kwargs)

    def build(self, **kwargs: Any) -> BuildResult:
        return self.builder(**kwargs).build()

    def read(self, rel: str) -> str:
        return (self.public / rel).read_text(encoding="utf-8")

    def files(self) -> list[str]:
        """The site's files (QuillPress's record of what it wrote there left out)."""
        return sorted(p.relative_to(self.public).as_posix()
                      for p in self.public.rglob("*") if p.is_file() and p.name != RECORD)


def post(title: str, body: str = "Body text.", *, date: str = "2024-01-02 10:00:00",
         extra: str = "", **front: Any) -> str:
    """A post's source text: `title`, `date`, each keyword as a front-matter key (written as
    JSON, which YAML reads), then `extra` front-matter lines as written, then the body."""
    lines = [f"title: {title}", f"date: {date}",
             *(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items())]
    if extra:
        lines.append(extra.rstrip("\n"))
    return "---\n" + "\n".join(lines) + f"\n---\n{body}\n"


def build_ok(target: Blog | Builder, **kwargs: Any) -> BuildResult:
    """Build a Blog (kwargs go to its Builder) or a Builder; fail the test with every
    error's text unless the build succeeded."""
    result = target.build(**kwargs)
    assert result.ok, [str(e) for e in result.problems.errors]
    return result


def left_beside(public: Path) -> list[str]:
    """What builds left beside the output folder `public` under its name (`.site.*`): the
    staging folders, or scratch of any other name a writer may make there one day. Named by
    prefix, not by the two staging folders the writer knows today, so a leftover under a new
    name is seen. (The lock file stays beside it by design, in `output/lock.py`'s folder.)"""
    return sorted(p.name for p in public.parent.iterdir() if p.name.startswith(f".{public.name}."))


def search_entries(blog: Blog, manifest: str = "search.json") -> list[dict[str, Any]]:
    """The search index's document entries, newest first (ids count from the oldest; the
    files hold `group` consecutive ids each)."""
    meta = json.loads(blog.read(manifest))
    folder = posixpath.join(posixpath.dirname(manifest), meta["dir"])
    files = range(0, meta["docs"], meta["group"])
    entries = [e for n in files
               for e in json.loads(blog.read(f"{folder}g{n // meta['group']}.json"))["entries"]]
    assert len(entries) == meta["docs"]
    return entries[::-1]


@pytest.fixture(autouse=True)
def _quillpress_logger_restored() -> Iterator[None]:
    """Tests that run the CLI in-process point QuillPress's logger at their own stderr and
    stop it propagating; put it back, so a later test's caplog still sees the records."""
    logger = logging.getLogger("quillpress")
    handlers, propagate, level = logger.handlers[:], logger.propagate, logger.level
    yield
    logger.handlers[:], logger.propagate, logger.level = handlers, propagate, level


@pytest.fixture
def make_blog(tmp_path: Path):
    """`make_blog(config={...}, files={"content/_posts/a.md": "..."})` → Blog."""
    def make(config: dict[str, Any] | None = None, files: dict[str, str] | None = None) -> Blog:
        blog = Blog(tmp_path / "blog")
        blog.root.mkdir(exist_ok=True)
        (blog.root / "content").mkdir(exist_ok=True)
        settings = {"title": "Test blog", "url": "http://example.com", "timezone": "UTC"}
        settings.update(config or {})
        (blog.root / "_config.yml").write_text(yaml.safe_dump(settings, allow_unicode=True))
        for rel, text in (files or {}).items():
            blog.write(rel, text)
        return blog
    return make


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # keep test output clean
        pass


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on a free loopback port in a thread; returns (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def demo_site() -> Iterator[tuple[Path, str, BuildResult]]:
    """The demo blog (content/ at the repo root) built once into a temp folder and served:
    yields (output folder, base URL, build result)."""
    out = Path(tempfile.mkdtemp(prefix="qp-demo-"))
    cache = Path(tempfile.mkdtemp(prefix="qp-cache-"))
    builder = Builder(REPO, overrides={"public_dir": str(out / "site")}, cache_dir=cache,
                      workers=2)
    result = build_ok(builder)
    server, url = serve_folder(out / "site")
    yield out / "site", url, result
    server.shutdown()
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test, so `_empty_tmp_path_of_passed_tests` knows
    whether the test passed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def _empty_tmp_path_of_passed_tests(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty a passed test's `tmp_path` once its other fixtures are torn down.

    A full run wrote ~8 GB of sites and kept them until the next run, and several suites at
    once filled the disk (stop 40). The emptied folder itself stays, so pytest never hands
    its name to a later test (see `tmp_path_retention_count` in pyproject.toml for why that
    matters); a failed test's folder is kept whole to look at."""
    if "tmp_path" not in request.fixturenames:
        yield
        return
    # Asked for here, so it is set up before, and torn down after, the fixtures that write in it.
    folder: Path = request.getfixturevalue("tmp_path")
    yield
    call = getattr(request.node, "report_call", None)
    if call is None or not call.passed:
        return
    for child in list(folder.iterdir()):
        if child.is_dir() and not child.is_symlink():
            _make_removable(child)
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _make_removable(folder: Path) -> None:
    """Give back the owner's rights on folders a test locked (mode 000 sources, read-only
    output), which rmtree cannot enter."""
    with contextlib.suppress(OSError):
        folder.chmod(0o700)
    for parent, folders, _files in os.walk(folder):
        for name in folders:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                with contextlib.suppress(OSError):
                    os.chmod(path, 0o700)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses Chromium (the `page` or `browser` fixture) `browser`, so
    `pytest -m "not browser"` runs the rest on a machine without it."""
    for item in items:
        if {"page", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright
    profile = tempfile.mkdtemp(prefix="qp-chromium-")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@contextlib.contextmanager
def checked_tab(browser: Any) -> Iterator[Any]:
    """A new tab that records console errors and failed requests in `tab.problems`, closed
    on leaving. Several open at once load pages side by side."""
    tab = browser.new_page()
    tab.problems = []
    tab.on("console", lambda msg: tab.problems.append(f"console {msg.type}: {msg.text}")
           if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.problems.append(f"page error: {exc}"))
    # The page's icon is asked for after its load: a test that moves on at once cancels it.
    tab.on("requestfailed", lambda req: tab.problems.append(f"request failed: {req.url}")
           if not (req.resource_type == "other" and req.failure == "net::ERR_ABORTED"
                   and req.url.endswith("/favicon.svg")) else None)
    # The demo blog configures comments (loaded when a reader scrolls near them): the
    # provider's script is answered here with nothing, so tests stay offline.
    tab.route(THIRD_PARTY, lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
    try:
        yield tab
    finally:
        # A route handler still answering a late request (a script the last navigation asked
        # for) can leave close() waiting for ever on a loaded machine: drop the routes first.
        tab.unroute_all(behavior="ignoreErrors")
        tab.close()


def arrive(page: Any, address: str, start: str) -> None:
    """Open `address` coming from the page at `start`, as a link from outside does: the
    browser looks for the address's fragment in a page it loads, not in the page it is on."""
    page.goto(start)
    page.goto(address)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab that records console errors and failed requests in `page.problems`."""
    with checked_tab(browser) as tab:
        yield tab
