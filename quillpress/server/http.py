"""The HTTP side of the dev server: files of the output folder, the live-reload script and
its Server-Sent Events stream.

The reload script is added to HTML responses as they are sent, so the files on disk stay
exactly what `build` would deploy. Every response carries `Cache-Control: no-store`: a dev
server must never let the browser show a stale page after a rebuild.
"""

from __future__ import annotations

import logging
import mimetypes
import re
import shutil
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .hub import BuildEvent, ReloadHub
from .paths import resolve_request

log = logging.getLogger("quillpress.server")

CLIENT_PREFIX = "/__quillpress/"
CLIENT_SCRIPT = Path(__file__).with_name("client.js")
KEEPALIVE_SECONDS = 15.0
_BODY_END = re.compile(rb"</body\s*>", re.I)

# Types the platform's mimetypes table often gets wrong or lacks.
MIME_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".map": "application/json",
    ".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
    ".wasm": "application/wasm", ".txt": "text/plain", ".md": "text/markdown",
    ".pdf": "application/pdf", ".mp4": "video/mp4", ".webm": "video/webm",
    ".webmanifest": "application/manifest+json",
}
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/rss+xml",
               "application/atom+xml", "image/svg+xml", "application/manifest+json")


_PAGE_START = re.compile(rb"\s*(?:<!doctype\s+html|<html)", re.I)


def content_type(path: Path) -> str:
    """The type a file is served as: by its extension, else a page if it starts as one.

    Hexo writes a post whose URL holds a query (`Why not?.md`: `/Why%20not?/`) to a file
    without extension, `Why not`; served as a download, the preview showed no post."""
    kind = MIME_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    if kind is None and _starts_as_page(path):
        kind = "text/html"
    kind = kind or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(_TEXT_TYPES) else kind


def _starts_as_page(path: Path) -> bool:
    """Whether the file's first bytes open an HTML document (a byte-order mark allowed)."""
    try:
        with path.open("rb") as handle:
            return bool(_PAGE_START.match(handle.read(512).removeprefix(b"\xef\xbb\xbf")))
    except OSError:  # gone since the lookup: the caller's open says so
        return False


@dataclass
class ServedSite:
    """What the handler serves: the output folder under `root`, and the reload channel
    (None with --static: no watching, so no script either). `rebuilt`, asked when a
    request finds no file, is True once the site, found deleted, was built again: the
    request is looked up again (`LivePreview.output_lost`)."""

    public: Path
    root: str = "/"
    hub: ReloadHub | None = None
    rebuilt: Callable[[], bool] | None = None


class DevHTTPServer(ThreadingHTTPServer):
    """A threaded server that can stop without leaving threads behind, and whose backlog
    absorbs dozens of simultaneous connections (the stdlib default of 5 makes clients wait).

    Handler threads are not daemons: `server_close()` first shuts every open connection
    (idle keep-alive sockets, event streams), which ends their threads, then joins them."""

    daemon_threads = False
    block_on_close = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: ServedSite) -> None:
        self.site = site
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, DevRequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-request (a closed tab, a reload) is normal: no
        traceback for it. Anything else is a bug, reported with its traceback."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        log.exception("the dev server failed on a request from %s", client_address[0])

    def server_close(self) -> None:
        with self._open_lock:
            still_open = list(self._open)
        for connection in still_open:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        super().server_close()


