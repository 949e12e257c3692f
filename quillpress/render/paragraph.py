"""markdown-it's paragraph rule, written for the common case: same tokens, fewer steps.

The paragraph rule takes a fifth of a post's block parse (~19 paragraphs a post in the
1,000-post corpus, plus one per list item): per call a debug-log call, a ruler lookup, and
per following line three method calls before its terminator rules are asked. This one reads
the state's line table directly and makes its three tokens with their fields at once.
tests/test_render_quick_parse.py compares it, through the whole parser, with markdown-it's.
"""

from __future__ import annotations

from markdown_it import MarkdownIt, rules_block
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_block import StateBlock


def paragraph(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """markdown-it-py 4's `paragraph`: the lines up to an empty one, or to one that a
    terminator rule ("paragraph" chain) takes, as one inline token between `<p>` tokens.
    Lines indented past a code block's indent, or marked by a blockquote (negative count),
    are lazy continuations."""
    terminators = state.md.block.ruler.getRules("paragraph")
    end = state.lineMax
    begins, ends, shifts, counts = state.bMarks, state.eMarks, state.tShift, state.sCount
    indent = state.blkIndent
    old_parent = state.parentType
    state.parentType = "paragraph"
    line = startLine + 1
    while line < end and begins[line] + shifts[line] < ends[line]:
        count = counts[line]
        if count - indent <= 3 and count >= 0:
            for rule in terminators:
                if rule(state, line, end, True):
                    break
            else:
                line += 1
                continue
            break
        line += 1
    content = state.getLines(startLine, line, indent, False).strip(MD_TRIM_CHARS)
    state.line = line
    state.push("paragraph_open", "p", 1).map = [startLine, line]
    inline = state.push("inline", "", 0)
    inline.content = content
    inline.map = [startLine, line]
    inline.children = []
    state.push("paragraph_close", "p", -1)
    state.parentType = old_parent
    return True


def use_quick_paragraph(md: MarkdownIt) -> None:
    """Put the rule above in place of markdown-it's own paragraph rule (same name, same
    chains). A paragraph rule a plugin put there instead (`api.markdown`) is its own: kept."""
    ruler = md.block.ruler
    index = ruler.__find__("paragraph")
    if index >= 0 and ruler.__rules__[index].fn is rules_block.paragraph:
        ruler.at("paragraph", paragraph, {"alt": ruler.__rules__[index].alt})
