"""MathJax 4 → SVG, the second engine: it draws what KaTeX rejects (`\\bbox`, `\\enclose`,
`multline`, `\\require`, …).

It runs in a Node math worker of its own (node_worker.py's, without KaTeX), not in KaTeX's:
there its load (~0.35 s of CPU) held up the KaTeX requests queued behind it, which the process
rendering the formulas waits for (bench/README.md, "Atlantic8 and the MathJax lane"). That
worker starts on the first formula KaTeX rejects and loads MathJax then, so a build whose
formulas all pass KaTeX never starts it; or, on a cold build whose sources hold a construct
KaTeX is known to reject (launch.py's LIKELY_REJECTED), it starts before the imports and loads
MathJax at once, on the core they leave idle (a cold build without one starts no Node for it).
Each formula has a time limit; a worker that misses it is killed and a fresh one is started
for the next formula.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .launch import MATHJAX as PACKAGE, find_mathjax_root, find_node
from .mathjax_names import read as read_names
from .mathjax_rejects import why_rejected
from .node_worker import START_SECONDS, NodeWorker


def find_mathjax(search: list[Path]) -> tuple[str, Path] | None:
    """(node executable, the folder holding node_modules) when both Node and npm's
    `@mathjax/src` are installed; None means the chain goes on without MathJax."""
    node = find_node()
    folder = find_mathjax_root(search) if node else None
    return (node, folder) if node and folder else None


class MathJaxEngine:
    """MathJax in its Node worker, loaded there on first use (or as the worker starts)."""

    name = "mathjax"

    def __init__(self, root: Path, worker: NodeWorker, timeout: float = 10.0) -> None:
        self.worker = worker
        self.timeout = timeout
        self.package = root / PACKAGE
        package = json.loads((self.package / "package.json").read_text(encoding="utf-8"))
        self.package_version = str(package["version"])
        # ids named after the formula; a package's first use drawn as later ones (math_worker.js)
        self.version = f"mathjax-{package['version']}-svg-ids-autoloaded"
        self._loaded_epoch = -1

    @property
    def epoch(self) -> int:
        """The running Node worker's (started if it stopped): it moves on when a restarted
        worker lost the post's macros."""
        return self.worker.start()

    # -- the engine protocol --
    def reset(self, macros: dict[str, str]) -> None:
        """Start a post: forget the previous post's \\newcommand/\\def; define the site's."""
        self._ask({"op": "mathjax-reset", "macros": macros})

    def render(self, tex: str, display: bool) -> str:
        return str(self._ask({"op": "mathjax", "tex": tex, "display": display})["svg"])

    def known_rejection(self, tex: str, failures: list[str], context: str) -> str | None:
        """Why MathJax would reject `tex` too, when KaTeX's message (the one failure so far)
        makes it certain (mathjax_rejects.py): then MathJax's Node is not started for it.
        None without the names `make setup` read from the installed MathJax."""
        if len(failures) != 1 or not failures[0].startswith("katex: "):
            return None
        names = read_names(self.package, self.package_version)
        return why_rejected(tex, failures[0].removeprefix("katex: "), names, context) if names else None

    def stylesheet(self) -> str:
        """The CSS MathJax's SVG output needs (~6 KB), for pages that have such a formula."""
        return str(self._ask({"op": "mathjax-css"})["css"])

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        epoch = self.worker.start()
        if self._loaded_epoch != epoch:  # a new worker: MathJax loads first (~0.3 s), or is
            # loading since the worker started
            self.worker.ask({"op": "mathjax-load"}, START_SECONDS)
            self._loaded_epoch = epoch
        return self.worker.ask(request, self.timeout)
