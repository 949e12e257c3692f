"""The template context: Jinja2's own, with a quicker way to call plain functions.

Every call in a template (`url_for(post.path)`, `date(post.date)`, a macro) goes through
`Context.call`, which asks the callable twice whether it wants the context, environment or
eval context passed first (`pass_context` and friends), and drops the loop and block
variables Jinja2 hands every call made inside a loop or block. A page of the default theme
makes about seventy such calls, and a build makes pages by the thousand: the two questions
were a tenth of the time spent rendering templates.

A plain Python function, a macro or a built-in one cannot answer yes without carrying a
`jinja_pass_arg` attribute of its own, which is one dictionary lookup to rule out; nor can a
method bound to one (`fragment`, `page.shows`: Jinja2 asks the method, which reads the
function's attributes, after raising and catching an AttributeError twice). Those are called
directly here; anything else (a plugin's `pass_context` helper, a callable object) takes
Jinja2's own path, so what a template sees is unchanged.
"""

from __future__ import annotations

import types
from typing import Any

import jinja2.runtime

# Callables that cannot carry `jinja_pass_arg`: they have no attribute dictionary.
_BUILT_IN = frozenset({types.BuiltinFunctionType, types.BuiltinMethodType,
                       types.MethodWrapperType, types.WrapperDescriptorType,
                       types.MethodDescriptorType})
# Callables whose `jinja_pass_arg`, if any, is in their own attribute dictionary.
_PLAIN = frozenset({types.FunctionType, jinja2.runtime.Macro})


class Context(jinja2.runtime.Context):
    """Jinja2's context; `call` skips the `pass_*` questions for plain callables."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja2's names)
        kind = type(__obj)
        plain = __obj.__func__ if kind is types.MethodType else __obj
        if kind in _BUILT_IN or (
                type(plain) in _PLAIN and "jinja_pass_arg" not in plain.__dict__):
            if kwargs:
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:  # as Jinja2 does: a StopIteration must not end the page
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)
