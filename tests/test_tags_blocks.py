"""blockquote, pullquote, note, raw, img, link, iframe; unknown tags; hostile arguments."""

from __future__ import annotations

import json

from _tags_html import parse
from conftest import build_ok

URL = "2024/03/01/t/index.html"


def build(make_blog, text: str, config: dict | None = None, images: tuple[str, ...] = ()):
    """One post made of `text`; `images` are site files it shows (so its links are not broken)."""
    blog = make_blog(config=config, files={
        "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n" + text,
        **{f"content/{name}": "image bytes\n" for name in images}})
    result = build_ok(blog)
    return blog, result, parse(blog.read(URL))


def test_blockquote_forms(make_blog):
    _, result, page = build(make_blog, """
{% blockquote %}
Plain **quote**.
{% endblockquote %}

{% blockquote David Levithan, Wide Awake %}
Do not just seek happiness for yourself.
{% endblockquote %}

{% quote @DevDocs https://twitter.com/devdocs/status/356095192085962752 %}
We just made a big update.
{% endquote %}

{% blockquote Seth Godin https://sethgodin.typepad.com/seths_blog/2009/07/welcome.html Welcome to Island Marketing %}
Every interaction is precious.
{% endblockquote %}

{% blockquote Ann https://www.example.org/notes/index.html %}
A home page.
{% endblockquote %}
""")
    plain, book, tweet, article, home = page.find_all("blockquote")
    assert plain.find("strong").text == "quote"  # the body is Markdown
    assert not plain.find_all("footer")
    assert book.find("footer").find("strong").text == "David Levithan"
    assert book.find("cite").text == "Wide Awake"
    link = tweet.find("cite").find("a")
    assert link.attrs["href"] == "https://twitter.com/devdocs/status/356095192085962752"
    assert link.text == "twitter.com/devdocs/status/356095192085962752"  # as Hexo 7 shows it
    assert article.find("strong").text == "Seth Godin"
    assert article.find("a").text == "Welcome to Island Marketing"
    assert home.find("a").text == "www.example.org/notes"
    assert not result.problems.warnings


def test_pullquote_and_note_forms(make_blog):
    blog, _, page = build(make_blog, """
{% pullquote left %}
Say it **loud**.
{% endpullquote %}

{% note %}
Default note.
{% endnote %}

{% note warning no-icon %}
Careful with `rm -rf`.
{% endnote %}

{% note info Click to see **more** %}
- hidden
- list
{% endnote %}
""")
    pull = page.find("blockquote", "pullquote")
    assert pull.classes == ["pullquote", "left"] and pull.find("strong").text == "loud"
    default, warning = page.find_all("div", "note")
    assert default.classes == ["note", "default"]
    assert warning.classes == ["note", "warning", "no-icon"] and warning.find("code").text == "rm -rf"
    folded = page.find("details", "note")
    assert folded.classes == ["note", "info"]
    assert folded.find("summary").text == "Click to see more"
    assert folded.find("summary").find("strong").text == "more"
    assert [li.text for li in folded.find_all("li")] == ["hidden", "list"]


def test_tag_styles_are_linked_only_where_used(make_blog):
    blog = make_blog(files={
        "content/_posts/a.md": "---\ntitle: A\ndate: 2024-03-01\n---\n{% note info %}\nx\n{% endnote %}\n",
        "content/_posts/b.md": "---\ntitle: B\ndate: 2024-03-02\n---\nplain\n"})
    assert blog.build().ok
    styled = parse(blog.read("2024/03/01/a/index.html")).find_all("link")
    hrefs = [link.attrs["href"] for link in styled if link.attrs.get("rel") == "stylesheet"]
    assert "/hexo-tags/tags.css" in hrefs
    assert ".note.info" in blog.read("hexo-tags/tags.css")
    assert "/hexo-tags/tags.css" not in blog.read("2024/03/02/b/index.html")


