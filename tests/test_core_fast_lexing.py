"""Pygments lexers driven by lexing.py give Pygments' own tokens.

lexing.py asks each lexer state only the rules that can start at the character found
(first_chars.py reads that from each pattern), tried one by one or, once asked often, joined
into one alternation. It must be invisible either way: the same tokens, on code written to hit the corners (states pushed and popped,
heredocs, nested templates, case-insensitive rules, characters no rule takes).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from pygments.lexer import RegexLexer
from pygments.lexers import get_lexer_by_name
from pygments.token import Keyword

from quillpress.render import lexing
from quillpress.render.first_chars import first_test
from quillpress.render.lexing import install

SAMPLES = {
    "python": '''@cached(size=3)
async def fetch(url: str, *, retries=2) -> dict[str, int]:
    """Fetch a page; the docstring spans
    two lines."""
    total = 0x1F + 0b101 + 1_000 + 3.5e-2j
    name = f"{url!r:>10} and {{braces}} {total + 1}"
    raw = rb'\\d+' if retries else u"x"
    lambda x, /, y=[1, 2]: x @ y  # a comment
    match total:
        case {"a": 1, **rest}: pass
    return {k: v for k, v in zip("ab", range(2)) if k not in ()}
''',
    "bash": '''#!/bin/bash
for f in *.md; do echo "${f%.md} $(wc -l < "$f")" >> out.txt; done
cat <<EOF
here $HOME and `date`
EOF
case "$1" in start|stop) exit 0 ;; *) echo 'no' ;; esac
''',
    "javascript": '''const re = /a[/\\]]+b/gi, tpl = `x ${a + `y ${b}`} z`;
class A extends B { #p = 1; static async *gen() { yield* [1n, 0o7]; } }
export default (x) => x?.y ?? null; // done
''',
    "cpp": '''#include <vector>
template <typename T> auto f(const T& x) -> decltype(x + 1) { return R"(raw\\n)" , 'c'; }
/* block
   comment */ int main() { std::vector<int> v{1, 2}; return v[0] << 2; }
''',
    "html": '''<!DOCTYPE html><html><head><style>a { color: red; }</style>
<script>if (a < b) { alert("x"); }</script></head>
<body class="x" data-a='1'><!-- note --><p>&amp; text</p></body></html>
''',
    "yaml": "key: value\nlist:\n  - a\n  - {b: 1, c: [2, 3]}\nblock: |\n  text\n# comment\n",
    "sql": "SELECT a, COUNT(*) FROM t WHERE b LIKE 'x%' GROUP BY a HAVING COUNT(*) > 1; -- end\n",
    "ruby": "def f(x) = x.map { |y| y * 2 }\nputs <<~TEXT\n  heredoc #{x}\nTEXT\n%w[a b].each do |s| s =~ /\\w+/ end\n",
    "diff": "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n",
    "json": '{"a": [1, 2.5e3, true, null], "b": {"c": "d\\u00e9"}}\n',
}


@pytest.mark.parametrize("join_after", [1, lexing.JOIN_AFTER], ids=["joined", "one-by-one"])
@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_lexer_gives_pygments_tokens(lang: str, join_after: int, monkeypatch) -> None:
    monkeypatch.setattr(lexing, "JOIN_AFTER", join_after)
    monkeypatch.setattr(lexing, "_TABLES", {})  # states made afresh, joined after join_after
    code = SAMPLES[lang]
    install()
    lexer = get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    for text in (code, code[: len(code) // 2], code + "\x00 ¿ünïcödé? \t\n"):
        fast = list(lexer.get_tokens(text))
        with monkeypatch.context() as pygments_own:
            pygments_own.setattr(RegexLexer, "get_tokens_unprocessed", lexing.PYGMENTS_OWN)
            assert fast == list(lexer.get_tokens(text))


@pytest.mark.parametrize("lang", ["cpp", "c", "python"])
def test_lexers_that_wrap_the_loop_are_sped_up_too(lang: str, monkeypatch) -> None:
    """C and C++ retouch the tokens of RegexLexer's loop, which they call by its class name:
    their rules are still found through lexing.py's tables, not tried one by one."""
    monkeypatch.setattr(lexing, "_TABLES", {})
    install()
    lexer = get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    list(lexer.get_tokens(SAMPLES["cpp"]))
    assert id(lexer._tokens) in lexing._TABLES


