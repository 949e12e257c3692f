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


def test_a_plugin_in_a_zip_on_the_path_is_looked_for(tmp_path, monkeypatch):
    """A path entry that is a file (a zip of packages) cannot be looked through here:
    importlib.metadata is asked. One that does not exist, or a package that declares no entry
    points, is passed over."""
    from quillpress.entry_points import declared_on_path

    packages = tmp_path / "site-packages"
    (packages / "other-1.0.dist-info").mkdir(parents=True)
    (packages / "other-1.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\nx = y\n")
    (packages / "plain-1.0.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(packages)])
    assert not declared_on_path("quillpress.plugins")
    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))
    monkeypatch.setattr(sys, "path", [str(packages), str(archive)])
    assert declared_on_path("quillpress.plugins")
