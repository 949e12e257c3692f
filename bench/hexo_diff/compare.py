"""The pure half of the Hexo-differential harness: read HTML and Markdown, count, compare.

Nothing here runs a build or touches a blog; `hexo_diff.py` does that and hands the pieces
here. Kept separate so the counting rules can be tested on synthetic HTML
(tests/test_bench_hexo_diff.py).

Formulas are counted the way a reader meets them:
- *rendered*: KaTeX's `.katex-display` / `.katex`, MathJax's `<mjx-container>` and
  `<script type="math/tex">`, i.e. what a build drew;
- *TeX as text*: `$$…$$`, `\\[…\\]`, `$…$`, `\\(…\\)` still in the visible text. On a Hexo page
  that is normal (MathJax or KaTeX draw it in the browser, so it counts as a formula the reader
  sees); on a QuillPress page, which has no math script, it is TeX the reader sees as text.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIPPED = {"script", "style", "pre", "code", "textarea", "noscript", "svg", "math", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote",
          "dd", "dt", "figcaption", "section", "article", "tr", "table", "ul", "ol", "br", "hr"}

# TeX still in text. Display first, so `$$x$$` is not read as two inline spans.
DISPLAY_TEX = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\begin\{(?P<env>equation|align|gather|multline"
                         r"|eqnarray)\*?\}.*?\\end\{(?P=env)\*?\}", re.DOTALL)
# `$…$` as MathJax pairs it, except that a `$` opening a number, a space and a word is money
# (`$5 and $6`), not a formula (`$3.12 \times 10^{14}$` is one).
INLINE_TEX = re.compile(r"(?<![\\$])\$(?!\s*\$)(?!\d[\d.,]*(?:\s+(?=[^\W\d_])|\s*$))"
                        r"([^$\n]+?)(?<!\\)\$(?!\d)"
                        r"|\\\((.+?)\\\)", re.S)

# `\(…\)` or `\[…\]` with one backslash each (a doubled `\\(` is what marked leaves as `\(`)
LONE_BRACKETS = re.compile(r"(?<!\\)\\\((.+?)(?<!\\)\\\)|(?<!\\)\\\[(.+?)(?<!\\)\\\]", re.S)

# Markdown source: code to ignore before counting what was written.
# A fence at any indentation (lists indent them), closed by a line of the same fence characters.
FENCE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t>]*(?P=fence)[`~]*[ \t]*$|\Z)",
                   re.DOTALL | re.MULTILINE)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
TAG_CODE = re.compile(r"\{%\s*(codeblock|code|raw|include_code)\b.*?\{%\s*end\1\s*%\}", re.DOTALL)
FRONT_MATTER = re.compile(r"\A\ufeff?(?:(-{3,})\s*\n.*?^\1\s*$|(?=[\w-]+:).*?^(?:-{3,}|;{3,})\s*$)\n?",
                          re.DOTALL | re.MULTILINE)
LINE_BREAK = "\u2028"  # a <br> while the text is read, so one inside a formula is not counted
# Where a block starts or ends, and where a display formula stands, while the text is read. A
# <br> touching either is layout, not a line break in the text: before a block it draws nothing
# (the block starts a new line anyway); after one (Hexo's `text<br><figure>…</figure><br>text`
# from a fence inside a paragraph) it stands for the space that separate paragraphs give. Only
# breaks between two pieces of text are counted.
BLOCK_EDGE, DISPLAY_MARK = "\ue000", "\ue001"
UNSEEN_BREAK = re.compile(f"{LINE_BREAK}(?=[^\\S{LINE_BREAK}]*[{BLOCK_EDGE}{DISPLAY_MARK}])"
                          f"|(?<=[{BLOCK_EDGE}{DISPLAY_MARK}])([^\\S{LINE_BREAK}]*){LINE_BREAK}")
LAYOUT_BLOCKS = BLOCKS - {"br"} | {"figure", "pre", "iframe", "video", "details", "summary", "center"}
WORD = re.compile(r"[A-Za-z0-9]+|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass
class MathCount:
    """Formulas on one page (or written in one source)."""

    display: int = 0  # drawn by the build
    inline: int = 0
    display_tex: int = 0  # still TeX in the visible text
    inline_tex: int = 0
    errors: int = 0  # QuillPress error boxes (the formula shown as its source)

    def add(self, other: MathCount) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class PageFacts:
    """What the harness needs from one page body."""

    math: MathCount = field(default_factory=MathCount)
    text: str = ""  # visible text outside code and math, TeX delimiters removed
    images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    line_breaks: int = 0  # <br> in text (not in code or math): a renderer's `breaks` shows here


def strip_tex(text: str, count: MathCount | None = None) -> str:
    """Remove TeX spans from visible text, counting them into `count`."""

    def display(match: re.Match[str]) -> str:
        if count is not None:
            count.display_tex += 1
        return f" {DISPLAY_MARK} "

    def inline(match: re.Match[str]) -> str:
        if count is not None:
            count.inline_tex += 1
        return " "

    return INLINE_TEX.sub(inline, DISPLAY_TEX.sub(display, text))


class _Reader(HTMLParser):
    """One pass over a page body: formulas, visible text, images and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self.stack: list[tuple[str, str]] = []  # (tag, role) of open elements
        self.hidden = 0  # depth inside code, scripts, or a drawn formula
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = set(a.get("class", "").split())
        if tag == "img":
            src = a.get("data-src") or a.get("data-original") or a.get("src", "")
            if src:
                self.facts.images.append(src)
        elif tag == "a" and a.get("href"):
            self.facts.links.append(a["href"])
        if tag in BLOCKS:
            self.chunks.append("\n")
        if tag in LAYOUT_BLOCKS and not self.hidden:
            self.chunks.append(BLOCK_EDGE)
        if tag == "br" and not self.hidden:
            self.chunks.append(LINE_BREAK)
        if tag in VOID:
            return
        before = self.facts.math.display
        role = self._role(tag, a, classes)
        if self.facts.math.display > before:
            self.chunks.append(DISPLAY_MARK)
        self.stack.append((tag, role))
        if role:
            self.hidden += 1

    def _role(self, tag: str, a: dict[str, str], classes: set[str]) -> str:
        if self.hidden:
            return "inside"
        math = self.facts.math
        if "qp-math-error" in classes:
            math.errors += 1
            return "error"
        if "katex-display" in classes:
            math.display += 1
            return "math"
        if "katex" in classes or "katex-mathml" in classes:
            math.inline += 1
            return "math"
        if "math" in classes and classes & {"inline", "display"}:  # pandoc's HTML math
            if "display" in classes:
                math.display += 1
            else:
                math.inline += 1
            return "math"
        if tag == "mjx-container":
            if a.get("display") == "true":
                math.display += 1
            else:
                math.inline += 1
            return "math"
        if tag == "script" and a.get("type", "").startswith("math/tex"):
            if "mode=display" in a["type"]:
                math.display += 1
            else:
                math.inline += 1
            return "math"
        # A code block's language label is chrome, not text of the post.
        return "skip" if tag in SKIPPED or "code-lang" in classes else ""

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, role in self.stack[i:]:
                    if role:
                        self.hidden -= 1
                del self.stack[i:]
                break
        if tag in BLOCKS:
            self.chunks.append("\n")
        if tag in LAYOUT_BLOCKS and not self.hidden:
            self.chunks.append(BLOCK_EDGE)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.chunks.append(data)


