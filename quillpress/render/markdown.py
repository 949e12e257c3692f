"""The one markdown-it-py parser every document goes through, set up once per build."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from linkify_it import LinkifyIt  # type: ignore[import-untyped]
from markdown_it import MarkdownIt, rules_core, rules_inline
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from ..asset_paths import asset_paths_rule, prepends_root, root_images_rule
from .code_options import CodeOptions, parse_code_options
from .core_shortcuts import use_core_shortcuts
from .data_images import take_data_images
from ..model.document import TocEntry
from .external_links import external_links_plugin
from .highlight import highlight_block
from .line_breaks import line_breaks
from ..config.hexo_plugins import hexo_toc, markdown_renderer, marked_before_0_7
from ..errors import blog_code_error
from .fenced_divs import fenced_divs_plugin
from .figures import captioned, implicit_figures_plugin, marked_figcaption
from .heading_ids import AnchorScheme, anchor_scheme, plain_text
from .html_fences import html_fences_plugin
from .lazy_pictures import lazy_pictures_rule
from .lazy_quotes import lazy_quotes_plugin
from .nunjucks_comments import nunjucks_comments_plugin
from .nunjucks_values import nunjucks_values_plugin
from .html_renderer import QuickRenderer
from .line_marks import use_quick_line_marks
from .list_fences import list_fences_plugin
from .long_paragraphs import use_long_paragraph_pieces
from .loose_links import loose_links_plugin, reads_loose_links
from .kramed import kramed_plugin
from .as_written import escaped_entities_plugin
from .entity_split_urls import entity_split_urls_plugin
from .marked_inline import BARE_URLS, BareUrls, marked_inline_plugin
from .marked_lists import lists_numbered_from_one, marked_lists_plugin, marked_numbers_from_one
from .marked_tables import marked_tables_plugin, reads_tabbed_delimiters_as_text
from .pandoc_attributes import pandoc_attributes_plugin
from .paragraph import use_quick_paragraph
from .renderer_plugins import use_renderer_plugins
from .rule_dispatch import dispatch_rules, starts_with
from .tag_syntax import tag_plugin
from .theme_base import base_links_rule, theme_sets_root_base
from .typography import KRAMED, MARKDOWN_IT, MARKED, smart_punctuation, smartypants_plugin
from .url_encode import use_quick_url_encode

if TYPE_CHECKING:
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import OptionsDict

    from ..config.loader import Config
    from ..plugin_api import Extensions
    from .context import RenderContext



_TAGS = re.compile(r"<[^>]+>")


def heading_ids(scheme: AnchorScheme) -> Callable[[StateCore], None]:
    """The core rule giving every heading a unique id (the blog's Hexo renderer's, see
    heading_ids.py) and collecting h2–h4 into the document's TOC."""

    def rule(state: StateCore) -> None:
        ctx: RenderContext | None = state.env.get("qp")
        used: dict[str, int] = state.env.setdefault("_heading_ids", {})
        tokens = state.tokens
        for i, token in enumerate(tokens):
            if token.type != "heading_open":
                continue
            children = tokens[i + 1].children or []
            anchor = token.attrGet("id")  # the author's own (pandoc's `{#id}`), kept as written
            if isinstance(anchor, str):
                used[anchor] = used.get(anchor, 0) + 1
            else:
                anchor = scheme.unique(scheme.slug(children) or "section", used)
                token.attrSet("id", anchor)
            if ctx is not None:  # a tag drawn later gives none of them again (`heading_ids`)
                ctx.data.setdefault("heading_ids", set()).add(anchor)
            level = int(token.tag[1])
            if ctx is not None and 2 <= level <= 4:
                text = _TAGS.sub("", plain_text(children)) or tokens[i + 1].content
                ctx.data.setdefault("toc", []).append(TocEntry(level, anchor, text.strip()))

    return rule


_DOT_WORD = re.compile(r"\.[^\W_]")  # `example.com`, `a.b`: a dot before a letter or digit
# `www.` and `localhost` in any case, each found from a character it must hold, then the
# letters around it in their cases (only `W` folds to `w`, `L` to `l`, `ſ` and `S` to `s`...):
# a case-blind pattern has no first character to skip to and is tried at every position,
# ~10 µs a post of the 1,000-post corpus for each of the two.
_WWW = re.compile(r"\.(?<=[wW]{3}\.)")
_LOCALHOST = [re.compile(f"{h}(?<=[lL][oO][cC][aA][lL]{h})[oO][sS\u017f][tT]") for h in "hH"]