class DevRequestHandler(BaseHTTPRequestHandler):
    server: DevHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "QuillPress"
    # Headers and body go out as separate writes; with Nagle's algorithm on, the body
    # waits for the client's delayed ACK (~40 ms per response on a keep-alive connection).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
        log.debug("%s %s", self.address_string(), format % args)

    def do_HEAD(self) -> None:
        self._dispatch(head=True)

    def do_GET(self) -> None:
        self._dispatch(head=False)

    def _dispatch(self, head: bool) -> None:
        site = self.server.site
        try:
            if self.path.startswith(CLIENT_PREFIX) and site.hub is not None:
                self._serve_client(self.path[len(CLIENT_PREFIX):], head)
                return
            found = resolve_request(self.path, site.public, site.root)
            if found.status == 404 and site.rebuilt is not None and site.rebuilt():
                found = resolve_request(self.path, site.public, site.root)
            if found.status == 301:
                self._send(301, b"", "text/plain; charset=utf-8", head, {"Location": found.redirect or "/"})
            elif found.file is not None:
                self._send_file(found.file, 200, head)
            elif found.status == 404:
                self._not_found(head)
            else:
                self._send_plain(found.status, head)
        except ConnectionError:  # the client hung up (a closed tab): nothing left to answer
            self.close_connection = True

    # -- responses --
    def _send(self, status: int, body: bytes, kind: str, head: bool,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _send_plain(self, status: int, head: bool) -> None:
        phrase = HTTPStatus(status).phrase
        self._send(status, f"{status} {phrase}\n".encode(), "text/plain; charset=utf-8", head)

    def _not_found(self, head: bool) -> None:
        page = self.server.site.public / "404.html"
        if page.is_file():
            self._send_file(page, 404, head)
        else:
            self._send_plain(404, head)

    def _send_file(self, path: Path, status: int, head: bool) -> None:
        kind = content_type(path)
        try:
            handle = path.open("rb")
        except OSError:  # removed by a rebuild between lookup and read
            if status == 404:  # the 404 page itself went: plain text, never a retry
                self._send_plain(404, head)
            else:
                self._not_found(head)
            return
        with handle:
            if kind.startswith("text/html"):
                self._send(status, self._with_client(handle.read()), kind, head)
                return
            size = handle.seek(0, 2)
            handle.seek(0)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(size))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                shutil.copyfileobj(handle, self.wfile)

    def _with_client(self, page: bytes) -> bytes:
        """Add the reload script to an HTML page on its way out (never on disk)."""
        hub = self.server.site.hub
        if hub is None:
            return page
        tag = (f'<script src="{CLIENT_PREFIX}client.js" data-build="{hub.number}" '
               f'data-root="{self.server.site.root}"></script>').encode()
        ends = list(_BODY_END.finditer(page))
        if not ends:
            return page + tag
        at = ends[-1].start()
        return page[:at] + tag + page[at:]

    # -- the live-reload endpoints --
    def _serve_client(self, name: str, head: bool) -> None:
        target = urlsplit(name)
        if target.path == "client.js":
            self._send(200, CLIENT_SCRIPT.read_bytes(), "text/javascript; charset=utf-8", head)
        elif target.path == "events" and not head:
            query = parse_qs(target.query)
            since = _int(self.headers.get("Last-Event-ID"), _int((query.get("since") or [""])[0], 0))
            self._stream_events(since, once=bool(query.get("once")))
        else:
            self._send_plain(404, head)

    def _stream_events(self, since: int, once: bool = False) -> None:
        """One SSE stream: missed events first, then the current error state, then each
        new build as it lands; a comment line every few seconds detects closed tabs.
        `once`: only what was missed (or the state), then the response ends, for a tab
        that hears the rest from another tab's stream (client.js)."""
        hub = self.server.site.hub
        assert hub is not None
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        missed = hub.since(since)
        last = max([since, hub.number, *(e.number for e in missed)])
        chunks = ["retry: 1000\n\n"]
        chunks += [f"id: {e.number}\ndata: {e.to_json()}\n\n" for e in missed]
        if not missed:
            chunks.append(f"data: {BuildEvent(last, [], hub.errors).to_json()}\n\n")
        self.wfile.write("".join(chunks).encode())
        self.wfile.flush()
        while not hub.closed and not once:
            events = hub.wait(last, KEEPALIVE_SECONDS)
            if hub.closed:
                break
            text = "".join(f"id: {e.number}\ndata: {e.to_json()}\n\n" for e in events) or ": ping\n\n"
            last = max([last, *(e.number for e in events)])
            self.wfile.write(text.encode())
            self.wfile.flush()


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default
