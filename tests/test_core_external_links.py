"""external_link (Hexo's default): links leaving the site open in a new tab."""

POST = """---
title: Links
date: 2024-01-02
---
[out](https://other.example.org/page) [own](https://blog.example.com/2024/) [rel](/about/)
[kept](https://friends.example.net/) [proto](//cdn.example.org/x) [mail](mailto:a@b.c)
"""


def anchors(html: str) -> dict[str, str]:
    import re
    return {m.group(2): m.group(1) for m in re.finditer(r"<a ([^>]*)>([^<]+)</a>", html)}


def test_only_links_leaving_the_site_get_a_new_tab(make_blog):
    blog = make_blog(config={"url": "https://blog.example.com",
                             "external_link": {"enable": True, "exclude": ["friends.example.net"]}},
                     files={"content/_posts/links.md": POST})
    assert blog.build().ok
    found = anchors(blog.read("2024/01/02/links/index.html"))
    assert 'target="_blank"' in found["out"] and 'rel="noopener"' in found["out"]
    assert 'target="_blank"' in found["proto"]
    for name in ("own", "rel", "kept", "mail"):
        assert "target" not in found[name], name


def test_switched_off(make_blog):
    blog = make_blog(config={"external_link": {"enable": False}},
                     files={"content/_posts/links.md": POST})
    assert blog.build().ok
    assert 'target="_blank"' not in blog.read("2024/01/02/links/index.html")
