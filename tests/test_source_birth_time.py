"""A post without `date:` is dated as Hexo dates it: by its file's birth time, not its last edit."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from conftest import build_ok
from quillpress.source.birth_time import birth_time

LONG_AGO = dt.datetime(2001, 9, 9, 12, 0, tzinfo=dt.timezone.utc).timestamp()


def test_an_undated_post_keeps_the_day_it_was_written_when_its_times_were_copied(make_blog):
    blog = make_blog(files={"content/_posts/undated.md": "---\ntitle: Undated\n---\nText.\n"})
    source = blog.root / "content" / "_posts" / "undated.md"
    os.utime(source, (LONG_AGO, LONG_AGO))  # as `cp -p` or an unpacked archive leaves it
    born = birth_time(source)
    if born == LONG_AGO:
        pytest.skip("this file system keeps no birth time")
    build_ok(blog)
    day = dt.datetime.fromtimestamp(born, dt.timezone.utc).strftime("%Y/%m/%d")
    assert blog.files() and f"{day}/undated/index.html" in blog.files()
    assert not any(name.startswith("2001/09/09/") for name in blog.files())


def test_the_birth_time_is_not_the_modification_time(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("x")
    os.utime(source, (LONG_AGO, LONG_AGO))
    born = birth_time(source)
    assert born == LONG_AGO or abs(born - source.stat().st_ctime) < 5