def tables_of_same_tokens(made: type[RegexLexer], texts: tuple[str, ...], monkeypatch) -> Any:
    """The state tables lexing.py made for lexer class `made`, once it gave Pygments' own
    tokens for each of `texts`."""
    monkeypatch.setattr(lexing, "_TABLES", {})
    install()
    lexer = made(stripnl=False, ensurenl=False)
    for text in texts:
        fast = list(lexer.get_tokens_unprocessed(text))
        with monkeypatch.context() as pygments_own:
            pygments_own.setattr(RegexLexer, "get_tokens_unprocessed", lexing.PYGMENTS_OWN)
            assert fast == list(lexer.get_tokens_unprocessed(text)), text
    return lexing._TABLES[id(lexer._tokens)]


def test_tokens_known_without_a_match_are_pygments_own(monkeypatch) -> None:
    """Where a character allows one rule, a one-character pattern makes it a token without a
    match, and Pygments' `default(state)` changes the state without one: the same tokens as
    Pygments', at a class that takes some of its characters only (`.` and a line break), a
    case-insensitive literal, states popped at the end of the text, and rules that read the
    text around them (a group, a look-behind, an action) still matched."""
    from pygments.lexer import bygroups, default
    from pygments.token import Name, Operator, Punctuation, String, Text

    class Made(RegexLexer):
        tokens = {
            "root": [(r"[(\[]", Punctuation, "inner"), (r"(?i)q", Keyword), (r"[ac-pr-z]", Name),
                     (r"\s", Text), (r"(?<=a)b", Operator), (r"(;)", bygroups(Punctuation))],
            "inner": [(r"[)\]]", Punctuation, "#pop"), (r"'", String, "str"),
                      (r"[^\S\n]", Text), default("#pop")],
            "str": [(r".", String), (r"'", String, "#pop"), default(("#pop", "#pop"))],
        }

    tables = tables_of_same_tokens(Made, ("(a b) [q Q x]\n('it''s\n[ ab;ab\n", "(x", "('", "['ab", "q;\n\n", ""), monkeypatch)
    root, inner = tables.state("root"), tables.state("inner")
    assert root.candidates("(").step == (Punctuation, ("inner",), 1)
    assert root.candidates("Q").step == (Keyword, None, 1)
    assert root.candidates("\n").step == (Text, None, 1)
    assert inner.candidates("x").step == (None, -1, 0)
    assert root.candidates("b").step is None  # a look-behind reads the text before
    assert root.candidates(";").step is None  # a group: the action reads the match
    assert tables.state("str").candidates("'").step == (String, None, 1)  # `.` takes it first


def test_rules_after_one_that_surely_matches_are_not_asked(monkeypatch) -> None:
    """Where a rule matches whatever follows (one character item, such an item repeated at
    least once at most, lazily too, or an empty pattern), the rules after it are not asked:
    the same tokens as Pygments', and a repeat needing two characters still asks the next."""
    from pygments.lexer import default
    from pygments.token import Error, Name, Operator, Punctuation, Text, Whitespace

    class Made(RegexLexer):
        tokens = {
            "root": [(r"[ \t]+", Text), (r"\s", Whitespace), (r"x+?", Name), (r"y{2,}", Keyword),
                     (r"y", Name.Other), (r"\(", Punctuation, "inner"), (r".", Error)],
            "inner": [(r"a*", Operator, "#pop"), (r"\)", Punctuation), default("#pop")],
        }

    tables = tables_of_same_tokens(Made, ("x  xx\tyy y (a)(aa b\n", "(", "yyy\n\n(x", ""), monkeypatch)
    root, inner = tables.state("root"), tables.state("inner")
    assert len(root.candidates(" ").rules) == 1 and root.candidates(" ").step is None
    assert root.candidates("\n").step == (Whitespace, None, 1)
    assert len(root.candidates("x").rules) == 1
    assert len(root.candidates("y").rules) == 2  # `y{2,}` may fail there, then `y`
    assert len(inner.candidates(")").rules) == 1  # `a*` matches nothing there


