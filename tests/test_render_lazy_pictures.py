"""Raw HTML pictures written for a Hexo theme's lazy loader load their `data-src`."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from quillpress.render.lazy_pictures import _LAZY_IMG, _loaded


class _Attributes(HTMLParser):
    """Every attribute of the first <img>, repeats kept, as a browser's parser meets them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and not self.found:
            self.found = attrs


def _img_attributes(html: str) -> list[tuple[str, str | None]]:
    parser = _Attributes()
    parser.feed(_LAZY_IMG.sub(_loaded, html))
    return parser.found


@pytest.mark.parametrize("spinner", ['src="wait.gif"', "src='wait.gif'", "src=wait.gif", ""])
def test_the_picture_has_one_src_its_data_src(spinner: str) -> None:
    attributes = _img_attributes(f'<img class="lazyload" {spinner} data-src="photo.jpg" alt="x">')
    sources = [value for name, value in attributes if name == "src"]
    assert sources == ["photo.jpg"]
    assert ("loading", "lazy") in attributes
