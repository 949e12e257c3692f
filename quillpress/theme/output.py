"""What a template writes for `{{ value }}`: the value's escaped text, made with one C call.

With autoescape on, Jinja2 compiles every `{{ value }}` to `escape(value)`: MarkupSafe's
`escape`, a Python function that escapes the text in C and then wraps it in `Markup`, whose
`__new__` is Python again (and asks `hasattr(..., "__html__")`). A post page of the default
theme writes about seventy values, so a 5,000-post build makes some 600,000 `Markup` objects
that are joined into the page at once and thrown away: only their text is ever used, since
the compiled code hands each output value to `concat` (a page, a macro's body, a
`{% set %}` block), never to an expression.

`Template` runs its compiled code with `escape` bound to `escape_output`, which gives the
same text as a plain `str` for the common cases (a `str`, a `Markup`) and leaves every other
value (numbers, objects with `__html__`, undefined values that must raise) to MarkupSafe.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

import jinja2
import markupsafe
from markupsafe import Markup, escape

# MarkupSafe 3's escaping (C, or its pure-Python stand-in) under `escape`; MarkupSafe 2 has
# none, and its `escape` is C through and through.
_escape_inner: Callable[[str], str] = getattr(markupsafe, "_escape_inner", escape)


def escape_output(value: Any) -> str:
    """The text `escape(value)` has: `&<>'"` escaped in a `str`, a `Markup` as it is."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:
        return value
    return escape(value)


class Template(jinja2.Template):
    """Jinja2's template, whose compiled code writes values through `escape_output`.

    The compiled module's `escape` is the only name rebound: filters and expressions that
    escape (`|e`, `~` joins, `Markup` arithmetic) call MarkupSafe themselves and still get
    `Markup`. A Jinja2 that builds templates another way just keeps MarkupSafe's `escape`."""

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment,
                        namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> jinja2.Template:
        if namespace.get("escape") is escape:
            namespace["escape"] = escape_output
        return super()._from_namespace(environment, namespace, globals)
