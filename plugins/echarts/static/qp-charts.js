/* QuillPress charts runtime: draws each <figure data-qp-chart> with ECharts.
 *
 * - A chart starts when it comes near the viewport (IntersectionObserver) and has a width,
 *   so charts in folds, tabs or <details> start when shown.
 * - One ResizeObserver resizes charts with their box, on the next frame (a synchronous
 *   resize inside the observer loops).
 * - Dark mode: the theme sets <html data-theme="dark|light"> (absent: follow the OS) and
 *   dispatches "qp:themechange"; charts with data-theme="auto" follow it. The background is
 *   transparent unless the option sets one, so the page colour shows through.
 * - Print: paper is white, so charts print in their light colours, dark mode or not
 *   (redrawn at once when printing starts, and back after).
 * - Every chart is drawn in its own try/catch: a broken chart says so in its box and the
 *   others still draw.
 */
(function () {
  "use strict";
  var items = [];
  var osDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var paper = window.matchMedia ? window.matchMedia("print") : null;
  var printing = false;  // between beforeprint and afterprint

  function pageTheme() {
    if (printing || (paper && paper.matches)) return "light";
    var set = document.documentElement.getAttribute("data-theme");
    if (set === "dark" || set === "light") return set;
    return osDark && osDark.matches ? "dark" : "light";
  }

  function wantedTheme(item) {
    var fixed = item.box.getAttribute("data-theme");
    var theme = fixed === "dark" || fixed === "light" ? fixed : pageTheme();
    return theme === "dark" ? "dark" : null;
  }

  function readOption(item) {
    var data = item.box.querySelector("script.qp-chart-option");
    if (data) return JSON.parse(data.textContent);
    var make = (window.qpCharts || {})[item.box.id];
    if (typeof make !== "function") throw new Error("the chart's script did not run");
    var option = make(window.echarts, item.chart);
    if (!option || typeof option !== "object") throw new Error("the chart body set no option");
    return option;
  }

  function fail(item, error) {
    if (item.chart) { try { item.chart.dispose(); } catch (ignored) { /* already gone */ } }
    item.chart = null;
    item.box.classList.add("qp-chart-failed");
    item.box.setAttribute("data-qp-state", "failed");
    item.el.setAttribute("role", "alert");
    item.el.textContent = "This chart could not be drawn: " + (error && error.message || error);
    if (window.console) console.error("qp-charts: " + item.box.id + ":", error);
  }

  function draw(item) {
    try {
      if (!window.echarts) throw new Error("ECharts did not load");
      item.theme = wantedTheme(item);
      item.chart = window.echarts.init(item.el, item.theme, {
        renderer: item.box.getAttribute("data-renderer") === "svg" ? "svg" : "canvas"
      });
      if (!item.option) {
        item.option = readOption(item);
        if (item.option.backgroundColor === undefined) item.option.backgroundColor = "transparent";
      }
      item.chart.on("finished", function () { item.box.setAttribute("data-qp-state", "drawn"); });
      item.chart.setOption(item.option);
      resizer && resizer.observe(item.el);
    } catch (error) {
      fail(item, error);
    }
  }

  function retheme() {
    items.forEach(function (item) {
      if (!item.chart) return;
      var theme = wantedTheme(item);
      if (theme === item.theme) return;
      try {
        item.box.removeAttribute("data-qp-state");
        if (typeof item.chart.setTheme === "function") {
          item.theme = theme;
          item.chart.setTheme(theme || {});
        } else {
          item.chart.dispose();
          draw(item);
        }
        if (printing) item.chart.getZr().flush();  // painted now, not on the next frame
      } catch (error) {
        fail(item, error);
      }
    });
  }

  var pending = [];
  var resizer = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { pending.push(entry.target); });
    requestAnimationFrame(function () {
      var targets = pending; pending = [];
      items.forEach(function (item) {
        if (item.chart && targets.indexOf(item.el) >= 0) item.chart.resize();
      });
    });
  }) : null;

  var watcher = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var item = entry.target.qpChart;
      if (entry.isIntersecting && item && !item.chart && entry.target.clientWidth > 0) {
        watcher.unobserve(entry.target);
        draw(item);
      }
    });
  }, { rootMargin: "200px" }) : null;

  function scan(root) {
    var boxes = (root || document).querySelectorAll("figure[data-qp-chart]");
    Array.prototype.forEach.call(boxes, function (box) {
      var el = box.querySelector(".qp-chart-canvas");
      if (!el || el.qpChart) return;
      var item = { box: box, el: el, chart: null, option: null, theme: null };
      el.qpChart = item;
      items.push(item);
      if (watcher) watcher.observe(el); else draw(item);
    });
  }

  window.addEventListener("qp:themechange", retheme);
  [osDark, paper].forEach(function (query) {
    if (query && query.addEventListener) query.addEventListener("change", retheme);
    else if (query && query.addListener) query.addListener(retheme);
  });
  window.addEventListener("beforeprint", function () { printing = true; retheme(); });
  window.addEventListener("afterprint", function () { printing = false; retheme(); });
  /* For themes that swap page content (pjax): call QuillPressCharts.scan() afterwards. */
  window.QuillPressCharts = { scan: scan, retheme: retheme };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(); });
  } else {
    scan();
  }
})();
