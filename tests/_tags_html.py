"""A small reader of built pages for the tag tests: elements with their attributes and text
(the standard library's parser, so tests need no extra dependency)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"img", "br", "hr", "meta", "link", "input", "source", "wbr", "area", "col", "embed"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parts: list["str | Element"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list["Element"]:
        found = []
        for part in self.parts:
            if isinstance(part, Element):
                if (tag is None or part.tag == tag) and (cls is None or cls in part.classes):
                    found.append(part)
                found.extend(part.find_all(tag, cls))
        return found

    def find(self, tag: str | None = None, cls: str | None = None) -> "Element":
        found = self.find_all(tag, cls)
        assert found, f"no <{tag or '*'}> with class {cls!r}"
        return found[0]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v if v is not None else "" for k, v in attrs})
        self.stack[-1].parts.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].parts.append(data)


def parse(page: str) -> Element:
    reader = _Reader()
    reader.feed(page)
    return reader.root


def body(page: str) -> Element:
    """The post or page body (the theme's `.post-body`), or the whole page."""
    root = parse(page)
    found = root.find_all("div", "post-body") or root.find_all("article")
    return found[0] if found else root