def test_raw_keeps_its_body_untouched(make_blog):
    _, result, page = build(make_blog, """
{% raw %}
<div class="widget">{% not_a_tag %} **not bold** {{ mustache }}</div>
{% endraw %}

Inline {% raw %}{% also_literal {# kept #} %}{% endraw %} here, and {{ site.title }} stays.
""")
    widget = page.find("div", "widget")
    assert widget.text == "{% not_a_tag %} **not bold** {{ mustache }}"
    assert "Inline {% also_literal {# kept #} %} here, and {{ site.title }} stays." in page.find("p").text
    assert not result.problems.warnings


def test_raw_around_a_fence_still_shows_a_code_block(make_blog):
    """Hexo makes code blocks of fences before it reads tags, so a writer's raw pair around a
    fence (there to keep a template's `{% %}` from Nunjucks) shows code, not backticks."""
    _, result, page = build(make_blog, """
{% raw %}

```jinja
{% for item in shelf %}{{ item }}{% endfor %}
```

{% endraw %}

After.
""")
    assert page.find("code").text.strip() == "{% for item in shelf %}{{ item }}{% endfor %}"
    assert "```" not in page.text and page.find_all("p")[-1].text == "After."
    assert not result.problems.warnings


def test_link_card_form_of_volantis_and_butterfly_blogs(make_blog):
    """`{% link title, url, image %}` (a theme script, not Hexo's link) is a card showing the
    title and the URL; read as Hexo's link it gave a URL ending in a comma."""
    _, result, page = build(make_blog, """
{% link 'Field notes', https://example.org/notes/, /icons/notes.png %}

{% link Hello, world https://example.org/ %}
""", images=("icons/notes.png",))
    card, plain = page.find_all("a")
    assert card.attrs["href"] == "https://example.org/notes/"
    assert [card.find("strong").text, card.find("small").text] == [
        "Field notes", "https://example.org/notes/"]
    assert card.find("img").attrs["src"] == "/icons/notes.png"
    assert (plain.text, plain.attrs["href"]) == ("Hello, world", "https://example.org/")
    assert not result.problems.warnings


def test_raw_inside_a_code_span_shows_what_it_wraps(make_blog):
    """Hexo renders tags in code spans too, so its writers wrap the braces they want to show
    there in raw/endraw: the pair goes, what it wraps stays (a tag-free code span is as
    written, and fences keep raw literally, as Hexo hides them from its tags)."""
    _, result, page = build(make_blog, """
Filter: `{% raw %}{{{% endraw %}name|upper{% raw %}}}{% endraw %}` and
`{% raw %}{%{% endraw %} asset_img a.png {% raw %}%}{% endraw %}` and `{{ kept }}`.

```
{% raw %}fenced{% endraw %}
```
""")
    assert [c.text for c in page.find("p").find_all("code")] == [
        "{{name|upper}}", "{% asset_img a.png %}", "{{ kept }}"]
    assert page.find("pre").text.strip() == "{% raw %}fenced{% endraw %}"
    assert not result.problems.warnings


def test_unknown_tag_warns_with_line_and_stays_visible(make_blog):
    _, result, page = build(make_blog, "Intro.\n\n{% jwplayer abc123 %}\n\nText {% nope x %} end.\n")
    texts = [p.text for p in page.find_all("p")]
    assert "{% jwplayer abc123 %}" in texts and "Text {% nope x %} end." in texts
    where = sorted((w.path, w.line, w.message) for w in result.problems.warnings)
    assert where == [("content/_posts/t.md", 8, "unknown tag {% jwplayer %}"),
                     ("content/_posts/t.md", 10, "unknown tag {% nope %}")]


