"""Scaffolds: the templates `new` starts a file from (Hexo's `scaffolds/<layout>.md`).

A scaffold holds `{{ title }}`, `{{ date }}`, `{{ layout }}` and any other value `new` was
given. In the front-matter a value is written as a YAML scalar, quoted when it must be, so a
title such as `C++: "pointers", #1` still gives front-matter that parses to that very title.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from ..bundled import bundled_dir
from ..config import yaml12
from ..errors import QuillError
from ..source.frontmatter import read_source

FALLBACK = "---\ntitle: {{ title }}\ndate: {{ date }}\n---\n"
_FRONT_END = re.compile(r"^(?:---|;;;)[ \t]*$", re.MULTILINE)


def load_scaffold(root: Path, layout: str) -> str:
    """The project's `scaffolds/<layout>.md`, else the built-in one, else title + date."""
    for folder in (root / "scaffolds", bundled_dir("scaffolds")):
        path = folder / f"{layout}.md"
        if path.is_file():
            return read_source(path, path.relative_to(root).as_posix()
                               if path.is_relative_to(root) else None)
    return FALLBACK


def known_layouts(root: Path) -> set[str]:
    """Layouts `new` accepts as its first word: Hexo's three plus any project scaffold."""
    names = {"post", "page", "draft"}
    folder = root / "scaffolds"
    if folder.is_dir():
        names |= {p.stem for p in folder.glob("*.md")}
    return names


def yaml_scalar(value: str) -> str:
    """`value` as it must appear after `key: ` to read back as the same string."""
    if value and "\n" not in value and value == value.strip():
        try:
            if yaml12.load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _placeholder(key: str) -> re.Pattern[str]:
    name = re.escape(key)
    return re.compile(r"(?P<q>[\"']?)\{\{\s*" + name + r"\s*\}\}(?P=q)")


def fill(template: str, values: dict[str, str], verbatim: frozenset[str] = frozenset({"date"})
         ) -> str:
    """Replace `{{ key }}` for each key in `values`; other `{{ ... }}` text stays as it is.

    Keys in `verbatim` (the date) go into the front-matter unquoted, as Hexo writes them."""
    front, body = _split(template)
    for key, value in values.items():
        pattern = _placeholder(key)
        scalar = value if key in verbatim else yaml_scalar(value)
        front = pattern.sub(_constant(str(scalar)), front)
        body = pattern.sub(_quoted(str(value)), body)
    return front + body


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement that inserts `text` as it is (re.sub would read backslashes in it)."""
    return lambda _match: text


def _quoted(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement that keeps the quotes the placeholder stood in."""
    return lambda match: f"{match['q']}{text}{match['q']}"


def _split(text: str) -> tuple[str, str]:
    """The front-matter block (with its fences) and the rest."""
    if not text.startswith(("---", ";;;")):
        return "", text
    first_end = text.find("\n")
    if first_end < 0:
        return text, ""
    end = _FRONT_END.search(text, first_end + 1)
    if end is None:
        return text, ""
    return text[:end.end()], text[end.end():]


def check_front_matter(text: str, shown: str) -> None:
    """Refuse to write a file whose front-matter would not parse (a broken scaffold)."""
    front, _ = _split(text)
    if not front.startswith("---"):
        return
    inner = front.splitlines()[1:-1]
    try:
        yaml12.load("\n".join(inner))
    except yaml.YAMLError as exc:
        raise QuillError(f"the scaffold gives front-matter that is not valid YAML: {exc}", shown,
                         hint="fix the scaffold in scaffolds/") from exc
