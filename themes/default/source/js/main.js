/* QuillPress default theme: dark/light toggle, copy buttons on code blocks, TOC highlight,
 * inline formulas too wide for a phone scrolled in their line, links to the theme's parts
 * by their former ids.
 *
 * Theme contract (other scripts, e.g. charts, rely on it):
 *  - <html data-theme="dark|light"> is set only when the reader chose a theme; absent means
 *    "follow the OS" (prefers-color-scheme);
 *  - every change of the effective theme dispatches
 *    window "qp:themechange" with detail {theme: "dark"|"light"}.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var STORE = "qp-theme";
  var osDark = window.matchMedia("(prefers-color-scheme: dark)");
  var script = document.currentScript;
  var text = {
    copy: (script && script.dataset.copy) || "Copy",
    copied: (script && script.dataset.copied) || "Copied",
    failed: (script && script.dataset.copyFailed) || "Press Ctrl+C to copy"
  };

  function effectiveTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") return chosen;
    return osDark.matches ? "dark" : "light";
  }

  function announce() {
    var theme = effectiveTheme();
    var button = document.querySelector(".theme-toggle");
    if (button) button.setAttribute("aria-pressed", String(theme === "dark"));
    window.dispatchEvent(new CustomEvent("qp:themechange", { detail: { theme: theme } }));
  }

  function toggleTheme() {
    var next = effectiveTheme() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem(STORE, next); } catch (e) { /* private mode: this page only */ }
    announce();
  }

  function onOsChange() {
    if (!root.hasAttribute("data-theme")) announce();
  }

  /* A choice made in another tab applies here too. */
  function onStorage(event) {
    if (event.key !== STORE) return;
    if (event.newValue === "dark" || event.newValue === "light") root.setAttribute("data-theme", event.newValue);
    else root.removeAttribute("data-theme");
    announce();
  }

  function copyText(value) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(value);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = value;
      area.setAttribute("readonly", "");
      area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  function addCopyButton(figure) {
    var code = figure.querySelector("pre code") || figure.querySelector("pre");
    if (!code) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = text.copy;
    button.addEventListener("click", function () {
      var value = code.textContent.replace(/\n$/, "");
      copyText(value).then(function () { flash(button, text.copied, "done"); },
                           function () { flash(button, text.failed, "failed"); });
    });
    var caption = figure.querySelector("figcaption");
    (caption || figure).appendChild(button);
  }

  function flash(button, label, state) {
    button.textContent = label;
    button.setAttribute("data-state", state);
    clearTimeout(button._qpTimer);
    button._qpTimer = setTimeout(function () {
      button.textContent = text.copy;
      button.removeAttribute("data-state");
    }, 1800);
  }

  /* Marks the TOC entry of the heading being read (the last one above the top fifth). */
  function followHeadings(toc) {
    var links = {};
    toc.querySelectorAll("a.toc-link").forEach(function (a) {
      links[decodeURIComponent(a.getAttribute("href").slice(1))] = a;
    });
    var headings = Object.keys(links).map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
    if (!headings.length) return;
    var current = null;
    var queued = false;
    function mark() {
      queued = false;
      var line = Math.min(120, window.innerHeight / 5);
      var active = headings[0];
      for (var i = 0; i < headings.length; i++) {
        if (headings[i].getBoundingClientRect().top <= line) active = headings[i];
        else break;
      }
      if (active === current) return;
      if (current) links[current.id].classList.remove("active");
      links[active.id].classList.add("active");
      current = active;
    }
    function queue() {
      if (!queued) { queued = true; window.requestAnimationFrame(mark); }
    }
    window.addEventListener("scroll", queue, { passive: true });
    window.addEventListener("resize", queue, { passive: true });
    mark();
  }

  /* A "#" link beside each section heading, to copy a link to that section. */
  function addHeadingAnchors() {
    document.querySelectorAll(".post-body :is(h2, h3, h4)[id]").forEach(function (heading) {
      var anchor = document.createElement("a");
      anchor.className = "heading-anchor";
      anchor.href = "#" + encodeURIComponent(heading.id);
      anchor.setAttribute("aria-hidden", "true");
      anchor.tabIndex = -1;
      anchor.textContent = "#";
      heading.appendChild(anchor);
    });
  }

  /* An inline formula with a part KaTeX cannot break (a \left…\right group) wider than its
   * column, as a formula written alone between single dollars often is on a phone, scrolls
   * inside its own line as display formulas do, instead of the whole page scrolling
   * sideways. Measured again once KaTeX's fonts have come (until then the text is drawn
   * narrower) and when the window's width changes; formulas that fit stay in their sentence. */
  function fitWideFormulas() {
    var formulas = Array.prototype.filter.call(document.querySelectorAll(".post-body .katex"),
      function (formula) { return !formula.closest(".katex-display"); });
    if (!formulas.length) return;
    var width = 0;
    function column(formula) {
      var box = formula.parentElement;
      while (box.parentElement && getComputedStyle(box).display.indexOf("inline") === 0) box = box.parentElement;
      return box;
    }
    function fit(again) {
      if (window.innerWidth === width && !again) return;
      width = window.innerWidth;
      formulas.forEach(function (formula) { formula.classList.remove("katex-wide"); });
      formulas.filter(function (formula) {
        var inner = formula.getBoundingClientRect(), outer = column(formula).getBoundingClientRect();
        return inner.right > outer.right + 1 || inner.left < outer.left - 1;
      }).forEach(function (formula) { formula.classList.add("katex-wide"); });
    }
    window.addEventListener("resize", function () { window.requestAnimationFrame(function () { fit(false); }); },
                            { passive: true });
    fit(false);
    if (document.fonts) document.fonts.ready.then(function () { fit(true); });
  }

  function keepSidebarOpen(toc) {
    var wide = window.matchMedia("(min-width: 72rem)");
    var sync = function () { if (wide.matches) toc.open = true; };
    if (wide.addEventListener) wide.addEventListener("change", sync);
    sync();
  }

  /* Narrow screens: the menu folds behind a button; Escape closes it and gives focus back. */
  function foldMenu(header) {
    var button = header.querySelector(".menu-toggle");
    if (!button) return;
    button.hidden = false;
    header.classList.add("has-menu-toggle");
    function set(open) {
      header.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", String(open));
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      set(open);
      var first = open && header.querySelector(".site-nav a, .site-nav summary");
      if (first) first.focus();
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        set(false);
        button.focus();
      }
    });
  }

  /* A menu entry to the Hexo theme's own search page (`/search/`, `#search`: see
     quillpress/hexo_theme/menu.py), which the site does not have, links the search plugin's
     dialog and opens it, when the plugin put its button on the page; it is hidden until then,
     since without scripts it would open nothing. Closed, the dialog gives focus back to the
     entry (the plugin gives it to its button, elsewhere in the header). */
  function searchFromMenu(header) {
    var search = document.querySelector(".qp-search-button");
    if (!search) return;
    header.querySelectorAll("a[data-qp-search]").forEach(function (link) {
      link.parentElement.hidden = false;
    });
    header.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-qp-search]");
      var dialog = document.getElementById("qp-search-dialog");
      if (!link) return;
      event.preventDefault();
      search.click();
      if (dialog) {
        dialog.addEventListener("close", function () {
          link.focus({ preventScroll: true }); /* a folded menu's hidden entry: the button keeps it */
        }, { once: true });
      }
    });
  }

  /* The ids the theme's parts had before they were named qp-… (so that a heading named
     "toc" keeps its id): links written since, an outside …/#comments or a bookmark to #toc,
     name them so. */
  var FORMER_IDS = { toc: "qp-toc", main: "qp-main", "site-nav": "qp-site-nav", comments: "qp-comments",
                     "comments-title": "qp-comments-title", "related-title": "qp-related-title" };

  /* An address naming a part by its former id lands on that part (a folded outline opens),
     unless something of the page's own has that id or anchor name: the browser has taken
     the reader there, as it does for any id. */
  function landOnFormerId() {
    var name = location.hash.slice(1);
    if (!Object.prototype.hasOwnProperty.call(FORMER_IDS, name)) return;
    if (document.getElementById(name) || document.querySelector('a[name="' + name + '"]')) return;
    var part = document.getElementById(FORMER_IDS[name]);
    if (!part) return;
    if (part.tagName === "DETAILS") part.open = true;
    part.scrollIntoView();
  }

  function start() {
    var button = document.querySelector(".theme-toggle");
    if (button) {
      button.addEventListener("click", toggleTheme);
      button.setAttribute("aria-pressed", String(effectiveTheme() === "dark"));
    }
    if (osDark.addEventListener) osDark.addEventListener("change", onOsChange);
    window.addEventListener("storage", onStorage);
    var header = document.querySelector(".site-header");
    if (header) {
      foldMenu(header);
      searchFromMenu(header);
    }
    document.querySelectorAll("figure.code-block").forEach(addCopyButton);
    addHeadingAnchors();
    fitWideFormulas();
    var toc = document.getElementById("qp-toc");
    if (toc) {
      keepSidebarOpen(toc);
      followHeadings(toc);
    }
    landOnFormerId();
    window.addEventListener("hashchange", landOnFormerId);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