@pytest.mark.parametrize("join_after", [1, lexing.JOIN_AFTER], ids=["joined", "one-by-one"])
def test_pops_deeper_than_the_stack_keep_the_first_state(join_after: int, monkeypatch) -> None:
    """`#pop:n` (Pygments' -n) takes n states off, but never the last: a pop as deep as the
    stack or deeper leaves the root, as in Pygments; one less deep pops exactly n. Both from
    a one-character token (`!`, known without a match) and from joined rules (`?` and `?=`)."""
    from pygments.token import Name, Operator, Punctuation, Text

    class Deep(RegexLexer):
        tokens = {
            "root": [(r"\(", Punctuation, "one"), (r"[a-z]+", Name), (r"\s+", Text)],
            "one": [(r"\(", Punctuation, "two"), (r"\)", Punctuation, "#pop"),
                    (r"!", Operator, "#pop:2"), (r"\?=", Operator), (r"\?+", Operator, "#pop:3"),
                    (r"[a-z]+", Name.Attribute), (r"\s+", Text)],
            "two": [(r"\(", Punctuation, "#push"), (r"\)", Punctuation, "#pop"),
                    (r"!", Operator, "#pop:2"), (r"\?=", Operator), (r"\?+", Operator, "#pop:3"),
                    (r"[a-z]+", Name.Class), (r"\s+", Text)],
        }

    monkeypatch.setattr(lexing, "JOIN_AFTER", join_after)
    monkeypatch.setattr(lexing, "_TABLES", {})
    install()
    lexer = Deep(stripnl=False, ensurenl=False)
    texts = ["(a ! b (c ! d", "((a ! b) c", "((a ? b", "(((a ? b) c ?= d", "(a ?? b ( c",
             "((((a ! b ! c ! d) e", "(a ?= (b ? c"]
    for text in texts * 2:  # again: with join_after 1, the rules met once are joined by then
        fast = list(lexer.get_tokens_unprocessed(text))
        with monkeypatch.context() as pygments_own:
            pygments_own.setattr(RegexLexer, "get_tokens_unprocessed", lexing.PYGMENTS_OWN)
            assert fast == list(lexer.get_tokens_unprocessed(text)), text


def test_rules_are_compiled_only_for_the_states_entered() -> None:
    """Pygments compiles every rule when a lexer is first made; here a state's rules are
    compiled when the code enters it, and the tokens stay Pygments' own (above)."""
    install()
    lexer = get_lexer_by_name("scala", stripnl=False, ensurenl=False)
    list(lexer.get_tokens("val x = 1\n"))
    rules = [rule[0] for state in lexer._tokens.values() for rule in state]
    waiting = [match for match in rules if isinstance(match, lexing._Deferred) and match.match is None]
    assert waiting and len(waiting) < len(rules)


def test_unknown_language_is_plain_text_without_reading_package_metadata(monkeypatch) -> None:
    """A fence's language no lexer has (`pythonh`, `git`) is shown as plain text; Pygments'
    search of the installed packages' lexers is skipped when none declares one."""
    import pygments.plugin

    from quillpress.render import highlight

    def metadata_read(group: str) -> list[object]:
        raise AssertionError("package metadata read")
    monkeypatch.setattr(pygments.plugin, "iter_entry_points", metadata_read)
    monkeypatch.setattr(highlight, "declared_on_path", lambda group: False)
    highlight._lexer.cache_clear()
    html = highlight.highlight_block("a < b\n", "pythonh")
    assert '<span class="line">a &lt; b\n</span>' in html  # one line, no token spans
    assert highlight._lexer("python") is not None
    monkeypatch.setattr(highlight, "declared_on_path", lambda group: group == "pygments.lexers")
    highlight._lexer.cache_clear()
    with pytest.raises(AssertionError, match="metadata"):  # a package may declare one: asked
        highlight._lexer("pythonh")
    highlight._lexer.cache_clear()


def test_lexer_with_its_own_loop_is_left_alone() -> None:
    """A lexer that does not use RegexLexer's loop (a console session) keeps its own."""
    install()
    lexer = get_lexer_by_name("pycon")
    assert lexer.get_tokens_unprocessed == type(lexer).get_tokens_unprocessed.__get__(lexer)


