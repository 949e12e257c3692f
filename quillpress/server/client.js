// QuillPress live preview: added to pages by `serve` only, never written into the site.
// Listens for rebuilds over Server-Sent Events; reloads this page when a rebuild changed it
// (keeping the scroll position), swaps stylesheets in place when only CSS changed, and shows
// build errors in an overlay that goes away once the build is good again.
(() => {
  "use strict";
  const script = document.currentScript;
  const scrollKey = "quillpress-scroll:" + location.pathname;
  let build = Number(script.dataset.build || 0);

  restoreScroll();

  function restoreScroll() {
    const saved = sessionStorage.getItem(scrollKey);
    if (saved === null) return;
    sessionStorage.removeItem(scrollKey);
    const [x, y] = JSON.parse(saved);
    const apply = () => window.scrollTo(x, y);
    apply();
    if (document.readyState !== "complete") addEventListener("load", apply, { once: true });
  }

  function reload() {
    sessionStorage.setItem(scrollKey, JSON.stringify([scrollX, scrollY]));
    location.reload();
  }

  function sitePath(url) {
    try {
      return decodeURIComponent(new URL(url, location.href).pathname);
    } catch (e) {
      return "";
    }
  }

  // The output files this URL may be served from (clean URLs, pretty_urls).
  function pageFiles() {
    const path = sitePath(location.href);
    return path.endsWith("/") ? [path + "index.html"] : [path, path + ".html", path + "/index.html"];
  }

  function swapStylesheets(changed) {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
      if (!changed.has(sitePath(link.href))) continue;
      const fresh = link.cloneNode();
      const url = new URL(link.href);
      url.searchParams.set("quillpress", String(Date.now()));
      fresh.href = url.href;
      fresh.addEventListener("load", () => link.remove(), { once: true });
      fresh.addEventListener("error", () => fresh.remove(), { once: true });
      link.after(fresh);
    }
  }

  function onBuild(message) {
    // Heard twice (asked for, then passed on by the tab that listens): acted on once; an
    // older build's errors are no longer the state.
    const number = message.build || 0;
    if (number < build) return;
    const again = number === build;
    build = number;
    showErrors(message.errors || []);
    if (again) return;
    if (message.changed === null) return reload();
    const changed = new Set(message.changed);
    if (!changed.size) return;
    if (pageFiles().some((file) => changed.has(file))) return reload();
    const loaded = new Set(performance.getEntriesByType("resource").map((e) => sitePath(e.name)));
    const assets = [...changed].filter((path) => !/\.html?$/i.test(path));
    if (assets.some((path) => !/\.css$/i.test(path) && loaded.has(path))) return reload();
    if (assets.length) swapStylesheets(changed);
  }

  // -- the error overlay, in a shadow root so the page's CSS cannot touch it --
  let overlay = null;

  function showErrors(errors) {
    if (!errors.length) {
      if (overlay) overlay.remove();
      overlay = null;
      return;
    }
    if (!overlay) {
      overlay = document.createElement("quillpress-overlay");
      overlay.id = "quillpress-overlay";
      overlay.attachShadow({ mode: "open" });
      document.documentElement.appendChild(overlay);
    }
    const shadow = overlay.shadowRoot;
    shadow.replaceChildren();
    const style = document.createElement("style");
    style.textContent = `
      .box { position: fixed; inset: 0; z-index: 2147483647; overflow: auto; padding: 2rem;
             background: rgba(20, 20, 24, .92); color: #eee; font: 14px/1.5 ui-monospace, monospace; }
      h2 { color: #ff6b6b; font-size: 18px; margin: 0 0 1rem; }
      .error { border-left: 3px solid #ff6b6b; padding: .5rem 1rem; margin: 0 0 1rem; background: #1c1c22; }
      .where { color: #8cc8ff; font-weight: bold; }
      .message { white-space: pre-wrap; margin: .25rem 0; }
      .hint { color: #b5e08c; }
      button { position: absolute; top: 1rem; right: 1rem; font: inherit; cursor: pointer; }`;
    const box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alert");
    const title = document.createElement("h2");
    title.textContent = `Build failed: ${errors.length} error${errors.length > 1 ? "s" : ""}`
      + " (the last good version of each page is still served)";
    const close = document.createElement("button");
    close.textContent = "×";
    close.title = "Hide until the next build";
    close.addEventListener("click", () => { box.hidden = true; });
    box.append(title, close);
    for (const error of errors) {
      const item = document.createElement("div");
      item.className = "error";
      const where = document.createElement("div");
      where.className = "where";
      where.textContent = error.path ? (error.line ? `${error.path}:${error.line}` : error.path) : "build";
      const text = document.createElement("div");
      text.className = "message";
      text.textContent = error.message;
      item.append(where, text);
      if (error.hint) {
        const hint = document.createElement("div");
        hint.className = "hint";
        hint.textContent = "hint: " + error.hint;
        item.append(hint);
      }
      box.append(item);
    }
    shadow.append(style, box);
  }

  // -- the event stream; EventSource reconnects by itself and sends Last-Event-ID --
  function listen(share) {
    const events = new EventSource("/__quillpress/events?since=" + build);
    events.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (share) share.postMessage(message);
      onBuild(message);
    };
    // it starts from its own page's build: the others ask for what they missed till now
    if (share) events.onopen = () => share.postMessage({ listening: true });
  }

  function catchUp() {
    fetch("/__quillpress/events?once=1&since=" + build, { cache: "no-store" })
      .then((reply) => reply.text())
      .then((text) => {
        for (const line of text.split("\n")) {
          if (line.startsWith("data: ")) onBuild(JSON.parse(line.slice(6)));
        }
      })
      .catch(() => {});
  }

  // An event stream holds one of the six connections a browser opens to a host: a seventh
  // tab of the preview never loaded. So the tabs share one stream where the browser can:
  // the tab holding the lock listens and passes each event on over a BroadcastChannel (the
  // next tab takes the lock when it closes); the others ask once for what they missed since
  // their page was served, and again whenever another tab starts listening.
  function connect() {
    if (!navigator.locks || !window.BroadcastChannel) return listen(null);
    const channel = new BroadcastChannel("quillpress-live-reload");
    channel.onmessage = (event) => (event.data.listening ? catchUp() : onBuild(event.data));
    catchUp();
    navigator.locks.request("quillpress-live-reload", () => new Promise(() => listen(channel)));
  }

  connect();
})();
