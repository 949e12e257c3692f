"""The fast path for simple front-matter gives what the YAML library gives, or declines.

Every block below is read both ways: by `simple_mapping` and by the library (`_read_yaml`).
Where the fast path answers, the values (types included: `1` is not `1.0` nor `True`)
and the keys written twice must be the library's; where the library refuses a block,
the fast path must decline it, so the error a user sees still names the library's line.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from quillpress.errors import QuillError
from quillpress.source.frontmatter import _read_yaml, split_front_matter
from quillpress.source.simple_front import simple_mapping

SIMPLE = [
    'title: "Notes on caching"\ndate: 2023-06-10 23:07:05\ntags:\n  - cache\n  - http\n',
    "title: Plain title with C# and C++\nabbrlink: 031809\ncomments: true\n",
    "categories:\n  - [Tech, Python]\n  - [Life]\nmathjax: True\n",
    "tags: [a, 'b c', \"d\", 12, 1.0, null, ~, 2024-01-31]\nupdated: 2024-01-31T10:00:00Z\n",
    "title: \"\"\nempty:\nlist:\n- one\n\n- two\nnumber: 0x1F\nfloat: .inf\nnan: .nan\n",
    "true: 1\nTrue: 2\nnull: x\nNULL: y\n",  # keys as JavaScript holds them: "true", "null"
    "title: first\ntitle: second\ntags: [x]\ntags:\n  - y\ntitle: third\n",  # keys twice
    "url: http://example.com/a?b=c#d\ntitle: a [b] {c}, d\nodd: 2024-99-99\nwide: a\u3000b\n",
    "title: 中文标题\nlong: 1_000\nyes: yes\nno: off\nbin: 0b101\n",
    "tags: [why?, a:b, http://x.org/y]\n",
]
DECLINED = [
    "title: a # a comment\n",
    "title: |\n  block text\n",
    "title: \"escaped \\\" quote\"\n",
    "author:\n  name: me\n",
    "base: &b x\ncopy: *b\n",
    "title: a\n  continued on a second line\n",
    "tags:\n  - a\n    - b\n",
    "tags: [a, [b]]\n",
    "tags: [\"a, b\", c]\n",
    "title: 'it''s'\n",
    "title:\ta tab\n",
    "- a list at the top\n",
    "",
]
BROKEN = [
    "x:\n  title: a: b\n",
    "tags: [a, b\n",
    "title: \"open quote\n",
    "tags:\n  - a\n - b\n",
    "k: [a, , b]\n",
    "k: [a:?]\n",
]


def typed(value: Any) -> Any:
    """`value` with each leaf's type beside it (1, 1.0 and True compare equal in Python)."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return (type(value).__name__, value)


@pytest.mark.parametrize("block", SIMPLE)
def test_simple_blocks_read_as_the_yaml_library_reads_them(block: str) -> None:
    fast = simple_mapping(block)
    assert fast is not None, "the fast path should take this block"
    data, twice, as_text = _read_yaml(block, "post.md", 1)
    assert typed(fast[0]) == typed(data)
    assert fast[1] == twice and as_text == []


@pytest.mark.parametrize("block", DECLINED)
def test_other_forms_go_to_the_yaml_library(block: str) -> None:
    assert simple_mapping(block) is None


@pytest.mark.parametrize("block", BROKEN)
def test_broken_front_matter_still_gets_the_librarys_error(block: str) -> None:
    assert simple_mapping(block) is None
    with pytest.raises(QuillError):
        _read_yaml(block, "post.md", 1)


def test_a_top_level_value_holding_colon_space_is_read_as_its_text() -> None:
    """`title: a: b` is not YAML, so the fast path declines it; the library's reading then
    takes the rest of the line as the value, as Hexo 2 did, and names the key and line."""
    assert simple_mapping("title: a: b\n") is None
    assert _read_yaml("date: 2024-01-01\ntitle: a: b\n", "post.md", 1)[::2] == (
        {"date": dt.date(2024, 1, 1), "title": "a: b"}, [("title", 2)])


def test_values_and_warnings_of_a_post() -> None:
    """Through `split_front_matter`, as a post is read: a date, a number Hexo reads as a
    number, and a key written twice named with its lines in the file."""
    text = "---\ntitle: Hi\ndate: 2024-01-31\nabbrlink: 0123\ntitle: Again\n---\nBody\n"
    split = split_front_matter(text, "source/_posts/hi.md")
    assert split.data == {"title": "Again", "date": dt.date(2024, 1, 31), "abbrlink": 123}
    assert split.body == "Body\n" and split.body_line == 7
    assert [(line, message.split(";")[0]) for message, line, _ in split.warnings] == [
        (5, "`title` is written twice (lines 2 and 5)")]