def read_page(html: str) -> PageFacts:
    """Formulas, visible text, images and links of one page body."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    facts = reader.facts
    blocks = "".join(reader.chunks).split("\n\n")
    facts.text = " ".join(strip_tex(block, facts.math) for block in blocks)
    facts.text = UNSEEN_BREAK.sub(lambda m: m.group(1) or "", facts.text)
    facts.line_breaks = facts.text.count(LINE_BREAK)  # those inside TeX went with it
    for mark in (LINE_BREAK, BLOCK_EDGE, DISPLAY_MARK):
        facts.text = facts.text.replace(mark, " ")
    return facts


def written_math(markdown: str, lone_brackets: bool = True) -> MathCount:
    """Formulas written in one Markdown source (code, front-matter and raw tags ignored).
    `lone_brackets`: whether `\\(…\\)` and `\\[…\\]` are math; not where the blog's renderer
    reads them as escaped punctuation (marked, kramed, markdown-it: `escapes.detect`)."""
    body = FRONT_MATTER.sub("", markdown, count=1)
    body = TAG_CODE.sub(" ", FENCE.sub("\n", body))
    body = INLINE_CODE.sub(" ", body)
    if not lone_brackets:
        body = LONE_BRACKETS.sub(" ", body)
    count = MathCount()
    body = DISPLAY_TEX.sub(lambda m: (setattr(count, "display", count.display + 1), " ")[1], body)
    scratch = MathCount()
    strip_tex(body, scratch)
    count.inline = scratch.inline_tex
    return count


def words(text: str) -> list[str]:
    """Words (and single CJK characters) of visible text, case-folded."""
    return [w.lower() for w in WORD.findall(text)]


def text_diff(a: str, b: str, limit: int = 5) -> tuple[float, list[dict[str, str]]]:
    """Similarity (0..1) of two texts' words and up to `limit` differing stretches."""
    wa, wb = words(a), words(b)
    if not wa and not wb:
        return 1.0, []
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    diffs = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or len(diffs) >= limit:
            continue
        diffs.append({"op": op, "hexo": " ".join(wa[max(0, i1 - 3):i2 + 3])[:200],
                      "quillpress": " ".join(wb[max(0, j1 - 3):j2 + 3])[:200]})
    return matcher.ratio(), diffs