def may_link(text: str) -> bool:
    """True for every text in which linkify-it could find a link: a colon (`http:`,
    `mailto:`), `@`, `//`, `www.`, `localhost` or a dot before a letter or digit. Each is
    looked for on its own: one pattern with all of them tried every branch at every
    character."""
    return (":" in text or "@" in text or "//" in text
            or ("." in text and (_DOT_WORD.search(text) is not None
                                 or _WWW.search(text) is not None))
            or any(pattern.search(text) is not None for pattern in _LOCALHOST))


class _QuickLinkify(LinkifyIt):
    """linkify-it's own pretest runs a very long pattern over every paragraph (about 1 ms
    per post, most of them without a link); `may_link`, which accepts every text it would
    accept, answers first, so the links found are the same."""

    def pretest(self, text: str) -> bool:
        return may_link(text) and bool(super().pretest(text))


class _RendererLinkify(_QuickLinkify):
    """The bare links marked or kramed makes (`BareUrls`), for blogs Hexo rendered with it:
    those of linkify-it's links the renderer makes, and the renderer's links that start inside
    a word, found by linkify-it from there, each ended where the renderer ends it. `match`
    serves the core rule, `match_at_start` the inline one (a scheme's `://`, found before a
    code span after it is read)."""

    def __init__(self, urls: BareUrls) -> None:
        super().__init__()
        self.urls = urls

    def pretest(self, text: str) -> bool:
        return super().pretest(text) or self.urls.start.search(text) is not None

    def test(self, text: str) -> bool:
        return bool(super().test(text)) or (self.urls.end is not None
                                           and self.urls.start.search(text) is not None) \
            or bool(self._emails(text))

    def _emails(self, text: str) -> list[Any]:
        """The renderer's own e-mail addresses in `text` (`BareUrls.email`)."""
        if self.urls.email is None or "@" not in text:
            return []
        return [self._create_match(text, "mailto:", address.start(), address.end())
                for address in self.urls.email.finditer(text)]

    def match(self, text: str) -> list[Any] | None:
        found = [link for link in super().match(text) or ()
                 if self.urls.links(link, link.index == 0)]
        found += [address for address in self._emails(text)
                  if not any(link.index < address.last_index and address.index < link.last_index
                             for link in found)]
        for start in self.urls.start.finditer(text):
            at = start.start()
            if any(link.index <= at < link.last_index for link in found):
                continue
            link = next(iter(super().match(text[at:]) or ()), None)
            if link is not None and link.index == 0 and self.urls.links(link):
                link.index, link.last_index = at, at + link.last_index
                found.append(link)
            elif self.urls.end is not None and (end := self.urls.end(text, at)) > at:
                # a host linkify-it does not know (`www.a.dev`, `www.b.example`): the
                # renderer links it all the same
                found.append(self._create_match(text, _schema(text, at), at, end))
        links: list[Any] = []
        for link in sorted(found, key=lambda link: link.index):
            if links and link.index < links[-1].last_index:
                continue  # inside the renderer's longer link before it
            links.append(self._ended(text, link))
        return links or None

    tail = 0  # how far the inline rule's text runs past the inline content being read
    closers = ""  # the markers of the emphasis and strikethrough runs open before it

    def match_at_start(self, text: str) -> Any:
        text = text[:len(text) - self.tail]
        if self.closers:  # the renderer read the span apart: its URL ends at the closing run
            text = text[:next((run.start() for run in _MARKER_RUNS.finditer(text)
                               if run.group()[0] in self.closers and not (
                                   run.group()[0] == "_" and _WORD.match(text, run.end()))),
                              len(text))]
        found = super().match_at_start(text)
        return self._ended(text, found) if found is not None and self.urls.links(found) \
            else None

    def _ended(self, text: str, link: Any) -> Any:
        """`link` (a `Match` in `text`) ended where the renderer ends it; e-mail addresses
        as found."""
        if link.schema == "mailto:" or self.urls.end is None:
            return link
        end = self.urls.end(text, link.index)
        if end in (link.index, link.last_index):
            return link
        return self._create_match(text, link.schema, link.index, end)


def _schema(text: str, at: int) -> str:
    """The linkify-it schema of the URL starting at `at`: its own (`https:`), none for `www.`."""
    scheme, colon, _ = text[at:at + 8].partition(":")
    return scheme.lower() + colon if colon else ""


_MARKER_RUNS = re.compile(r"\*+|_+|~+")
_WORD = re.compile(r"\w")  # after a `_` run: inside a word, where `_` closes nothing


def _still_open(delimiters: list[Any]) -> str:
    """The markers of the emphasis and strikethrough runs still open where the inline rule
    is: each character that can close takes an open one of its marker (`_this_` leaves
    none), as markdown-it pairs them once the whole text is read."""
    open_count: dict[int, int] = {}
    for mark in delimiters:
        if mark.close and open_count.get(mark.marker):
            open_count[mark.marker] -= 1
        elif mark.open:
            open_count[mark.marker] = open_count.get(mark.marker, 0) + 1
    return "".join(sorted(chr(marker) for marker, count in open_count.items() if count))


