"""quillpress/charsets.py: the faster class compiler gives `re` exactly what its own does."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pygments.lexers import find_lexer_class_by_name

from quillpress import charsets, pattern_cache
from quillpress.render import lexing

# Lexers bloggers use most, with the classes that cost most (Unicode identifiers in Python,
# JavaScript and TypeScript; SQL and others matched ignoring case).
LEXERS = ["python", "javascript", "typescript", "sql", "ruby", "rust", "go", "bash", "yaml",
          "html", "css", "c", "cpp", "java", "php", "markdown", "latex", "haskell", "lua"]
# QuillPress's own kinds of class, and the edges of the bitmap: 256, the BMP, negation.
EDGES = [r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+",
         r"[^\W_\u3040-\u30ff\u4e00-\u9fff\U00020000-\U0002fa1f]", r"[\xf0-\u0110]", r"[a\u0100]",
         r"[\U0001F600-\U0001F64F\u2600-\u27bf]", r"[^a-z\d]", r"[ab\U00010000]", r"[\x00-\xff]",
         r"[a-cx-z]", r"[0-9A-Fa-f]", r"[\w\u0400-\u04ff]", r"[^\s\u00a0\u3000]"]


def _charsets_compiled(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Every class handed to the class compiler while the lexers' rules and EDGES compile."""
    calls: list[tuple[Any, ...]] = []
    original = charsets._original

    def record(charset: Any, iscased: Any = None, fixup: Any = None, fixes: Any = None) -> Any:
        calls.append((list(charset), iscased, fixup, fixes))
        return original(charset, iscased, fixup, fixes)

    monkeypatch.setattr(re._compiler, "_optimize_charset", record)  # type: ignore[attr-defined]
    # every pattern compiled here, not taken from the table of kept ones (pattern_cache.py)
    monkeypatch.setattr(re._compiler, "compile", pattern_cache._original)  # type: ignore[attr-defined]
    re.purge()
    for name in LEXERS:
        lexer = find_lexer_class_by_name(name)
        lexer()  # its rules are compiled with the first lexer made (in this process or earlier)
        states = lexer.process_tokendef("", lexer.get_tokendefs())  # …and here again
        for rule in (rule for state in states.values() for rule in state):
            lexing._compiled(rule[0])  # (compiled when first used, once lexing.py is installed)
    for pattern in EDGES:
        for flags in (0, re.IGNORECASE):
            re.compile(pattern, flags)
    re.purge()
    return calls


@pytest.mark.skipif(charsets._original is None, reason="this Python's re has no class compiler")
def test_every_class_compiles_to_what_re_itself_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _charsets_compiled(monkeypatch)
    kinds = set()
    for charset, iscased, fixup, fixes in calls:
        expected = charsets._original(list(charset), iscased, fixup, fixes)
        assert charsets.optimize_charset(list(charset), iscased, fixup, fixes) == expected, charset
        kinds.update(op for op, _ in expected[0])
        kinds.add("ignore case" if fixup else "case")
    # the comparison reached every shape of result: bitmaps, ranges, beyond the BMP, both cases
    assert {"case", "ignore case"} <= kinds
    assert {re._constants.BIGCHARSET, re._constants.CHARSET, re._constants.RANGE,  # type: ignore[attr-defined]
            re._constants.LITERAL, re._constants.NEGATE} <= kinds  # type: ignore[attr-defined]
    assert len(calls) > 1000


def test_patterns_match_as_before_once_installed() -> None:
    """The installed compiler is the one `re` uses, and what it compiles matches as written."""
    charsets.install()
    if charsets._original is not None and charsets.sys.version_info[:2] in charsets._VERSIONS:
        assert re._compiler._optimize_charset is charsets.optimize_charset  # type: ignore[attr-defined]
    re.purge()
    words = re.compile(r"[^\W_\u3040-\u30ff\u4e00-\u9fff]+|[\u3040-\u30ff\u4e00-\u9fff]")
    assert words.findall("Hexo 博客_test ひら") == ["Hexo", "博", "客", "test", "ひ", "ら"]
    assert re.fullmatch(r"[\u0100-\uffff]+", "Ωλ中") and not re.fullmatch(r"[\u0100-\uffff]", "a")
