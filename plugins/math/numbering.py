"""Equation numbers, `\\label` and `\\eqref`, resolved by QuillPress across one post.

KaTeX has no `\\label`/`\\eqref`, and its own numbering is a page-wide CSS counter, so an
index page showing two posts would number on from the first. Instead every numbered row
gets an explicit `\\tag{n}` counted per post, labels map to those numbers, and references
become in-page links (`\\href{#eq-…}`) before the formula reaches any engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .rewrites import rewrite

# equation, align, gather, multline, alignat, flalign, eqnarray; labels; references (rewrites.txt)
_BEGIN = rewrite("numbered_environment")
_STARRED = re.compile(_BEGIN.pattern.replace(r"\}", r"\*\}", 1))  # the same, starred: unnumbered
_LABEL = rewrite("label")
_TAG = re.compile(r"\\tag\*?\s*\{")
_NOTAG = re.compile(r"\\(?:notag|nonumber)\b")
_REF = rewrite("reference")
_ROW_BREAK = re.compile(r"\\\\|\\[{}]|\\begin\{[^}]*\}|\\end\{[^}]*\}|[{}]")


def anchor_id(label: str) -> str:
    """The HTML id of the equation carrying `\\label{label}`."""
    return "eq-" + re.sub(r"[^\w:.\-]+", "-", label.strip())


@dataclass
class Numbered:
    """A display formula after numbering: the TeX to render and the anchors it carries."""

    tex: str
    anchors: list[str] = field(default_factory=list)


@dataclass
class EquationNumbers:
    """Numbering state of one post: the running counter and label → number."""

    count: int = 0
    labels: dict[str, str] = field(default_factory=dict)

    def number(self, tex: str) -> Numbered:
        """Give the numbered rows of one display formula explicit tags; record labels."""
        match = _BEGIN.search(tex)
        if match and not _STARRED.search(tex, 0, match.start()):  # the first environment
            return self._number_environment(tex, match)
        labels = _LABEL.findall(tex)
        if not labels:
            return Numbered(tex)
        body = _LABEL.sub("", tex)
        tag = self._tag_of(body)
        if tag is None:
            tag = self._next()
            body = f"{body} \\tag{{{tag}}}"
        return Numbered(body, self._remember(labels, tag))

    def _next(self) -> str:
        self.count += 1
        return str(self.count)

    def _remember(self, labels: list[str], tag: str) -> list[str]:
        for label in labels:
            self.labels[label.strip()] = tag
        return [anchor_id(label) for label in labels]

    @staticmethod
    def _tag_of(row: str) -> str | None:
        match = _TAG.search(row)
        if not match:
            return None
        depth, start = 1, match.end()
        for pos in range(start, len(row)):
            depth += {"{": 1, "}": -1}.get(row[pos], 0)
            if depth == 0:
                return row[start:pos]
        return None

    def _number_environment(self, tex: str, match: re.Match[str]) -> Numbered:
        env = match.group(1)
        end = tex.rfind(f"\\end{{{env}}}")
        if end < match.end():
            return Numbered(tex)  # unbalanced: let the engine report it
        body = tex[match.end():end]
        if env in ("equation", "multline"):  # one number for the whole display
            rows = [self._number_row(body)]
        else:
            rows = [self._number_row(row) for row in split_rows(body)]
        anchors = [anchor for _, row_anchors in rows for anchor in row_anchors]
        # multline is not in KaTeX: gather* shows the same lines, centred
        star_env = "gather" if env == "multline" else env
        joined = "\\\\".join(row for row, _ in rows)
        rebuilt = (f"{tex[:match.start()]}\\begin{{{star_env}*}}{match.group(2) or ''}{joined}"
                   f"\\end{{{star_env}*}}{tex[end + len(env) + 6:]}")
        return Numbered(rebuilt, anchors)

    def _number_row(self, row: str) -> tuple[str, list[str]]:
        """One numbered row: its labels removed, a tag added unless it has one or \\notag."""
        labels = _LABEL.findall(row)
        row = _LABEL.sub("", row)
        tag = self._tag_of(row)
        if tag is None and not _NOTAG.search(row):
            tag = self._next()
            row = f"{row} \\tag{{{tag}}}"
        row = _NOTAG.sub("", row)
        return row, (self._remember(labels, tag) if tag is not None else [])

    def link(self, kind: str, label: str) -> tuple[str, str] | None:
        """(href, text) of a reference written in the text, or None for an unknown label."""
        number = self.labels.get(label)
        if number is None:
            return None
        return f"#{anchor_id(label)}", f"({number})" if kind == "eqref" else number

    def resolve(self, tex: str, missing: list[str]) -> str:
        """Turn `\\eqref{x}`/`\\ref{x}` into links to the numbered equation; unknown labels
        are collected in `missing` and shown as (??), as LaTeX does."""
        def link(match: re.Match[str]) -> str:
            kind, label = match.group(1), match.group(2).strip()
            number = self.labels.get(label)
            if number is None:
                missing.append(label)
                return r"\text{(??)}" if kind == "eqref" else r"\text{??}"
            text = f"({number})" if kind == "eqref" else number
            return f"\\href{{#{anchor_id(label)}}}{{\\text{{{text}}}}}"
        return _REF.sub(link, tex) if "ref" in tex else tex


def split_rows(body: str) -> list[str]:
    """Split an environment body at its own `\\\\`, not at those of nested environments
    or inside braces."""
    rows, depth, start = [], 0, 0
    for match in _ROW_BREAK.finditer(body):
        token = match.group(0)
        if token in ("\\{", "\\}"):
            continue  # an escaped brace, as in \left\{ … \right.
        if token == "{" or token.startswith("\\begin"):
            depth += 1
        elif token == "}" or token.startswith("\\end"):
            depth -= 1
        elif depth == 0:
            rows.append(body[start:match.start()])
            start = match.end()
    rows.append(body[start:])
    if len(rows) > 1 and not rows[-1].strip():
        rows.pop()  # a trailing \\ ends the last row, it does not open one
    return rows
