"""Pygments' regex lexers, the same tokens, with far fewer failed regex matches.

A Pygments `RegexLexer` finds each token by trying the rules of its current state one after
another, one `re.match` call from Python per rule, until one matches. Python's root state has
56 rules, so most of the time a code block took to highlight went to matches that failed.

Here a state asks, at each position, only the rules whose pattern can start with the character
found there (first_chars.py reads that from each pattern), and none after a rule that surely
matches there (`\\s+` at a space). One such rule is matched directly;
several are tried in order, and once asked often (JOIN_AFTER) joined into one alternation, each
branch in a group of its own, `(p1)|(p2)|…`: the regex engine tries the branches in order at
the same position and takes the first that matches, which is the rule Pygments would take. `lastindex` (a branch's own group closes last)
names it, and its pattern is matched again so its action sees the groups it expects. The
lists and alternations are made the first time a state meets a character, then kept.

The state machine around it keeps Pygments' rules: a tuple pushes states, a negative number
pops (never the last state), `#push` repeats the top one, and a character no rule takes is an
Error token, or at a line end a return to `root`. Rules whose patterns cannot be joined (a
numbered backreference or group test would point at another group once renumbered, or the
alternation does not compile) are tried one by one, in order, as Pygments does.

`install()` puts this in place for every RegexLexer of the process, and leaves each rule's
pattern uncompiled until its state is first entered (`_Deferred`): Pygments compiles every
rule of a lexer when the lexer is first made, in each worker process.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any

from pygments import __version__ as PYGMENTS_VERSION
from pygments.lexer import ExtendedRegexLexer, RegexLexer, RegexLexerMeta, words
from pygments.token import Error, Text, _TokenType

from .. import pattern_cache
from .first_chars import _FACTS_VERSION, Test, first_test, trees_kept

Match = Callable[[str, int], "re.Match[str] | None"]
Rule = tuple[Match, Any, Any]  # Pygments' processed rule: (pattern.match, action, new state)
TokenItem = tuple[int, _TokenType, str]
# What the one rule a character allows does there, known without matching: (its token type
# or None, its new state, the length it takes, 1 or 0). See `_State._step`.
Step = tuple[Any, Any, int]

# Leading inline flags `(?im)`: global flags must open a pattern, so once the pattern is a
# branch they move into a scoped group. Numbered backreferences and group tests.
_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")
_NUMBERED_REF = re.compile(r"\\[1-9]|\(\?\(")
_SCOPED = (("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL), ("x", re.VERBOSE))


# Compiling an alternation costs about what a thousand rule-by-rule lookups of its rules do,
# so a set of rules is joined once it has been asked that often: measured joining at once,
# the demo blog's 23 code blocks took 0.16 s instead of 0.09 s (every set compiled, most asked
# a few times), and 183 KB of Python 0.45 s instead of 0.17 s.
JOIN_AFTER = 1024


class _Candidates:
    """The rules of a state that can start at one character, and how to find the first
    of them that matches: the loop (`tokens_unprocessed`) takes `step` without a match
    when it is known, calls `only`'s or `pick`'s match itself when there is one, and
    `first_match` otherwise."""

    __slots__ = ("rules", "only", "step", "pick", "rule_at", "waiting")

    def __init__(self, rules: list[Rule], step: Step | None = None) -> None:
        self.rules = rules
        self.only: Rule | None = rules[0] if len(rules) == 1 else None  # the one rule there is
        self.step = step
        self.pick: Match | None = None  # the joined alternation, when there are several
        self.rule_at: dict[int, Rule] = {}  # its branch's group number -> rule
        self.waiting = JOIN_AFTER if len(rules) > 1 else 0  # lookups left before joining

    def _join(self) -> None:
        branches: list[str] = []
        group = 1
        for rule in self.rules:
            pattern = getattr(rule[0], "__self__", None)
            branch = _branch(pattern) if isinstance(pattern, re.Pattern) else None
            if branch is None:
                return
            assert isinstance(pattern, re.Pattern)
            branches.append(branch)
            self.rule_at[group] = rule
            group += pattern.groups + 1
        try:
            self.pick = re.compile("|".join(branches)).match
        except (re.error, RecursionError, OverflowError):
            self.rule_at = {}

    def first_match(self, text: str, pos: int) -> tuple[Rule | None, re.Match[str] | None]:
        """The rules tried one by one, in order, while they are not joined (yet, or ever:
        a set that cannot be), counting down to the join."""
        if self.waiting:
            self.waiting -= 1
            if not self.waiting:
                self._join()
        for rule in self.rules:
            match = rule[0](text, pos)
            if match is not None:
                return rule, match
        return None, None


def _branch(pattern: re.Pattern[str]) -> str | None:
    """The pattern as a branch of an alternation, its flags scoped to it (None: cannot be)."""
    source = pattern.pattern
    if not isinstance(source, str) or _NUMBERED_REF.search(source) or \
            pattern.flags & (re.ASCII | re.LOCALE):
        return None
    lead = _GLOBAL_FLAGS.match(source)
    if lead:
        source = source[lead.end():]
    letters = "".join(letter for letter, flag in _SCOPED if pattern.flags & flag)
    tail = "\n" if pattern.flags & re.VERBOSE else ""  # ends a trailing `# comment`
    return f"((?{letters}:{source}{tail}))"


# The characters whose rules a state keeps in the pattern table, by code ("" last: the end).
_KEPT_CHARS = [chr(code) for code in range(128)] + [""]


class _State:
    """One state: its rules, and for each character which of them can start there.

    For ASCII characters that is kept in the pattern table (pattern_cache.py) by the state's
    patterns: asking each rule's first-character test anew, in every process, for each
    character a state meets, cost a real blog's highlighting 30-55 ms of CPU per process
    (12Tall, Duanyll: the tests made, then asked). The tests are made only when a character
    the table lacks comes (a CJK comment), or when the table has nothing for the state.
    Where no table is saved (a read-only install) every character is asked as it comes, as
    making all 129 answers at once only pays when a later command reads them."""

    __slots__ = ("rules", "tests", "kept", "by_char", "by_choice", "steps", "shapes")

    def __init__(self, rules: list[Rule]) -> None:
        with trees_kept():  # the parse trees of the rules compiled here, for first_test's
            self.rules = rules = [(_compiled(match), action, new_state)
                                  for match, action, new_state in rules]
        self.tests: list[tuple[Test, bool]] | None = None
        self.kept: list[tuple[int, ...]] | None = None  # by character code, as _KEPT_CHARS
        if pattern_cache.keeps_facts():  # else each character is asked as it comes
            self.kept = self._read_kept()
        self.by_char: dict[str, _Candidates] = {}
        # Letters share their rules; a character whose one rule has a known step shares it
        # with the others whose step it is.
        self.by_choice: dict[tuple[tuple[int, ...], Step | None], _Candidates] = {}
        self.steps: dict[int, Step | None] = {}  # by rule: its step, where it has one
        self.shapes: dict[int, int] = {}  # by rule: its pattern's `_shape`

    def candidates(self, char: str) -> _Candidates:
        """The rules that may match where `char` comes next ("" at the end of the text)."""
        found = self.by_char.get(char)
        if found is None:
            kept = self.kept
            if kept is not None and char < "\x80":  # "" too, the end: kept last
                chosen = kept[ord(char)] if char else kept[-1]
            else:
                chosen = self._chosen(char)
            chosen = self._until_sure(chosen, char)
            step = self._step(chosen[0], char) if len(chosen) == 1 else None
            found = self.by_choice.get((chosen, step))
            if found is None:
                found = self.by_choice[(chosen, step)] = _Candidates(
                    [self.rules[i] for i in chosen], step)
            self.by_char[char] = found
        return found

    def _until_sure(self, chosen: tuple[int, ...], char: str) -> tuple[int, ...]:
        """`chosen` up to its first rule that surely matches where `char` comes: the rules
        after it are never reached. A rule of whitespace first (`\\s+`, `\\n`) is then the
        only one, matched alone or stepped over without a match (`_step`), where it was
        the first branch of a joined alternation: JavaScript's spaces after a punctuation
        mark, Python's line ends (a quarter of the joined matches left in c1000's blocks)."""
        for at, index in enumerate(chosen):
            if char and self._sure(index, char):
                return chosen[:at + 1]
        return chosen

    def _sure(self, index: int, char: str) -> bool:
        """Whether rule `index` matches wherever `char` comes next, whatever follows: an empty
        pattern, or one character item, or such an item repeated at least once at most, that
        takes `char`."""
        shape = self._rule_shape(index)
        if shape == _EMPTY:
            return True
        return shape != _NO_SHAPE and self.rules[index][0](char, 0) is not None

    def _rule_shape(self, index: int) -> int:
        """Rule `index`'s pattern's `_shape` (_NO_SHAPE for a rule matched otherwise)."""
        shape = self.shapes.get(index)
        if shape is None:
            pattern = getattr(self.rules[index][0], "__self__", None)
            shape = self.shapes[index] = _shape(pattern) if isinstance(pattern, re.Pattern) \
                and isinstance(pattern.pattern, str) else _NO_SHAPE
        return shape

    def _step(self, index: int, char: str) -> Step | None:
        """What rule `index` does where it is the only one `char` allows, when that needs no
        match: Pygments' `default(state)` (an empty pattern, no token) changes the state,
        and a pattern of one character item (`[{(;,]`, `\\n`) that takes `char` makes it
        a token of its own (a third of the tokens: the match, its object and its text cost
        more than the rest of the loop). A pattern that reads the text around it, a group
        or an action (a callback reads the match) is matched as before."""
        if index not in self.steps:
            _, action, new_state = self.rules[index]
            shape = self._rule_shape(index)
            step: Step | None = None
            if shape == _EMPTY and action is None:
                step = (None, new_state, 0)
            elif shape == _ONE_ITEM and type(action) is _TokenType:
                step = (action, new_state, 1)
            self.steps[index] = step
        step = self.steps[index]
        if step is not None and step[2]:  # the item's class, asked of this character
            found = self.rules[index][0](char, 0) if char else None
            return step if found is not None and found.end() == 1 else None
        return step

    def _chosen(self, char: str) -> tuple[int, ...]:
        if self.tests is None:
            self.tests = [_test(rule) for rule in self.rules]
        return tuple(i for i, (test, empty) in enumerate(self.tests)
                     if empty or (char and test(char)))

    def _read_kept(self) -> list[tuple[int, ...]] | None:
        """The choices of _KEPT_CHARS from the pattern table (made and kept when it has none),
        or None where the table's are damaged: each character is then asked as it comes, as
        first_chars.py answers "any character" for a damaged fact of its own."""
        fact = pattern_cache.kept_fact("state's first characters", _signature(self.rules), 0,
                                       self._kept_choices, _FACTS_VERSION)
        try:
            choices, at = fact
            kept = [choices[index] for index in at]
            count = len(self.rules)
            if len(kept) == len(_KEPT_CHARS) and all(
                    type(chosen) is tuple and all(type(i) is int and 0 <= i < count for i in chosen)
                    for chosen in set(kept)):
                return kept
        except (TypeError, ValueError, IndexError):
            pass
        return None

    def _kept_choices(self) -> tuple[tuple[tuple[int, ...], ...], bytes]:
        """The rules each of _KEPT_CHARS may start, as plain data: the distinct choices,
        and for each character the index of its own (a state has a few distinct ones)."""
        choices: dict[tuple[int, ...], int] = {}
        at = bytes(choices.setdefault(self._chosen(char), len(choices)) for char in _KEPT_CHARS)
        return tuple(choices), at


_ONE_CHARACTER = {_constants.LITERAL, _constants.NOT_LITERAL, _constants.IN, _constants.ANY}
_REPEATS = {_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT}
# A pattern's shape, as `_shape` reads it: none of those below; empty; one item that takes
# one character whatever comes around it (a literal, a class, `.`): a match at a position is
# that character, or none; that item repeated, at least once at most (`\\s+`, `[^\\S\\n]*`):
# it matches wherever the item takes the character there.
_NO_SHAPE, _EMPTY, _ONE_ITEM, _RUN = 0, 1, 2, 3


def _shape(pattern: re.Pattern[str]) -> int:
    """The pattern's shape (the four above). Kept in the pattern table, as the parse it is
    read from is what the table saves a process."""
    source = pattern.pattern
    if len(source) > 256:  # a long pattern has none of these shapes; not parsed for that
        return _NO_SHAPE
    return pattern_cache.kept_fact("pattern shape", source, pattern.flags,
                                   lambda: _parsed_shape(source, pattern.flags), "1")


def _parsed_shape(source: str, flags: int) -> int:
    try:
        tree = _parser.parse(source, flags)
    except (re.error, RecursionError, OverflowError):
        return _NO_SHAPE
    if len(tree) == 0:
        return _EMPTY
    if len(tree) > 1:
        return _NO_SHAPE
    op, arg = tree[0]
    if op in _ONE_CHARACTER:
        return _ONE_ITEM
    if op in _REPEATS and arg[0] <= 1 and len(arg[2]) == 1 and arg[2][0][0] in _ONE_CHARACTER:
        return _RUN
    return _NO_SHAPE


def _signature(rules: list[Rule]) -> str:
    """What a state's choices depend on: each rule's pattern and flags, in order ("" for a
    rule that is not a pattern, tried everywhere), as a digest (the patterns are long)."""
    parts = []
    for rule in rules:
        pattern = getattr(rule[0], "__self__", None)
        if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
            parts.append(f"{pattern.flags}:{pattern.pattern}")
        else:
            parts.append("")
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


def _test(rule: Rule) -> tuple[Test, bool]:
    pattern = getattr(rule[0], "__self__", None)
    if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
        return first_test(pattern)
    return (lambda char: True), True


class _Tables:
    """A lexer class's states, made as the lexer first enters each."""

    def __init__(self, tokendefs: dict[str, list[Rule]]) -> None:
        self.tokendefs = tokendefs
        self.states: dict[str, _State] = {}

    def state(self, name: str) -> _State:
        found = self.states.get(name)
        if found is None:
            found = self.states[name] = _State(self.tokendefs[name])
        return found