@starts_with(":")
def linkify_within_content(state: StateInline, silent: bool) -> bool:
    """markdown-it's inline linkify rule, with `_RendererLinkify` told where the content
    being read ends: the rule hands it the source to the end of the whole inline text, so a
    URL in a span marked reads on its own (`~~…~~`, `**…**`) ran on past the span's closing
    run. The end is posMax, or the first run that can close a marker still open before the
    URL (markdown-it pairs emphasis only once the whole text is read); one closed before it
    (`_this_ … http://a.example/my_file`) ends nothing."""
    linkify = state.md.linkify
    assert isinstance(linkify, _RendererLinkify)
    linkify.tail = len(state.src) - state.posMax
    linkify.closers = _still_open(state.delimiters)
    return rules_inline.linkify(state, silent)


def linkify_where_links_may_be(state: StateCore) -> None:
    """markdown-it's linkify rule, run only when some inline token's text may link: it asks
    `pretest` of every one (a method call and `may_link` each, ~40 a post, nearly all
    without a link), and does nothing where none passes. `may_link` of their texts joined
    by line breaks answers for all at once: none of its marks holds a line break, so none
    is made across two texts."""
    if not isinstance(state.md.linkify, _QuickLinkify) or may_link(
            "\n".join([token.content for token in state.tokens if token.type == "inline"])):
        rules_core.linkify(state)


def build_parser(config: "Config", extensions: "Extensions") -> MarkdownIt:
    """CommonMark + GFM tables/strikethrough, footnotes, task lists, definition lists,
    linkify, raw HTML, heading ids, Pygments fences, Hexo tags, the blog's Hexo renderer's
    plugins that QuillPress has (emoji, sub, sup), then plugin rules."""
    options = config.get("markdown") or {}
    punctuation = smart_punctuation(config)
    renderer = markdown_renderer(config.root_path)
    # maxNesting: markdown-it's default preset's, which hexo-renderer-markdown-it uses; the
    # commonmark preset's 20 dropped a list's items past its tenth level (marked has no limit)
    md = MarkdownIt("commonmark", {"html": True, "linkify": bool(options.get("linkify", True)),
                                   "typographer": punctuation == MARKDOWN_IT,
                                   "breaks": line_breaks(config), "maxNesting": 100},
                    renderer_cls=QuickRenderer)
    md.enable(["table", "strikethrough"])
    if options.get("linkify", True):
        md.enable("linkify")
        urls = BARE_URLS.get(renderer or "")
        md.linkify = _RendererLinkify(urls) if urls else _QuickLinkify()
        md.core.ruler.at("linkify", linkify_where_links_may_be)
        if urls:
            md.inline.ruler.at("linkify", linkify_within_content)
    md.use(footnote_plugin).use(tasklists_plugin).use(deflist_plugin).use(list_fences_plugin)
    use_core_shortcuts(md)
    take_data_images(md, renderer)
    if reads_loose_links(renderer):
        md.use(loose_links_plugin)
    if renderer == "hexo-renderer-marked":
        md.use(marked_inline_plugin).use(marked_lists_plugin,
                                          before_0_7=marked_before_0_7(config.root_path))
        if options.get("linkify", True):
            md.use(entity_split_urls_plugin)
        if not marked_before_0_7(config.root_path):
            md.use(escaped_entities_plugin)
        if marked_numbers_from_one(config.root_path):
            md.use(lists_numbered_from_one)
        if reads_tabbed_delimiters_as_text(config.root_path):
            md.use(marked_tables_plugin)
    if renderer == "hexo-renderer-kramed":
        md.use(kramed_plugin)
    if renderer == "hexo-renderer-pandoc":  # pandoc's own syntax: attributes, divs, figures
        md.use(pandoc_attributes_plugin).use(fenced_divs_plugin).use(implicit_figures_plugin)
    use_renderer_plugins(md, config)  # emoji, sub, sup where the blog's renderer ran them
    if punctuation == MARKDOWN_IT:  # the commonmark preset leaves these two rules off
        md.enable(["replacements", "smartquotes"])
    elif punctuation in (MARKED, KRAMED):
        md.use(smartypants_plugin, style=punctuation)
    tag_plugin(md, extensions.tags)
    nunjucks_comments_plugin(md, config, renderer)
    nunjucks_values_plugin(md, config, renderer)
    lazy_quotes_plugin(md, extensions.tags)
    html_fences_plugin(md)  # after the tags in HTML, so a tag pair keeps its fences
    for plugin, plugin_options in extensions.markdown_plugins:
        try:
            md.use(plugin, **plugin_options)
        except Exception as exc:  # the blog's plugin named at its line, else QuillPress's bug
            fault = blog_code_error(exc, config.root_path, "adding a markdown-it plugin")
            if fault is None:
                raise
            raise fault from None
    external_links_plugin(md, config)
    # before text_join, while an entity is still its own token (marked keeps `&emsp;` in ids)
    scheme = anchor_scheme(renderer, options, hexo_toc(config.root_path))
    md.core.ruler.before("text_join", "qp_heading_ids", heading_ids(scheme))
    md.core.ruler.push("qp_lazy_pictures", lazy_pictures_rule)
    md.core.ruler.push("qp_asset_links", asset_paths_rule)
    if prepends_root(config, renderer):
        md.core.ruler.push("qp_root_images", root_images_rule)
    if theme_sets_root_base(config):
        md.core.ruler.push("qp_base_links", base_links_rule)
    _install_renderers(md, config, extensions, bool(options.get("lazy_images", True)))
    use_quick_line_marks(md)
    use_quick_paragraph(md)
    use_long_paragraph_pieces(md)
    dispatch_rules(md)  # last: every rule is in its chain
    use_quick_url_encode()
    return md


