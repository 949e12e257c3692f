"""Plugins installed as packages (entry points of group `quillpress.plugins`) load as before
now that sys.path is looked through before importlib.metadata is asked."""

from __future__ import annotations

import sys

from conftest import build_ok, post


def test_a_plugin_installed_as_a_package_adds_its_page(make_blog, tmp_path, monkeypatch):
    packages = tmp_path / "site-packages"
    info = packages / "qp_hello-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: qp-hello\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[quillpress.plugins]\nhello = qp_hello_plugin\n")
    (packages / "qp_hello_plugin.py").write_text(
        "from quillpress.plugin_api import Route\n"
        "def register(api):\n"
        "    api.generator(lambda site: [Route(path='hello.txt', content='hello from a package')])\n")
    monkeypatch.syspath_prepend(str(packages))
    monkeypatch.delitem(sys.modules, "qp_hello_plugin", raising=False)
    blog = make_blog(files={"content/_posts/p.md": post("P")})
    build_ok(blog)
    assert blog.read("hello.txt") == "hello from a package"
