"""quillpress/pattern_cache.py: a kept pattern is the pattern `re` itself would have compiled."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import _sre
import pytest
from pygments.lexers import find_lexer_class_by_name

from quillpress import pattern_cache
from quillpress.pattern_cache import PatternTable, compiled_entry
from test_charsets import EDGES, LEXERS

pytestmark = pytest.mark.skipif(sys.version_info[:2] not in pattern_cache._VERSIONS,
                                reason="this Python's re is not the one the cache knows")
REPO = Path(__file__).resolve().parent.parent


def _rule_patterns() -> list[tuple[str, int]]:
    """Every (pattern, flags) of the lexers bloggers use most, and the class edge cases."""
    found = []
    for name in LEXERS:
        lexer = find_lexer_class_by_name(name)
        for state in lexer.get_tokendefs().values():
            for rule in state:
                if isinstance(rule, tuple) and rule:
                    regex = rule[0] if isinstance(rule[0], str) else getattr(rule[0], "get", None)
                    if callable(regex):
                        regex = regex()
                    if isinstance(regex, str):
                        found.append((regex, lexer.flags))
    found += [(pattern, flags) for pattern in EDGES for flags in (0, re.IGNORECASE)]
    found += [(rb"(?P<head>[\x00-\x7f]+)\s*(?P=head)", re.LOCALE), (r"(?x) a (?P<b>b) # c", 0)]
    return found


def _what_re_gives_the_engine(pattern: str | bytes, flags: int) -> tuple[Any, ...]:
    """The arguments CPython's own `re._compiler.compile` passes to the C engine."""
    seen: list[tuple[Any, ...]] = []
    engine = _sre.compile

    def record(*args: Any) -> Any:
        seen.append(args)
        return engine(*args)

    _sre.compile = record
    try:
        pattern_cache._original(pattern, flags)
    finally:
        _sre.compile = engine
    (_, final, code, groups, groupindex, indexgroup), = seen
    return int(final), [int(c) for c in code], groups, dict(groupindex), indexgroup


def test_every_rule_is_kept_as_re_compiles_it() -> None:
    patterns = _rule_patterns()
    assert len(patterns) > 1000
    for pattern, flags in patterns:
        final, code, groups, groupindex, indexgroup = compiled_entry(pattern, flags)
        assert (final, pattern_cache.array(pattern_cache._CODE, code).tolist(), groups,
                groupindex, indexgroup) == _what_re_gives_the_engine(pattern, flags), pattern


def test_a_kept_pattern_matches_as_the_one_compiled(tmp_path: Path) -> None:
    file = tmp_path / "patterns.bin"
    first = PatternTable(file)
    fresh = first.compile(r"(?P<word>[^\W\d]+)-(\d+)", re.IGNORECASE)
    assert first.added == 1
    first.added = pattern_cache.WORTH_SAVING  # as after a build that met many new patterns
    first.save()
    second = PatternTable(file)
    kept = second.compile(r"(?P<word>[^\W\d]+)-(\d+)", re.IGNORECASE)
    assert second.added == 0  # taken from the file, not compiled
    for text in ("Ärger-42", "abc-", "x-1 y-2"):
        assert kept.findall(text) == fresh.findall(text) == re.findall(fresh.pattern, text, re.I)
    assert (kept.flags, kept.groups, kept.groupindex) == (fresh.flags, fresh.groups, fresh.groupindex)


@pytest.mark.parametrize("content", [b"", b"garbage \x00\xff", b"\xe3\x00\x00"])
def test_a_damaged_file_is_read_as_empty_and_replaced(tmp_path: Path, content: bytes) -> None:
    file = tmp_path / "patterns.bin"
    file.write_bytes(content)
    table = PatternTable(file)
    assert table.entries == {}
    assert table.compile(r"a+b", 0).fullmatch("aab")
    table.added = pattern_cache.WORTH_SAVING
    table.save()
    assert (r"a+b", 0) in PatternTable(file).entries


