"""Split a source file into front-matter and body, in the three forms Hexo reads.

1. YAML between `---` lines;
2. Hexo's short form: YAML with no opening `---`, ended by a line of three dashes or more
   (`----` too: hexo-front-matter's `-{3,}`);
3. JSON ended by a `;;;` line, optionally opened by one too; as in Hexo, the braces of the
   object may be left out (`"title": "Hi",` lines).

Line numbers are kept so errors in the front-matter or the body point at the right line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..config import yaml12
from ..errors import LeftOut, QuillError
from .simple_front import Twice, simple_mapping

_YAML_FULL = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_YAML_SHORT = re.compile(r"\A((?:[A-Za-z_][\w-]*:.*\n)(?:.*\n)*?)-{3,}[ \t]*(?:\n|\Z)")
_JSON = re.compile(r"\A(?:;;;[ \t]*\n)?(\s*[{\"].*?)\n;;;[ \t]*(?:\n|\Z)", re.S)
# Blank lines before the opening `---`: Hexo still finds the front-matter (its short form
# reads the blank lines and the `---` as the start of one YAML document).
_LEADING_BLANKS = re.compile(r"\A(?:[ \t]*\n)+(?=---[ \t]*\n)")
# A top-level `key: value` line whose unquoted one-line value holds ': ' (`title: Report:
# May`). YAML refuses it (so Hexo 7 leaves the post out); the Hexo 2 such posts were
# written for read the rest of the line as the value. A `#` after a space starts a comment,
# left out; one after another character is text (`title: C# tips: x`), as YAML reads it.
_PLAIN = r"(?:\S|[ \t]+[^\s#])"  # one more character of the value: no comment starts here
_COLON_IN_VALUE = re.compile(r"([A-Za-z_][\w-]*):[ \t]+([^\s'\"\[\]{}#&*!|>%@`,?:-]" + _PLAIN
                             + r"*?:[ \t]+[^\s#]" + _PLAIN + r"*)(?:[ \t]+#.*)?[ \t]*")

MAX_SOURCE_BYTES = 8 * 1024 * 1024


@dataclass
class Split:
    """The parts of a source file; `body_line` is the 1-based line where the body starts;
    `warnings` are (message, line, hint) about a front-matter read with assumptions."""

    data: dict[str, Any]
    body: str
    body_line: int
    warnings: list[tuple[str, int, str]] = field(default_factory=list)


_UNCLOSED = ("front-matter opened by `---` on line 1 is never closed, so the whole file is "
             "the body (as in Hexo)", 1, "end the front-matter with a `---` line")
_NO_KEYS = ("the text between the `---` lines is not `key: value` lines, so it is no "
            "front-matter: the whole file is the body, `---` lines and all (as in Hexo)", 1,
            "write front-matter as `key: value` lines (title: My post) above the text")


def yaml_error_line(exc: BaseException, text: str) -> int | None:
    """The line to blame: where the broken construct *started* (an unclosed `[` is reported
    at the `[`, not at the end of the block where YAML gave up), else where YAML stopped;
    for a character YAML refuses, its line in `text` (the YAML read)."""
    if isinstance(exc, yaml.reader.ReaderError):
        return text.count("\n", 0, exc.position) + 1
    context = str(getattr(exc, "context", "") or "")
    opened = getattr(exc, "context_mark", None) if ("flow" in context or "quoted" in context) else None
    mark = opened or getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def normalise_text(text: str) -> str:
    """Drop a BOM and turn CRLF/CR into LF, so every later rule sees one newline style."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: Path, shown: str | None = None, size: int | None = None,
                replaced: list[tuple[str, int, str]] | None = None) -> str:
    """The file's text, normalised; `shown` is the name errors use (default: the path),
    `size` the file's size when the caller has stat'ed it. `replaced`: see decode_text."""
    name = shown or path
    if (path.stat().st_size if size is None else size) > MAX_SOURCE_BYTES:
        raise QuillError(f"file is larger than {MAX_SOURCE_BYTES // 2**20} MiB", name, 1,
                         hint="split it, or move large data into a file the post links to")
    return decode_text(path.read_bytes(), name, replaced=replaced)


