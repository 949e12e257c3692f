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


_NEGATE, _RANGE = re._constants.NEGATE, re._constants.RANGE  # type: ignore[attr-defined]
GUARD_ITEMS = [(_NEGATE, None), (_RANGE, (0, 0xFFFF)), (_NEGATE, None)]
GUARD = repr(GUARD_ITEMS)[1:-1]


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
    guarded = 0
    for charset, iscased, fixup, fixes in calls:
        expected = charsets._original(list(charset), iscased, fixup, fixes)
        found = charsets.optimize_charset(list(charset), iscased, fixup, fixes)
        if GUARD in repr(found[0]):  # the same items, those beyond the BMP behind the guard
            guarded += 1
            assert found[1] == expected[1]
            assert sorted(map(repr, found[0])) == sorted(map(repr, expected[0] + GUARD_ITEMS))
            assert repr(found[0]).index(GUARD) > repr(found[0]).index("BIGCHARSET")
        else:
            assert found == expected, charset
        kinds.update(op for op, _ in expected[0])
        kinds.add("ignore case" if fixup else "case")
    assert guarded >= 4  # Python's and JavaScript's identifiers
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


@pytest.mark.skipif(charsets._original is None, reason="this Python's re has no class compiler")
def test_classes_with_ranges_behind_the_guard_take_the_same_characters(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A class with many ranges beyond the BMP (a Unicode identifier's) takes the very same
    characters as `re`'s own compiling makes it take: every BMP character, and beyond it each
    range's ends and the characters around them, for classes plain, negated, with a category,
    repeated and ignoring case."""
    from pygments import unistring as uni
    from pygments.lexers.javascript import JS_IDENT_PART, JS_IDENT_START

    sources = [f"[{uni.xid_start}][{uni.xid_continue}]*", f"[^{uni.xid_continue}]",
               f"[\\d{uni.xid_start}]", JS_IDENT_START + JS_IDENT_PART + "*", f"[{uni.Nd}a-c]+"]
    codes = set(range(0x10000))
    for source in sources:  # each range's ends, wherever it is in the pattern's tree
        for low, high in re.findall(r"\(RANGE, \((\d+), (\d+)\)\)", repr(re._parser.parse(source).data)):  # type: ignore[attr-defined]
            codes.update(int(end) + step for end in (low, high) for step in (-1, 0, 1))
    assert max(codes) > 0x20000
    text = [chr(code) for code in sorted(codes) if 0 <= code < 0x110000]
    monkeypatch.setattr(re._compiler, "compile", pattern_cache._original)  # type: ignore[attr-defined]
    for source in sources:
        for flags in (0, re.IGNORECASE):
            re.purge()
            with monkeypatch.context() as own:
                own.setattr(re._compiler, "_optimize_charset", charsets._original)  # type: ignore[attr-defined]
                expected = re.compile(source, flags).match
            re.purge()
            found = re.compile(source, flags).match
            assert [found(char) is None for char in text] == [expected(char) is None for char in text]
