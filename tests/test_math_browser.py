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
