"""Code blocks are left out of a post's description as the one expression left them out.

code_blocks.py finds each block's opening tag by the expression and its closing tag by
`str.find`: blocks unclosed, nested, back to back, a `<pre>` inside a figure that is not
code, a closing tag written inside the class attribute, tags that only begin like a block's.
"""

from __future__ import annotations

import random

from conftest import build_ok, post

from quillpress.render.code_blocks import CODE_BLOCK, without_code_blocks

PIECES = ['<figure class="highlight js">', "<figure class='code-block'>", "<figure>",
          '<figure class="image">', '<figure data-x="1" class="a highlight">', "</figure>",
          "<pre>", "<pre class='x'>", "<preview>", "</pre>", "<span>t</span>", "text ",
          "<p>", "</p>", '<figure class="code-block </figure> x">',
          '<figure class="highlight </figure> highlight">', '"', "'", ">", "\n"]


def test_blocks_cut_as_the_expression_cuts_them() -> None:
    rng = random.Random(3)
    fragments = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
                 for _ in range(20000)]
    assert [f for f in fragments if without_code_blocks(f) != CODE_BLOCK.sub(" ", f)] == []


def test_description_leaves_out_the_code(make_blog) -> None:
    """A post without an excerpt: its description is its text with no code in it, from
    before, between and after the blocks."""
    body = ("Before the code.\n\n```python\nimport torch\ntorch.cuda.amp\n```\n\nBetween.\n\n"
            "    indented code\n\nAfter it.\n")
    blog = make_blog(files={"content/_posts/a.md": post("A", body)})
    build_ok(blog)
    page = blog.read("2024/01/02/a/index.html")
    assert 'name="description" content="Before the code. Between. After it."' in page
