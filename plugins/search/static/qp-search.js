/* QuillPress local search: the dialog the search plugin injects into every page.
 *
 * The index is chunked (plugins/search/shards.py): the dialog fetches its small manifest
 * when it first opens, then for each query only the term buckets of the words typed and the
 * files holding the documents it shows (a few consecutive ids each), each once. Latin words
 * match by prefix; Chinese and Japanese by characters and pairs of characters, so they need
 * no word splitting. Every word of the query must occur; titles weigh most, then tags, then
 * the text.
 * Each bucket and file of entries is asked for by the version the manifest names and holds
 * that version too (plugins/search/index.py): the manifest is revalidated each time it is
 * loaded, and a file that is not the version asked for (the site was rebuilt since the
 * manifest was loaded) has the manifest loaded again and the query asked again, once.
 * All text reaches the page through textContent: nothing from the index is parsed as HTML.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 30;
  var BATCH = 10; /* results whose entries are fetched at a time: a screenful, more as it scrolls */
  var SNIPPET_BEFORE = 40;
  var SNIPPET_LENGTH = 160;
  var FLAGS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af";
  var TOKEN = new RegExp("[" + CJK + "]+|(?:(?![" + CJK + "])[\\p{L}\\p{N}])+", "gu");
  var CJK_CHAR = new RegExp("^[" + CJK + "]");

  var dialog = document.getElementById("qp-search-dialog");
  var button = document.querySelector(".qp-search-button");
  if (!dialog || !button || typeof dialog.showModal !== "function") return;
  var input = dialog.querySelector(".qp-search-input");
  var list = dialog.querySelector(".qp-search-results");
  var status = dialog.querySelector(".qp-search-status");
  var closer = dialog.querySelector(".qp-search-close");

  var VERSION = 4; /* of the manifest's layout (index.py) */
  var manifest = null; /* {buckets, files (their versions), group, base URL of the files} once loaded */
  var loading = null;
  var fetched = {}; /* URL → promise of its JSON, so nothing is fetched twice */
  var latest = 0; /* the newest query: answers to older ones are dropped */
  var active = -1;
  var ranked = []; /* the shown query's result ids, best first; the list holds the first ones */
  var shownWords = [];
  var growing = false; /* the next results' entries are being fetched */
  var reloaded = false; /* the manifest was loaded again for the shown query: not again for it */

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

  function getJSON(url, revalidate) {
    if (!fetched[url]) {
      /* "no-cache": the browser's copy is used only once the server says it is current */
      var options = { credentials: "same-origin", cache: revalidate ? "no-cache" : "default" };
      fetched[url] = fetch(url, options).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
      fetched[url].catch(function () { delete fetched[url]; }); /* let a later query try again */
    }
    return fetched[url];
  }

  function failed() {
    status.textContent = dialog.getAttribute("data-error");
  }

  /* The manifest, always as the server has it now: it keeps its name from build to build. */
  function load() {
    if (!loading) {
      status.textContent = dialog.getAttribute("data-loading");
      var url = new URL(dialog.getAttribute("data-index"), window.location.href).href;
      delete fetched[url];
      loading = getJSON(url, true).then(function (meta) {
        if (meta.version !== VERSION) throw new Error("index version " + meta.version);
        manifest = { buckets: meta.buckets, files: meta.files, group: meta.group,
                     base: new URL(meta.dir, url).href };
        status.textContent = "";
        update();
      }).catch(function () {
        loading = null; /* let the next opening try again */
        failed();
      });
    }
    return loading;
  }

  function open() {
    if (dialog.open) { input.focus(); input.select(); return; }
    dialog.showModal();
    input.focus();
    input.select();
    if (manifest) update(); else load();
  }

  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(Boolean);
  }

  /* What a query word is looked up by: [term, prefix?] pairs, every one of which must
   * match. Latin words by prefix (two letters at least); a CJK run by its character pairs,
   * or by the character when it stands alone. A lone letter is a word of its own when the
   * query word goes on past it ("C++", "C#", "C语言"): it is looked up whole; typed alone it
   * waits for the next letter. Empty: the word cannot be looked up. */
  function lookups(word) {
    var found = [];
    (word.match(TOKEN) || []).forEach(function (run) {
      if (CJK_CHAR.test(run)) {
        if (run.length === 1) found.push([run, false]);
        for (var i = 0; i + 1 < run.length; i++) found.push([run.slice(i, i + 2), false]);
      } else if (run.length >= 2) {
        found.push([run, true]);
      } else if (run !== word) {
        found.push([run, false]);
      }
    });
    return found;
  }

  /* The bucket of a term: FNV-1a over the code points of its key, as in shards.py. */
  function bucketOf(term) {
    var key = CJK_CHAR.test(term) ? term : Array.from(term).slice(0, 2).join("");
    var value = 0x811c9dc5;
    Array.from(key).forEach(function (char) {
      value = Math.imul(value ^ char.codePointAt(0), 0x01000193) >>> 0;
    });
    return value % manifest.buckets.length;
  }

  /* A file of the index, as the manifest names it (`name` and its `version`): its `field`
     when the server's file is that version, else an error (a newer build's file). */
  function versioned(name, version, field) {
    if (version === undefined) return Promise.reject(new Error("no file " + name));
    return getJSON(manifest.base + name + ".json?v=" + version).then(function (file) {
      if (file.v !== version) throw new Error(name + " is not version " + version);
      return file[field];
    });
  }

  function bucket(number) { return versioned("t" + number, manifest.buckets[number], "terms"); }

  /* A document's entry, from the file of its group of consecutive ids. */
  function entryOf(id) {
    var number = Math.floor(id / manifest.group);
    return versioned("g" + number, manifest.files[number], "entries").then(function (group) {
      return group[id % manifest.group];
    });
  }

  /* id → {count, title (0-2), label} for one lookup, over the terms it reaches. */
  function postings(bucket, lookup) {
    var found = new Map();
    Object.keys(bucket).forEach(function (term) {
      if (lookup[1] ? term.lastIndexOf(lookup[0], 0) !== 0 : term !== lookup[0]) return;
      var gaps = bucket[term][0], flags = bucket[term][1], id = 0;
      for (var i = 0; i < gaps.length; i++) {
        id += gaps[i];
        var value = FLAGS.indexOf(flags[i]);
        var hit = { count: value % 10, title: Math.floor(value / 10) % 3, label: value >= 30 };
        var seen = found.get(id);
        if (seen) {
          seen.count = Math.min(10, seen.count + hit.count);
          seen.title = Math.max(seen.title, hit.title);
          seen.label = seen.label || hit.label;
        } else found.set(id, hit);
      }
    });
    return found;
  }

  /* id → score of one word: every lookup must hit; title and label count when all do. */
  function wordScores(buckets, word) {
    var found = null;
    word.forEach(function (lookup) {
      var hits = postings(buckets[bucketOf(lookup[0])], lookup);
      if (!found) { found = hits; return; }
      var both = new Map();
      found.forEach(function (seen, id) {
        var hit = hits.get(id);
        if (!hit) return;
        /* In the title when every pair is; at its start when the first pair is. */
        both.set(id, { count: Math.min(seen.count, hit.count), title: hit.title ? seen.title : 0,
                       label: seen.label && hit.label });
      });
      found = both;
    });
    var scores = new Map();
    found.forEach(function (hit, id) {
      scores.set(id, (hit.title === 2 ? 150 : hit.title ? 100 : 0) + (hit.label ? 20 : 0) + hit.count);
    });
    return scores;
  }

  function rank(buckets, words) {
    var total = null;
    words.forEach(function (word) {
      var scores = wordScores(buckets, word);
      if (!total) { total = scores; return; }
      var both = new Map();
      total.forEach(function (value, id) { if (scores.has(id)) both.set(id, value + scores.get(id)); });
      total = both;
    });
    var ids = Array.from(total ? total.keys() : []);
    ids.sort(function (a, b) { return total.get(b) - total.get(a) || b - a; });
    return ids.slice(0, MAX_RESULTS);
  }

  /* The ids a query finds, best first, from the buckets of its words. */
  function search(words) {
    var numbers = {};
    words.forEach(function (word) { word.forEach(function (lookup) { numbers[bucketOf(lookup[0])] = true; }); });
    var wanted = Object.keys(numbers);
    return Promise.all(wanted.map(bucket)).then(function (loaded) {
      var buckets = {};
      wanted.forEach(function (n, i) { buckets[n] = loaded[i]; });
      return rank(buckets, words);
    });
  }

  /* The entries of these ids, as results. */
  function entries(ids) {
    return Promise.all(ids.map(entryOf)).then(function (found) {
      return found.map(function (entry) {
        return { entry: entry, text: String(entry.text || "").toLowerCase() };
      });
    });
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

  function resultItem(doc, index, words) {
    var entry = doc.entry;
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
      text.appendChild(highlighted(snippet(doc, words), words));
      link.appendChild(text);
    }
    item.appendChild(link);
    item.addEventListener("mousemove", function () { select(index, false); });
    return item;
  }

  function update() {
    if (!manifest) return;
    var words = terms(input.value);
    var queried = words.map(lookups).filter(function (word) { return word.length; });
    var asked = ++latest;
    if (!queried.length) { show([], [], []); return; } /* one Latin letter: wait for the next */
    search(queried).then(function (ids) {
      if (asked !== latest) return null;
      return entries(ids.slice(0, BATCH)).then(function (docs) {
        if (asked === latest) show(ids, docs, words);
      });
    }).catch(function () {
      if (asked === latest) stale();
    });
  }

  /* A file could not be read as the manifest named it: the site was most likely rebuilt
     since the manifest was loaded. Load it again and ask the shown query again, once. */
  function stale() {
    if (reloaded) { failed(); return; }
    reloaded = true;
    manifest = null;
    loading = null;
    load();
  }

  /* The first results of `ids` (their entries `docs`); the others come as the list scrolls. */
  function show(ids, docs, words) {
    reloaded = false;
    ranked = ids;
    shownWords = words;
    list.textContent = "";
    active = -1;
    append(docs);
    input.setAttribute("aria-expanded", ids.length ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
    if (!words.length) status.textContent = "";
    else if (!ids.length) status.textContent = dialog.getAttribute("data-no-results");
    else status.textContent = dialog.getAttribute("data-results").replace("{n}", String(ids.length));
    if (docs.length) select(0, false);
    fill();
  }

  function append(docs) {
    var start = list.children.length;
    docs.forEach(function (doc, i) { list.appendChild(resultItem(doc, start + i, shownWords)); });
  }

  /* The next results, once the list is scrolled near its end (or is not yet a screenful);
     at once when `now` is true (the arrow key asked for the result after the last shown);
     none while the manifest is loaded again (`stale`), which shows the query afresh. */
  function fill(now) {
    var from = list.children.length;
    if (!manifest || growing || !dialog.open || from >= ranked.length || (now !== true &&
        list.scrollHeight - list.scrollTop - list.clientHeight > 200)) return;
    var asked = latest;
    growing = true;
    entries(ranked.slice(from, from + BATCH)).then(function (docs) {
      growing = false;
      if (asked === latest && list.children.length === from) append(docs);
      fill();
    }, function () {
      growing = false;
      if (asked === latest) stale();
    });
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
  list.addEventListener("scroll", fill);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var down = event.key === "ArrowDown";
      if (down && active === list.children.length - 1 && active + 1 < ranked.length) {
        fill(true); /* the next results are still coming: stay on the last, not back to the first */
        return;
      }
      select(active + (down ? 1 : -1), true);
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
