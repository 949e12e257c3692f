"""A fence opened in a list item whose code lines start at the margin is one code block.

Found by the Hexo oracle (bench/hexo_diff) on a real blog: code under list items, written with
the fence indented and the code not, showed as paragraphs of text with a stray fence (about 300
false line breaks over 8 posts), where Hexo showed code blocks.
"""

from __future__ import annotations

from _tags_html import body
from conftest import build_ok, post

POST = """Steps:

- Build the tool
    ```sh
make all
  echo "built"
    ```
- Run it, as usual
  ```py
  run()
  ```
- Done

An open fence at the end of a list item stays CommonMark's:

- Loose
  ```
never closed
"""


def test_code_under_a_list_item_stays_one_code_block(make_blog):
    blog = make_blog(files={"content/_posts/a.md": post("Fences", POST)})
    result = build_ok(blog)
    assert not result.problems.warnings
    page = body(blog.read("2024/01/02/a/index.html"))
    first, second, *_ = page.find_all("ul")
    items = first.find_all("li")
    assert len(items) == 3 and items[2].text.strip() == "Done"  # one list, not two
    assert items[0].text.startswith("Build the tool") and items[1].text.startswith("Run it")
    build_code, run_code = (li.find("pre").text for li in first.find_all("li")[:2])
    assert build_code == 'make all\n  echo "built"\n'  # its own indentation kept
    assert run_code == "run()\n"
    assert "```" not in page.text and "make all" not in "".join(p.text for p in page.find_all("p"))
    assert "never closed" in page.text


# A closing fence indented four columns or more is code to CommonMark, which then ends the
# block at the next fence it finds: the text between became code and the code after it text.
# Hexo's filter closes the block at the first line holding the same fence, at any indentation.
DEEP_CLOSE = """Two swaps:

```
swap(a, b);
    ```
Only the values move.

  ```
swap(c, d);
  ```

Then:

~~~
    ~~~~
plain
~~~

Nested:

```yaml
text: |
    ```
    inner
    ```
```
"""


def test_a_closing_fence_indented_four_columns_closes_the_block(make_blog):
    blog = make_blog(files={"content/_posts/a.md": post("Deep", DEEP_CLOSE)})
    build_ok(blog)
    page = body(blog.read("2024/01/02/a/index.html"))
    codes = [pre.text for pre in page.find_all("pre")]
    # an indented pair inside a block is an example in the code, kept whole (Hexo cuts it)
    assert codes == ["swap(a, b);\n", "swap(c, d);\n", "    ~~~~\nplain\n",
                     "text: |\n    ```\n    inner\n    ```\n"]
    texts = [p.text for p in page.find_all("p")]
    assert texts == ["Two swaps:", "Only the values move.", "Then:", "Nested:"]
