"""Files Hexo never reads: a post whose name (or a folder below _posts/) starts with `_` or
`.`, and editors' backup files ending in `~` or `%`. A real blog kept 22 unfinished posts as
`_posts/_name.md`; Hexo left them out, QuillPress published them."""

from __future__ import annotations

from conftest import build_ok, post


def test_underscore_posts_and_backups_stay_out_of_the_site(make_blog):
    blog = make_blog(config={"permalink": ":title/", "include": ["**/_*"]}, files={
        "content/_posts/kept.md": post("Kept"),
        "content/_posts/_unfinished.md": post("Unfinished"),
        "content/_posts/_notes/inside.md": post("Inside"),
        "content/_posts/kept.md~": post("Backup"),
        "content/about/index.md": post("About"),
        "content/about/index.md%": post("Lock")})
    build_ok(blog)
    pages = [f for f in blog.files() if f.endswith(".html")]
    assert "kept/index.html" in pages and "about/index.html" in pages
    text = " ".join(blog.read(f) for f in pages)
    assert "Kept" in text
    for absent in ("Unfinished", "Inside", "Backup", "Lock"):
        assert absent not in text, absent
    assert not [f for f in blog.files() if f.endswith(("~", "%"))]
