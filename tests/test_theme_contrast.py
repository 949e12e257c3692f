"""Every piece of text the default theme draws is readable: WCAG AA contrast in light and dark.

Chromium computes each text element's colour and the background it actually sits on (the
nearest ancestor with an opaque-enough background, semi-transparent layers blended over it);
the ratio must be at least 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold), as WCAG 2.1
AA asks. Pages cover the home page (cards, footer, sidebar), a post with code, notes, math,
tags and the TOC, the archive, tags and 404 pages.
"""

from __future__ import annotations

from typing import Any

import pytest

# Pages of the demo blog that between them show every text style of the theme: lists, the
# footer and sidebar, and posts with code, notes, theme tags, math and the TOC.
LIST_PAGES = ["", "archives/", "tags/", "categories/", "404.html"]
POSTS = ["theme-tags", "tag-plugins", "code-blocks", "math-attention"]

# Walks the page's text and returns the pairs below AA. Code highlighting, formulas, charts and
# diagrams draw their own colours over their own backgrounds and are measured as text too,
# except SVG/canvas drawings (chart and diagram labels are graphics, not theme text).
FIND_LOW_CONTRAST = """
() => {
  // Computed colours come as rgb()/rgba() in 0-255, or as color(srgb r g b / a) in 0-1
  // (what color-mix() computes to).
  const parse = (c) => {
    const m = c.match(/[\\d.]+/g).map(Number);
    const scale = c.startsWith('color(') ? 255 : 1;
    return [m[0] * scale, m[1] * scale, m[2] * scale, m.length > 3 ? m[3] : 1];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    const root = parse(getComputedStyle(document.documentElement).backgroundColor);
    if (root[3] > 0) colour = over(root, colour);
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const low = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const el = text.parentElement;
    if (!el || seen.has(el) || !text.textContent.trim()) continue;
    seen.add(el);
    if (el.closest('svg, canvas, script, style, noscript, .visually-hidden, .sr-only, [aria-hidden="true"], .katex-mathml')) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility !== 'visible' || box.width === 0 || box.height === 0 || Number(style.opacity) === 0) continue;
    let hidden = false;
    for (let node = el; node; node = node.parentElement) {
      if (getComputedStyle(node).opacity === '0' || node.closest('details:not([open]) > :not(summary)')) { hidden = true; break; }
    }
    if (hidden) continue;
    const fg = parse(style.color);
    const bg = background(el);
    const [l1, l2] = [lum(over(fg, bg)), lum(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      low.push(`${name} "${text.textContent.trim().slice(0, 30)}" ${style.color} on rgb(${bg.slice(0, 3).map(Math.round)}) = ${ratio.toFixed(2)}:1`);
    }
  }
  return low;
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_colour_pair_meets_wcag_aa(demo_site: Any, page: Any, scheme: str) -> None:
    site, url, _ = demo_site
    posts = [str(found.parent.relative_to(site)) + "/" for slug in POSTS
             for found in site.glob(f"**/{slug}/index.html")]
    assert len(posts) == len(POSTS)
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 1280, "height": 900})
    low: list[str] = []
    for path in LIST_PAGES + posts:
        response = page.goto(url + path)
        assert response is not None and response.status in (200, 404), path
        low += [f"/{path}: {pair}" for pair in page.evaluate(FIND_LOW_CONTRAST)]
    assert not low, "text below WCAG AA contrast:\n" + "\n".join(low)
