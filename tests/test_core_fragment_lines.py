"""A warning raised inside a tag's body names the line it is on in the source file. Found on
Butterfly's documentation blog: a broken tag deep inside a `{% hideToggle %}` was reported at
line 59 of a post where it sat on line 2,825 (the body's lines were counted from the top)."""

from __future__ import annotations

from conftest import build_ok

HEAD = "---\ntitle: T\ndate: 2024-03-01\n---\n"  # the body starts on line 5


def warnings_of(make_blog, body: str) -> list[str]:
    blog = make_blog(config={"theme": "landscape"}, files={"content/_posts/t.md": HEAD + body})
    return [str(w) for w in build_ok(blog).problems.warnings]


def where(warned: list[str], words: str) -> list[str]:
    return [w.split(": ", 1)[0] for w in warned if words in w]


def test_a_broken_tag_in_a_fold_names_its_own_line(make_blog):
    body = ("Intro.\n\n" * 10  # lines 5-24
            + "{% hideToggle Old notes %}\n"  # line 25
            + "First.\n\n" * 3  # lines 26-31
            + "1. fine\n2. see {% asset_img nowhere.png %} here\n"  # the tag on line 33
            + "{% endhideToggle %}\n")
    assert where(warned := warnings_of(make_blog, body), "asset_img") == ["content/_posts/t.md:33"], warned


def test_nested_folds_and_an_unknown_tag_after_them(make_blog):
    body = ("{% note info %}\n"  # line 5
            + "Above.\n\n"  # lines 6-7
            + "{% hideToggle Inner %}\n"  # line 8
            + "Text with {% nosuchtag a %} in it.\n"  # line 9
            + "{% endhideToggle %}\n{% endnote %}\n\n"  # lines 10-12
            + "After {% othertag b %}.\n")  # line 13
    warned = warnings_of(make_blog, body)
    assert where(warned, "nosuchtag") == ["content/_posts/t.md:9"], warned
    assert where(warned, "othertag") == ["content/_posts/t.md:13"], warned


def test_a_formula_error_in_a_note_names_its_line(make_blog):
    body = ("Fine $x$.\n\n"  # lines 5-6
            + "{% note warning %}\n"  # line 7
            + "A sum:\n\n"  # lines 8-9
            + "$$\\frac{a}{$$\n"  # line 10: KaTeX refuses it
            + "{% endnote %}\n")
    warned = warnings_of(make_blog, body)
    assert where(warned, "frac") == ["content/_posts/t.md:10"], warned


def test_a_broken_tag_in_the_second_tab_names_its_line(make_blog):
    body = ("{% note blue %}\nA note first.\n{% endnote %}\n\n"  # lines 5-8
            + "{% tabs shelf %}\n<!-- tab One -->\n"  # lines 9-10
            + "{% tabs inner %}\n<!-- tab Deep -->\ndeep\n<!-- endtab -->\n{% endtabs %}\n"  # 11-15
            + "<!-- endtab -->\n<!-- tab Two -->\n"  # lines 16-17
            + "Words, then:\n\n"  # lines 18-19
            + "{% link nothing here %}\n"  # line 20
            + "<!-- endtab -->\n{% endtabs %}\n")
    warned = warnings_of(make_blog, body)
    assert where(warned, "needs some text") == ["content/_posts/t.md:20"], warned


def test_a_body_that_starts_on_its_tags_line_counts_from_there(make_blog):
    """A body written on the tag's own line, or after an opening tag spread over two lines:
    its lines were counted from the line after the tag's first line, one off."""
    body = ("{% note info %}Same line {% asset_img first.png %}\n"  # line 5
            + "then {% asset_img second.png %}\n{% endnote %}\n\n"  # lines 6-8
            + "{% note info\n  Spread %}\n"  # lines 9-10
            + "under {% asset_img third.png %}\n{% endnote %}\n\n"  # lines 11-13
            + "{% nosuchpair %}Kept {% asset_img fourth.png %}\n{% endnosuchpair %}\n")  # 14-15
    warned = warnings_of(make_blog, body)
    assert [where(warned, name) for name in ("first", "second", "third", "fourth")] == [
        ["content/_posts/t.md:5"], ["content/_posts/t.md:6"], ["content/_posts/t.md:11"],
        ["content/_posts/t.md:14"]], warned


def test_tabs_whose_body_starts_on_the_tags_line_count_from_there(make_blog):
    """Tabs receive their body unrendered and render each tab themselves: they counted its
    lines from the line after the tag, one off for a body on the tag's own line or after an
    opening tag spread over two lines."""
    body = ("{% tabs shelf %}<!-- tab One -->\n"  # line 5
            + "Words, then {% link nothing here %}\n"  # line 6
            + "<!-- endtab -->\n{% endtabs %}\n\n"  # lines 7-9
            + "{% tabs rack,\n  1 %}\n"  # lines 10-11
            + "<!-- tab Two -->\n"  # line 12
            + "Also {% link nothing there %}\n"  # line 13
            + "<!-- endtab -->\n{% endtabs %}\n")
    warned = [w for w in warnings_of(make_blog, body) if "needs some text" in w]
    assert [w.split(": ", 1)[0] for w in warned] == ["content/_posts/t.md:6", "content/_posts/t.md:13"], warned


