"""Markdown → HTML for one document: body, excerpt, TOC and plain text.

The result depends only on the document and the config, which is what lets the builder
cache it by content hash and render documents in parallel worker processes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..config.body_reads import noted, noting_reads
from ..config.loader import Config
from ..model.document import (DESCRIPTION_CHARS, MORE_ANCHOR, Document, Rendered, made_plain,
                              written_excerpt)
from ..model.words import word_counts
from .code_blocks import without_code_blocks
from .context import LINK_MARKER, PostLink, RenderContext, has_link_marker, linked_slugs
from ..source.reader import comma_list_hints

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from ..plugin_api import Extensions

MORE = re.compile(r"<!--\s*more\s*-->", re.I)
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_SCRIPT_OR_STYLE = re.compile(r"<(?:script|style)\b", re.I)  # _TAGS' first branch, its start


def _marker_label(match: re.Match[str]) -> str:
    """A post link stands for its label in plain text (its URL is not known yet)."""
    return PostLink.parse(match.group(1)).label


def plain_text(fragment: str, code: Sequence[tuple[str, str]] = ()) -> str:
    """Readable text of an HTML fragment, for descriptions, feeds and the search index.

    Plugins whose markup reads badly as text (math) set `ctx.data["as_text"]` (see
    `render_document`), or replace `rendered.text` in an `after_render` handler.

    `code`: the fragment's code blocks as (HTML, text) (`RenderContext.code_texts`). Their
    highlighted spans were most of what the tag expression stripped (22 MB of markup at 5,000
    posts), so each block found in the fragment, in order, gives its text as it is; the HTML
    between is stripped. That is the same text as stripping the whole when no tag runs into a
    block from before it: one would leave a `<` unmatched in the part before, or start a
    script or style there. Then, or when a block is not found, the whole is stripped.
    """
    text = LINK_MARKER.sub(_marker_label, fragment) if has_link_marker(fragment) else fragment
    pieces: list[str] = []
    at = 0
    for block, block_text in code:
        found = text.find(block, at)
        if found < 0:
            break
        between = text[at:found]
        stripped = _TAGS.sub(" ", between)
        if "<" in stripped or _SCRIPT_OR_STYLE.search(between):
            break
        pieces += (html.unescape(stripped), block_text)
        at = found + len(block)
    else:
        pieces.append(html.unescape(_TAGS.sub(" ", text[at:])))
        return " ".join(" ".join(pieces).split())
    return " ".join(html.unescape(_TAGS.sub(" ", text)).split())


def summary_text(fragment: str) -> str:
    """Plain text for a description or a link preview: code blocks are dropped, since their
    highlighted tokens read as "torch . cuda . amp" once the tags are gone."""
    return plain_text(without_code_blocks(fragment))


AsText = Callable[[str, bool], str]

# Where a summary's fragment is cut first, then again (characters of HTML, each cut made at the
# end of the first paragraph past it), before the whole is taken.
SUMMARY_CUTS = (1024, 8192, 65536)
_PARAGRAPH_END = "</p>"


def summary_of(fragment: str, as_text: AsText) -> str:
    """`summary_text(as_text(fragment, True))`, or only its start when that start is longer
    than a description (`Document.description`, the summary's only reader): a post without
    `<!-- more -->` summed up its whole body, a second pass over it beside its text (and on a
    math blog over each formula's markup again), for the 160 characters a description shows.

    The start is the summary of the fragment cut right after a `</p>`, which is what the
    whole one starts with: the tag expression's matches end at or before that `>`, and each
    tag becomes a space, so no entity nor run of blanks reaches across the cut. Cuts are
    made only before the first code block (`<pre`, `<figure`: one is left out up to its
    closing tag), where no script or style has opened, and in a fragment without post-link
    markers. `as_text` must keep it so: math's formulas hold no `</p>`."""
    if not has_link_marker(fragment):
        for end in _cuts(fragment):
            head = fragment[:end]
            if _SCRIPT_OR_STYLE.search(head):
                break
            summary = summary_text(as_text(head, True))
            if len(summary) > DESCRIPTION_CHARS:
                return summary
    return summary_text(as_text(fragment, True))


def _cuts(fragment: str) -> list[int]:
    """Where `summary_of` may cut, shortest first: just after the first `</p>` past each of
    SUMMARY_CUTS, then after the last one before the first code block, if there is one."""
    blocks = [at for at in (fragment.find("<pre"), fragment.find("<figure")) if at >= 0]
    stop = min(blocks, default=len(fragment))
    cuts: list[int] = []
    for at in SUMMARY_CUTS:
        found = fragment.find(_PARAGRAPH_END, at, stop)
        if found < 0:
            break
        cuts.append(found + len(_PARAGRAPH_END))
    if blocks:
        last = fragment.rfind(_PARAGRAPH_END, cuts[-1] if cuts else 0, stop)
        if last >= 0:
            cuts.append(last + len(_PARAGRAPH_END))
    return cuts


def _as_written(fragment: str, short: bool) -> str:
    return fragment


@dataclass
class Parsed:
    """A document parsed, not yet rendered: what `finish_document` needs, all of it this
    document's own (its context and markdown env), so documents can be parsed ahead of the
    one being rendered (`lookahead.py`)."""

    doc: Document
    ctx: RenderContext
    env: dict[str, Any]
    tokens: list["Token"] | None  # None: an HTML document, its body taken as written


def parse_document(doc: Document, md: "MarkdownIt", config: Config,
                   extensions: "Extensions") -> Parsed:
    """The first half of `render_document`: `before_render`, then the Markdown parse, whose
    core rules run plugins' `after_parse` (math sends its formulas to KaTeX ahead there).
    The config keys it reads are noted (`body_reads`)."""
    with noting_reads(config):
        return _parse(doc, md, config, extensions)


def _parse(doc: Document, md: "MarkdownIt", config: Config, extensions: "Extensions"
           ) -> Parsed:
    ctx = RenderContext(doc=doc, config=config, md=md, line=doc.body_line)
    extensions.emit("before_render", doc=doc, ctx=ctx)
    for message, line, hint in comma_list_hints(doc):
        ctx.warn(message, line, hint)
    if doc.front.get("password"):
        ctx.warn("`password:` (hexo-blog-encrypt) is not supported: this post is published "
                 "in plain text, readable by anyone", doc.front_line("password"),
                 hint="keep it in source/_drafts or set published: false to keep it off the site")
    env: dict[str, Any] = {"qp": ctx}
    if doc.source.suffix.lower() in (".html", ".htm"):
        return Parsed(doc, ctx, env, None)
    return Parsed(doc, ctx, env, md.parse(doc.body, env))


def finish_document(parsed: Parsed, extensions: "Extensions") -> Rendered:
    """The second half of `render_document`: the tokens drawn as HTML, then the excerpt,
    text and summary, and `after_render`. The body carries the config keys noted so far in
    this process (`body_reads`): the builder learns from it what the body cache's key must
    hash, from the render workers too."""
    config = parsed.ctx.config
    with noting_reads(config):
        rendered = _finish(parsed, extensions)
    rendered.config_reads = sorted(noted(config)) if isinstance(config, Config) else []
    return rendered


def _finish(parsed: Parsed, extensions: "Extensions") -> Rendered:
    doc, ctx = parsed.doc, parsed.ctx
    if parsed.tokens is None:
        content = doc.body
    else:
        content = ctx.md.renderer.render(parsed.tokens, ctx.md.options, parsed.env)
    parts = MORE.split(content, maxsplit=1)
    written = written_excerpt(doc.front)
    if written:
        excerpt = f"<p>{html.escape(written)}</p>"
    elif len(parts) == 2:
        excerpt = parts[0]
        content = parts[0] + MORE_ANCHOR + parts[1]
    else:
        excerpt = ""
    # A plugin whose markup reads badly as text sets `as_text(fragment, short)`: the fragment
    # with that markup as it should read (math: each formula as its TeX; `short`: for a
    # description). Set while the body renders, so the text is made once, from that form.
    as_text: AsText = ctx.data.get("as_text", _as_written)

    def make() -> Rendered:
        rendered = Rendered(content=content, excerpt=excerpt,
                            toc=ctx.data.get("toc", []), features=sorted(ctx.features),
                            text=ctx.data.get("text") or plain_text(as_text(content, False), ctx.code_texts),
                            warnings=ctx.warnings, deps=ctx.deps,
                            summary=summary_of(excerpt or content, as_text))
        extensions.emit("after_render", doc=doc, rendered=rendered, ctx=ctx)
        text = rendered.text  # as `after_render` left it
        rendered.word_counts = word_counts(text) if text else None
        rendered.post_links = linked_slugs(rendered.content)
        return rendered
    return made_plain(make)  # packed once, when finished


def render_document(doc: Document, md: "MarkdownIt", config: Config,
                    extensions: "Extensions") -> Rendered:
    return finish_document(parse_document(doc, md, config, extensions), extensions)
