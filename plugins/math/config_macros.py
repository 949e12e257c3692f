"""TeX macros a blog defines in its MathJax (or KaTeX auto-render) configuration.

A Hexo theme loads MathJax in the reader's browser, and writers add their own macros to its
configuration: `window.MathJax = {tex: {macros: {R: '\\\\mathbb{R}', avg: ['\\\\langle #1
\\\\rangle', 1]}}}` (MathJax 3), `MathJax.Hub.Config({TeX: {Macros: {…}}})` (MathJax 2), or
`renderMathInElement(…, {macros: {'\\\\R': …}})` (KaTeX). Such a script lives in a `.js`
file under `source/` (loaded through the theme's `custom_js`/`inject`), under `scripts/`, in
`source/_data/` (NexT's custom files), in the active theme's own files, or as a `<script>` in
a config file (`inject`, `custom_head`). Fluid, NexT and Butterfly have no theme-config key
for macros.

The object literal is read by a small parser that accepts only plain data (strings, numbers,
arrays, objects): no JavaScript runs. A macro whose value is anything else (a variable, a
function, a string built with `+`) or that has an optional argument is skipped and named in
one warning.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

_MACROS_KEY = re.compile(r"""(?<![\w$])(["']?)(?:macros|Macros)\1\s*:\s*\{""")
_LOADS_MATH = re.compile(r"MathJax|renderMathInElement|katex", re.I)
_SCRIPTS = (".js", ".mjs")
_PAGES = (".html", ".ejs", ".njk", ".swig", ".pug", ".jade", ".yml", ".yaml", ".js")
_PRUNE = {"_posts", "_drafts", "node_modules", ".git"}
_MAX_BYTES = 256 * 1024  # a hand-written config, not a bundled copy of MathJax
_MAX_LINE = 3000  # longer lines: minified code, whose `macros:` are MathJax's own


@dataclass
class FoundMacros:
    """Macros read from the blog's files (`\\name` → body) and what could not be read."""

    macros: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # where macros were read, for the log
    unread: list[tuple[str, list[str]]] = field(default_factory=list)  # (file, macro names)


def find(root: Path, source: Path, theme: str | None) -> FoundMacros:
    """Every macro defined in a math configuration among the blog's own files (`source`:
    its source folder, `source/` in Hexo)."""
    found = FoundMacros()
    for path in _candidates(root, source, theme):
        try:
            status = path.stat()
            if not S_ISREG(status.st_mode) or status.st_size > _MAX_BYTES:
                continue  # a named pipe's read waits forever, a device's never ends
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if "acros" not in text or not _LOADS_MATH.search(text):
            continue
        if max(map(len, text.splitlines()), default=0) > _MAX_LINE:
            continue
        macros, unread = read_macros(text)
        name = path.relative_to(root).as_posix()
        if macros:
            found.macros.update(macros)
            found.files.append(name)
        if unread:
            found.unread.append((name, unread))
    return found


def _candidates(root: Path, source: Path, theme: str | None) -> Iterator[Path]:
    yield from sorted(root.glob("_config*.yml"))
    yield from _walk(source, _SCRIPTS)
    yield from _walk(source / "_data", _PAGES)
    yield from _walk(root / "scripts", _SCRIPTS)
    if theme:
        theme_dir = root / "themes" / str(theme)
        yield theme_dir / "_config.yml"
        yield from _walk(theme_dir / "layout", _PAGES)
        yield from _walk(theme_dir / "source", _SCRIPTS)
        yield from _walk(theme_dir / "scripts", _SCRIPTS)


def _walk(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    try:
        if not folder.is_dir():
            return
    except PermissionError:  # in a folder the user may not read: the build names that one
        return
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _PRUNE)
        for name in sorted(files):
            if name.endswith(suffixes) and not name.endswith(".min.js"):
                yield Path(parent) / name


def read_macros(text: str) -> tuple[dict[str, str], list[str]]:
    """(`\\name` → body, names that could not be read) of every `macros: {…}` in a script."""
    macros: dict[str, str] = {}
    unread: list[str] = []
    for match in _MACROS_KEY.finditer(text):
        reader = _Reader(text, match.end())
        for name, value in reader.entries():
            body = _macro_body(value)
            key = name if name.startswith("\\") else "\\" + name
            if body is None:
                unread.append(key)
            else:
                macros[key] = body
    return macros, unread


def _macro_body(value: object) -> str | None:
    """The body of a macro written as MathJax or KaTeX take it: `'body'`, `['body', n]`
    (KaTeX counts the arguments from the #n in the body). None: not plain data, or an
    optional argument (`['body', n, 'default']`), which KaTeX's `macros` cannot say."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) \
            and isinstance(value[1], (int, float)):
        return value[0]
    return None


class _Unreadable(Exception):
    """A value that is not plain data."""


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SPACE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)


class _Reader:
    """Reads one JavaScript object literal of plain data, from just after its `{`."""

    def __init__(self, text: str, pos: int) -> None:
        self.text = text
        self.pos = pos

    def entries(self) -> Iterator[tuple[str, object]]:
        """(key, value) of each entry; an unreadable value gives (key, None) and the reader
        skips to the next entry. Stops at the closing brace or where the syntax breaks."""
        while True:
            self._space()
            if self._peek() in ("}", ""):
                return
            try:
                key = self._key()
                self._space()
                self._expect(":")
            except _Unreadable:
                return
            self._space()
            start = self.pos
            try:
                value: object = self._value()
                self._space()
                if self._peek() not in (",", "}"):
                    raise _Unreadable
            except _Unreadable:
                self.pos = start
                value = None
                if not self._skip_value():
                    yield key, value
                    return
            yield key, value
            self._space()
            if self._peek() == ",":
                self.pos += 1

    # -- pieces --
    def _peek(self) -> str:
        return self.text[self.pos:self.pos + 1]

    def _space(self) -> None:
        match = _SPACE.match(self.text, self.pos)
        self.pos = match.end() if match else self.pos

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise _Unreadable
        self.pos += 1

    def _key(self) -> str:
        if self._peek() in ("'", '"'):
            return self._string()
        match = _IDENT.match(self.text, self.pos) or _NUMBER.match(self.text, self.pos)
        if match is None:
            raise _Unreadable
        self.pos = match.end()
        return match.group(0)

    def _value(self) -> object:
        char = self._peek()
        if char in ("'", '"', "`"):
            return self._string()
        if char == "[":
            return self._array()
        if char == "{":
            self.pos += 1
            value = dict(self.entries())
            self._space()
            self._expect("}")
            return value
        match = _NUMBER.match(self.text, self.pos)
        if match is None:
            raise _Unreadable
        self.pos = match.end()
        return float(match.group(0))

    def _array(self) -> list[object]:
        self.pos += 1
        items: list[object] = []
        while True:
            self._space()
            if self._peek() == "]":
                self.pos += 1
                return items
            items.append(self._value())
            self._space()
            if self._peek() == ",":
                self.pos += 1
            elif self._peek() != "]":
                raise _Unreadable

    def _string(self) -> str:
        quote = self._peek()
        out: list[str] = []
        pos = self.pos + 1
        text = self.text
        while pos < len(text):
            char = text[pos]
            if char == quote:
                self.pos = pos + 1
                return "".join(out)
            if char == "\\":
                pos += 1
                escape = text[pos:pos + 1]
                if escape in ("u", "x"):
                    width = 2 if escape == "x" else 4
                    digits = text[pos + 1:pos + 1 + width]
                    if not re.fullmatch(f"[0-9A-Fa-f]{{{width}}}", digits):
                        raise _Unreadable
                    out.append(chr(int(digits, 16)))
                    pos += 1 + width
                    continue
                if escape != "\n":  # a backslash-newline continues the string
                    out.append(_ESCAPES.get(escape, escape))
                pos += 1
                continue
            if quote == "`" and text.startswith("${", pos):
                raise _Unreadable  # a template with code in it
            if char == "\n" and quote != "`":
                raise _Unreadable
            out.append(char)
            pos += 1
        raise _Unreadable

    def _skip_value(self) -> bool:
        """Move past a value that is not plain data, to its entry's `,` or the object's `}`
        (brackets and strings balanced). False: the object does not close."""
        depth = 0
        while self.pos < len(self.text):
            char = self._peek()
            if char in ("'", '"', "`"):
                try:
                    self._string()
                except _Unreadable:
                    self.pos += 1
                continue
            if char in "([{":
                depth += 1
            elif char in ")]}":
                if depth == 0:
                    return char == "}"
                depth -= 1
            elif char == "," and depth == 0:
                return True
            self.pos += 1
        return False
