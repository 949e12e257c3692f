"""Code blocks are left out of a post's description as the one expression left them out.

code_blocks.py finds each block's opening tag by the expression and its closing tag by
`str.find`: blocks unclosed, nested, back to back, a `<pre>` inside a figure that is not
code, a closing tag written inside the class attribute, tags that only begin like a block's.
"""

from __future__ import annotations

import html
import random
import re

from conftest import build_ok, post

from quillpress.render.body import plain_text
from quillpress.render.code_blocks import CODE_BLOCK, without_code_blocks
from quillpress.render.highlight import highlight_block

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


def test_text_takes_each_block_as_its_tags_leave_it() -> None:
    """A post's text (search, word counts, related posts) reads each highlighted block from
    its tokens: the same words as stripping its tags, whatever markup is around it (a `<`
    left open before it, a script running over it, a block written twice or not drawn)."""
    codes = [("x = a.b(1) & c < d  # é\n\n  'q'\n", "python"), ("ls -la | wc\n", "bash"),
             ("plain &amp; text\n", ""), ("int main() { return 0; }\n", "c")]
    around = ["<p>a &amp; b</p>", "<", "<script>", "</script>", "<STYLE x>", "</style>", " ",
              "<!-- c", "-->", "<a href='x'>", "\ue000post|s|Label|p|1\ue001", "&", "#38;", "\n"]
    rng = random.Random(5)
    for _ in range(3000):
        texts: list[tuple[str, str]] = []
        parts = []
        for _ in range(rng.randint(0, 6)):
            if rng.random() < 0.4:
                code, lang = rng.choice(codes)
                block = highlight_block(code, lang, title=rng.choice(["", "T &amp; t", "<u>v</u> <b>x", "a<I>b</i>"]),
                                        url=rng.choice(["", "https://x.org"]), texts=texts)
                parts.append(block if rng.random() < 0.9 else "")  # drawn, or left out
            else:
                parts.append(rng.choice(around))
        fragment = "".join(parts)
        assert plain_text(fragment, texts) == plain_text(fragment), fragment


DRAWN = '''Intro with <b>bold</b> &amp; an entity, and <span title="a > b">a title</span>.

```python Title &amp; more https://example.com/x the link
def f(x):
    """Doc
    string."""
    return x < 1 and 'q' # done
```

- a list item

  ```js mark:1 line_number:true first_line:5
  let a = 1 && b;	// tab
  ```

> quoted
>
> ```bash
> echo "$HOME" | wc -l
> ```

Twice:

```python Title &amp; more https://example.com/x the link
def f(x):
    """Doc
    string."""
    return x < 1 and 'q' # done
```

    indented <code> & more

A note[^1] and <!-- a comment -->.

```nosuchlang
plain <text> &amp; more
```

```python highlight:false
x = 1 < 2
```

{% codeblock lang:python %}
y = {"k": 2}
{% endcodeblock %}

[^1]: The note.

    ```c
    int main() { return 0; }
    ```
'''


def test_a_posts_text_reads_its_drawn_code_as_its_stripped_body(make_blog) -> None:
    """A post's text (its search entry, word counts, related posts) reads every code block
    the Markdown renderer or a `{% codeblock %}` tag drew, wherever it stands (in a list, a
    quote, a footnote, twice, indented, unhighlighted, beside a tag's block), as the body
    with all its tags stripped reads: the same words, the caption's title and link text
    included."""
    blog = make_blog(config={"highlight": {"tab_replace": "  "}},
                     files={"content/_posts/a.md": post("A", DRAWN)})
    builder = blog.builder()
    build_ok(builder)
    assert builder.site is not None
    rendered = builder.site.posts[0].rendered
    assert rendered is not None
    assert rendered.text == plain_text(rendered.content)
    assert {"Intro", "Title", "link", "quoted", "echo", "wc", "let", "tab", "done", "indented",
            "<code>", "<text>", "main", "note."} <= set(rendered.text.split())


def test_tab_replace_true_keeps_the_tabs_of_code(make_blog) -> None:
    """`tab_replace: true` (a Hexo 3 blog's config; Hexo 7 stops on it) is no text to put in
    place of a tab: the code keeps its tabs, where it showed the word `true` in each."""
    body = "```c\nint f() {\n\treturn 0;\n}\n```\n"
    blog = make_blog(config={"highlight": {"tab_replace": True}},
                     files={"content/_posts/a.md": post("A", body)})
    build_ok(blog)
    pre = re.search(r"<pre[^>]*>(.*?)</pre>", blog.read("2024/01/02/a/index.html"), re.S)
    assert pre is not None
    code = html.unescape(re.sub(r"<[^>]+>", "", pre.group(1)))
    assert code.splitlines() == ["int f() {", "\treturn 0;", "}"]


def test_tab_replace_replaces_the_first_run_of_tabs_of_each_line(make_blog) -> None:
    """Hexo 7 (hexo-util's highlight) replaces only a line's first run of tabs, each tab by
    `tab_replace`: a tab later on the line (aligning a comment) stays a tab."""
    body = "```c\nint x;\t// one\n\t\tint y;\t\t// two\n```\n"
    blog = make_blog(config={"highlight": {"tab_replace": "  "}},
                     files={"content/_posts/a.md": post("A", body)})
    build_ok(blog)
    pre = re.search(r"<pre[^>]*>(.*?)</pre>", blog.read("2024/01/02/a/index.html"), re.S)
    assert pre is not None
    code = html.unescape(re.sub(r"<[^>]+>", "", pre.group(1)))
    assert code.splitlines() == ["int x;  // one", "    int y;\t\t// two"]
