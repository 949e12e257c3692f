"""Link addresses come out percent-encoded as markdown-it's own mdurl encodes them.

url_encode.py answers for the addresses that need no encoding and hands every other to mdurl:
plain addresses, escapes already written, a `%` that starts no escape, spaces, CJK, emoji,
lone surrogates, and calls with other arguments must all give mdurl's string.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import mdurl
from markdown_it import MarkdownIt

from quillpress.render import url_encode
from quillpress.render.url_encode import quick_encode

ALPHABET = ["a", "Z", "0", "9", "/", ":", "?", "#", "&", "=", "'", "(", "-", "_", ".", "~", "%",
            "%4", "%4F", "%zz", "%%", " ", "\t", '"', "<", "\\", "^", "`", "{", "|", "[", "]",
            "中", "é", "\U0001f600", "\ud800", "\udc00", "\x7f", "\x00"]


def outcome(encode: Callable[..., str], *args: Any, **kwargs: Any) -> object:
    """The string, or the kind of error (mdurl fails on a surrogate pair, as Python's quote)."""
    try:
        return encode(*args, **kwargs)
    except UnicodeError as exc:
        return type(exc)


def test_same_string_as_mdurl() -> None:
    rng = random.Random(17)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 10)))
             for _ in range(20000)]
    texts += ["https://example.com/a/b?c=d&e=f#g", "/2024/01/02/%E4%B8%AD/", "%", "%4", "a%"]
    for text in texts:
        assert outcome(quick_encode, text) == outcome(url_encode._MDURL_ENCODE, text), repr(text)
        for exclude, keep in ((mdurl.ENCODE_COMPONENT_CHARS, True),
                              (mdurl.ENCODE_DEFAULT_CHARS, False)):
            assert outcome(quick_encode, text, exclude, keep_escaped=keep) == \
                outcome(url_encode._MDURL_ENCODE, text, exclude, keep_escaped=keep), repr(text)


def test_links_in_a_post_keep_their_addresses(monkeypatch) -> None:
    """Links, images, autolinks and bare URLs render with markdown-it's hrefs."""
    source = ("[a](https://example.com/中文/a%20b?x=1&y='2'#h) ![i](/img/a b.png) "
              "<https://example.com/%zz> [r][ref] https://example.com/path_(1)\n\n"
              "[ref]: /c%E4%B8%AD?q=\"x\"\n")
    md = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")
    monkeypatch.setattr(mdurl, "encode", url_encode._MDURL_ENCODE)
    expected = md.render(source)
    url_encode.use_quick_url_encode()
    assert md.render(source) == expected
    assert "%E4%B8%AD%E6%96%87" in expected and "a%20b" in expected