# By the lexer's processed rules (a class's, or one variant's: C# keeps one per Unicode
# level); each _Tables holds its rules, so the id stays theirs.
_TABLES: dict[int, _Tables] = {}


def tokens_unprocessed(lexer: RegexLexer, text: str,
                       stack: Iterable[str] = ("root",)) -> Iterator[TokenItem]:
    """(position, token type, text) for `text`, as `RegexLexer.get_tokens_unprocessed`."""
    tokendefs = lexer._tokens  # type: ignore[attr-defined]
    tables = _TABLES.get(id(tokendefs))
    if tables is None:
        tables = _TABLES[id(tokendefs)] = _Tables(tokendefs)
    states = tables.states
    statestack = list(stack)
    state = tables.state(statestack[-1])
    by_char = state.by_char
    pos = 0
    end = len(text)
    while True:  # once per token: first_match's steps are written out here, calls cost
        char = text[pos] if pos < end else ""
        candidates = by_char.get(char) or state.candidates(char)
        pick = candidates.pick
        step = None if pick is not None else candidates.step
        if step is not None:  # no match needed
            action, new_state, taken = step
            if taken:
                yield pos, action, char
                pos += 1
        else:
            rule = candidates.only
            if pick is not None:  # several rules, joined: most tokens
                match = pick(text, pos)
                if match is not None:
                    rule = candidates.rule_at[match.lastindex or 0]
                    action = rule[1]
                    if type(action) is _TokenType and rule[2] is None:  # no state change
                        yield pos, action, match.group()
                        pos = match.end()
                        continue
                    if action is not None and type(action) is not _TokenType:
                        match = rule[0](text, pos)  # an action reads the rule's own groups
            elif rule is not None:
                match = rule[0](text, pos)
            else:
                rule, match = candidates.first_match(text, pos)
            if match is None:
                if pos >= end:
                    return
                if text[pos] == "\n":  # at a line end, back to the root state
                    statestack = ["root"]
                    state = tables.state("root")
                    by_char = state.by_char
                    yield pos, Text.Whitespace, "\n"
                else:
                    yield pos, Error, text[pos]
                pos += 1
                continue
            assert rule is not None
            _, action, new_state = rule
            if action is not None:
                if type(action) is _TokenType:
                    yield pos, action, match.group()
                else:
                    yield from action(lexer, match)
            pos = match.end()
        if new_state is not None:
            if type(new_state) is int and -len(statestack) < new_state < 0:
                del statestack[new_state:]  # a pop, the commonest change: as _move, inline
            else:
                _move(statestack, new_state)
            name = statestack[-1]
            state = states.get(name) or tables.state(name)
            by_char = state.by_char


