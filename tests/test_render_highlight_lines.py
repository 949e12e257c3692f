"""A highlighted block's lines are stock Pygments' tokens, each piece of a token between line
breaks in its own span, whatever the kept spans and the line-break shortcut of highlight.py
(a token that is only "\\n" ends the line at once)."""

from __future__ import annotations

import random

import pytest
from pygments.lexer import RegexLexer
from pygments.lexers import get_lexer_by_name

from quillpress.render import highlight, lexing

PIECES = ["def f(x):", "    return x", "# note", '"""doc', 'string"""', "", "  ", "\t",
          "x = [1,\n 2]", "if a < b and c > d: pass", "'''", "\\", "中文 = 1", "\r", "@dec"]


def _stock_lines(code: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The lines as their definition says, from Pygments' own loop."""
    lexer = get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    with monkeypatch.context() as pygments_own:
        pygments_own.setattr(RegexLexer, "get_tokens_unprocessed", lexing.PYGMENTS_OWN)
        tokens = list(lexer.get_tokens(code))
    lines, current = [], []
    for ttype, value in tokens:
        *ended, last = value.split("\n")
        for piece in ended:
            if piece:
                current.append(highlight._span(highlight._css_class(ttype), piece))
            lines.append("".join(current))
            current = []
        if last:
            current.append(highlight._span(highlight._css_class(ttype), last))
    lines.append("".join(current))
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


@pytest.mark.parametrize("lang", ["python", "bash", "yaml", "diff", "cpp"])
def test_lines_are_pygments_tokens_split_at_line_breaks(
        lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(lang)
    codes = ["\n".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8)))
             + rng.choice(["", "\n", "\n\n", "\n \n"]) for _ in range(150)]
    codes += ["\n", "\n\n\n", "a\n\nb\n", '"""a\n\nb"""\n']
    for kept in (0, 1 << 16):  # spans emptied at every token, then kept
        monkeypatch.setattr(highlight, "_SPANS", {})
        monkeypatch.setattr(highlight, "_SPANS_KEPT", kept)
        lexer = get_lexer_by_name(lang, stripnl=False, ensurenl=False)
        for _ in range(2):
            differ = [code for code in codes if highlight._token_lines(code, lexer)[0]
                      != _stock_lines(code, lang, monkeypatch)]
            assert differ == []