def url_diff(hexo: set[str], quill: set[str]) -> dict[str, list[str]]:
    """Output URLs present in one build and missing from the other."""
    return {"only_hexo": sorted(hexo - quill), "only_quillpress": sorted(quill - hexo)}


def page_urls(public: Path) -> set[str]:
    """Every HTML page of a build folder as a site-relative URL (`a/b/` for `a/b/index.html`)."""
    urls = set()
    for path in public.rglob("*.html"):
        rel = path.relative_to(public).as_posix()
        urls.add(rel.removesuffix("index.html"))
    return urls


def resolve(ref: str, page_url: str, site_url: str, root: str) -> str | None:
    """The site-relative path `ref` points at from the page, or None when it leaves the site."""
    ref = ref.strip()
    if not ref or ref.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return None
    try:
        parts = urlsplit(ref)
    except ValueError:
        # An autolinked URL running into the sentence after it (`http://host下一句`): the host
        # is no host, so it points at no page of this site.
        return None
    if parts.scheme or ref.startswith("//"):
        site = urlsplit(site_url if "://" in site_url else f"https://{site_url}")
        if parts.netloc != site.netloc or not parts.netloc:
            return None
        path = parts.path
    else:
        path = parts.path
        if not path:
            return None
        if not path.startswith("/"):
            page_dir = "/".join(p for p in (root.strip("/"), page_url.rsplit("/", 1)[0]) if p)
            path = posixpath.join("/" + page_dir, path)
    path = "/" + posixpath.normpath(unquote(path)).lstrip("/")
    prefix = "/" + root.strip("/")
    if prefix != "/" and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix):]
    return path.lstrip("/") + ("/" if parts.path.endswith("/") and path != "/" else "")


def exists_in(public: Path, target: str) -> bool:
    """Whether a site-relative path is served by the build folder (as a server would)."""
    base = public / target
    if target.endswith("/") or target == "":
        return (base / "index.html").is_file()
    return base.is_file() or (base / "index.html").is_file() or base.with_suffix(
        base.suffix + ".html").is_file()


TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)\b[^>]*?(/?)>")


def extract_by_class(html: str, class_name: str) -> str | None:
    """The inner HTML of the first element whose class list holds `class_name`."""
    opening = re.search(r"<([a-zA-Z][\w-]*)\b[^>]*\bclass=\"(?:[^\"]*\s)?" + re.escape(class_name)
                        + r"(?:\s[^\"]*)?\"[^>]*>", html)
    if not opening:
        return None
    name, depth = opening.group(1).lower(), 1
    for tag in TAG.finditer(html, opening.end()):
        if tag.group(2).lower() != name or tag.group(3):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[opening.end():tag.start()]
    return html[opening.end():]