def _move(statestack: list[str], new_state: Any) -> None:
    """Apply a rule's state change to the stack, as Pygments does."""
    if isinstance(new_state, tuple):
        for name in new_state:
            if name == "#pop":
                if len(statestack) > 1:
                    statestack.pop()
            elif name == "#push":
                statestack.append(statestack[-1])
            else:
                statestack.append(name)
    elif isinstance(new_state, int):  # pop, keeping at least one state
        if abs(new_state) >= len(statestack):
            del statestack[1:]
        else:
            del statestack[new_state:]
    elif new_state == "#push":
        statestack.append(statestack[-1])
    else:
        raise ValueError(f"wrong state change {new_state!r}")


class _Deferred:
    """A rule's pattern, compiled the first time its state is entered (or it is matched).

    Pygments compiles every rule of a lexer when the lexer is first made, and most states
    are never entered by a blog's code: of the 0.73 s a real blog's lexers took to compile,
    0.56 s went to states none of its 853 blocks entered (Scala's alone 0.45 s, Python's
    0.07 s), in every process that highlights."""

    __slots__ = ("regex", "flags", "match")

    def __init__(self, regex: Any, flags: int) -> None:
        self.regex = regex  # a pattern, or Pygments' `words(...)` still to be joined
        self.flags = flags
        self.match: Match | None = None

    def compiled(self) -> Match:
        if self.match is None:
            self.match = match = re.compile(_pattern_text(self.regex), self.flags).match
            return match
        return self.match

    def __call__(self, text: str, pos: int) -> "re.Match[str] | None":
        """For a lexer that runs its own loop over the rules (not lexing.py's)."""
        return self.compiled()(text, pos)


