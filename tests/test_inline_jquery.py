"""A post's own script that calls jQuery on a page that loads none (DIYgod's posts, written
for a Hexo theme that loaded it): one warning naming the post and the script's line."""

from __future__ import annotations

from conftest import build_ok

HEAD = "---\ntitle: Songs\ndate: 2024-03-01\n---\n"
PLAYER = ('<div id="player"></div>\n\n<script>\n$(function () {\n'
          "  document.getElementById('player').textContent = 'ready';\n});\n</script>\n")


def warnings_of(make_blog, body: str) -> list:
    blog = make_blog(files={"content/_posts/songs.md": HEAD + "Some songs.\n\n" + body})
    return [w for w in build_ok(blog).problems.warnings if "jQuery" in w.message]


def test_an_inline_script_calling_jquery_is_named_with_its_line(make_blog):
    [warning] = warnings_of(make_blog, PLAYER)
    assert (warning.path, warning.line) == ("content/_posts/songs.md", 10)
    assert "$(function () {" in warning.message and "$ is not defined" in warning.message
    assert "jquery" in (warning.hint or "")


def test_scripts_that_load_jquery_or_do_not_call_it_are_left_alone(make_blog):
    loaded = '<script src="/js/jquery.min.js"></script>\n\n' + PLAYER
    plain = ("<script>\nconst price = `${total}`; el.$(1); my$(2);\n</script>\n\n"
             '<script type="text/template">\n$(function () {});\n</script>\n\n'
             "Prices in $(USD) text and `$(code)` stay prose.\n\n"
             "<script>\nconst $ = (s) => document.querySelector(s);\n$('#player').hidden = true;\n"
             "</script>\n")  # a script's own `$`, not jQuery
    assert warnings_of(make_blog, loaded) == []
    assert warnings_of(make_blog, plain) == []
