"""The demo math posts in headless Chromium: formulas drawn, rows stacked, fonts local, no JS."""

from __future__ import annotations

import pytest

DEMO_POSTS = ["2024/03/02/math-attention/", "2024/03/01/math-gallery/"]


@pytest.mark.parametrize("path", DEMO_POSTS)
def test_demo_math_post_draws_every_formula(demo_site, page, path):
    _, base, _ = demo_site
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(base + path, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    report = page.evaluate("""() => {
        const boxes = [...document.querySelectorAll('.katex')].map(el => {
            const r = el.querySelector('.katex-html').getBoundingClientRect();
            return [r.width, r.height];
        });
        // every row of an aligned/matrix/cases table sits below the previous one
        const stacked = [...document.querySelectorAll('.katex-html .mtable .col-align-l, '
                + '.katex-html .mtable .col-align-c, .katex-html .mtable .col-align-r')]
            .map(col => [...col.querySelectorAll(':scope > .vlist-t > .vlist-r > .vlist > span')]
                 .map(s => s.getBoundingClientRect().top))
            .filter(tops => tops.length > 1)
            .map(tops => tops.every((t, i) => i === 0 || t > tops[i - 1] + 5));
        return {
            boxes, stacked,
            errors: document.querySelectorAll('.katex-error, .qp-math-error, .qp-error').length,
            mathml: document.querySelectorAll('.katex-mathml math').length,
            fontOk: document.fonts.check('16px KaTeX_Main'),
        };
    }""")
    assert len(report["boxes"]) >= 20
    assert all(w > 0 and h > 0 for w, h in report["boxes"]), report["boxes"]
    assert report["stacked"] and all(report["stacked"])
    assert report["errors"] == 0
    assert report["mathml"] == len(report["boxes"])  # the copy for screen readers is kept
    assert report["fontOk"]
    assert not [u for u in requests if u.endswith((".js", ".mjs")) and "katex" in u.lower()]
    assert not [u for u in requests if "math" in u.lower() and u.endswith(".js")]
    fonts = [u for u in requests if "/fonts/KaTeX_" in u]
    assert fonts and all(u.startswith(base) for u in fonts)
    assert page.problems == []


def test_equation_reference_jumps_to_its_equation(demo_site, page):
    _, base, _ = demo_site
    page.set_viewport_size({"width": 1000, "height": 600})
    page.goto(base + DEMO_POSTS[0], wait_until="networkidle")
    link = page.locator('a.qp-eqref[href="#eq-eq:attn"]').first
    assert link.inner_text() == "(3)"
    link.click()
    page.wait_for_function("location.hash === '#eq-eq:attn'")
    # The theme scrolls smoothly: wait for the equation to arrive instead of reading mid-scroll.
    page.wait_for_function("(() => { const top = document.getElementById('eq-eq:attn')"
                           ".getBoundingClientRect().top; return top >= 0 && top < 300; })()",
                           timeout=5000)
    tag = page.evaluate("document.getElementById('eq-eq:attn').closest('.qp-math-display').querySelector('.katex-tag, .tag').innerText")
    assert "(2)" in tag and "(3)" in tag


WIDE = (r"G(t)=\exp\left(\sum_{k=1}^{\infty}\frac{a_k t^k}{k}+\sum_{k=1}^{\infty}"
        r"\frac{b_k t^{2k}}{2k}+\sum_{k=1}^{\infty}\frac{c_k t^{3k}}{3k}"
        r"+\sum_{k=1}^{\infty}\frac{d_k t^{4k}}{4k}\right)")
SCROLLS = "el => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'auto'"


def test_an_inline_formula_wider_than_a_phone_scrolls_inside_its_line(make_blog, page) -> None:
    """A formula written between single dollars, alone in its paragraph or after a few
    words, whose \\left…\\right KaTeX cannot break: on a 375 px phone it scrolls inside its
    own line, as display formulas do, and the page does not scroll sideways. Short inline
    formulas stay in their sentence; on a wide screen nothing changes."""
    from conftest import build_ok, post, serve_folder
    body = f"${WIDE}$\n\nThe generating function: ${WIDE}$ as above.\n\nA short one, $x^2$, in a sentence."
    blog = make_blog(files={"content/_posts/wide.md": post("Wide", body)})
    build_ok(blog)
    server, base = serve_folder(blog.public)
    try:
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(base + "2024/01/02/wide/", wait_until="networkidle")
        formulas = page.locator(".post-body .katex")
        assert formulas.count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert formulas.nth(0).evaluate(SCROLLS) and formulas.nth(1).evaluate(SCROLLS)
        short = formulas.nth(2)
        assert short.evaluate("el => getComputedStyle(el).display") == "inline"
        page.set_viewport_size({"width": 1280, "height": 800})
        page.wait_for_function("getComputedStyle(document.querySelector('.post-body .katex')).display === 'inline'")
        assert page.evaluate("[...document.querySelectorAll('.post-body .katex')]"
                             ".every(el => getComputedStyle(el).display === 'inline')")
        assert page.problems == []
    finally:
        server.shutdown()
