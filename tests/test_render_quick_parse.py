"""QuillPress's faster markdown-it parts give markdown-it's own tokens, on documents nobody wrote.

The block parser's loop, its state's token pushes and one-line cuts (line_marks.py), the
paragraph rule (paragraph.py), the tokens made slot by slot (tokens.py), the inline state's
pushes (inline_state.py) and the dispatching chains with their gates (rule_dispatch.py)
each replace a piece of markdown-it-py, so do the core shortcuts (core_shortcuts.py), and
the HTML renderer (html_renderer.py) its render loop and generic tag rule; the post-passes of
strikethrough and emphasis are skipped where the text holds none of their markers. Random documents made of the constructs where block parsing is subtle (nested
and lazy lists, tight and loose items, quotes, tables, tabs, code, emphasis runs, CJK) must
come out of the quick parser and of markdown-it's as equal tokens and the same HTML.
"""

from __future__ import annotations

import dataclasses
import random

import pytest
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import emphasis
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.subscript import sub_plugin

from _tags_html import parse
from conftest import build_ok, post

from quillpress.render import tokens
from quillpress.render.core_shortcuts import use_core_shortcuts
from quillpress.render.html_renderer import QuickRenderer
from quillpress.render.line_marks import use_quick_line_marks
from quillpress.render.markdown import _QuickLinkify, linkify_where_links_may_be
from quillpress.render.paragraph import use_quick_paragraph
from quillpress.render.rule_dispatch import dispatch_rules

INDENTS = ["", "", "", " ", "  ", "   ", "    ", "\t", " \t", "      "]
MARKERS = ["", "", "", "- ", "* ", "+ ", "1. ", "2) ", "10. ", "> ", "> - ", ">> ", "# ",
           "### ", "```", "~~~", "***", "---", "===", "| ", "[^1]: ", ": ", "<div>", "</div>",
           "[ref]: /url ", "- -", "--  ", "=\t", "-x", "-\t", "|-", ":-", "_ _ _", "* * *",
           "*\t*\t*", "__", "-  - -"]
WORDS = ["word", "two words", "*em*", "**strong**", "_under_", "a*b*c", "***both***",
         "**unclosed", "~~gone~~", "中文段落，", "かな", "$x$", "`code`", "[link](/u)",
         "![i](/i.png)", "<span>x</span>", "\\*", "&amp;", "| a | b |", "|---|:-:|", "x  ",
         "http://example.com", "[ref]", "[^1]", "{% tag %}", "~one~", "a~~b", "~~~x~~",
         "*a_b*", "_a*b_", "[*x*](/u)", "^[inline *note*]", "[^2]", "x^[n"]


def random_documents(count: int, seed: int) -> list[str]:
    """Documents of 1-12 lines: an indentation, a block marker, then words (seeded)."""
    rng = random.Random(seed)

    def line() -> str:
        if rng.random() < 0.15:
            return rng.choice(["", " ", "\t"])  # blank, or blank with spaces
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 3)))
        return rng.choice(INDENTS) + rng.choice(MARKERS) + words

    return ["\n".join(line() for _ in range(rng.randint(1, 12))) + rng.choice(["", "\n"])
            for _ in range(count)]


def _parser(quick: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True},
                    renderer_cls=QuickRenderer if quick else RendererHTML)
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin)
    if quick:
        use_core_shortcuts(md)
        use_quick_line_marks(md)
        use_quick_paragraph(md)
        dispatch_rules(md)
    return md


def test_quick_parser_gives_markdown_its_tokens_on_random_documents() -> None:
    plain, quick = _parser(False), _parser(True)
    differ = [src for src in random_documents(4000, seed=24)
              if quick.parse(src) != plain.parse(src) or quick.render(src) != plain.render(src)]
    assert differ == []


