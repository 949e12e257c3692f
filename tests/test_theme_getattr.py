"""A template reads an attribute of a recording view, a list page or the config as Jinja2's
own getattr reads it, and the view records the same reads (the theme's environment skips
CPython's failed lookup before `__getattr__`, quillpress.theme.environment)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import jinja2
import pytest

from quillpress.build.reads import NOTHING, DocumentView, ReadRecorder, TaxonView
from quillpress.config.loader import Config
from quillpress.model.document import Document, Rendered
from quillpress.model.routes import AttrDict
from quillpress.model.site import Taxon
from quillpress.theme.environment import make_environment

NAMES = ["title", "date", "front", "tags", "prev", "lang", "missing", "content", "_doc", "get",
         "items", "current", "report", "upper", "__html__", "__class__", "root_path", "length",
         "parent", "_taxon"]


class ListPage(AttrDict):
    """A subclass (of a class of ours with its `__getattr__`) defining a property: the
    property is read, not the key of the same name."""

    @property
    def current(self) -> str:
        return "the property"


def document() -> Document:
    when = dt.datetime(2024, 5, 1)
    return Document(source=Path("a.md"), rel="_posts/a.md", kind="post", front={"lang": "fr"},
                    body="", body_line=1, title="A", date=when, updated=when, layout="post",
                    slug="a", rendered=Rendered(content="<p>x</p>", excerpt="", toc=[],
                                                features=[], text="x"))


def objects() -> list[Any]:
    config = Config({"title": "Blog", "items": 3})
    config.report = cast(Any, "kept")
    config.root_path = Path("/site")
    view = DocumentView(document(), ReadRecorder(cast(Any, None)), NOTHING)
    tag = Taxon(name="x", slug="x", path="tags/x/")
    tag_view = TaxonView(tag, ReadRecorder(cast(Any, SimpleNamespace(tags={"x": tag}))))
    return [AttrDict({"current": 2, "get": "shadowed"}), config, view, {"current": 1}, "text",
            tag_view, ListPage({"current": 3, "title": "Page"})]


def read(getattr_: Any, obj: Any, name: str) -> Any:
    """The value read, comparable across two copies of the object."""
    value = getattr_(obj, name)
    if isinstance(value, jinja2.Undefined):
        return type(value), value._undefined_name
    if callable(value) and hasattr(value, "__self__"):  # a method, bound to either copy
        return type(value), value.__name__
    if isinstance(value, Taxon):  # compared by identity
        return "taxon", value.path
    return ("document", value.rel) if isinstance(value, Document) else value


@pytest.mark.parametrize("index", range(7))
def test_attributes_read_as_jinja2_reads_them(index: int, tmp_path: Path) -> None:
    env = make_environment([str(tmp_path)], None, None)
    ours, theirs = objects()[index], objects()[index]
    for name in NAMES:
        assert read(env.getattr, ours, name) == \
            read(lambda obj, attr: jinja2.Environment.getattr(env, obj, attr), theirs, name), name
    if isinstance(ours, (DocumentView, TaxonView)):
        assert ours._rec.keys == theirs._rec.keys and ours._rec.keys
