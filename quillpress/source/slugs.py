"""Hexo's slug rules, so tag, category and post URLs match an existing Hexo blog."""

from __future__ import annotations

import functools
import re
import unicodedata

_CONTROL = re.compile(r"[\u0000-\u001f]")
_SPECIAL = re.compile(r"[\s~`!@#$%^&*()\-_+=\[\]{}|\\;:\"'<>,.?/]+")


def _strip_diacritics(text: str) -> str:
    """é → e, as hexo-util's escapeDiacritic does; CJK and other scripts are untouched."""
    if text.isascii():
        return text
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        out.append(base if len(decomposed) > 1 and base.isascii() else char)
    return "".join(out)


@functools.lru_cache(maxsize=8192)
def slugize(text: str, transform: int = 0, separator: str = "-") -> str:
    """Hexo's slugize: specials become the separator, runs collapse, ends are trimmed.

    `transform` is Hexo's `filename_case`: 0 keeps case, 1 lower-cases, 2 upper-cases.
    Memoized: every (re)build slugs each post's tags and categories again, a few names
    thousands of times.
    """
    result = _CONTROL.sub("", _strip_diacritics(str(text)))
    result = _SPECIAL.sub(separator, result)
    sep = re.escape(separator)
    result = re.sub(f"{sep}{{2,}}", separator, result)
    result = re.sub(f"^{sep}+|{sep}+$", "", result)
    if transform == 1:
        return result.lower()
    if transform == 2:
        return result.upper()
    return result


def safe_filename(title: str, transform: int = 0) -> str:
    """A file name for `new` from any title: CJK kept, punctuation and path tricks removed."""
    slug = slugize(title, transform)
    slug = slug.replace("/", "-").replace("\\", "-").strip(".")
    return slug or "untitled"