def test_a_chart_tag_spread_over_two_lines_names_its_bodys_line(make_blog):
    """The echarts tag counted its body from the line after its first one: after an opening
    tag spread over two lines, or a body starting on the tag's own line, one off."""
    body = ("{% echarts\n  400 %}\n"  # lines 5-6
            + "var a = 1;\nvar b = [1, 2;\n{% endecharts %}\n\n"  # the broken line is 8
            + "{% echarts 300 %}var c = [3,;\n{% endecharts %}\n")  # line 11
    warned = warnings_of(make_blog, body)
    assert where(warned, "[1, 2;") == ["content/_posts/t.md:8"], warned
    assert where(warned, "[3,;") == ["content/_posts/t.md:11"], warned


def test_a_fence_and_a_tag_in_a_body_shown_as_markdown_name_their_own_lines(make_blog):
    """A tag that renders its body itself (a foreign tag shown as Markdown) counted it from
    the line after the tag, so a body on the tag's own line was one off; a chart fence in it
    names its own line, not the line its tag's body starts on."""
    body = ("{% aplayerlrc %}Words {% nosuchtag %}\n"  # line 5
            + "```echarts\n{\"series\": [1 2]}\n```\n"  # the fence's broken line is 7
            + "{% endaplayerlrc %}\n")
    warned = warnings_of(make_blog, body)
    assert where(warned, "nosuchtag") == ["content/_posts/t.md:5"], warned
    assert where(warned, "invalid JSON") == ["content/_posts/t.md:7"], warned


def test_a_broken_tag_in_the_second_timeline_entry_names_its_line(make_blog):
    """A timeline renders each entry itself: every entry was counted from the line after the
    tag, so a warning in the second entry named a line of the first."""
    body = ("{% timeline Year %}\n"  # line 5
            + "<!-- timeline Spring -->\nPlanted.\n<!-- endtimeline -->\n"  # lines 6-8
            + "<!-- timeline Summer -->\n"  # line 9
            + "Words, then:\n\n{% link nothing here %}\n"  # the tag on line 12
            + "<!-- endtimeline -->\n{% endtimeline %}\n")
    warned = warnings_of(make_blog, body)
    assert where(warned, "needs some text") == ["content/_posts/t.md:12"], warned


def test_a_fence_in_a_raw_pair_names_its_own_line(make_blog):
    """A raw pair around a fence is parsed alone (Hexo draws fences before tags): its lines
    were counted from the top of the post, so a broken chart there named line 6, not 9."""
    body = ("Intro.\n\n"  # lines 5-6
            + "{% raw %}\n```echarts\n"  # lines 7-8
            + '{"series": [1 2]}\n'  # line 9
            + "```\n{% endraw %}\n")
    assert where(warned := warnings_of(make_blog, body), "invalid JSON") == ["content/_posts/t.md:9"], warned


def test_a_warning_in_an_included_file_names_the_tag_and_the_files_line(make_blog):
    """include_raw's file was counted as the post's lines below the tag, so its broken tag
    named line 8 of the post (another tag's line), not the include's line and its own."""
    blog = make_blog(config={"theme": "landscape"}, files={
        "content/_posts/t.md": HEAD + "{% include_raw /_parts/box.md %}\n\n"  # line 5
                               + "Words {% othertag %}\n",  # line 7
        "content/_parts/box.md": "First line.\n\nThird, {% nosuchtag %}.\n"})
    warned = [str(w) for w in build_ok(blog).problems.warnings]
    assert [w.split("\n")[0] for w in warned if "nosuchtag" in w] == [
        "content/_posts/t.md:5: in /_parts/box.md, line 3: unknown tag {% nosuchtag %}"], warned
    assert where(warned, "othertag") == ["content/_posts/t.md:7"], warned


def test_spaces_after_a_tag_in_a_list_item_do_not_shift_its_bodys_lines(make_blog):
    """Spaces after the opening tag as deep as the item's indent go with the indent (Hexo's
    order), so the body starts on the next line: it was counted from the tag's own line."""
    body = ("- An item:\n\n"  # lines 5-6
            + "  {% note info %}  \n"  # line 7, two spaces after the tag
            + "  Text {% nosuchtag %}\n"  # line 8
            + "  {% endnote %}\n\n"
            + "{% note %}   \nWord {% othertag %}\n{% endnote %}\n")  # the tag on line 12
    warned = warnings_of(make_blog, body)
    assert where(warned, "nosuchtag") == ["content/_posts/t.md:8"], warned
    assert where(warned, "othertag") == ["content/_posts/t.md:12"], warned


def test_a_tag_in_a_mind_map_after_its_options_names_its_line(make_blog):
    """A markmap's options block was dropped before its outline was rendered, so the lines
    below it were counted that many lines too high."""
    body = ("{% markmap %}\n---\nmarkmap:\n  maxWidth: 300\n---\n"  # lines 5-9
            + "# Root\n\n## Branch {% nosuchtag %}\n"  # the tag on line 12
            + "{% endmarkmap %}\n")
    warned = warnings_of(make_blog, body)
    assert where(warned, "nosuchtag") == ["content/_posts/t.md:12"], warned


def test_a_tag_in_a_later_paragraph_names_its_own_line(make_blog):
    """Found on a real blog: a page whose body opens with a blank line, then an unknown tag,
    was warned a line too early; each paragraph's tags are told their line as it is read,
    and a rule reading long paragraphs in pieces (long_paragraphs.py) had taken that step's
    place."""
    body = ("\n"  # line 5
            + "{% nosuchtag a %}\n\n"  # line 6
            + "Words and {% post_link nowhere %} here.\n")  # line 8
    warned = warnings_of(make_blog, body)
    assert where(warned, "nosuchtag") == ["content/_posts/t.md:6"], warned
    assert where(warned, "post_link") == ["content/_posts/t.md:8"], warned
