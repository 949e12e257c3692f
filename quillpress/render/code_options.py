"""How Hexo writes the options of a code block, shared by ``` fences and `{% codeblock %}`.

- a fence's info string: ```` ```lang [title] [url] [link text] [opt:value…] ````;
- the codeblock tag: `{% codeblock [title] [lang:xx] [url] [link text] [opt:value…] %}`;
- options: `line_number:BOOL`, `line_threshold:N`, `first_line:N`, `mark:1,4-7`,
  `highlight:BOOL`, `wrap:BOOL` (accepted; wrapping is the theme's business).
A caption link needs a title before it, as in Hexo: `Title https://x.y [link text]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPTION = re.compile(r"(?<!\S)(lang|line_number|line_threshold|first_line|mark|highlight|wrap|"
                     r"language_attr):(\S*)")
_URL = re.compile(r"^(?:https?://\S+|/\S*)$", re.I)


@dataclass
class CodeOptions:
    lang: str = ""
    title: str = ""
    url: str = ""
    link_text: str = ""
    line_number: bool | None = None  # None: follow the highlight config
    line_threshold: int | None = None
    first_line: int = 1
    marked: frozenset[int] = field(default_factory=frozenset)
    highlight: bool = True
    problems: list[str] = field(default_factory=list)  # options that could not be read


def parse_marks(text: str) -> frozenset[int]:
    """`1,4-7` → {1, 4, 5, 6, 7}; raises ValueError on anything else."""
    lines: set[int] = set()
    for part in filter(None, text.split(",")):
        low, sep, high = part.partition("-")
        start, stop = int(low), int(high) if sep else int(low)
        if stop < start or stop - start > 100_000:
            raise ValueError(part)
        lines.update(range(start, stop + 1))
    return frozenset(lines)


def _bool(value: str) -> bool:
    return value.lower() not in ("false", "no", "off", "0")


def _apply(options: CodeOptions, name: str, value: str) -> None:
    try:
        if name == "lang":
            options.lang = value
        elif name == "line_number":
            options.line_number = _bool(value)
        elif name == "line_threshold":
            options.line_threshold = int(value)
        elif name == "first_line":
            options.first_line = int(value)
        elif name == "mark":
            options.marked = parse_marks(value)
        elif name == "highlight":
            options.highlight = _bool(value)
    except ValueError:
        options.problems.append(f"{name}:{value}")


def _caption(options: CodeOptions, text: str) -> None:
    words = text.split()
    for i, word in enumerate(words[1:], 1):
        if _URL.match(word):
            options.title = " ".join(words[:i])
            options.url = word
            options.link_text = " ".join(words[i + 1:]) or "link"
            return
    options.title = " ".join(words)


def parse_code_options(text: str, *, lang_first: bool = False) -> CodeOptions:
    """Read options, then the caption. With `lang_first` (a fence) the first word is the
    language; in a tag the language is given as `lang:xx`."""
    options = CodeOptions()
    for match in _OPTION.finditer(text):
        _apply(options, match.group(1), match.group(2))
    rest = _OPTION.sub(" ", text).strip()
    if lang_first and rest:
        first, _, rest = rest.partition(" ")
        options.lang = options.lang or first.split("{", 1)[0]
    _caption(options, rest)
    return options
