"""The dev server's HTTP side: MIME types, clean URLs, the 404 page, `root`, refused paths,
the reload script only in served HTML, and a clean stop."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quillpress.cli import make_parser
from quillpress.server.http import CLIENT_PREFIX
from conftest import ctrl_c_as_in_a_terminal, post
from server_support import serving

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def blog(make_blog):
    return make_blog(
        config={"pretty_urls": {"trailing_index": True, "trailing_html": False}},
        files={
            "content/_posts/first.md": post("First post", "Hello <b>world</b>.", date="2024-03-01 10:00:00", tags=["notes"]),
            "content/about.md": "---\ntitle: About\n---\nAbout me.\n",
            "content/data/info.json": '{"a": 1}',
            "content/images/dot.png": "not really a png",
            "content/files/page.svg": "<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        })


def test_mime_types_and_clean_urls(blog):
    with serving(blog) as site:
        home = site.get("/")
        assert home.status == 200 and home.headers["content-type"] == "text/html; charset=utf-8"
        assert "First post" in home.text
        expected = {"/css/style.css": "text/css; charset=utf-8",
                    "/js/main.js": "text/javascript; charset=utf-8",
                    "/data/info.json": "application/json; charset=utf-8",
                    "/images/dot.png": "image/png",
                    "/files/page.svg": "image/svg+xml; charset=utf-8"}
        for path, kind in expected.items():
            reply = site.get(path)
            assert (reply.status, reply.headers["content-type"]) == (200, kind), path
        post_page = site.get("/2024/03/01/first/")
        assert post_page.status == 200 and "Hello <b>world</b>." in post_page.text
        moved = site.get("/2024/03/01/first?x=1")
        assert moved.status == 301 and moved.headers["location"] == "/2024/03/01/first/?x=1"
        assert "About me." in site.get("/about").text  # about.html served without .html
        assert site.get("/about.html").status == 200
        head = site.get("/2024/03/01/first/", method="HEAD")
        assert head.status == 200 and head.body == b""
        assert int(head.headers["content-length"]) == len(post_page.body)
        assert site.get("/").headers["cache-control"] == "no-store"


def test_unknown_path_gets_the_theme_404_page_with_status_404(blog):
    with serving(blog) as site:
        missing = site.get("/no/such/page/")
        assert missing.status == 404
        assert 'class="not-found"' in missing.text and "First post" in missing.text


def test_reload_script_is_served_but_never_written(blog):
    with serving(blog) as site:
        served = site.get("/2024/03/01/first/").text
        assert served.count("/__quillpress/client.js") == 1
        assert served.index("/__quillpress/client.js") < served.rindex("</body>")
        assert site.get("/__quillpress/client.js").status == 200
        for file in blog.public.rglob("*"):
            if file.is_file():
                assert b"__quillpress" not in file.read_bytes(), file


def test_static_mode_serves_without_script_or_event_stream(blog):
    with serving(blog, watch=False) as site:
        assert "__quillpress" not in site.get("/").text
        assert site.get("/__quillpress/client.js").status == 404


@pytest.mark.parametrize("raw", [
    "/../_config.yml", "/%2e%2e/_config.yml", "/%2E%2E/%2e%2e/_config.yml", "/..%2f_config.yml",
    "/css/../../_config.yml", "/css/%2e%2e/%2e%2e/_config.yml", "//etc/passwd",
    "/%2Fetc%2Fpasswd", "/..\\_config.yml", "/%00", "/%ff%fe",
])
def test_paths_leaving_the_output_folder_are_refused(blog, raw):
    with serving(blog) as site:
        reply = site.get(raw)
        assert reply.status in (400, 403, 404), raw
        assert b"timezone: UTC" not in reply.body  # a line of the blog's _config.yml
        assert b"root:x:" not in reply.body  # /etc/passwd


def test_quillpress_own_files_in_the_output_are_not_served(blog):
    """The record of the site's files and the scratch folder where a rebuild writes pages
    before renaming them in are QuillPress's, never part of the site (deploy leaves them
    out; Hexo's server has no such route): served, they showed the record and half-built
    pages. A page is no less served for the names."""
    with serving(blog) as site:
        scratch = blog.public / ".quillpress-tmp"
        scratch.mkdir(exist_ok=True)
        (scratch / "tmpabc123").write_text("<p>half-built</p>")
        for path in ("/.quillpress-files.json", "/.quillpress-tmp/tmpabc123", "/.quillpress-tmp/"):
            reply = site.get(path)
            assert reply.status == 404, path
            assert b"half-built" not in reply.body and b'"files"' not in reply.body, path
        assert site.get("/about").status == 200


@pytest.mark.parametrize("name", ["a" * 300, "a/" * 3000, "x" * 256 + ".html"],
                         ids=["long-name", "long-path", "long-page"])
def test_a_name_too_long_for_the_file_system_is_not_found(blog, name):
    """A segment longer than a file name may be (255 bytes): the lookup's stat failed with
    'File name too long', the connection was dropped unanswered and the server logged a
    failure of its own, on every such request (a scanner sends many)."""
    with serving(blog) as site:
        assert site.get(f"/{name}").status == 404
        assert site.get("/").status == 200


def test_symlinks_leading_out_are_refused(blog, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    with serving(blog) as site:
        (blog.public / "leak.txt").symlink_to(secret)
        (blog.public / "leakdir").symlink_to(tmp_path, target_is_directory=True)
        for raw in ("/leak.txt", "/leakdir/secret.txt", "/leakdir/"):
            reply = site.get(raw)
            assert reply.status == 403, raw
            assert b"TOP SECRET" not in reply.body


def test_root_sub_path_is_honoured(make_blog):
    blog = make_blog(config={"root": "/blog/"},
                     files={"content/_posts/first.md": post("First post", "Some text.", date="2024-03-01 10:00:00", tags=["notes"])})
    with serving(blog) as site:
        assert site.url.endswith("/blog/")
        home = site.get("/blog/")
        assert home.status == 200 and 'href="/blog/2024/03/01/first/"' in home.text
        assert site.get("/blog/2024/03/01/first/").status == 200
        assert site.get("/").headers.get("location") == "/blog/"
        assert site.get("/blog").headers.get("location") == "/blog/"
        assert site.get("/2024/03/01/first/").status == 404
        missing = site.get("/blog/nope/")
        assert missing.status == 404 and 'class="not-found"' in missing.text


def test_many_concurrent_clients_get_no_errors(blog):
    failures: list[str] = []
    with serving(blog) as site:
        paths = ["/", "/2024/03/01/first/", "/css/style.css", "/about", "/nope/"]

        def client(n: int) -> None:
            for i in range(20):
                path = paths[(n + i) % len(paths)]
                try:
                    # errors are the point, not speed: on a machine at load 40, 52 of the 640
                    # requests (32 threads and the server sharing one process) outlasted 10 s
                    reply = site.get(path, timeout=120)
                    if reply.status != (404 if path == "/nope/" else 200):
                        failures.append(f"{path}: {reply.status}")
                except OSError as exc:
                    failures.append(f"{path}: {exc!r}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []


def test_stop_leaves_no_threads_even_with_open_connections(blog):
    before = set(threading.enumerate())
    with serving(blog) as site:
        stream = socket.create_connection((site.host, site.port))
        stream.sendall(b"GET /__quillpress/events?since=0 HTTP/1.1\r\nHost: x\r\n\r\n")
        assert b"text/event-stream" in stream.recv(4096)
        idle = socket.create_connection((site.host, site.port))  # keep-alive, never closed
        idle.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert idle.recv(100).startswith(b"HTTP/1.1 200")
    leftover = [t for t in set(threading.enumerate()) - before if t.is_alive()]
    stream.close()
    idle.close()
    assert leftover == []


def test_serve_aliases_and_defaults():
    parser = make_parser()
    for name in ("serve", "server", "s"):
        args = parser.parse_args([name])
        assert (args.port, args.host, args.static, args.open) == (4000, "127.0.0.1", False, False)
    args = parser.parse_args(["serve", "--port", "5000", "--host", "0.0.0.0", "--static", "--drafts"])
    assert (args.port, args.host, args.static, args.drafts) == (5000, "0.0.0.0", True, True)


def test_serve_on_a_port_in_use_says_so_before_building(blog):
    """A port another program holds (a Hexo server left running) was found only after the
    whole build, its summary printed, then "cannot listen"; Hexo checks the port first."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, str(REPO / "build.py"), "--cwd", str(blog.root),
                              "serve", "--port", str(port)], capture_output=True, text=True,
                             timeout=120)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"ERROR cannot listen on 127.0.0.1:{port} (Address already in use); try another --port"]
    assert not (blog.root / "site").exists()