@pytest.mark.parametrize("src", [
    "- tight\n- list\n  lazy\ncontinued\n\n- now loose\n",
    "1. one\n   - nested\n     deeper\n\n   para in item\n2) other marker\n",
    "> quoted\nlazy line\n> - item\n>   continued\n>\n> after blank\n",
    "- a\n\t- tabbed\n\t\tcode?\n  back\n",
    "  indented para\n   second line\n    third as lazy\n",
    "| a | b |\n| --- | ---: |\n| 1 | 2 |\n| 中文 | *x* |\nnot a row\n",
    "*a **b** c* **d *e* f** ***g*** *h _i_ j* a*b*c _a_b_ __x__y",
    "para\n    lazy code-looking line\n# heading\n",
    # footnotes: the pass runs only with a definition or a note, the reference rule only at '['
    "[^a]: defined, never referred to\n\ntext [^b] undefined, [x] and ![i] fail\n",
    "text [^b] undefined, no definition <b>x</b> ![i](/i.png)\n",
    "note^[one *em*] and ^[two [^a] in it]\n\n[^a]: defined ^[nested] [^a]\n",
    "> [^q]: quoted definition\n\n- [^q] in a list [^q]\n",
    "x^[ unclosed, [^ open, ^[] empty, [^] empty\n",
])
def test_quick_parser_on_hand_picked_documents(src: str) -> None:
    plain, quick = _parser(False), _parser(True)
    assert quick.parse(src) == plain.parse(src)
    assert quick.render(src) == plain.render(src)


def test_post_passes_put_in_place_later_are_seen() -> None:
    """Strikethrough's and emphasis's passes are skipped for a text without their markers,
    read from the chain as it is compiled now: a plugin that puts its own pass in
    emphasis's place after a first parse (the dev server loading it) sees every text, and
    one that adds ~subscript~ beside strikethrough gives markdown-it's tokens."""
    def shout(state):  # type: ignore[no-untyped-def]
        for token in state.tokens:
            token.content = token.content.upper()

    plain, quick = _parser(False), _parser(True)
    for md in (plain, quick):
        assert md.render("calm a+b\n") == "<p>calm a+b</p>\n"  # `+`: the inline rules run
        md.inline.ruler2.at("emphasis", shout)
    assert quick.render("calm a+b *c*\n") == plain.render("calm a+b *c*\n") == (
        "<p>CALM A+B *C*</p>\n")
    for md in (plain, quick):
        md.inline.ruler2.at("emphasis", emphasis.postProcess)
        md.use(sub_plugin)
    assert quick.render("calm a+b *c*\n") == "<p>calm a+b <em>c</em></p>\n"
    differ = [src for src in random_documents(1500, seed=29)
              if quick.parse(src) != plain.parse(src) or quick.render(src) != plain.render(src)]
    assert differ == []
    assert "<sub>" in quick.render("H~2~O and ~~gone~~\n")


def test_new_token_is_the_classes_own() -> None:
    """Same class and fields as markdown-it's constructor, on either path of `new_token`."""
    for make in (tokens._new_token, tokens._called_token):
        made = make("text", "em", -1, 3, True, "body")
        expected = Token("text", "em", -1, level=3, block=True, content="body")
        assert type(made) is Token and made == expected
        assert dataclasses.asdict(make("p", "p", 1)) == dataclasses.asdict(Token("p", "p", 1))
        assert made.attrs is not make("x", "", 0).attrs  # fresh dicts, as the factories make
    assert tokens.fields_known()
    assert tokens.new_token is tokens._new_token


VERSE = '''
from markdown_it.rules_block import paragraph


def verse_paragraphs(md):
    """Every paragraph a verse: markdown-it's own rule, its opening tag given a class."""
    def verse(state, start, end, silent):
        found = paragraph(state, start, end, silent)
        state.tokens[-3].attrSet("class", "verse")  # paragraph_open, inline, paragraph_close
        return found
    md.block.ruler.at("paragraph", verse)


def register(api):
    api.markdown(verse_paragraphs)
'''


