"""The bench scripts' put-aside (bench/aside.py): a blog's old output renamed into a trash
folder for a cold build and deleted when the script ends, so it must only ever take what
QuillPress wrote, and leave no trash behind, even when the run fails."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from quillpress.output.ownership import Record, write_record

_SPEC = importlib.util.spec_from_file_location(
    "bench_aside", Path(__file__).resolve().parent.parent / "bench" / "aside.py")
assert _SPEC and _SPEC.loader
aside = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(aside)

HEXO_PAGE = '<html><head><meta name="generator" content="Hexo 7.3.0"></head></html>'


def _blog(root: Path) -> Path:
    blog = root / "blog"
    (blog / "public" / "css").mkdir(parents=True)
    (blog / ".quillpress-cache").mkdir()
    (blog / ".quillpress-cache" / "bodies").write_text("x")
    return blog


def test_a_site_quillpress_wrote_is_put_aside_and_deleted_at_the_end(tmp_path: Path) -> None:
    blog = _blog(tmp_path)
    for name in ("index.html", "css/style.css"):
        (blog / "public" / name).write_text("ours")
    write_record(blog / "public", Record(files={"index.html", "css/style.css"}))
    with aside.Aside(blog) as trash:
        aside.put_build_aside(trash, blog)
        assert not (blog / "public").exists() and not (blog / ".quillpress-cache").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["blog"]  # no trash left


@pytest.mark.parametrize("record", [None, Record(files={"index.html"})])
def test_a_site_hexo_generated_is_never_taken(tmp_path: Path, record: Record | None) -> None:
    """Many Hexo blogs commit the site Hexo generated as public/: a benchmark run on the blog
    itself stops before it moves anything (it had deleted the folder), with a record or not."""
    blog = _blog(tmp_path)
    (blog / "public" / "index.html").write_text(HEXO_PAGE)
    (blog / "public" / "css" / "hexo.css").write_text("theirs")
    if record is not None:
        write_record(blog / "public", record)
    with pytest.raises(SystemExit, match="did not write"), aside.Aside(blog) as trash:
        aside.put_build_aside(trash, blog)
    assert (blog / "public" / "css" / "hexo.css").read_text() == "theirs"
    assert (blog / ".quillpress-cache" / "bodies").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["blog"]


def test_the_trash_is_emptied_when_the_run_fails(tmp_path: Path) -> None:
    blog = _blog(tmp_path)
    with pytest.raises(KeyboardInterrupt), aside.Aside(blog) as trash:
        aside.put_build_aside(trash, blog)  # an empty public/: nothing of anyone's
        raise KeyboardInterrupt  # Ctrl-C during the timed build
    assert sorted(path.name for path in tmp_path.iterdir()) == ["blog"]
    assert sorted(path.name for path in blog.iterdir()) == []
