"""The dev server under stress: math rebuilt in the watcher's thread, clients that hang up
early, closed tabs. Each must keep serving quietly."""

from __future__ import annotations

import io
import logging
import socket
import time
from types import SimpleNamespace

import pytest

from quillpress.server.http import DevRequestHandler, ServedSite
from conftest import post
from server_support import serving

POST_URL = "/2024/03/01/first/"


@pytest.fixture
def math_blog(make_blog):
    return make_blog(files={
        "content/_posts/first.md": post("First post", "Energy: $E = mc^2$.", date="2024-03-01 10:00:00"),
    })


def test_a_new_formula_saved_while_serving_is_drawn_in_the_browser(math_blog, page):
    with serving(math_blog) as site:
        page.goto(site.url.rstrip("/") + POST_URL)
        assert page.locator(".katex").count() == 1
        page.wait_for_timeout(300)  # the reload stream is open
        math_blog.write("content/_posts/first.md", post(
            "First post", "Energy: $E = mc^2$.\n\n$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$",
            date="2024-03-01 10:00:00"))
        page.wait_for_function("() => document.querySelectorAll('.katex').length === 2",
                               timeout=10_000)
        drawn = page.evaluate("""() => {
            const box = document.querySelectorAll('.katex-display .katex-html')[0]
                .getBoundingClientRect();
            return {w: box.width, h: box.height,
                    frac: document.querySelectorAll('.katex-display .mfrac').length,
                    errors: document.querySelectorAll('.katex-error, .qp-error').length};
        }""")
        assert drawn["w"] > 40 and drawn["h"] > 20 and drawn["frac"] == 1 and drawn["errors"] == 0
        assert site.preview.hub.errors == []


class GoneClient(io.RawIOBase):
    """The socket of a client that has hung up: every write fails, as the kernel says."""

    def __init__(self, error: type[OSError]) -> None:
        self.error, self.writes = error, 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.writes += 1
        raise self.error(32, "the client went away")


@pytest.mark.parametrize("error", [BrokenPipeError, ConnectionResetError, ConnectionAbortedError])
@pytest.mark.parametrize("path", ["/no/such/page/", POST_URL])
def test_a_response_to_a_client_that_left_is_dropped_not_retried(math_blog, error, path):
    assert math_blog.build().ok
    handler = DevRequestHandler.__new__(DevRequestHandler)  # no socket: only its replies matter
    handler.server = SimpleNamespace(site=ServedSite(math_blog.public))  # type: ignore[assignment]
    handler.path, handler.request_version, handler.command = path, "HTTP/1.1", "GET"
    handler.requestline, handler.client_address = f"GET {path} HTTP/1.1", ("127.0.0.1", 1)
    handler.wfile = gone = GoneClient(error)
    handler._dispatch(head=False)  # no RecursionError, no traceback: the client is gone
    assert gone.writes == 1 and handler.close_connection


def hang_up_early(host: str, port: int, path: str) -> None:
    """Send a request and reset the connection at once, as a closed tab or a killed curl does."""
    conn = socket.create_connection((host, port), timeout=5)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    conn.close()


@pytest.mark.parametrize("path", ["/no/such/page/", POST_URL, "/__quillpress/events"])
def test_clients_that_hang_up_early_leave_no_tracebacks(math_blog, capfd, caplog, path):
    with serving(math_blog) as site:
        for _ in range(30):
            hang_up_early(site.host, site.port, path)
        (math_blog.public / "404.html").unlink()  # a 404 page removed by a rebuild meanwhile
        for _ in range(10):
            hang_up_early(site.host, site.port, "/missing/")
        time.sleep(0.5)
        assert site.get("/missing/").status == 404
        assert site.get(POST_URL).status == 200, "still serving"
    err = capfd.readouterr().err
    assert "Traceback" not in err and "RecursionError" not in err
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
