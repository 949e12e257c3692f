/* QuillPress local search: the dialog the search plugin injects into every page.
 *
 * The index (search.json) is fetched the first time the dialog opens, never before, so
 * pages cost nothing until someone searches. Matching is by substring of the lower-cased
 * text, which needs no word splitting and so works for Chinese and Japanese as for English.
 * Every word of the query must occur; titles weigh most, then tags, then the text.
 * All text reaches the page through textContent: nothing from the index is parsed as HTML.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 30;
  var SNIPPET_BEFORE = 40;
  var SNIPPET_LENGTH = 160;

  var dialog = document.getElementById("qp-search-dialog");
  var button = document.querySelector(".qp-search-button");
  if (!dialog || !button || typeof dialog.showModal !== "function") return;
  var input = dialog.querySelector(".qp-search-input");
  var list = dialog.querySelector(".qp-search-results");
  var status = dialog.querySelector(".qp-search-status");
  var closer = dialog.querySelector(".qp-search-close");

  var docs = null; /* the index once loaded, each entry with lower-cased copies */
  var loading = null;
  var active = -1;

  placeButton();

  /* Into the theme's header when it has one (before its dark-mode switch), else floating. */
  function placeButton() {
    var toggle = document.querySelector(".site-header .theme-toggle");
    var header = document.querySelector(".site-header .header-inner, .site-header, header nav, header");
    if (toggle) toggle.parentNode.insertBefore(button, toggle);
    else if (header) header.appendChild(button);
    else button.classList.add("qp-search-floating");
    button.hidden = false;
  }

  function load() {
    if (!loading) {
      status.textContent = dialog.getAttribute("data-loading");
      loading = fetch(dialog.getAttribute("data-index"), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (entries) {
          docs = entries.map(function (entry) {
            var tags = (entry.tags || []).concat(entry.categories || []);
            return {
              entry: entry,
              title: String(entry.title || "").toLowerCase(),
              tags: tags.join(" \u0000 ").toLowerCase(),
              text: String(entry.text || "").toLowerCase()
            };
          });
          update();
        })
        .catch(function () {
          loading = null; /* let the next opening try again */
          status.textContent = dialog.getAttribute("data-error");
        });
    }
    return loading;
  }

  function open() {
    if (dialog.open) { input.focus(); input.select(); return; }
    dialog.showModal();
    input.focus();
    input.select();
    if (docs) update(); else load();
  }

  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function count(haystack, needle) {
    var n = 0, at = haystack.indexOf(needle);
    while (at !== -1 && n < 10) { n += 1; at = haystack.indexOf(needle, at + needle.length); }
    return n;
  }

  function score(doc, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      var inTitle = doc.title.indexOf(word);
      var inTags = doc.tags.indexOf(word) !== -1;
      var inText = count(doc.text, word);
      if (inTitle === -1 && !inTags && !inText) return 0;
      if (inTitle !== -1) total += inTitle === 0 ? 150 : 100;
      if (inTags) total += 20;
      total += inText;
    }
    return total;
  }

  function search(query) {
    var words = terms(query);
    if (!words.length || !docs) return [];
    var found = [];
    for (var i = 0; i < docs.length; i++) {
      var value = score(docs[i], words);
      if (value) found.push({ doc: docs[i], score: value, order: i });
    }
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.slice(0, MAX_RESULTS);
  }

  /* [start, end) ranges of any word in `lower` (the lower-cased `text`), merged. */
  function ranges(lower, words) {
    var spans = [];
    words.forEach(function (word) {
      var at = lower.indexOf(word);
      while (at !== -1) { spans.push([at, at + word.length]); at = lower.indexOf(word, at + word.length); }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    spans.forEach(function (span) {
      var last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push(span.slice());
    });
    return merged;
  }

  /* The text with matched words in <mark>, built from text nodes only. */
  function highlighted(text, words) {
    var fragment = document.createDocumentFragment();
    var lower = text.toLowerCase();
    if (lower.length !== text.length) { fragment.appendChild(document.createTextNode(text)); return fragment; }
    var at = 0;
    ranges(lower, words).forEach(function (span) {
      if (span[0] > at) fragment.appendChild(document.createTextNode(text.slice(at, span[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(span[0], span[1]);
      fragment.appendChild(mark);
      at = span[1];
    });
    if (at < text.length) fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  /* A window of the text around the first matched word. */
  function snippet(doc, words) {
    var text = String(doc.entry.text || "");
    var first = -1;
    words.forEach(function (word) {
      var at = doc.text.indexOf(word);
      if (at !== -1 && (first === -1 || at < first)) first = at;
    });
    var start = Math.max(0, first - SNIPPET_BEFORE);
    if (start > 0) {
      var space = text.lastIndexOf(" ", first);
      if (space > start - 20 && space < first) start = space + 1;
    }
    var piece = text.slice(start, start + SNIPPET_LENGTH);
    return (start > 0 ? "…" : "") + piece + (start + SNIPPET_LENGTH < text.length ? "…" : "");
  }

  function element(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function resultItem(result, index, words) {
    var entry = result.doc.entry;
    var item = element("li", "qp-search-result");
    item.id = "qp-search-result-" + index;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    var link = element("a");
    link.href = entry.url;
    link.tabIndex = -1;
    var title = element("span", "qp-search-title");
    title.appendChild(highlighted(String(entry.title || entry.url), words));
    link.appendChild(title);
    var meta = [entry.date].concat(entry.categories || [], (entry.tags || []).map(function (t) { return "#" + t; }));
    var metaLine = element("span", "qp-search-meta");
    metaLine.appendChild(highlighted(meta.filter(Boolean).join(" · "), words));
    link.appendChild(metaLine);
    if (entry.text) {
      var text = element("span", "qp-search-snippet");
      text.appendChild(highlighted(snippet(result.doc, words), words));
      link.appendChild(text);
    }
    item.appendChild(link);
    item.addEventListener("mousemove", function () { select(index, false); });
    return item;
  }

  function update() {
    if (!docs) return;
    var query = input.value;
    var words = terms(query);
    var results = search(query);
    list.textContent = "";
    active = -1;
    results.forEach(function (result, index) { list.appendChild(resultItem(result, index, words)); });
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
    if (!words.length) status.textContent = "";
    else if (!results.length) status.textContent = dialog.getAttribute("data-no-results");
    else status.textContent = dialog.getAttribute("data-results").replace("{n}", String(results.length));
    if (results.length) select(0, false);
  }

  function select(index, scroll) {
    var items = list.children;
    if (!items.length) return;
    index = (index + items.length) % items.length;
    if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
    active = index;
    items[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[active].id);
    if (scroll) items[active].scrollIntoView({ block: "nearest" });
  }

  function editable(target) {
    if (!target || !target.tagName) return false;
    if (dialog.contains(target)) return false; /* our own field, focused a moment after closing */
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    var key = event.key;
    if ((key === "k" || key === "K") && (event.ctrlKey || event.metaKey) && !event.altKey) {
      event.preventDefault();
      open();
    } else if (key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey &&
               !dialog.open && !editable(event.target)) {
      event.preventDefault();
      open();
    }
  });

  input.addEventListener("input", update);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      select(active + (event.key === "ArrowDown" ? 1 : -1), true);
    } else if (event.key === "Escape") {
      event.preventDefault(); /* a search field would only clear itself: close instead */
      dialog.close();
    } else if (event.key === "Enter" && !event.isComposing) {
      var item = list.children[active];
      if (item) {
        event.preventDefault();
        window.location.href = item.querySelector("a").href;
      }
    }
  });

  button.addEventListener("click", open);
  closer.addEventListener("click", function () { dialog.close(); });
  /* A click on the backdrop (outside the dialog's box) closes it. */
  dialog.addEventListener("click", function (event) {
    if (event.target !== dialog) return;
    var box = dialog.getBoundingClientRect();
    var inside = event.clientX >= box.left && event.clientX <= box.right &&
                 event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
  dialog.addEventListener("close", function () { button.focus({ preventScroll: true }); });
})();