def test_another_pythons_file_is_not_read(tmp_path: Path) -> None:
    file = tmp_path / "patterns.bin"
    wrong = compiled_entry(r"b", 0)  # under a+b's name: must never be used
    file.write_bytes(pattern_cache.marshal.dumps(("Python 9.9|0|4", {(r"a+b", 0): wrong}, {})))
    assert PatternTable(file).compile(r"a+b", 0).fullmatch("ab")


def test_a_few_new_patterns_do_not_rewrite_the_file(tmp_path: Path) -> None:
    file = tmp_path / "patterns.bin"
    table = PatternTable(file)
    for n in range(pattern_cache.WORTH_SAVING - 1):
        table.compile(f"x{{{n}}}", 0)
    table.save()
    assert not file.exists()
    table.compile("y+", 0)
    table.save()
    assert len(PatternTable(file).entries) == pattern_cache.WORTH_SAVING


def test_one_long_new_pattern_is_worth_rewriting_the_file(tmp_path: Path) -> None:
    """linkify's URL pattern (~6,300 characters, ~30 ms to parse) was met alone at the end of
    every build, so it never made the count and was parsed again by each one."""
    file = tmp_path / "patterns.bin"
    table = PatternTable(file)
    table.compile("a" * (pattern_cache.WORTH_SAVING_CHARS - 1), 0)
    table.save()
    assert not file.exists()
    table.compile("(?:b|c)", 0)
    table.save()
    second = PatternTable(file)
    assert second.compile("a" * (pattern_cache.WORTH_SAVING_CHARS - 1), 0).fullmatch(
        "a" * (pattern_cache.WORTH_SAVING_CHARS - 1))
    assert second.added == 0  # taken from the file, not parsed again


def test_past_the_limit_only_the_patterns_used_are_kept(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "patterns.bin"
    monkeypatch.setattr(pattern_cache, "LIMIT", 10)
    old = PatternTable(file)
    for n in range(10):
        old.compile(f"old{n}", 0)
    old.save()
    new = PatternTable(file)
    for n in range(pattern_cache.WORTH_SAVING):
        new.compile(f"new{n}", 0)
    new.compile("old3", 0)
    new.save()
    kept = {pattern for pattern, _ in PatternTable(file).entries}
    assert kept == {f"new{n}" for n in range(pattern_cache.WORTH_SAVING)} | {"old3"}


def test_past_the_limit_the_facts_of_the_patterns_kept_stay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fact is keyed by the compiled pattern's flags (re adds UNICODE to a str pattern's),
    not by the flags it was asked with: it stays as long as its pattern does."""
    file = tmp_path / "patterns.bin"
    monkeypatch.setattr(pattern_cache, "LIMIT", 2)
    old = PatternTable(file)
    for n in range(3):
        old.compile(f"old{n}", 0)
    old.added = pattern_cache.WORTH_SAVING
    old.save()
    new = PatternTable(file)
    kept = new.compile("k+", 0)
    assert kept.flags != 0  # re.UNICODE
    assert new.fact("test", kept.pattern, kept.flags, lambda: "made") == "made"
    for n in range(pattern_cache.WORTH_SAVING):
        new.compile(f"new{n}", 0)
    new.save()  # past the limit: only what `new` used is kept
    again = PatternTable(file)
    assert ("old0", 0) not in again.entries and ("k+", 0) in again.entries
    assert again.fact("test", kept.pattern, kept.flags, lambda: "made again") == "made"


def _save_new(file: Path, run: int, *used: str) -> int:
    """Command number `run`: it uses `used` (kept or new) and adds enough new patterns of its
    own to save; how many it had to parse."""
    table = PatternTable(file)
    for pattern in used:
        table.compile(pattern, 0)
    for n in range(pattern_cache.WORTH_SAVING):
        table.compile(f"run{run}-{n}-(?:x|y)", 0)
    parsed = table.added
    table.save()
    return parsed


def test_a_pattern_no_recent_save_used_is_dropped_with_its_facts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pattern made anew by each run (its text joined from a set) stayed in the table until
    its 5,000-pattern limit: 31 copies of the feed cleaner's. One that the last KEEP_SAVES
    saves did not use goes, with its facts; one they used stays, however old."""
    file = tmp_path / "patterns.bin"
    monkeypatch.setattr(pattern_cache, "KEEP_SAVES", 3)
    first = PatternTable(file)
    compiled = first.compile("stale|copy", 0)
    first.fact("test", compiled.pattern, compiled.flags, lambda: "fact")
    first.added = pattern_cache.WORTH_SAVING
    first.save()
    for run in range(2):  # still within the last three saves
        _save_new(file, run, "every+build")
    assert ("stale|copy", 0) in PatternTable(file).entries
    _save_new(file, 2, "every+build")
    table = PatternTable(file)
    assert ("stale|copy", 0) not in table.entries and ("every+build", 0) in table.entries
    assert table.fact("test", compiled.pattern, compiled.flags, lambda: "made again") == "made again"
    assert len(table.entries) == 1 + 3 * pattern_cache.WORTH_SAVING  # the three last saves' own


