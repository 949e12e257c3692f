"""The theme's template context calls plain helpers directly (quillpress.theme.context):
a template must see exactly what Jinja2's own context gives it, for every kind of callable
a theme or plugin may hand a template."""

from __future__ import annotations

from typing import Any

import jinja2
import jinja2.runtime
import pytest

from quillpress.theme.context import Context


class Counter:
    """A callable object that wants the context, as a plugin's helper class may."""

    @jinja2.pass_context
    def __call__(self, ctx: jinja2.runtime.Context, name: str) -> str:
        return f"{name}={ctx.get(name)}"


class Widget:
    """Methods handed to templates bound, as the theme's `fragment` and a page's `shows`."""

    def show(self, value: str) -> str:
        return f"({value})"

    @jinja2.pass_context
    def seen(self, ctx: jinja2.runtime.Context, name: str) -> str:
        return f"{name}~{ctx.get(name)}"


def stops() -> None:
    raise StopIteration


HELPERS: dict[str, Any] = {
    "plain": lambda value: f"<{value}>",
    "seen": jinja2.pass_context(lambda ctx, name: f"{name}={ctx.get(name)}"),
    "env_name": jinja2.pass_environment(lambda env: type(env).__name__),
    "eval_auto": jinja2.pass_eval_context(lambda ectx: str(ectx.autoescape)),
    "counter": Counter(), "table": {"a": 1}, "stops": stops,
    "show": Widget().show, "widget_seen": Widget().seen,
}

TEMPLATE = """
{%- macro item(x, sep='') %}[{{ x }}{{ sep }}]{% endmacro -%}
{%- for letter in 'ab' -%}
{% set shown = letter %}{{ plain(letter) }} {{ seen('shown') }} {{ counter('shown') }} {{ item(letter, sep=';') }} {{ show(letter) }} {{ widget_seen('shown') }}
{% endfor -%}
{% block body %}{% set n = 1 %}{{ seen('n') }} {{ item(n) }}{% endblock %}
{{ env_name() }} {{ eval_auto() }} {{ table.get('a') }} {{ table.get('b', 2) }} {{ 'x,y'.split(',') | join }}
{{ stops() is undefined }}
"""


def render(context_class: type[jinja2.runtime.Context]) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.context_class = context_class
    env.globals.update(HELPERS)
    return env.from_string(TEMPLATE).render()


def test_helpers_see_what_jinjas_own_context_gives_them() -> None:
    """Variables set in a loop or block reach `pass_context` helpers, `pass_environment` and
    `pass_eval_context` helpers get theirs, macros take keywords inside loops, built-in
    and bound methods work (a bound `pass_context` one gets the context), and a helper
    raising StopIteration gives an undefined value."""
    ours = render(Context)
    assert ours == render(jinja2.runtime.Context)
    assert "&lt;a&gt; shown=a shown=a [a;] (a) shown~a" in ours
    assert "n=1 [1]" in ours
    assert "Environment True 1 2 xy" in ours
    assert ours.rstrip().endswith("True")


@pytest.mark.parametrize("kind, given", [(jinja2.pass_context, "Context"),
                                         (jinja2.pass_environment, "Environment")])
def test_a_helper_function_marked_after_it_was_made_still_gets_its_argument(
        kind: Any, given: str) -> None:
    """The marker is an attribute of the function itself: a theme may set it late."""
    def helper(first: Any) -> str:
        return type(first).__name__

    env = jinja2.Environment()
    env.context_class = Context
    env.globals["helper"] = helper
    template = env.from_string("{{ helper() }}")
    kind(helper)  # sets helper.jinja_pass_arg in place
    assert template.render() == given
