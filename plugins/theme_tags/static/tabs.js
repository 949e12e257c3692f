/* A link to a tab (NexT's and Butterfly's permalinks, `#tab-one-2`, the id of its panel)
 * opens that tab, and any tab it is inside, and scrolls its row of tabs into view: the
 * tabs are radio buttons, and a closed tab's panel is hidden, so the browser found nothing
 * to scroll to and the page stayed at its top, the tab closed. */
(function () {
  "use strict";

  function openLinkedTab() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var panel = id && document.getElementById(id);
    if (!panel || !panel.classList.contains("tt-tab-panel")) return;
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