def test_a_table_from_before_the_ages_is_read_and_kept(tmp_path: Path) -> None:
    """A file written before the saves were counted is no damaged file: its patterns serve,
    and the next save keeps them."""
    file = tmp_path / "patterns.bin"
    entry = compiled_entry("old+style", 0)
    file.write_bytes(pattern_cache.marshal.dumps((pattern_cache.STAMP, {("old+style", 0): entry}, {})))
    assert _save_new(file, 0, "old+style") == pattern_cache.WORTH_SAVING  # not parsed again
    assert ("old+style", 0) in PatternTable(file).entries


def test_a_table_from_before_the_facts_ages_is_read_and_kept(tmp_path: Path) -> None:
    """A file whose saves aged its patterns but not its facts: its facts serve, and the next
    save keeps them and starts their ages."""
    file = tmp_path / "patterns.bin"
    fact = ("test", "no pattern", 0)
    file.write_bytes(pattern_cache.marshal.dumps(
        (pattern_cache.STAMP, {}, {fact: ("", "kept")}, 7, [])))
    assert PatternTable(file).fact(*fact, lambda: "made again") == "kept"
    _save_new(file, 0)
    assert PatternTable(file).fact(*fact, lambda: "made again") == "kept"


def test_a_damaged_entry_is_compiled_anew(tmp_path: Path) -> None:
    """An entry of the wrong shape (a file from a broken write, a hand edit) costs the
    parsing, never an error from `re.compile`."""
    file = tmp_path / "patterns.bin"
    file.write_bytes(pattern_cache.marshal.dumps(
        (pattern_cache.STAMP, {(r"a+b", 0): ("not", "an entry"), (r"c+d", 0): 7}, {})))
    table = PatternTable(file)
    assert table.compile(r"a+b", 0).fullmatch("aab") and table.compile(r"c+d", 0).fullmatch("cd")
    assert table.added == 2


def test_a_read_only_folder_costs_only_the_saving(tmp_path: Path) -> None:
    file = tmp_path / "not-a-folder" / "patterns.bin"
    (tmp_path / "not-a-folder").write_text("a file where the folder should be")
    table = PatternTable(file)
    for n in range(pattern_cache.WORTH_SAVING):
        table.compile(f"z{n}", 0)
    table.save()  # no error
    assert table.added == pattern_cache.WORTH_SAVING


def test_a_command_keeps_what_it_compiled_for_the_next(tmp_path: Path) -> None:
    """The installed table serves `re.compile` and is written when the process ends."""
    file = tmp_path / "patterns.bin"
    script = (f"import sys; sys.path.insert(0, {str(REPO)!r}); from pathlib import Path\n"
              "from quillpress import pattern_cache as p\n"
              "p._installed = None; p.install(Path(sys.argv[1]))\n"
              "import re; words = [re.compile(f'w{n}[a-z]+') for n in range(20)]\n"
              "print(p._installed.added, bool(words[3].match('w3abc')))\n")
    first = subprocess.run([sys.executable, "-c", script, str(file)], capture_output=True,
                           text=True, check=True)
    assert first.stdout.split() == ["20", "True"]
    again = subprocess.run([sys.executable, "-c", script, str(file)], capture_output=True,
                           text=True, check=True)
    assert again.stdout.split() == ["0", "True"]  # all 20 from the file