def test_img_forms(make_blog):
    _, result, page = build(make_blog, """
{% img /images/a.png %}

{% img left shadow /images/b.png 300 200 "Sunset 'the sea at dusk'" %}

{% image https://example.com/c.jpg 50% '"A title" "An alt"' %}
""", config={"root": "/blog/"}, images=("images/a.png", "images/b.png"))
    a, b, c = page.find_all("img")
    assert a.attrs["src"] == "/blog/images/a.png"  # site paths go under root
    assert (b.attrs["class"], b.attrs["width"], b.attrs["height"]) == ("left shadow", "300", "200")
    assert (b.attrs["title"], b.attrs["alt"]) == ("Sunset", "the sea at dusk")
    assert c.attrs["src"] == "https://example.com/c.jpg" and c.attrs["width"] == "50%"
    assert (c.attrs["title"], c.attrs["alt"]) == ("A title", "An alt")
    assert all(img.attrs["loading"] == "lazy" for img in (a, b, c))
    assert not result.problems.warnings


def test_link_and_iframe(make_blog):
    _, _, page = build(make_blog, """
{% link Hexo docs https://hexo.io/docs/ %} and {% a Archive /archives/ %} and
{% anchor New tab https://example.com true "Opens a tab" %}

{% iframe https://www.youtube.com/embed/dQw4w9WgXcQ 560 315 %}

{% iframe https://example.com/map %}
""")
    docs, archive, tab = page.find_all("a")
    assert (docs.text, docs.attrs["href"]) == ("Hexo docs", "https://hexo.io/docs/")
    assert "target" not in docs.attrs
    assert archive.attrs["href"] == "/archives/"
    assert (tab.attrs["target"], tab.attrs["title"]) == ("_blank", "Opens a tab")
    assert "noopener" in tab.attrs["rel"]
    video, map_ = page.find_all("iframe")
    assert (video.attrs["width"], video.attrs["height"]) == ("560", "315")
    assert (map_.attrs["width"], map_.attrs["height"]) == ("100%", "300")


def test_hostile_arguments_are_escaped_or_refused(make_blog):
    blog, result, page = build(make_blog, """
{% img /a.png 10 10 '"x\\" onerror=\\"alert(1)" "<script>alert(2)</script>"' %}

{% link <script>alert(3)</script> javascript:alert(4) %}

{% iframe javascript:alert(5) %}

{% img data:text/html;base64,PHNjcmlwdD4= %}

{% blockquote <script>alert(6)</script> %}
body
{% endblockquote %}

{% note danger <img src=x onerror=alert(7)> %}
body
{% endnote %}

{% pullquote "x\\" onclick=\\"alert(8)" %}
body
{% endpullquote %}

{% codeblock "<script>alert(9)</script>" lang:"><script> %}
x
{% endcodeblock %}
""", images=("a.png",))
    out = blog.read(URL)
    assert "<script" not in out.replace("&lt;script", "")
    assert "javascript:" not in out.replace("&#x27;javascript:", "")
    img = page.find("img")
    assert set(img.attrs) == {"src", "width", "height", "title", "alt", "loading"}  # no handler
    assert "onerror" not in img.attrs and "onclick" not in page.find("blockquote", "pullquote").attrs
    assert page.find("blockquote", "hexo-quote").find("strong").text == "<script>alert(6)</script>"
    assert page.find("summary").text == "<img src=x onerror=alert(7)>"
    assert page.find("span", "code-title").text == "<script>alert(9)</script>"
    refused = [w.message for w in result.problems.warnings]
    assert len(refused) == 3 and all("refusing" in m for m in refused)


def test_a_note_indented_inside_a_list_item_reads_as_markdown_not_as_code(make_blog):
    # Found by the Hexo oracle: Hexo strips the indentation a tag body's lines share, so a
    # note written (here with tabs) under a list item shows paragraphs, not a code block.
    _, result, page = build(make_blog, (
        "- Save your work\n\n"
        "\t```sh\n\tsave --all\n\t```\n\n"
        "\t{% note info %}\n\t\n"
        "\tWrite a **short** message.\n\t\n"
        "\tA second paragraph with `code`.\n\t\n"
        "\t{% endnote %}\n\n"
        "  {% blockquote %}\n    - first\n    - second\n  {% endblockquote %}\n"))
    note = page.find("li").find("div", "note")  # still inside the list item
    assert not note.find_all("pre")
    assert [p.text for p in note.find_all("p")] == ["Write a short message.",
                                                     "A second paragraph with code."]
    assert [li.text for li in page.find("blockquote").find_all("li")] == ["first", "second"]
    assert not result.problems.warnings


