"""Mermaid at build time: fences and the three themes' tag forms become figures holding the
diagram's source; only pages with a diagram load the runtime; feeds and search get the text."""

from __future__ import annotations

import json

from _tags_html import body, parse
from conftest import search_entries

POST = "---\ntitle: {title}\ndate: 2024-03-0{day}\n---\n"


def build(make_blog, posts: dict[str, str], config: dict | None = None):
    files = {f"content/_posts/{name}.md": POST.format(title=name, day=n + 1) + text
             for n, (name, text) in enumerate(posts.items())}
    blog = make_blog(config=config, files=files)
    result = blog.build()
    assert result.ok, [str(e) for e in result.problems.errors]
    return blog, result


def sources(page: str) -> list[str]:
    return [f.find("pre", "qp-mermaid-source").text for f in body(page).find_all("figure", "qp-mermaid")]


def test_fence_and_tag_forms(make_blog):
    blog, result = build(make_blog, {"d": """
```mermaid
graph LR
  A --> B
```

{% mermaid graph TD %}
  C --> D
{% endmermaid %}

{% mermaid {"theme":"forest"} %}
sequenceDiagram
  Ann->>Bob: hi <b>
{% endmermaid %}

{% mermaid {broken %}
pie
  "x": 1
{% endmermaid %}
"""})
    page = blog.read("2024/03/01/d/index.html")
    # A tag's body loses the indentation its lines share, as Hexo gives every tag its body.
    assert sources(page) == ["graph LR\n  A --> B", "graph TD\nC --> D",
                             "sequenceDiagram\n  Ann->>Bob: hi <b>", 'pie\n  "x": 1']
    figures = body(page).find_all("figure", "qp-mermaid")
    assert json.loads(figures[2].attrs["data-config"]) == {"theme": "forest"}
    assert "data-config" not in figures[3].attrs
    assert [w.message for w in result.problems.warnings if "mermaid" in w.message][0].startswith(
        "{% mermaid %}: the config '{broken' is not JSON")


def test_runtime_and_library_only_where_a_diagram_is(make_blog):
    blog, _ = build(make_blog, {"d": "```mermaid\ngraph LR\nA-->B\n```\n", "plain": "No diagram.\n",
                                # a lexer that leaves quotes as they are, the figure's HTML shown
                                "shown": '```text\n<figure class="qp-mermaid">\n```\n'})
    head = parse(blog.read("2024/03/01/d/index.html")).find("head")
    runtime = [s for s in head.find_all("script") if "qp-mermaid.js" in s.attrs.get("src", "")]
    assert len(runtime) == 1 and runtime[0].attrs["data-mermaid"] == "/js/mermaid/mermaid.min.js"
    assert "qp-mermaid" not in blog.read("2024/03/02/plain/index.html")
    shown = blog.read("2024/03/03/shown/index.html")
    assert 'class="qp-mermaid"' in shown and "qp-mermaid.js" not in shown
    library = blog.public / "js" / "mermaid" / "mermaid.min.js"
    assert library.stat().st_size > 1_000_000  # the npm build, copied at build time


def test_feed_and_search_get_the_source_text(make_blog):
    blog, _ = build(make_blog, {"d": "Before.\n\n```mermaid\ngraph LR\n  Kettle --> Teapot\n```\n"},
                    {"feed": {"type": "atom"}, "search": {"path": "search.json"}})
    assert "Kettle --&gt; Teapot" in blog.read("atom.xml")
    records = search_entries(blog)
    assert any("Kettle --> Teapot" in json.dumps(r, ensure_ascii=False).replace("\\u003e", ">")
               for r in records)


def test_config_forms_of_the_mermaid_filter(make_blog):
    blog, result = build(make_blog, {"d": "```mermaid\ngraph LR\nA-->B\n```\n\n{% mermaid %}\npie\n{% endmermaid %}\n"},
                         {"mermaid": {"enable": False, "version": "8.0.0", "options": {}}})
    page = body(blog.read("2024/03/01/d/index.html"))
    assert not page.find_all("figure", "qp-mermaid")
    assert [c.text for c in page.find_all("code")][-1] == "pie"  # shown as code, as with the filter off
    assert "graph LR" in page.find_all("pre")[0].text
    assert not [w for w in result.problems.warnings if "mermaid" in w.message]
    blog, _ = build(make_blog, {"e": "```mermaid\ngraph LR\nA-->B\n```\n"}, {"mermaid": True})
    assert body(blog.read("2024/03/01/e/index.html")).find_all("figure", "qp-mermaid")

