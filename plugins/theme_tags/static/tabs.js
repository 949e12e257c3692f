/* A link to a tab (NexT's and Butterfly's permalinks, `#tab-one-2`, the id of its panel)
 * opens that tab, and any tab it is inside, and scrolls its row of tabs into view: the
 * tabs are radio buttons, and a closed tab's panel is hidden, so the browser found nothing
 * to scroll to and the page stayed at its top, the tab closed. */
(function () {
  "use strict";

  /* The tab panel the address names: its fragment decoded (`#%E6%A0%87` for a tab named
   * in Chinese), or as written when it is no escape (`#100%-done-2`, a tab of a group
   * named `100% done`, on which decodeURIComponent throws). */
  function linkedPanel() {
    var written = location.hash.slice(1), decoded = written;
    try { decoded = decodeURIComponent(written); } catch (e) { /* a raw `%`: as written */ }
    var ids = [decoded, written];
    for (var i = 0; i < ids.length; i++) {
      var panel = ids[i] && document.getElementById(ids[i]);
      if (panel && panel.classList.contains("tt-tab-panel")) return panel;
    }
    return null;
  }

  function openLinkedTab() {
    var panel = linkedPanel();
    if (!panel) return;
    for (var open = panel; open; open = open.parentElement && open.parentElement.closest(".tt-tab-panel")) {
      var label = open.previousElementSibling;
      var radio = label && label.previousElementSibling;
      if (radio && radio.classList.contains("tt-tab-input")) radio.checked = true;
    }
    panel.previousElementSibling.scrollIntoView();
  }

  openLinkedTab();
  window.addEventListener("hashchange", openLinkedTab);
})();
