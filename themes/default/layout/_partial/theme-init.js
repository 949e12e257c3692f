(function () {
  /* Runs before the first paint: a reader's saved choice must not flash the other theme. */
  try {
    var saved = localStorage.getItem("qp-theme");
    if (saved === "dark" || saved === "light") document.documentElement.setAttribute("data-theme", saved);
  } catch (e) { /* storage blocked: follow the OS */ }
})();
