/* QuillPress Mermaid runtime: draws every <figure class="qp-mermaid"> on the page.
 *
 * - mermaid.min.js (its URL is this script's data-mermaid) is fetched only when a diagram
 *   comes near the viewport, and each diagram is drawn when it does.
 * - Diagrams are drawn one after another (Mermaid keeps global state while rendering); a
 *   diagram that fails shows the error above its source and the next one still draws.
 * - Dark mode: the theme sets <html data-theme> and fires "qp:themechange"; diagrams drawn
 *   so far are drawn again with Mermaid's dark or default theme. The OS switch counts too.
 * - Print: paper is white, so a diagram drawn dark is drawn a second time in the default
 *   theme, shown only in print (qp-mermaid.css). Drawing takes a moment: done ahead, not
 *   when printing starts, whose snapshot would not wait for it.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var libraryUrl = script && script.getAttribute("data-mermaid");
  var osDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var loading = null;
  var queue = Promise.resolve();
  var counter = 0;
  var drawnTheme = null;

  function pageTheme() {
    var set = document.documentElement.getAttribute("data-theme");
    if (set === "dark" || set === "light") return set;
    return osDark && osDark.matches ? "dark" : "light";
  }

  /* Until the library defines it, window.mermaid is whatever element has id="mermaid" (a
     "## Mermaid" heading): only an object that can initialize counts as loaded. */
  function loaded() {
    var found = window.mermaid;
    return found && typeof found.initialize === "function" ? found : null;
  }

  function library() {
    if (loaded()) return Promise.resolve(loaded());
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = libraryUrl;
        tag.onload = function () { loaded() ? resolve(loaded()) : reject(new Error("Mermaid did not load")); };
        tag.onerror = function () { reject(new Error("Mermaid could not be downloaded from " + libraryUrl)); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function configure(mermaid, theme) {
    if (theme !== drawnTheme) {
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict", suppressErrorRendering: true,
                           theme: theme === "dark" ? "dark" : "default" });
      drawnTheme = theme;
    }
  }

  function showError(box, error) {
    var old = box.querySelector(".qp-mermaid-error");
    if (old) old.remove();
    var message = document.createElement("p");
    message.className = "qp-mermaid-error";
    message.setAttribute("role", "alert");
    message.textContent = "This diagram could not be drawn: " + (error && error.message || error);
    box.insertBefore(message, box.firstChild);
    box.setAttribute("data-qp-state", "failed");
  }

  /* The diagram's SVG in `theme` (Mermaid's render, after configuring it for that theme). */
  function render(mermaid, box, theme) {
    configure(mermaid, theme);
    var source = box.querySelector(".qp-mermaid-source").textContent;
    var config = box.getAttribute("data-config");
    if (config) source = "%%{init: " + config + "}%%\n" + source;
    return mermaid.render("qp-mermaid-" + (++counter), source).then(function (result) {
      var drawing = document.createElement("div");
      drawing.className = "qp-mermaid-drawing";
      drawing.innerHTML = result.svg;
      return drawing;
    });
  }

  function draw(box) {
    queue = queue.then(function () {
      return library().then(function (mermaid) {
        var theme = pageTheme();
        return render(mermaid, box, theme).then(function (drawing) {
          var old = box.querySelector(".qp-mermaid-drawing, .qp-mermaid-error");
          while (old) { old.remove(); old = box.querySelector(".qp-mermaid-drawing, .qp-mermaid-error"); }
          box.insertBefore(drawing, box.firstChild);
          box.setAttribute("data-qp-state", "drawn");
          box.setAttribute("data-qp-theme", theme);
          if (theme !== "dark") return null;
          return render(mermaid, box, "light").then(function (paper) {
            if (drawing.parentNode !== box) return;  // drawn again since
            paper.classList.add("qp-mermaid-print");
            box.insertBefore(paper, drawing.nextSibling);
          });
        });
      }).catch(function (error) {
        var stray = document.getElementById("d" + "qp-mermaid-" + counter);
        if (stray) stray.remove();
        showError(box, error);
      });
    });
  }

  function redraw() {
    var boxes = document.querySelectorAll("figure.qp-mermaid[data-qp-state]");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.getAttribute("data-qp-theme") !== pageTheme()) draw(box);
    });
  }

  var watcher = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        watcher.unobserve(entry.target);
        draw(entry.target);
      }
    });
  }, { rootMargin: "200px" }) : null;

  function scan() {
    var boxes = document.querySelectorAll("figure.qp-mermaid:not([data-qp-watched])");
    Array.prototype.forEach.call(boxes, function (box) {
      box.setAttribute("data-qp-watched", "");
      if (watcher) watcher.observe(box); else draw(box);
    });
  }

  window.addEventListener("qp:themechange", redraw);
  if (osDark) {
    if (osDark.addEventListener) osDark.addEventListener("change", redraw);
    else if (osDark.addListener) osDark.addListener(redraw);
  }
  window.QuillPressMermaid = { scan: scan, redraw: redraw };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();
