"""Emitting HTML attributes from user-written values (tag arguments, fence info strings).

Tag arguments are hostile input as far as the page is concerned: a `"` must not close the
attribute and a `javascript:` URL must not become a link that runs code.
"""

from __future__ import annotations

import html
import re

# Schemes that run code or smuggle documents when followed or framed.
_UNSAFE_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data|file)\s*:", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def safe_href(url: str) -> str | None:
    """The URL if following it cannot run script, else None (`javascript:`, `data:` …)."""
    if _UNSAFE_SCHEME.match(_CONTROL.sub("", url)):
        return None
    return url


def attrs(**values: str | int | bool | None) -> str:
    """` name="value"` pairs, escaped; None/False/"" are left out, True gives a bare name.
    A trailing underscore is dropped (`class_`), other underscores become dashes."""
    out = []
    for name, value in values.items():
        if value is None or value is False or value == "":
            continue
        name = name.rstrip("_").replace("_", "-")
        out.append(f" {name}" if value is True else f' {name}="{html.escape(str(value))}"')
    return "".join(out)