def highlight_code(code: str, options: CodeOptions, highlight_opts: dict[str, Any],
                   texts: list[tuple[str, str]] | None = None) -> str:
    """A code block with per-block options falling back to the `highlight` config (`texts`:
    see `highlight_block`)."""
    numbers = options.line_number
    if numbers is None:
        numbers = bool(highlight_opts.get("line_number"))
    threshold = options.line_threshold
    if threshold is None:
        threshold = int(highlight_opts.get("line_threshold") or 0)
    numbers = numbers and code.rstrip("\n").count("\n") + 1 >= threshold
    return highlight_block(code, options.lang, title=options.title, url=options.url,
                           link_text=options.link_text, line_numbers=numbers,
                           first_line=options.first_line, marked=options.marked,
                           highlight=options.highlight,
                           tab_replace=highlight_opts.get("tab_replace") or "", texts=texts)


def _install_renderers(md: MarkdownIt, config: "Config", extensions: "Extensions",
                       lazy_images: bool) -> None:
    highlight_opts = config.get("highlight") or {}
    excluded = set(highlight_opts.get("exclude_languages") or [])
    # md.renderer is typed as a protocol without `rules`; it is a RendererHTML, which has them.
    default_image = md.renderer.rules["image"]  # type: ignore[attr-defined]
    with_caption = marked_figcaption(config)

    def render_image(renderer: "RendererHTML", tokens: list["Token"], idx: int,
                     opts: "OptionsDict", env: dict[str, Any]) -> str:
        if lazy_images:
            tokens[idx].attrSet("loading", "lazy")
        made = default_image(tokens, idx, opts, env)
        return captioned(made, tokens[idx]) if with_caption else made

    def render_fence(renderer: "RendererHTML", tokens: list["Token"], idx: int,
                     opts: "OptionsDict", env: dict[str, Any]) -> str:
        token = tokens[idx]
        info = token.info.strip()
        lang = info.partition(" ")[0].split("{", 1)[0]
        ctx: RenderContext | None = env.get("qp")
        handler = extensions.fences.get(lang.lower())
        if handler is not None and ctx is not None:
            ctx.line = ctx.source_line(token.map[0]) if token.map else ctx.line
            saved, ctx.body_line = ctx.body_line, ctx.line + 1  # its code, not a tag's body
            try:
                made = handler(ctx, token.content, info)
            except Exception as exc:  # one broken block must not break the post
                return ctx.error_box(f"```{lang} block failed: {exc}", token.content)
            finally:
                ctx.body_line = saved
            return made if isinstance(made, str) else ctx.not_text_box(
                f"```{lang} block", made, token.content)
        if lang in excluded:
            return f"<pre><code>{html.escape(token.content)}</code></pre>\n"
        options = parse_code_options(info, lang_first=True)
        for problem in options.problems if ctx is not None else ():
            assert ctx is not None
            ctx.warn(f"code block option {problem!r} is not understood",
                     ctx.source_line(token.map[0]) if token.map else None,
                     hint="write e.g. mark:1,4-7 first_line:10 line_number:false")
        return highlight_code(token.content, options, highlight_opts,
                              ctx.code_texts if ctx is not None else None)

    def render_code_block(renderer: "RendererHTML", tokens: list["Token"], idx: int,
                          opts: "OptionsDict", env: dict[str, Any]) -> str:
        ctx: RenderContext | None = env.get("qp")
        return highlight_block(tokens[idx].content,
                               texts=ctx.code_texts if ctx is not None else None)

    md.add_render_rule("image", render_image)
    md.add_render_rule("fence", render_fence)
    md.add_render_rule("code_block", render_code_block)