def decode_text(raw: bytes, name: Path | str, error: type[QuillError] = QuillError,
                replaced: list[tuple[str, int, str]] | None = None) -> str:
    """UTF-8 bytes as normalised text; bytes that are not UTF-8 are an `error` naming `name`
    and their line (a source, or `ConfigError` for a config file, which its callers catch).
    Given a `replaced` list, they are read as U+FFFD instead, as Hexo (Node) reads them, and
    a (message, line, hint) warning is added to it: a build only reads the file, so the
    bytes stay in it; `publish`, which writes the file again, passes no list."""
    try:  # not "utf-8-sig", whose error offsets count from after the BOM: a line too few
        return normalise_text(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if replaced is None:
            raise error(f"not valid UTF-8 ({exc.reason})", name, line,
                        hint="save the file as UTF-8") from exc
        replaced.append((f"not valid UTF-8 ({exc.reason}); the bytes that are not were read "
                         "as \ufffd, as Hexo reads them", line, "save the file as UTF-8"))
        return normalise_text(raw.decode("utf-8", errors="replace"))


def split_front_matter(text: str, path: Path | str = "<string>") -> Split:
    """Return the front-matter mapping and the body; raise LeftOut on front-matter that
    cannot be read (Hexo leaves such a file out)."""
    lead = _LEADING_BLANKS.match(text)
    if lead:
        split = split_front_matter(text[lead.end():], path)
        skipped = text[:lead.end()].count("\n")
        moved = [(message, line + skipped, hint) for message, line, hint in split.warnings]
        note = (f"{skipped} blank line(s) before the opening `---`; read as front-matter, as "
                "Hexo does", 1, "start the file with the `---` line")
        return Split(split.data, split.body, split.body_line + skipped, [note, *moved])
    found = _find(text)
    if found is None:
        opened = re.match(r"---[ \t]*\n", text) is not None
        return Split({}, text, 1, [_UNCLOSED] if opened else [])
    kind, match, offset = found
    block = match.group(1) or ""
    body = text[match.end():]
    body_line = text[: match.end()].count("\n") + 1
    data, warnings = _parse_block(block, kind, path, offset)
    if data is None:
        return Split({}, text, 1, [_NO_KEYS])
    return Split(data, body, body_line, warnings)


def _find(text: str) -> tuple[str, re.Match[str], int] | None:
    """The front-matter at the start of `text`: its kind ("yaml" or "json"), the match
    (group 1 is the block, None for an empty one) and the block's first line less one."""
    match = _YAML_FULL.match(text)
    if match:
        return "yaml", match, 1  # front-matter text starts on line 2 after the opening ---
    match = _JSON.match(text)
    if match:
        return "json", match, int(text.startswith(";;;"))
    match = _YAML_SHORT.match(text)
    return ("yaml", match, 0) if match else None


def front_matter_span(text: str) -> tuple[str, int, int] | None:
    """Where the front-matter's own lines are in `text`, as `split_front_matter` finds them:
    (kind, start, end), for a tool that changes one value and leaves the rest of the file as
    the user wrote it (`publish` sets the date). None when the file has no front-matter."""
    lead = _LEADING_BLANKS.match(text)
    skip = lead.end() if lead else 0
    found = _find(text[skip:])
    if found is None:
        return None
    kind, match, _ = found
    if match.group(1) is None:  # `---` then `---`: an empty block after the first line
        start = end = skip + match.group(0).index("\n") + 1
    else:
        start, end = skip + match.start(1), skip + match.end(1)
    return kind, start, end


def _parse_block(block: str, kind: str, path: Path | str, offset: int
                 ) -> tuple[dict[str, Any] | None, list[tuple[str, int, str]]]:
    """The block's mapping and warnings; None for a block that is one plain value (a
    sentence between two `---` rules), which Hexo does not take for front-matter."""
    warnings: list[tuple[str, int, str]] = []
    if kind == "json":
        try:
            data = json.loads(block if block.lstrip().startswith("{") else "{" + block + "}")
        except json.JSONDecodeError as exc:
            raise LeftOut(f"invalid JSON front-matter: {exc.msg}", path, exc.lineno + offset,
                             hint="JSON front-matter is an object ended by a ';;;' line") from exc
        except RecursionError:
            data = None  # nested thousands deep: refused below as too deep
        if data is None or _nested_past(data, yaml12.MAX_DEPTH):
            raise LeftOut(f"JSON front-matter {yaml12.TOO_DEEP_TO_READ}", path, 1 + offset,
                          hint=yaml12.error_hint(yaml12.TOO_DEEP, ""),
                          hexo="where Hexo shows it")
    else:
        simple = simple_mapping(block)
        data, twice, as_text = (*simple, []) if simple else _read_yaml(block, path, offset)
        warnings = [(f"`{'.'.join(key)}` is written twice (lines {first + offset} and "
                     f"{line + offset}); the later one is used", line + offset,
                     "remove one (Hexo cannot read a front-matter with a key twice)")
                    for key, first, line in twice]
        warnings += [(f"`{key}` holds ': ', which YAML refuses in an unquoted value; the rest "
                      "of the line is read as its text, as Hexo 2 did (Hexo 7 leaves the post "
                      "out)", line + offset, f'quote the value: {key}: "…"')
                     for key, line in as_text]
    if data is None:
        return {}, warnings
    if not isinstance(data, (dict, list)):
        return None, warnings
    if not isinstance(data, dict):  # a list: Hexo fails the post too
        raise LeftOut("front-matter must be a mapping of `key: value` lines, not a list",
                         path, 1 + offset, hint="write it as `key: value` lines (title: My post)")
    return {str(k): yaml12.plain(v) for k, v in data.items()}, warnings


def _nested_past(value: Any, most: int) -> bool:
    """Whether `value` nests more than `most` lists and objects; walked without recursion,
    since reading such a value further (yaml12.plain) is recursive."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > most:
                return True
            stack.extend((inner, depth + 1)
                         for inner in (item.values() if isinstance(item, dict) else item))
    return False


def _read_yaml(block: str, path: Path | str, offset: int
               ) -> tuple[Any, list[Twice], list[tuple[str, int]]]:
    """The block's value, its keys written twice and the (key, 1-based line) of each value
    read as text because it holds ': ' (see _COLON_IN_VALUE), read by the YAML library."""
    as_text: list[tuple[str, int]] = []
    while True:
        try:
            node, loader = yaml12.compose(block)
            return yaml12.construct(node, loader), yaml12.key_lines(node)[1], as_text
        except yaml.YAMLError as exc:
            quoted = _quote_colon_value(block, exc)
            if quoted is not None:
                block, key, line = quoted
                as_text.append((key, line))
                continue
            at = yaml_error_line(exc, block)
            problem = yaml12.problem_of(exc)
            raise LeftOut(f"invalid YAML front-matter: {problem}",
                             path, (at + offset) if at else 1 + offset,
                             hint=yaml12.error_hint(problem, "quote values that contain ': ' "
                                                    "or start with '[', '{', '*', '&', '!', "
                                                    "'%' or '@'")) from exc


def _quote_colon_value(block: str, exc: yaml.YAMLError) -> tuple[str, str, int] | None:
    """The block with the line YAML stopped at quoted, its key and 1-based line, when YAML
    stopped at the ': ' inside a top-level key's unquoted value; else None."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None or "mapping values" not in str(getattr(exc, "problem", "")):
        return None
    lines = block.split("\n")
    match = _COLON_IN_VALUE.fullmatch(lines[mark.line]) if mark.line < len(lines) else None
    if match is None:
        return None
    key, value = match.groups()
    lines[mark.line] = f"{key}: '{value.replace(chr(39), chr(39) * 2)}'"
    return "\n".join(lines), key, mark.line + 1


def key_line(text: str, key: str, default: int = 1) -> int:
    """The line of a top-level `key:` in a source file (for warnings about its value)."""
    return next((n for n, line in enumerate(text.splitlines(), 1)
                 if line.startswith(f"{key}:")), default)
