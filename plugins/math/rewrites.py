"""The patterns of what the math plugin rewrites in TeX before asking an engine, read from
rewrites.txt: escapes.py, textmode.py and numbering.py compile theirs from it, and KaTeX's worker
that draws formulas ahead of the build (katex_predraw.js) reads the same file to pass over the
formulas the build would ask for rewritten. One list, so that a rewrite changed on one side
cannot leave the other drawing formulas the build never asks for."""

from __future__ import annotations

import re
from pathlib import Path

FILE = Path(__file__).with_name("rewrites.txt")


def _read() -> dict[str, str]:
    """NAME → PATTERN, from the file's lines that are not blank or comments."""
    lines = FILE.read_text(encoding="utf-8").splitlines()
    return dict(line.split(" ", 1) for line in lines if line.strip() and not line.startswith("#"))


PATTERNS = _read()


def rewrite(name: str) -> re.Pattern[str]:
    """The compiled pattern of one rewrite, by its name in rewrites.txt."""
    return re.compile(PATTERNS[name])
