"""Front-matter dates in the forms JavaScript's Date parser reads: Hexo hands a date that is
not ISO 8601 to `new Date(text)`, so blogs written with the `date` command's output or a mail
date build under Hexo, and must build here with the same permalinks."""

from __future__ import annotations

import pytest
from _tags_html import parse
from conftest import build_ok, post


@pytest.mark.parametrize(("written", "url"), [
    # The `date` command's output: the zone name counts (21:30 EST is 02:30 UTC next day).
    ("Wed Mar  6 21:30:00 EST 2019", "2019/03/07/walk/index.html"),
    # Date.toString(): the offset after GMT counts, the name in brackets does not.
    ("Wed Mar 06 2019 21:30:00 GMT-0500 (Eastern Standard Time)", "2019/03/07/walk/index.html"),
    ("Wed, 06 Mar 2019 21:30:00 +0000", "2019/03/06/walk/index.html"),
    # No zone: the time is the site's, as for every naive date.
    ("March 6, 2019 11:30 PM", "2019/03/06/walk/index.html"),
    # Numbers alone: year first, or the American month/day/year.
    ("2019 03 06 21:30:00", "2019/03/06/walk/index.html"),
    ("3/6/2019", "2019/03/06/walk/index.html"),
    # A year and a month alone, however the month is written: its 1st (was the file's date).
    ("2019-03", "2019/03/01/walk/index.html"),
    ("2019-003", "2019/03/01/walk/index.html"),
    ("2019/3 21:30", "2019/03/01/walk/index.html"),
])
def test_javascript_date_forms_give_hexos_permalink(make_blog, written, url):
    blog = make_blog(files={"content/_posts/walk.md": post("Walk", date=f"'{written}'")})
    build_ok(blog)
    assert "Walk" in blog.read(url)


def test_words_before_the_first_number_are_skipped_and_the_day_defaults_to_the_first(make_blog):
    blog = make_blog(files={"content/_posts/walk.md": post("Walk", date="early March 2019")})
    build_ok(blog)
    assert "Walk" in blog.read("2019/03/01/walk/index.html")


def test_a_zone_name_javascript_does_not_know_is_a_warning_with_its_line(make_blog):
    """`new Date()` refuses `CET`, so Hexo dates the post by its file: a warning, no error."""
    blog = make_blog(files={"content/_posts/d.md": post("D", date="'Wed Mar 6 21:30:00 CET 2019'")})
    result = blog.build()
    assert result.ok
    assert [str(w).split(":")[0:2] for w in result.problems.warnings if "date" in w.message] == [
        ["content/_posts/d.md", "3"]]


@pytest.mark.parametrize(("written", "url", "warned"), [
    ("1704153600000", "2024/01/02/walk/index.html", False),  # milliseconds: what Hexo expects
    ("1704153600", "1970/01/20/walk/index.html", True),  # seconds, read as milliseconds by Hexo
    ("20240102", "1970/01/01/walk/index.html", True),  # a date without dashes is a number too
])
def test_a_number_is_milliseconds_as_hexo_reads_it(make_blog, written, url, warned):
    """Hexo hands a number to `new Date(number)`: milliseconds since 1970, whatever the
    writer meant. The post keeps the URL Hexo gave it (links to it keep working); a number
    that cannot have been meant so is a warning at its line saying what was read."""
    blog = make_blog(files={"content/_posts/walk.md": post("Walk", date=written)})
    result = build_ok(blog)
    assert "Walk" in blog.read(url)
    found = [w for w in result.problems.warnings if "number" in w.message]
    assert len(found) == warned
    for warning in found:
        assert (warning.path, warning.line) == ("content/_posts/walk.md", 3)
        assert "milliseconds" in warning.message and "2024-01-31" in (warning.hint or "")


@pytest.mark.parametrize("written", [".inf", "1e300", "99999999999999999999"])
def test_a_number_beyond_any_date_is_not_a_date_as_in_hexo(make_blog, written):
    """`new Date(Infinity)` is Invalid Date, so Hexo dates the post by its file: a warning,
    where QuillPress stopped with "could not read this file" and "report it"."""
    blog = make_blog(files={"content/_posts/walk.md": post("Walk", date=written)})
    result = build_ok(blog)
    assert any("is not a date" in w.message for w in result.problems.warnings)


@pytest.mark.parametrize(("written", "url"), [
    ("0050-03-04 10:00:00", "1950/03/04/old/index.html"),
    ("0050/03/04", "1950/03/04/old/index.html"),
    ("0000-03-04 10:00", "2000/03/04/old/index.html"),
    ("0005-03-04 10:00:00", "2004/05/03/old/index.html"),  # a day first: month/day/year
])
def test_a_quoted_early_year_outside_iso_8601_is_a_two_digit_year_as_in_hexo(make_blog, written,
                                                                             url):
    """Hexo hands a quoted date to `new Date(text)`, whose legacy parser (any form but
    ECMAScript's own: a space before the time, slashes) takes a year under 100 as 1950-1999
    or 2000-2049 however many digits it has (Hexo 7.3: `"0050-03-04 10:00:00"` is 1950-03-04).
    QuillPress kept year 50. The post keeps Hexo's URL, with a warning at its line."""
    blog = make_blog(files={"content/_posts/old.md": post("Old", date=f"'{written}'")})
    result = build_ok(blog)
    assert "Old" in blog.read(url)
    found = [w for w in result.problems.warnings if "two-digit year" in w.message]
    assert [(w.path, w.line) for w in found] == [("content/_posts/old.md", 3)]


def test_a_quoted_early_year_in_iso_8601_keeps_its_year(make_blog):
    blog = make_blog(files={"content/_posts/old.md": post("Old", date="'0050-03-04T10:00:00'")})
    result = build_ok(blog)
    assert "Old" in blog.read("0050/03/04/old/index.html")
    assert not [w for w in result.problems.warnings if "date" in w.message]


def test_a_year_before_1000_is_shown_with_four_digits_as_hexo_shows_it(make_blog):
    """Moment's YYYY pads the year (0100-01-01), as the permalink does; strftime's %Y does
    not on Linux, so the page said 100-01-01 under /0100/01/01/."""
    blog = make_blog(files={"content/_posts/old.md": post("Old", date="0100-01-01")})
    build_ok(blog)
    shown = [time.text for time in parse(blog.read("0100/01/01/old/index.html"))
             .find_all("time") if time.attrs.get("datetime", "").startswith("0100-")]
    assert shown and set(shown) == {"0100-01-01"}, shown
