"""The output folder can never be one whose contents a build would wipe."""

import pytest

from quillpress.errors import QuillError


@pytest.mark.parametrize("public_dir", ["content", "content/out", ".", "..", "themes/x"])
def test_build_refuses_output_folder_that_holds_the_users_work(make_blog, public_dir):
    blog = make_blog(config={"public_dir": public_dir},
                     files={"content/_posts/a.md": "---\ntitle: A\n---\nbody\n"})
    with pytest.raises(QuillError, match=r"^_config\.yml:1: refusing to build into"):
        blog.build()  # at the `public_dir:` line (the first: make_blog sorts the keys)
    assert (blog.root / "content/_posts/a.md").read_text().endswith("body\n")


@pytest.mark.parametrize("public_dir", [".quillpress-cache", ".quillpress-cache/site"])
def test_build_refuses_its_own_cache_folder_even_with_force(make_blog, public_dir):
    """`--force` lets a build write beside a user's files, not into the cache: the site
    would ship bodies.sqlite and the templates' cache, and `clean` would wipe both."""
    blog = make_blog(config={"public_dir": public_dir},
                     files={"content/_posts/a.md": "---\ntitle: A\n---\nbody\n"})
    with pytest.raises(QuillError, match="inside the project's .quillpress-cache/ folder"):
        blog.build(force=True)


def test_build_accepts_an_output_folder_outside_the_project(make_blog, tmp_path):
    blog = make_blog(config={"public_dir": str(tmp_path / "elsewhere")},
                     files={"content/_posts/a.md": "---\ntitle: A\n---\nbody\n"})
    assert blog.build().ok
    assert (tmp_path / "elsewhere" / "index.html").is_file()
