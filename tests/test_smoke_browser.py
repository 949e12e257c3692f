"""The browser harness itself works: the demo home page opens without errors."""


def test_home_page_opens_without_errors(demo_site, page):
    _, url, _ = demo_site
    page.goto(url)
    assert page.locator("a.site-title").count() == 1
    assert page.problems == []