def test_ctrl_c_as_the_command_ends_leaves_no_traceback_and_no_temporary(tmp_path: Path) -> None:
    """A Ctrl+C landing while the table is saved at exit (seen stopping a deploy as it
    ended) printed "Exception ignored in atexit callback" and a traceback, and left the
    temporary file beside the table."""
    file = tmp_path / "patterns.bin"
    script = (f"import sys; sys.path.insert(0, {str(REPO)!r}); from pathlib import Path\n"
              "from quillpress import pattern_cache as p\n"
              "p._installed = None; p.install(Path(sys.argv[1]))\n"
              "import re; words = [re.compile(f'w{n}[a-z]+') for n in range(20)]\n"
              "def interrupted(*args): raise KeyboardInterrupt\n"
              "p.os.replace = interrupted\n")
    done = subprocess.run([sys.executable, "-c", script, str(file)], capture_output=True,
                          text=True)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) in ([], [tmp_path / "patterns.bin.lock"])


def _compile_some(n: int) -> bool:
    """In a render worker: compile patterns the table lacks, as a lexer's rules are."""
    return all(re.compile(f"worker{n}-{i}[a-z]+").match(f"worker{n}-{i}abc")
               for i in range(pattern_cache.WORTH_SAVING))


def test_render_workers_keep_what_they_compiled_saving_once_each(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked worker ends without atexit handlers: it saves when its pool's work is done,
    so a build's workers, which compile the lexers, leave their rules for the next build, in
    one save each however many chunks they did (a save per chunk rewrote the whole table)."""
    from quillpress.build.parallel import fork_map

    file = tmp_path / "patterns.bin"
    table = PatternTable(file)
    monkeypatch.setattr(pattern_cache, "_installed", table)
    monkeypatch.setattr(re._compiler, "compile", table.compile)  # type: ignore[attr-defined]
    re.purge()
    items = list(range(40))  # many chunks per worker (build/parallel.py's _chunks)
    assert all(done for _, done in fork_map(_compile_some, items, workers=2, threshold=1))
    assert table.added == 0  # all compiled in the workers, none here
    *_, saves, _, _ = PatternTable(file)._read()
    assert 1 <= saves <= 2  # at most one per worker
    script = (f"import sys; sys.path.insert(0, {str(REPO)!r}); from pathlib import Path\n"
              "from quillpress import pattern_cache as p\n"
              "p._installed = None; p.install(Path(sys.argv[1]))\n"
              f"import re; words = [re.compile(f'worker{{n}}-{{i}}[a-z]+') for n in range(40) "
              f"for i in range({pattern_cache.WORTH_SAVING})]\n"
              "print(p._installed.added, len(words))\n")
    fresh = subprocess.run([sys.executable, "-c", script, str(file)], capture_output=True,
                           text=True, check=True)
    assert fresh.stdout.split() == ["0", str(40 * pattern_cache.WORTH_SAVING)]  # none parsed


def test_kept_first_characters_give_the_fast_lexer_the_same_tests(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast lexer's first-character tests (render/first_chars.py) are kept with the
    patterns: made again from the kept facts, without parsing, they answer as before."""
    from quillpress.render import first_chars

    patterns = [re.compile(pattern, flags) for pattern, flags in _rule_patterns()
                if isinstance(pattern, str)]
    chars = [chr(code) for code in range(128)] + ["é", "中", "\u212a", "ſ", "\u00a0"]
    file = tmp_path / "patterns.bin"
    first = PatternTable(file)
    monkeypatch.setattr(pattern_cache, "_installed", first)
    fresh = [first_chars.first_test(pattern) for pattern in patterns]
    first.added = max(first.added, pattern_cache.WORTH_SAVING)
    first.save()
    second = PatternTable(file)
    monkeypatch.setattr(pattern_cache, "_installed", second)
    parsed: list[Any] = []
    monkeypatch.setattr(first_chars.sre_parse, "parse", lambda *args: parsed.append(args))
    kept = [first_chars.first_test(pattern) for pattern in patterns]
    assert not parsed and second.added == 0  # every answer from the file
    assert sum(not empty for _, empty in fresh) > 500  # most rules have a real test
    for pattern, (test, empty), (kept_test, kept_empty) in zip(patterns, fresh, kept):
        assert kept_empty == empty, pattern.pattern
        assert [kept_test(c) for c in chars] == [test(c) for c in chars], pattern.pattern


def test_first_characters_kept_by_another_version_of_first_chars_are_made_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kept items are what first_chars.py's code made of a pattern: a table written
    before that code changed (an edit, an upgrade) gives no answer, which could be wrong now."""
    from re import _constants  # type: ignore[attr-defined]

    from quillpress.render import first_chars

    pattern = re.compile(r"ab+")
    only_z = (False, [(int(_constants.LITERAL), ord("z"), False)])  # "starts with z": stale
    file = tmp_path / "patterns.bin"
    for stale in (only_z, ("00000000", only_z)):  # as kept before versions, or by another one
        file.write_bytes(pattern_cache.marshal.dumps((pattern_cache.STAMP, {}, {
            ("first characters", pattern.pattern, pattern.flags): stale})))
        table = PatternTable(file)
        monkeypatch.setattr(pattern_cache, "_installed", table)
        test, may_be_empty = first_chars.first_test(pattern)
        assert test("a") and not test("z") and not may_be_empty
        assert len(table.facts) == 1 and table.added == 1  # replaced, not kept beside


def test_word_lists_are_joined_once_and_kept_as_pygments_joins_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lexer's `words(...)` list becomes one pattern through Pygments' `regex_opt`, in
    Python, in every process that highlights: the joined text is kept with the patterns, and
    a later process gets from the table the text Pygments itself joins, joining nothing."""
    from pygments.lexer import words

    from quillpress.render import lexing

    lists = [rule[0] for name in LEXERS
             for state in find_lexer_class_by_name(name).tokens.values()
             for rule in state if isinstance(rule, tuple) and type(rule[0]) is words]
    assert len(lists) > 40
    file = tmp_path / "patterns.bin"
    first = PatternTable(file)
    monkeypatch.setattr(pattern_cache, "_installed", first)
    joined = [lexing._pattern_text(listed) for listed in lists]
    assert joined == [listed.get() for listed in lists]
    first.save()
    second = PatternTable(file)
    monkeypatch.setattr(pattern_cache, "_installed", second)
    monkeypatch.setattr(words, "get", lambda self: pytest.fail("joined again"))
    assert [lexing._pattern_text(listed) for listed in lists] == joined
    reordered = words(tuple(reversed(lists[0].words)), lists[0].prefix, lists[0].suffix)
    assert lexing._pattern_text(reordered) == joined[0]  # a list's order does not matter
    assert second.added == 0


def test_a_states_rules_by_character_are_kept_as_its_tests_choose_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which rules of a lexer state may start at each ASCII character is kept in the table:
    a later process reads it without making a single first-character test, and gets the
    rules the tests choose; a character beyond ASCII is still asked of the tests."""
    from pygments.lexers import get_lexer_by_name

    from quillpress.render import lexing

    lexing.install()
    states = [rules for name in LEXERS
              for rules in get_lexer_by_name(name)._tokens.values()]  # type: ignore[attr-defined]
    file = tmp_path / "patterns.bin"
    first = PatternTable(file)
    monkeypatch.setattr(pattern_cache, "_installed", first)
    chosen = [[state._chosen(char) for char in lexing._KEPT_CHARS]
              for state in [lexing._State(rules) for rules in states]]
    first.save()
    second = PatternTable(file)
    monkeypatch.setattr(pattern_cache, "_installed", second)
    asked: list[str] = []
    monkeypatch.setattr(lexing, "first_test", lambda pattern: asked.append(pattern) or (
        lambda char: True, True))
    kept = [lexing._State(rules) for rules in states]
    assert not asked and second.added == 0
    for by_char, read in zip(chosen, kept):
        assert read.kept == by_char
        found = read.candidates("a").rules  # the kept choices, up to a rule sure to match
        assert found == [read.rules[i] for i in by_char[ord("a")]][:len(found)]
    kept[0].candidates("中")
    assert asked  # beyond ASCII: the tests are made


def test_without_a_table_saved_a_state_asks_each_character_as_it_comes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where nothing is saved (a read-only install, another Python) a state does not make the
    answers of all ASCII characters for later commands: only those of the characters met."""
    from pygments.lexers import get_lexer_by_name

    from quillpress.render import lexing

    lexing.install()
    rules = get_lexer_by_name("python")._tokens["root"]  # type: ignore[attr-defined]
    monkeypatch.setattr(pattern_cache, "_installed", None)
    state = lexing._State(rules)
    assert state.kept is None and state.tests is None
    assert state.candidates("d").rules == [state.rules[i] for i in state._chosen("d")] != []
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    monkeypatch.setattr(pattern_cache, "_installed", PatternTable(read_only / "patterns.bin"))
    if not pattern_cache.os.access(read_only, pattern_cache.os.W_OK):  # not as root
        assert lexing._State(rules).kept is None


def _lexed_both_ways(lexer_class: Any, text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[
        list[Any], list[Any]]:
    """The tokens of lexing.py's loop (its states made afresh) and of Pygments' own."""
    from pygments.lexer import RegexLexer

    from quillpress.render import lexing

    monkeypatch.setattr(lexing, "_TABLES", {})
    lexer = lexer_class(stripnl=False, ensurenl=False)
    fast = list(lexer.get_tokens(text))
    with monkeypatch.context() as pygments_own:
        pygments_own.setattr(RegexLexer, "get_tokens_unprocessed", lexing.PYGMENTS_OWN)
        return fast, list(lexer.get_tokens(text))


def test_a_changed_lexer_does_not_read_the_old_ones_rules_by_character(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lexer edited (a Pygments upgrade, a plugin's own) keeps its state's name and number of
    rules: the table's answers for the old rules are not the new ones', and the new lexer
    still gives Pygments' tokens."""
    from pygments.lexer import RegexLexer
    from pygments.token import Keyword, Name, Text

    from quillpress.render import lexing

    lexing.install()
    text = "aab bba ab\n"
    file = tmp_path / "patterns.bin"
    monkeypatch.setattr(pattern_cache, "_installed", PatternTable(file))
    monkeypatch.setattr(pattern_cache, "WORTH_SAVING", 1)  # saved, however few

    class Old(RegexLexer):
        tokens = {"root": [(r"a+", Keyword), (r"\s+", Text), (r".", Name)]}

    fast, own = _lexed_both_ways(Old, text, monkeypatch)
    assert fast == own
    pattern_cache._installed.save()  # type: ignore[union-attr]
    monkeypatch.setattr(pattern_cache, "_installed", PatternTable(file))
    assert pattern_cache._installed.facts  # type: ignore[union-attr]

    class New(RegexLexer):
        tokens = {"root": [(r"b+", Keyword), (r"\s+", Text), (r".", Name)]}

    fast, own = _lexed_both_ways(New, text, monkeypatch)
    assert (Keyword, "bb") in own and fast == own


def test_damaged_rules_by_character_are_not_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table whose kept choices for a state are damaged (a character's index past the
    choices, a rule past the state's) costs the asking again, not the build: as for a damaged
    first-characters fact (first_chars.py)."""
    from pygments.lexers import get_lexer_by_name

    from quillpress.render import lexing
    from quillpress.render.first_chars import _FACTS_VERSION

    lexing.install()
    lexer_class = type(get_lexer_by_name("python"))
    rules = lexer_class._tokens["root"]  # type: ignore[attr-defined]
    signature = lexing._signature([(lexing._compiled(match), action, new_state)
                                   for match, action, new_state in rules])
    key = ("state's first characters", signature, 0)
    code = "def f(x):\n    return x + 1  # 注释\n"
    for damaged in [((0,), b"\x05" * 129), (((0,), (999,)), b"\x01" * 129), ((0,), b"\x00"),
                    "not a pair", (((0, "1"),), b"\x00" * 129)]:
        table = PatternTable(tmp_path / "patterns.bin")
        table.facts[key] = (_FACTS_VERSION, damaged)
        monkeypatch.setattr(pattern_cache, "_installed", table)
        assert lexing._State(rules).kept is None
        fast, own = _lexed_both_ways(lexer_class, code, monkeypatch)
        assert fast == own


def test_word_lists_kept_by_another_pygments_are_joined_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Pygments upgrade may join the same words differently: a text another release kept
    is not read, it is joined anew and replaced."""
    from pygments.lexer import words

    from quillpress.render import lexing

    listed = words(("if", "in", "import"), prefix=r"\b", suffix=r"\b")
    table = PatternTable(tmp_path / "patterns.bin")
    monkeypatch.setattr(pattern_cache, "_installed", table)
    monkeypatch.setattr(lexing, "PYGMENTS_VERSION", "0.0-old")
    monkeypatch.setattr(words, "get", lambda self: "stale")
    assert lexing._pattern_text(listed) == "stale"
    monkeypatch.undo()
    monkeypatch.setattr(pattern_cache, "_installed", table)
    assert lexing._pattern_text(listed) == listed.get() != "stale"


def test_facts_are_kept_only_where_the_table_can_be_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`keeps_facts` asks the table's folder, or while there is none the folder it goes in;
    as root every folder is writable, so what the system says of a read-only install is
    put in place here (os.access), and a lexer state then makes no answers ahead."""
    from pygments.lexers import get_lexer_by_name

    from quillpress.render import lexing

    lexing.install()
    rules = get_lexer_by_name("python")._tokens["root"]  # type: ignore[attr-defined]
    install_dir = tmp_path / "site-packages" / "quillpress"
    install_dir.mkdir(parents=True)
    table = PatternTable(install_dir / "__pycache__" / "patterns.bin")  # no __pycache__ yet
    monkeypatch.setattr(pattern_cache, "_installed", table)
    assert pattern_cache.keeps_facts() and lexing._State(rules).kept is not None
    read_only = {install_dir, install_dir / "__pycache__"}
    monkeypatch.setattr(pattern_cache.os, "access",
                        lambda path, mode: Path(path) not in read_only)
    assert not pattern_cache.keeps_facts()
    assert lexing._State(rules).kept is None
    (install_dir / "__pycache__").mkdir()  # made at install time: its own writability counts
    read_only.discard(install_dir)
    assert not pattern_cache.keeps_facts()
    read_only.clear()
    read_only.add(install_dir)
    assert pattern_cache.keeps_facts()
    monkeypatch.setattr(pattern_cache, "_installed", None)
    assert not pattern_cache.keeps_facts()


def test_a_few_new_facts_alone_are_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table written before the states' rules by character were kept (f50966c) holds a
    small lexer's patterns but not those answers: the command that makes a few of them, and
    compiles nothing, saves them, or every later command made them again for each ASCII
    character of each state it entered."""
    from pygments.token import Name, Text

    from quillpress.render import lexing

    file = tmp_path / "patterns.bin"
    first = PatternTable(file)
    rules = [(first.compile(pattern, 0).match, token, None)
             for pattern, token in ((r"\s+", Text), (r"[a-z]+", Name), (r".", Text))]
    with monkeypatch.context() as everything_saved:
        everything_saved.setattr(pattern_cache, "WORTH_SAVING", 1)
        first.save()
    second = PatternTable(file)
    assert second.entries and not second.facts
    monkeypatch.setattr(pattern_cache, "_installed", second)
    lexing._State(rules)
    assert 0 < second.added < pattern_cache.WORTH_SAVING
    second.save()
    third = PatternTable(file)
    monkeypatch.setattr(pattern_cache, "_installed", third)
    assert lexing._State(rules).kept is not None and third.added == 0
