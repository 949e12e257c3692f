"""Helpers for the dev-server tests: a LivePreview running in-process on a free port."""

from __future__ import annotations

import http.client
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from quillpress.server.preview import LivePreview

@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Running:
    preview: LivePreview
    host: str
    port: int

    @property
    def url(self) -> str:
        return self.preview.url

    def get(self, raw_path: str, method: str = "GET", timeout: float = 10) -> Response:
        """Send the path exactly as given (no normalising of `..` or `%2e`)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, raw_path)
            reply = conn.getresponse()
            return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read())
        finally:
            conn.close()


@contextmanager
def serving(blog, *, watch: bool = True, **builder_kwargs) -> Iterator[Running]:
    """Build `blog` in place, serve it on a free loopback port, and always stop it."""
    builder = blog.builder(in_place=True, **builder_kwargs)
    builder.build()
    preview = LivePreview(builder, "127.0.0.1", 0, watch=watch)
    preview.start()
    host, port = preview.http.server_address[:2]
    try:
        yield Running(preview, host, port)
    finally:
        preview.stop()


def wait_until(check: Callable[[], object], timeout: float = 60.0, what: str = "condition") -> object:
    """Poll `check` until it is true. The limit only ends a wait that never ends: a rebuild of
    200 posts took over 10 s at load 40 (helpers building beside the suite), and a 10 s limit
    failed test_a_git_checkout_of_many_files_is_one_or_two_rebuilds there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def quote_path(path: str) -> str:
    return urllib.parse.quote(path)
