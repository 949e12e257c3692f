/* QuillPress default theme: comments, loaded only when the reader scrolls near them.
 *
 * The page holds <section class="comments" data-comments="{provider, options, url, id,
 * title}"> (made by the comments plugin). Nothing of the provider is fetched before the
 * section comes within about a screen of the viewport. Afterwards the widget follows the
 * theme's light/dark switch (the "qp:themechange" event of main.js): giscus and utterances
 * take a message, Waline watches a class on <html>, Disqus is reloaded.
 */
(function () {
  "use strict";
  var box = document.querySelector("section.comments[data-comments]");
  if (!box) return;
  var data = JSON.parse(box.getAttribute("data-comments"));
  var options = data.options;
  var slot = box.querySelector(".comments-slot");
  var root = document.documentElement;
  var osDark = window.matchMedia("(prefers-color-scheme: dark)");

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") return chosen === "dark";
    return osDark.matches;
  }

  function addScript(src, attributes) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      Object.keys(attributes || {}).forEach(function (name) {
        if (attributes[name] !== "" && attributes[name] != null) script.setAttribute(name, attributes[name]);
      });
      script.onload = resolve;
      script.onerror = reject;
      slot.appendChild(script);
    });
  }

  /* Tell a provider's iframe about a theme change, at the origin its script came from. */
  function tellFrame(selector, message) {
    var frame = box.querySelector(selector);
    if (frame && frame.contentWindow) frame.contentWindow.postMessage(message, new URL(options.src, location.href).origin);
  }

  var providers = {
    giscus: {
      load: function () {
        return addScript(options.src, {
          "data-repo": options.repo, "data-repo-id": options.repo_id,
          "data-category": options.category, "data-category-id": options.category_id,
          "data-mapping": options.mapping, "data-lang": options.lang,
          "data-theme": isDark() ? "dark" : "light", crossorigin: "anonymous"
        });
      },
      follow: function (dark) {
        tellFrame("iframe.giscus-frame", { giscus: { setConfig: { theme: dark ? "dark" : "light" } } });
      }
    },
    utterances: {
      load: function () {
        return addScript(options.src, {
          repo: options.repo, "issue-term": options.issue_term, label: options.label,
          theme: isDark() ? "github-dark" : "github-light", crossorigin: "anonymous"
        });
      },
      follow: function (dark) {
        tellFrame("iframe.utterances-frame", { type: "set-theme", theme: dark ? "github-dark" : "github-light" });
      }
    },
    waline: {
      load: function () {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = options.css;
        document.head.appendChild(css);
        return import(options.src).then(function (waline) {
          waline.init({ el: slot, serverURL: options.server_url, path: data.id,
                        lang: options.lang || undefined, dark: "html.qp-dark" });
        });
      },
      follow: function () { /* the class on <html> below is what Waline watches */ }
    },
    twikoo: {
      load: function () {
        slot.id = "twikoo-comments";
        return addScript(options.src).then(function () {
          window.twikoo.init({ envId: options.env_id, el: "#twikoo-comments", path: data.id,
                               region: options.region || undefined, lang: options.lang || undefined });
        });
      },
      follow: function () { /* Twikoo draws with the page's own colours */ }
    },
    disqus: {
      load: function () {
        slot.id = "disqus_thread";
        window.disqus_config = function () {
          this.page.url = data.url;
          this.page.identifier = data.id;
          this.page.title = data.title;
        };
        return addScript(options.src, { "data-timestamp": String(Date.now()) });
      },
      follow: function () {
        if (window.DISQUS) window.DISQUS.reset({ reload: true, config: window.disqus_config });
      }
    }
  };

  var provider = providers[data.provider];
  if (!provider) return;
  var loaded = false;

  function syncClass() { root.classList.toggle("qp-dark", isDark()); }

  function load() {
    if (loaded) return;
    loaded = true;
    syncClass();
    box.setAttribute("aria-busy", "true");
    provider.load().then(function () { box.removeAttribute("aria-busy"); }, function () {
      box.removeAttribute("aria-busy");
      box.classList.add("comments-failed");
    });
  }

  window.addEventListener("qp:themechange", function (event) {
    if (!loaded) return;
    syncClass();
    provider.follow(event.detail && event.detail.theme === "dark");
  });

  if (!("IntersectionObserver" in window)) { load(); return; }
  var watcher = new IntersectionObserver(function (entries) {
    if (entries.some(function (entry) { return entry.isIntersecting; })) {
      watcher.disconnect();
      load();
    }
  }, { rootMargin: "0px 0px 600px 0px" });
  watcher.observe(box);
})();
