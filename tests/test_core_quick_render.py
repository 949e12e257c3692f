"""The quicker renderer and core rules give what markdown-it-py's own do.

html_renderer.py rewrites markdown-it-py's generic tag rule (`renderToken`) and its render
loops for speed; each construct here is rendered by both and must come out the same bytes:
tight and loose lists (hidden paragraphs and the line break after them), attributes that
need escaping, self-closing tags in XHTML mode, empty elements, tables' alignments.
core_shortcuts.py skips `normalize`, the task-list rule and `text_join` where they would change
nothing.
"""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from quillpress.render.core_shortcuts import use_core_shortcuts
from quillpress.render.html_renderer import QuickRenderer

MARKDOWN = """# Title *em* and `code`

A paragraph with **strong**, _em_, ~~gone~~, [a "link"](http://x.y/?a=1&b=<2> "t & 'u'"),
![an "image"](a.png "tit<le>"), <span>html</span>, &amp; a footnote[^1], a hard break\\
next line.

- tight
- list
  > a quote right after a hidden paragraph
- [ ] a task
- [x] done

1. loose

2. list

   - nested
   -
3. after an empty item

***

| left | centre | right |
|:-----|:------:|------:|
| 1 | 2 | 3 |
| | empty | |

Term
: definition

> - quote holding a list
>
> para

[^1]: The note, **strong**.
"""


def parser(renderer: type, xhtml: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": xhtml, "linkify": True},
                    renderer_cls=renderer)
    md.enable(["table", "strikethrough", "linkify"])
    return md.use(footnote_plugin).use(tasklists_plugin).use(deflist_plugin)


@pytest.mark.parametrize("xhtml", [False, True])
def test_same_html_as_markdown_it(xhtml: bool) -> None:
    from markdown_it.renderer import RendererHTML
    expected = parser(RendererHTML, xhtml).render(MARKDOWN)
    assert parser(QuickRenderer, xhtml).render(MARKDOWN) == expected
    # the constructs above did reach the generic rule: attributes escaped, a self-closing tag
    assert 'href="http://x.y/?a=1&amp;b=%3C2%3E" title="t &amp; \'u\'"' in expected
    assert 'style="text-align:center"' in expected
    assert ("<hr />" if xhtml else "<hr>") in expected


def test_rules_added_later_are_used() -> None:
    md = parser(QuickRenderer, False)
    md.add_render_rule("strong_open", lambda renderer, tokens, idx, options, env: "<b>")
    md.add_render_rule("strong_close", lambda renderer, tokens, idx, options, env: "</b>")
    assert md.render("**x**") == "<p><b>x</b></p>\n"
    md.add_render_rule("text", lambda renderer, tokens, idx, options, env:
                       tokens[idx].content.upper())
    assert md.render("a <b> **x**") == "<p>A <b> <b>X</b></p>\n"  # <b> is raw HTML


def test_a_text_rule_patched_on_markdown_its_class_is_called(monkeypatch) -> None:
    """A plugin that replaces `RendererHTML.text` on the class (before the parser is made)
    sees its texts through it, as with markdown-it's own renderer: the render loop makes a
    text's markup itself only for markdown-it's original rule."""
    from markdown_it.renderer import RendererHTML

    def shout(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        return tokens[idx].content.upper()

    monkeypatch.setattr(RendererHTML, "text", shout)
    source = "calm *words* & more\n"
    assert parser(QuickRenderer, False).render(source) == \
        parser(RendererHTML, False).render(source) == "<p>CALM <em>WORDS</em> & MORE</p>\n"


@pytest.mark.parametrize("source", [
    "- [ ] open\r\n- [x] done\r\n- [X] done too\r\n\r\n  - [ ] nested\rnot a [ ] task\n",
    "a\0b [x] and\r\n\r\n> - [ ] in a quote\n",
    "- plain\n- list\n\n[ ]no space after\n",
    # text_join: escapes and entities (one child or several), an image's alt, empty headings
    "&amp;\n\na \\* b &amp; c\n\n\\*\n\n![alt \\* &amp; *em*](i.png)\n\n#\n\n# x\n\n`c`\n",
])
def test_core_shortcuts_change_nothing(source: str) -> None:
    quick = parser(QuickRenderer, False)
    use_core_shortcuts(quick)
    plain = parser(QuickRenderer, False)
    assert quick.render(source) == plain.render(source)
    assert [t.as_dict() for t in quick.parse(source)] == [t.as_dict() for t in plain.parse(source)]


def test_task_items_still_become_checkboxes() -> None:
    md = parser(QuickRenderer, False)
    use_core_shortcuts(md)
    assert md.render("- [x] done\r\n").count('checked="checked"') == 1


def test_a_bracket_without_a_space_after_it_stays_text() -> None:
    """A task starts "[ ] " or "[x] ", as markdown-it-task-lists and marked read one: an item
    whose bracket is followed by a line break or a tab keeps its "[ ]" (mdit-py-plugins 0.7's
    own rule would drop it and draw no checkbox: the one place the gate gives other tokens)."""
    md = parser(QuickRenderer, False)
    use_core_shortcuts(md)
    assert md.render("- [ ]\n  next\n- [x]\tdone\n") == (
        "<ul>\n<li>[ ]\nnext</li>\n<li>[x]\tdone</li>\n</ul>\n")


def test_markdown_it_without_the_join_helper_keeps_its_own_text_join(monkeypatch) -> None:
    """markdown-it-py 4.0-4.2 (allowed by pyproject.toml) have no `_join_text_tokens`: the
    parser still imports and renders escapes, with markdown-it's own `text_join`."""
    from quillpress.render import core_shortcuts

    monkeypatch.setattr(core_shortcuts, "_JOIN", None)
    md = parser(QuickRenderer, False)
    own = md.core.ruler.__rules__[md.core.ruler.__find__("text_join")].fn
    use_core_shortcuts(md)
    assert md.core.ruler.__rules__[md.core.ruler.__find__("text_join")].fn is own
    assert md.render("a \\* b &amp; c\n") == "<p>a * b &amp; c</p>\n"