@pytest.mark.parametrize(("pattern", "yes", "no"), [
    (r"\b(def|class)\b", "dc", "xD ("),
    (r"(?i)select", "sS", "tx"),
    (r"[a-z_]\w*", "q_", "Q9 "),
    (r"\s*#", " \t#", "a"),
    (r"[^\S\n]+", " \t", "\na"),
    (r"(?<!\.)print", "p", ".x"),
    (r"\d+(?=px)", "07", "x"),
    (r"(?:0[xX]|#)[0-9a-f]+", "0#", "1x"),
    # keyword lists and sets of characters: their literals are one set, with case folded
    (r"(?i)(?:select|insert|update)\b", "sSiIu\u017f\u212a", "xX1 "),
    (r"(abs|all|any|ascii|bin|bool|bytearray)\b", "ab", "cA_ "),
    (r"[+\-*/%&|^~<>!=]=?", "+-*/%&|^~<>!=", "a ("),
    (r"[a-cx-z0-9_$]+", "abxz09_$", "dwA-"),
    (r"(?:[A-Z]|_)\w*|'|\"", "AZ_'\"", "a1"),
    (r"(?i)[a-c#]", "aAcC#\u00e9", "dD1"),
    (r"[^a-c]", "dA\u4e2d", "abc"),
    # a look-ahead that must read a character: a match starts only where that one comes
    (r"(?=/)", "/", "a \n"),
    (r"^(?=\s|/|<!--)", " \n/<", "a{-"),
    (r"(?i)(?=x)\w+", "xX", "ay"),
    (r"(?:a|(?=b))c", "ab", "c"),
    (r"(?=a*)b", "b", "a"),
])
def test_first_characters(pattern: str, yes: str, no: str) -> None:
    test, may_be_empty = first_test(re.compile(pattern))
    assert not may_be_empty
    assert all(test(char) for char in yes)
    assert not any(test(char) for char in no)


@pytest.mark.parametrize("pattern", [r"\s*", r"(a)?b?", r"(?!x)", r"(?<=x)", r"(?=x?)", "",
                                     r"x|(?:)", r"(a)?(?(1)b|)"])
def test_patterns_that_may_match_nothing_are_tried_everywhere(pattern: str) -> None:
    test, may_be_empty = first_test(re.compile(pattern))
    assert may_be_empty and test("z") and test("\n")


