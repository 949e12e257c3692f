"""Documents rendered in this process are parsed one ahead of their turn (render/lookahead.py):
each still renders as if alone, and a document that fails is the one blamed."""

from __future__ import annotations

from conftest import Blog, build_ok, post

ORDER = '''
SEEN = []

def register(api):
    @api.on("before_render")
    def parsed(doc, ctx):
        if doc.front.get("broken"):
            raise ValueError("cannot parse " + doc.title)
        SEEN.append(("parse", doc.title))

    @api.on("after_render")
    def drawn(doc, rendered, ctx):
        SEEN.append(("draw", doc.title))
'''
POSTS = {f"content/_posts/p{n}.md": post(f"P{n}", f"Text of *post {n}*, and a [link](#h{n}).\n\n"
                                           f"# Heading {n}\n\nMore {n}.\n<!-- more -->\nRest {n}.",
                                           date=f"2024-01-{n + 1:02d} 10:00:00")
         for n in range(4)}


def _site(blog: Blog) -> dict[str, bytes]:
    return {p.relative_to(blog.public).as_posix(): p.read_bytes()
            for p in sorted(blog.public.rglob("*")) if p.is_file()}


def test_the_next_document_is_parsed_before_this_one_is_drawn(make_blog, monkeypatch) -> None:
    from quillpress.render import lookahead

    blog = make_blog(files={**POSTS, "plugins/order.py": ORDER})
    build_ok(blog.builder(use_cache=False))
    from quillpress_plugin_order import SEEN
    drawn = [title for step, title in SEEN if step == "draw"]
    ahead = lookahead.DEPTH  # documents parsed ahead of the one drawn
    assert ahead >= 1 and len(drawn) > ahead + 1
    assert SEEN[:ahead + 2] == [*(("parse", title) for title in drawn[:ahead + 1]),
                                ("draw", drawn[0])]
    assert SEEN[ahead + 2] == ("parse", drawn[ahead + 1])  # one more parsed as each is drawn
    site = _site(blog)
    monkeypatch.setattr(lookahead, "DEPTH", 0)  # each document parsed only when its turn comes
    SEEN.clear()
    build_ok(blog.builder(use_cache=False))
    assert SEEN[:3] == [("parse", drawn[0]), ("draw", drawn[0]), ("parse", drawn[1])]
    assert _site(blog) == site


def test_a_document_that_fails_while_parsed_ahead_is_the_one_named(make_blog) -> None:
    """The error is raised for that document when its turn comes; the one drawn meanwhile,
    and the ones after, render."""
    files = {**POSTS, "plugins/order.py": ORDER}
    files["content/_posts/p2.md"] = files["content/_posts/p2.md"].replace(
        "title: P2", "title: P2\nbroken: true")
    blog = make_blog(files=files)
    result = blog.build(use_cache=False)
    [error] = result.problems.errors
    assert "rendering failed" in str(error) and "cannot parse P2" in str(error)
    assert "_posts/p2.md" in str(error)
    from quillpress_plugin_order import SEEN
    assert {title for step, title in SEEN if step == "draw"} == {"P0", "P1", "P3"}