def test_tabs_indented_inside_a_list_item_show_their_markdown_not_code(make_blog):
    # Found by the Hexo oracle: the indentation is stripped from every tag body, also from one
    # the tag receives unrendered (tabs cut theirs into parts and render each): NexT's tabs
    # under a numbered step show a paragraph, an indented code block and a list.
    _, result, page = build(make_blog, (
        "1. Set up the tool:\n\n"
        "    {% tabs setup %}\n    <!-- tab Linux -->\n    Run the **script**:\n\n"
        "        make install\n\n    - first\n    - second\n    <!-- endtab -->\n"
        "    <!-- tab Mac -->\n    Open the app.\n    <!-- endtab -->\n    {% endtabs %}\n\n"
        "2. Use it.\n"))
    step = page.find("li")
    linux, mac = step.find_all("div", "tt-tab-panel")  # still inside the first step
    assert linux.find("p").find("strong").text == "script"
    assert linux.find("code").text.strip() == "make install"  # indented further: code
    assert [li.text for li in linux.find_all("li")] == ["first", "second"]
    assert [p.text for p in mac.find_all("p")] == ["Open the app."] and not mac.find_all("pre")
    assert not result.problems.warnings


def test_a_tag_opened_over_several_lines_as_nunjucks_reads_it(make_blog):
    """`{%` alone on its line, the tag's name and each argument below: Hexo (Nunjucks) reads
    one tag, so its readers saw the player, not the arguments (found by the Hexo oracle)."""
    text = ('Watch:\n\n{%\n    blockquote\n    Ada Lovelace\n%}\nThe engine weaves patterns.\n'
            '{% endblockquote %}\n\nA blank line inside is not a tag:\n\n{% blockquote\n\n%}\n')
    _, result, page = build(make_blog, text)
    [quote] = page.find_all("blockquote")
    assert "The engine weaves patterns." in quote.text and "Ada Lovelace" in quote.text
    paragraphs = [p.text.strip() for p in page.find_all("p")]
    assert not any("Ada Lovelace" in p for p in paragraphs if "engine" not in p)
    assert any(p.startswith("{% blockquote") for p in paragraphs)  # left as written


SHOWN = '''import html, json

def register(api):
    api.tag("shown", lambda ctx, args, body: f'<code class="got">{html.escape(json.dumps(body))}</code>',
            ends=True)
'''


def test_a_plugin_tag_gets_its_body_as_hexo_hands_it_over(make_blog):
    """Hexo strips a body's shared indent, then one line break at each end: a body whose end
    tag is indented like its text ends without a line break. Each expected body is what
    Hexo 7.3 gave a tag registered the same way (checked on this text)."""
    blog = make_blog(files={"plugins/shown.py": SHOWN,
                            "content/_posts/t.md": "---\ntitle: T\ndate: 2024-03-01\nlayout: false\n---\n" + (
        "- An item with a box:\n\n  {% shown %}\n    My first line.\n    My second line.\n"
        "  {% endshown %}\n\n"
        "{% shown %}\n    Four spaces in front.\n    {% endshown %}\n\n"
        "{% shown %}\nflush text\n  {% endshown %}\n\n"
        "A {% shown %}\nword\n{% endshown %} b and {% shown %}  two  {% endshown %}.\n")})
    build_ok(blog)
    got = [json.loads(code.text) for code in parse(blog.read(URL)).find_all("code", "got")]
    assert got == ["My first line.\nMy second line.\n  ", "Four spaces in front.",
                   "flush text\n  ", "word", "two  "]
