"""Documents rendered in order, each parsed a little before it is drawn.

Parsing a document runs the plugins' `after_parse`, where the math plugin sends the
document's formulas to KaTeX's Node worker. Parsed only when its turn came, a document's
formulas were drawn by Node while this process waited for them, and this process drew the
text while Node waited for the next document: the two took turns. Parsing the next
document before drawing this one lets Node draw its formulas meanwhile (bench/README.md,
"Atlantic8's timeline").
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .body import Parsed, finish_document, parse_document

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from ..config.loader import Config
    from ..model.document import Document, Rendered
    from ..plugin_api import Extensions

# Documents parsed ahead of the one being drawn, each holding its tokens until drawn. On
# Atlantic8 (62 math posts) the main process waited for Node 0.56 s in all with none, 0.38 s
# with one, 0.2 s with two, 0.11-0.2 s with three (bench/README.md).
DEPTH = 2


class Lookahead:
    """Renders documents (`render`), parsing the next DEPTH documents of the order last set
    (`expect`) before drawing each one. Only in the process that set the order: a forked
    render worker, which gets documents in no order known here, renders each one whole."""

    def __init__(self, md: "MarkdownIt", config: "Config", extensions: "Extensions") -> None:
        self.md, self.config, self.extensions = md, config, extensions
        self._next: dict[int, Sequence[Document]] = {}  # by id(document)
        self._parsed: dict[int, Parsed | Exception] = {}  # by id(document)
        self._home = -1

    def expect(self, order: Sequence["Document"]) -> None:
        """The documents this process renders next, in the order it will ask for them."""
        self._next = {id(doc): order[at + 1:at + 1 + DEPTH] for at, doc in enumerate(order)}
        self._parsed.clear()
        self._home = os.getpid()

    def render(self, doc: "Document") -> "Rendered":
        """The document's body. An error met while parsing it ahead is raised here, for it."""
        parsed = self._parsed.pop(id(doc), None) or self._parse(doc)
        if isinstance(parsed, Exception):
            raise parsed
        if os.getpid() == self._home:
            for later in self._next.get(id(doc), ()):
                if id(later) not in self._parsed:
                    self._parsed[id(later)] = self._parse(later)
        return finish_document(parsed, self.extensions)

    def _parse(self, doc: "Document") -> Parsed | Exception:
        try:
            return parse_document(doc, self.md, self.config, self.extensions)
        except Exception as exc:  # raised when this document's turn comes (`render`)
            return exc