@pytest.mark.parametrize("host", ["192.0.2.1", "no-such-host.invalid"])
def test_serve_on_an_address_not_of_this_machine_names_host_not_port(blog, host):
    """An address this machine has not (TEST-NET-1) or a name nothing resolves: the error
    said "try another --port", which changes nothing."""
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--cwd", str(blog.root),
                          "serve", "--host", host, "--port", "0"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1
    [said] = run.stderr.splitlines()
    assert said.startswith(f"ERROR cannot listen on {host}:0 (")
    assert said.endswith("); --host must be an address of this machine: 127.0.0.1, or 0.0.0.0 "
                         "for every one"), said


def test_serve_into_an_output_folder_that_is_a_file_says_so(blog):
    """`site` a file: the output folder, made as the port was taken before the build, failed
    as "cannot listen on …:4000 (File exists); try another --port", which no port fixes."""
    (blog.root / "site").write_text("notes\n")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--cwd", str(blog.root),
                          "serve", "--port", str(port)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1
    assert "cannot listen" not in run.stderr
    assert f"refusing to build into {blog.root / 'site'}: it is a file, not a folder" in run.stderr
    assert (blog.root / "site").read_text() == "notes\n"



def test_cli_serve_stops_cleanly_on_ctrl_c(blog):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--cwd", str(blog.root),
                             "serve", "--port", "0"], stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=ctrl_c_as_in_a_terminal)
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if "serving" in line:
                url = line.split(" at ")[1].split(",")[0].strip()
        assert url and url.startswith("http://127.0.0.1:")
        import urllib.request
        with urllib.request.urlopen(url) as reply:
            assert b"First post" in reply.read()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_page_hexo_writes_without_html_is_served_as_a_page(make_blog):
    """A post file named `Why not?.md` is written, as Hexo writes it, to the file `Why not`
    (its URL's `?/` is a query). It was served as application/octet-stream: following the
    link in the preview downloaded the post instead of showing it (with no reload script)."""
    blog = make_blog(files={"content/_posts/Why not?.md": post("Why not ask", "Hello."),
                            "content/files/NOTICE": "Plain text, no page."})
    with serving(blog) as site:
        [link] = {h for h in re.findall(r'href="([^"]*)"', site.get("/").text) if "Why" in h}
        page = site.get(link)
        assert page.status == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
        assert "Hello." in page.text and CLIENT_PREFIX in page.text
        other = site.get("/files/NOTICE")  # a file without extension that is no page
        assert other.headers["content-type"] == "application/octet-stream"
