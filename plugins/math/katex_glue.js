// KaTeX's settings for QuillPress, in one place for both hosts of `katex`: the Node math
// worker (math_worker.mjs) and the in-process QuickJS VM (katex.py, when Node is missing).
//
// The macros object lives for the whole post: with globalGroup, a \newcommand or \def in one
// formula is seen by the next, as in a LaTeX document. A rejected formula comes back as
// '!' + KaTeX's message, so the caller needs no exception bridge.
var qpMacros = {};
function qpReset(json) { qpMacros = JSON.parse(json); }
function qpTrust(c) { return c.command === '\\href' && c.url.charAt(0) === '#'; }
function qpRender(tex, display) {
  try {
    return katex.renderToString(tex, {displayMode: display, output: 'htmlAndMathml',
      throwOnError: true, globalGroup: true, macros: qpMacros, trust: qpTrust,
      strict: 'ignore'});
  } catch (e) {
    return '!' + String(e && e.message || e);
  }
}