def test_parse_trees_kept_from_compiling_give_the_same_first_characters(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule's parse tree kept while its lexer compiles (instead of parsing the pattern
    again) gives first_test the same answer for every character, and is used only once."""
    from pygments.lexers import find_lexer_class_by_name

    from quillpress import pattern_cache
    from quillpress.render import first_chars

    # parsed here, not taken ready-made from the table of kept patterns (pattern_cache.py)
    monkeypatch.setattr(re._compiler, "compile", pattern_cache._original)  # type: ignore[attr-defined]

    rules = []
    first_chars._trees.clear()
    for name in ("sql", "python"):  # case-insensitive rules; Unicode names, many states
        lexer = find_lexer_class_by_name(name)
        lexer()  # without lexing.py's deferral (this test alone), this compiles every rule
        re.purge()  # else `re` hands back the patterns it compiled before, without parsing them
        with first_chars.trees_kept():  # compiled here, installed lexing.py's deferral or not
            states = lexer.process_tokendef("", lexer.get_tokendefs())
            matches = [lexing._compiled(rule[0]) for state in states.values() for rule in state]
        rules += [match.__self__ for match in matches
                  if isinstance(getattr(match, "__self__", None), re.Pattern)]
    kept = {pattern for pattern in rules if (pattern.pattern, pattern.flags) in first_chars._trees}
    assert len(kept) > 50
    chars = [chr(code) for code in range(128)] + ["é", "中", "\u212a", "ſ"]
    for pattern in kept:
        from_tree = first_test(pattern)
        assert (pattern.pattern, pattern.flags) not in first_chars._trees  # read once
        fresh = first_test(pattern)
        assert from_tree[1] == fresh[1]
        assert [from_tree[0](c) for c in chars] == [fresh[0](c) for c in chars]


def test_spans_kept_for_repeated_tokens_give_the_same_html(monkeypatch) -> None:
    from quillpress.render import highlight

    monkeypatch.setattr(highlight, "_SPANS", {})
    monkeypatch.setattr(highlight, "_SPANS_KEPT", 0)  # emptied at every new token
    alone = {lang: highlight.highlight_block(code, lang) for lang, code in SAMPLES.items()}
    monkeypatch.setattr(highlight, "_SPANS_KEPT", 1 << 16)
    for _ in range(2):  # the second time, every span comes from the kept ones
        assert {lang: highlight.highlight_block(code, lang)
                for lang, code in SAMPLES.items()} == alone
    assert '<span class="o">&lt;</span>' in alone["html"]  # `a < b` in the script, escaped


def test_a_kept_span_is_its_own_token_type_s() -> None:
    from quillpress.render import highlight

    highlight.highlight_block("var def = 1;", "javascript")  # `def`: a name in JavaScript
    line = "def f(x): return x < 2 and 'def'"
    lexer = get_lexer_by_name("python", stripnl=False, ensurenl=False)
    expected = "".join(highlight._span(highlight._css_class(ttype), value)
                       for ttype, value in lexer.get_tokens(line) if value)
    for _ in range(2):
        html = highlight.highlight_block(line, "python")
        assert html.count('<span class="k">def</span>') == 1
        assert f'<span class="line">{expected}\n</span>' in html


@pytest.mark.parametrize("lang", sorted(SAMPLES) + ["console", "pycon"])
def test_tokens_without_pygments_stream_are_get_tokens(lang: str) -> None:
    """highlight._tokens skips get_tokens' generator but keeps its preprocessing (line ends,
    BOM) and its result; a lexer with filters, or a get_tokens of its own, goes through it."""
    from quillpress.render import highlight

    code = "\ufeff" + SAMPLES.get(lang, ">>> print(1)\n1\n$ ls\nfile\n").replace("\n", "\r\n", 2)
    plain = get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    filtered = get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    filtered.add_filter("keywordcase", case="upper")
    found = {}
    for name, lexer in (("plain", plain), ("filtered", filtered)):
        expected = list(lexer.get_tokens(code))
        found[name] = [(ttype, value) for _, ttype, value in highlight._tokens(lexer, code)]
        assert found[name] == expected
    if lang == "python":  # the filter was applied: `def` became `DEF`
        assert (Keyword, "DEF") in found["filtered"] and (Keyword, "DEF") not in found["plain"]


def test_one_set_of_first_characters_says_what_each_item_says() -> None:
    """first_test's one test (literals looked up in a set) answers for every character as
    asking each possible first item in turn, on the rules of lexers with keyword lists,
    case-insensitive rules and classes of every kind."""
    from pygments.lexers import find_lexer_class_by_name

    from quillpress.render import first_chars

    patterns = {r"[^a]x|b", r"(?i)k|[a-c\d]|é", r"[\w.]+|\s", r"(?i:[x-zſ])|[^\n]", r"[K-M]|\W"}
    for name in ("sql", "python", "bash", "css", "tsql"):
        for state in find_lexer_class_by_name(name).tokens.values():
            patterns.update(rule[0] for rule in state if isinstance(rule, tuple)
                            and isinstance(rule[0], str))
    chars = [chr(code) for code in range(128)] + ["é", "É", "中", "\u212a", "ſ", "\u00a0", "٣"]
    compared = 0
    for source in patterns:
        for flags in (re.MULTILINE, re.MULTILINE | re.IGNORECASE):
            parsed = first_chars.sre_parse.parse(source, flags)
            fold = bool(parsed.state.flags & re.IGNORECASE)
            items: list = []
            first_chars._sequence(list(parsed), fold, items)
            named = [first_chars._named(item) if item else None for item in items]
            one = first_chars._one_of(named)
            each = [first_chars._char_test(*item) if item else first_chars._any for item in named]
            assert [one(c) for c in chars] == [any(t(c) for t in each) for c in chars], source
            compared += 1
    assert compared > 300
