"""markdown-it-py's HTML renderer with its generic tag rule made cheaper, same output.

Most tokens of a body (paragraphs, list items, emphasis, table cells, links) have no rule of
their own and go through `renderToken`, which builds each tag by repeated string additions,
copies the attributes into a list and asks `renderAttrs` for them: about a third of the
render time of a post. The version here makes the same markup in fewer steps, and the render
loops look each token's rule up once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML

if TYPE_CHECKING:
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict


_NO_RULE = object()  # stands for "no rule" where a rule is compared by identity
# markdown-it's own text rule, as imported: a plugin may replace `RendererHTML.text` on the
# class before a parser is made, and its renderer's text rule is then the plugin's.
_OWN_TEXT = RendererHTML.text


class QuickRenderer(RendererHTML):
    """`RendererHTML` whose `render`, `renderInline` and `renderToken` return exactly what
    markdown-it-py 4's do (tests/test_core_quick_render.py compares them)."""

    def render(self, tokens: Sequence["Token"], options: "OptionsDict", env: "EnvType") -> str:
        """Each block token's markup, and an inline token's children's in the same list
        (what `renderInline` returns for them, without a call and a join per paragraph)."""
        rules = self.rules
        out: list[str] = []
        append, render_token = out.append, self.renderToken
        # Texts are about half of a body's inline tokens: while the text rule is markdown-it's
        # own, a text's markup (its escaped content) is made here, without a method call.
        plain_text: object = rules.get("text")
        if getattr(plain_text, "__func__", None) is not _OWN_TEXT:
            plain_text = _NO_RULE  # a plugin's text rule: called as any other rule
        for i, token in enumerate(tokens):
            kind = token.type
            if kind == "inline":
                children = token.children or []
                for j, child in enumerate(children):
                    rule = rules.get(child.type)
                    if rule is plain_text:
                        append(escapeHtml(child.content))
                    else:
                        append(rule(children, j, options, env) if rule is not None
                               else render_token(children, j, options, env))
                continue
            rule = rules.get(kind)
            append(rule(tokens, i, options, env) if rule is not None
                   else render_token(tokens, i, options, env))
        return "".join(out)

    def renderInline(self, tokens: Sequence["Token"], options: "OptionsDict",
                     env: "EnvType") -> str:
        rules, out = self.rules, []
        for i, token in enumerate(tokens):
            rule = rules.get(token.type)
            out.append(rule(tokens, i, options, env) if rule is not None
                       else self.renderToken(tokens, i, options, env))
        return "".join(out)

    def renderToken(self, tokens: Sequence["Token"], idx: int, options: "OptionsDict",
                    env: "EnvType") -> str:
        token = tokens[idx]
        if token.hidden:  # a tight list's paragraph
            return ""
        nesting = token.nesting
        if nesting == -1:
            tag = "</" + token.tag
        elif token.block and idx and tokens[idx - 1].hidden:  # after a hidden paragraph
            tag = "\n<" + token.tag
        else:
            tag = "<" + token.tag
        if token.attrs:
            tag += "".join([f' {escapeHtml(key)}="{escapeHtml(str(value))}"'
                            for key, value in token.attrs.items()])
        if nesting == 0 and options["xhtmlOut"]:
            tag += " /"
        if not token.block:
            return tag + ">"
        if nesting == 1 and idx + 1 < len(tokens):
            after = tokens[idx + 1]
            # no line break inside a block holding inline content, or before its own end
            if (after.type == "inline" or after.hidden
                    or (after.nesting == -1 and after.tag == token.tag)):
                return tag + ">"
        return tag + ">\n"
