"""markdown-it chains that dispatch on the first character render what markdown-it does.

rule_dispatch.py asks markdown-it only the rules that can start at the character found: every
block and inline construct must come out as without it, and a rule added later still runs.
"""

from __future__ import annotations

import random

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from quillpress.render.rule_dispatch import (_ESCAPED_SPLIT, dispatch_rules, quick_escaped_split,
                                             starts_with)

MARKDOWN = """# Title *em* and `code`

Setext heading
==============

A paragraph with **strong**, _em_, ~~gone~~, [a link](http://x.y "t"), ![img](a.png),
<span>html</span>, &amp; &#35; \\* escaped, <http://auto.link>, a footnote[^1] and a
hard break\\
next line, a ref [label] and {% tag arg %} inline, $x$ maybe.
> quote
continued lazily
> - list in quote

- item one
- item two
  1. nested ordered
  2. second

3) other list
***
```js
fence
```
~~~
tilde fence
~~~
    indented code

<div>
block html
</div>

[label]: http://example.com
[^1]: The note.

Term
: definition

| a | b |
|---|:-:|
| 1 | 2 |
$$ not a block here $$
\\[ nor here \\]
"""


def _parser(dispatch: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin)
    if dispatch:
        dispatch_rules(md)
    return md


def test_dispatched_parser_renders_the_same_html() -> None:
    plain, fast = _parser(False), _parser(True)
    for text in (MARKDOWN, MARKDOWN.replace("\n", "\n  "), "> " + MARKDOWN.replace("\n", "\n> ")):
        assert fast.render(text) == plain.render(text)


def test_declared_rule_is_asked_only_at_its_character() -> None:
    seen: list[str] = []

    @starts_with("%")
    def percent(state, silent):  # type: ignore[no-untyped-def]
        seen.append(state.src[state.pos])
        if state.src.startswith("%%", state.pos):
            if not silent:
                state.push("text", "", 0).content = "PERCENT"
            state.pos += 2
            return True
        return False

    md = _parser(True)
    md.inline.ruler.before("escape", "percent", percent)  # added after dispatch_rules
    html = md.render("a %% b % c *d* [e]\n")
    assert "PERCENT" in html and "<em>d</em>" in html
    assert seen == ["%", "%"]


PLAIN_TEXTS = """Plain words only, and a trailing comma,

中文段落，没有任何标记。

## Heading without markup

| name | value |
| ---- | ----: |
| cell | 12 |
|  | 3 |

- item
- other item

Line one
line two
"""


def _tokens(md: MarkdownIt, text: str) -> list[dict[str, object]]:
    return [token.as_dict() for token in md.parse(text)]


def test_texts_without_markup_give_the_same_tokens() -> None:
    plain, fast = _parser(False), _parser(True)
    for text in (PLAIN_TEXTS, MARKDOWN, PLAIN_TEXTS.replace("\n", "\r\n")):
        assert _tokens(fast, text) == _tokens(plain, text)
    inline = [t for t in fast.parse(PLAIN_TEXTS) if t.type == "inline"]
    assert [child.type for t in inline for child in t.children or []].count("text") >= 8


def test_rule_before_text_still_sees_plain_texts() -> None:
    @starts_with("Q")
    def q_mark(state, silent):  # type: ignore[no-untyped-def]
        if state.src[state.pos] != "Q":
            return False
        if not silent:
            state.push("text", "", 0).content = "(q)"
        state.pos += 1
        return True

    md = _parser(True)
    md.inline.ruler.before("text", "q_mark", q_mark)
    assert md.render("Qb, at the start\n") == "<p>(q)b, at the start</p>\n"


def test_post_pass_still_sees_plain_texts() -> None:
    def shout(state):  # type: ignore[no-untyped-def]
        for token in state.tokens:
            token.content = token.content.upper()

    md = _parser(True)
    md.inline.ruler2.push("shout", shout)
    assert md.render("quiet words\n") == "<p>QUIET WORDS</p>\n"


def test_quick_table_row_split_gives_markdown_its_cells():
    """Rows with and without backslashes (escaped pipes, escaped backslashes, a backslash
    last) split into markdown-it's cells, and a table with escaped pipes renders the same."""
    rows = ["", "|", "||", "a|b", "| a | b |", "a \\| b | c", "a \\\\| b", "\\", "a|\\", "|\\||",
            "`x|y` | z", "| 中文 | ｜ |", "\\\\\\|"]
    rng = random.Random(7)
    rows += ["".join(rng.choice("|\\ a:-`") for _ in range(rng.randint(0, 12)))
             for _ in range(20000)]
    assert [row for row in rows if quick_escaped_split(row) != _ESCAPED_SPLIT(row)] == []
    md = MarkdownIt("commonmark").enable("table")
    dispatch_rules(md)
    assert md.render("| a \\| b | c |\n|---|---|\n| 1 \\| 2 | 3 |\n") == (
        "<table>\n<thead>\n<tr>\n<th>a | b</th>\n<th>c</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1 | 2</td>\n<td>3</td>\n</tr>\n</tbody>\n</table>\n")


def test_definition_lists_come_out_as_without_the_gate() -> None:
    """The definition-list rule is asked only when its marker line starts with `:` or `~`:
    a term right above it or past one empty line, several definitions, both markers, lists
    in quotes and items, markers with nothing after them, and text that only looks close."""
    pieces = ["Term", ": definition", "~ other", "", ":", ": ", ":no space", "> Term",
              "> : in a quote", "- item", "  : in an item", "    : indented", "text ~ mid",
              "Term *em*", "~~~", "code", "    ~ code", "\t: tab", "1. one", "   ~ three"]
    rng = random.Random(11)
    texts = ["\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))) + "\n"
             for _ in range(3000)]
    texts += ["Term\n\n: after an empty line\n", "Term\n\n\n: after two\n",
              "A\n: a\n~ b\n\nB\n: c\n"]
    plain, fast = _parser(False), _parser(True)
    assert [text for text in texts if _tokens(fast, text) != _tokens(plain, text)] == []
    assert "<dl>" in fast.render("Term\n\n: after an empty line\n")


def test_pass_added_after_a_parse_sees_plain_texts() -> None:
    """The plain-text shortcut, once checked for the chains of a first parse, is checked
    again when a post-pass comes in later (the chains compile anew)."""
    def shout(state):  # type: ignore[no-untyped-def]
        for token in state.tokens:
            token.content = token.content.upper()

    md = _parser(True)
    assert md.render("quiet words\n") == "<p>quiet words</p>\n"
    md.inline.ruler2.push("shout", shout)
    assert md.render("quiet words\n") == "<p>QUIET WORDS</p>\n"
