"""Values written by the theme's templates (quillpress.theme.output): a page must read exactly
as with Jinja2's own templates, whatever a theme or plugin writes with `{{ … }}`."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from quillpress.theme.output import Template


class Html:
    """An object that renders itself as HTML, as a plugin's widget may."""

    def __html__(self) -> str:
        return "<b>widget</b>"

    def __str__(self) -> str:
        return "<not this>"


class Title(str):
    """A `str` subclass, as a plugin's value may be: escaped like any text."""


class Trusted(Markup):
    """A `Markup` subclass: written as it is."""


VALUES: dict[str, Any] = {
    "text": "Tom & \"Jerry\" <'cat'>", "markup": Markup("<i>safe</i> &amp;"),
    "number": 3, "none": None, "widget": Html(), "items": ["<a>", Markup("<b>")],
    "title": Title("<s>x</s>&"), "trusted": Trusted("<u>y</u>"),
}

TEMPLATE = """
{%- macro box(x) %}<div>{{ x }}</div>{% endmacro -%}
{{ text }}|{{ markup }}|{{ number }}|{{ none }}|{{ widget }}|{{ items }}|{{ text | e }}
{{ box(text) }}{{ box(markup) }}{% set block %}{{ text }}{{ widget }}{% endset %}{{ block }}
{{ text ~ markup }}|{{ markup ~ text }}|{{ (markup + text) }}|{{ text | safe }}
{% for value in items %}{{ value }};{% endfor %}
{{ title }}|{{ trusted }}|{{ title | upper }}|{{ title | truncate(5) }}|{{ text | replace("&", "+") }}
{% filter upper %}{{ text }}{% endfilter %}|{% autoescape false %}{{ text }}{% endautoescape %}
"""


def render(template_class: type[jinja2.Template], source: str = TEMPLATE) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.template_class = template_class
    return env.from_string(source).render(VALUES)


def test_pages_read_as_with_jinjas_own_escaping() -> None:
    """Text is escaped, `Markup` and `__html__` objects are written as they are, numbers and
    None as their text, in pages, macros, `{% set %}` blocks and joins alike."""
    ours = render(Template)
    assert ours == render(jinja2.Template)
    assert "Tom &amp; &#34;Jerry&#34; &lt;&#39;cat&#39;&gt;|<i>safe</i> &amp;|3|None|<b>widget</b>" in ours
    assert "<div>Tom &amp;" in ours and "<div><i>safe</i>" in ours
    assert "&lt;s&gt;x&lt;/s&gt;&amp;|<u>y</u>|&lt;S&gt;X&lt;/S&gt;&amp;|" in ours
    assert "TOM &AMP; &#34;JERRY&#34; &LT;&#39;CAT&#39;&GT;|Tom & \"Jerry\" <'cat'>" in ours


def test_a_missing_value_still_stops_the_page() -> None:
    """A misspelt variable is an error naming it, not an empty string on the page."""
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        render(Template, "{{ missing }}")


def test_a_template_read_back_from_the_bytecode_cache_escapes_alike(tmp_path) -> None:
    """The theme keeps compiled templates on disk between builds: one loaded from there is
    written exactly as one compiled afresh."""
    pages = []
    for _build in range(2):
        env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                 loader=jinja2.DictLoader({"page.html": TEMPLATE}),
                                 bytecode_cache=jinja2.FileSystemBytecodeCache(str(tmp_path)))
        env.template_class = Template
        pages.append(env.get_template("page.html").render(VALUES))
    assert list(tmp_path.iterdir()), "nothing was cached: the test would prove nothing"
    assert pages[0] == pages[1] == render(jinja2.Template)