def test_a_plugins_own_paragraph_rule_is_kept(make_blog) -> None:
    """A plugin that puts its own paragraph rule in place (`api.markdown`) sees it used: the
    quick rule replaces only markdown-it's (it replaced any rule named "paragraph", and the
    plugin's paragraphs came out plain)."""
    blog = make_blog(files={"plugins/verse.py": VERSE, "content/_posts/v.md": post(
        "V", "Roses are red.\n\nViolets are blue,\n- and so on.")})
    build_ok(blog)
    verses = parse(blog.read("2024/01/02/v/index.html")).find_all("p", "verse")
    assert [p.text for p in verses] == ["Roses are red.", "Violets are blue,"]


# QuillPress's parser with its linkify shortcut (linkify's rule run only when a post's texts
# may link, `_QuickLinkify`'s prefilter) and its quick parts, against stock markdown-it-py on
# adversarial documents: links in code spans, in markdown and HTML links, behind escapes and
# entities, fuzzy links, `www.`, emails, `localhost` in any case, CJK around links, nested
# lists holding tables and setext-like lines.
LINKISH = ["www.example.com", "WWW.Example.ORG/path", "wWw.x.io.", "www.", "ww.w.com",
           "foo@bar.com", "a.b@c.d.org", "x@y", "mailto:someone@example.com", "MAILTO:A@B.CO",
           "`http://code.example.com`", "`www.x.com` after", "``a@b.com``",
           "[www.a.com](/u)", "[text](http://b.com)", "<a href=\"/x\">www.b.com</a>",
           "<span>www.c.com</span>", "http\\://x.com", "example&#46;com", "a&#64;b.com",
           "中文www.example.com。", "例子.中国", "见https://例子.中国/路径，", "（www.qq.com）",
           "localhost:3000", "LOCALHOſT:80", "http://localhost/", "x.y", "3.14", "e.g.",
           "**www.bold.com**", "_a@b.co_", "~~http://s.com~~", "<http://auto.link>",
           "//cdn.x.net/a.js", "ftp://f.example.com", "1.2.3.4", "word", "two words", ""]
LINES = ["", "- ", "  - ", "    - ", "1. ", "   2) ", "> ", "> - ", "# ", "| a | b |",
         "|---|---|", "- | -", "---", "===", "- ---", "  ===", "a | b", "-\t|", "```", "    "]


def _linkify_quick() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": True}, renderer_cls=QuickRenderer)
    md.enable(["table", "strikethrough", "linkify"])
    md.linkify = _QuickLinkify()
    md.core.ruler.at("linkify", linkify_where_links_may_be)
    use_quick_line_marks(md)
    use_quick_paragraph(md)
    dispatch_rules(md)
    use_core_shortcuts(md)
    return md


def _linkify_stock() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": True}, renderer_cls=RendererHTML)
    return md.enable(["table", "strikethrough", "linkify"])


def _linkish_documents(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)

    def line() -> str:
        words = " ".join(rng.choice(LINKISH) for _ in range(rng.randint(0, 3)))
        return rng.choice(LINES) + words

    return ["\n".join(line() for _ in range(rng.randint(1, 10))) + rng.choice(["", "\n"])
            for _ in range(count)]


def test_linkify_and_quick_parts_give_stock_tokens_on_adversarial_documents() -> None:
    quick, stock = _linkify_quick(), _linkify_stock()
    documents = _linkish_documents(3000, seed=28) + [
        "- item\n  | a | b |\n  |---|---|\n  | www.x.com | `www.y.com` |\n- next\n  ---\n",
        "1. one\n   - two\n     setext?\n     ---\n   - three\n     ===\n",
        "a | b\n- | -\nwww.after.com\n",
        "para www.x.com\n- - -\nmore a@b.com\n",
        "`www.code.com` only in code\n",
        "only entities: example&#46;com and a&#64;b&#46;com\n",
    ]
    differ = [doc for doc in documents
              if quick.parse(doc) != stock.parse(doc) or quick.render(doc) != stock.render(doc)]
    assert differ == []
    assert '<a href="http://www.x.com">www.x.com</a>' in quick.render(documents[-6])
    assert "<a" not in quick.render(documents[-2])