def _pattern_text(regex: Any) -> str:
    """A rule's pattern as text. Pygments' `words(...)` is joined by its `regex_opt`, a
    recursion in Python over the sorted words: a real blog's 48 word lists took 64 ms in
    each process that highlights, for the same text every time. It is kept in the pattern
    table (pattern_cache.py) by what it depends on, the sorted words and the affixes, and
    the Pygments release that joined them."""
    if isinstance(regex, str):
        return regex
    if type(regex) is not words:  # a Future of some other kind: its own `get`
        text: str = regex.get()
        return text
    key = "\0".join((regex.prefix, regex.suffix, *sorted(regex.words)))
    return pattern_cache.kept_fact("pygments words", key, 0, regex.get, PYGMENTS_VERSION)


def _compiled(match: Any) -> Any:
    return match.compiled() if isinstance(match, _Deferred) else match


def _deferred_regex(cls: RegexLexerMeta, regex: Any, rflags: int, state: str) -> Any:
    """RegexLexerMeta._process_regex, the compiling left to the rule's first use (a
    lexer with a loop of its own over the rules, ExtendedRegexLexer's, gets them compiled)."""
    if issubclass(cls, ExtendedRegexLexer):
        return PYGMENTS_REGEX(cls, _pattern_text(regex), rflags, state)
    return _Deferred(regex, rflags)


# Pygments' own, as the tests compare and as lexers with a loop of their own keep.
PYGMENTS_OWN = RegexLexer.get_tokens_unprocessed
PYGMENTS_REGEX = RegexLexerMeta._process_regex  # type: ignore[attr-defined]


def install() -> None:
    """Make every RegexLexer of this process find its tokens as above and compile its rules
    only for the states it enters. Call it before the first lexer is made.

    The loop is replaced on RegexLexer itself, not on each lexer: C and C++ (Pygments'
    CFamilyLexer) and other lexers that wrap the loop to retouch its tokens call it by its
    class name, so a lexer's own attribute never reached them (a real blog's 108 C++ blocks:
    0.43 -> 0.20 s). A lexer with a loop of its own (a console session, ExtendedRegexLexer)
    keeps it."""
    if RegexLexer.get_tokens_unprocessed is PYGMENTS_OWN:
        RegexLexer.get_tokens_unprocessed = tokens_unprocessed  # type: ignore[assignment]
        RegexLexerMeta._process_regex = _deferred_regex  # type: ignore[attr-defined]
