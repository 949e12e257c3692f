// KaTeX's settings for QuillPress, in one place for both hosts of `katex`: the Node math
// worker (math_worker.js) and the in-process QuickJS VM (katex.py, when Node is missing).
//
// The macros object lives for the whole post: with globalGroup, a \newcommand or \def in one
// formula is seen by the next, as in a LaTeX document. A rejected formula comes back as
// '!' + KaTeX's message, so the caller needs no exception bridge.
var qpMacros = {};
function qpReset(json) { qpMacros = JSON.parse(json); }
function qpTrust(c) { return c.command === '\\href' && c.url.charAt(0) === '#'; }

/** One formula's HTML. A \newcommand of a name KaTeX already has (its built-in \R, or a
 * macro an earlier formula defined) is what the writer meant: it is retried as \renewcommand,
 * here rather than by the caller, so that a caller who sent formulas ahead gets each reply
 * from one request (a retry it had to ask for dropped what Node had drawn ahead). */
function qpRender(tex, display) {
  var out = qpRenderOnce(tex, display);
  for (var tries = 1; tries < 20 && out.charAt(0) === '!'; tries++) {
    var redefined = /\\newcommand\{(\\[A-Za-z]+|\\[^\n])\} attempting to redefine/.exec(out);
    var renamed = redefined ? qpRenewed(tex, redefined[1]) : tex;
    if (renamed === tex) break;
    tex = renamed;
    out = qpRenderOnce(tex, display);
  }
  return out;
}

function qpRenderOnce(tex, display) {
  try {
    return katex.renderToString(tex, {displayMode: display, output: 'htmlAndMathml',
      throwOnError: true, globalGroup: true, macros: qpMacros, trust: qpTrust,
      strict: 'ignore'});
  } catch (e) {
    return '!' + String(e && e.message || e);
  }
}

// Python's \s (what this retry matched when it was made in katex.py): JavaScript's has U+FEFF
// and lacks U+001C-U+001F and U+0085.
var QP_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029' +
  '\\u202f\\u205f\\u3000]';

/** `tex` with every \newcommand of `name` made a \renewcommand. */
function qpRenewed(tex, name) {
  var pattern = new RegExp('\\\\newcommand(' + QP_SPACE + '*\\{' + QP_SPACE + '*|' + QP_SPACE +
    '*)' + name.replace(/[\\^$.*+?()[\]{}|\/-]/g, '\\$&') + '(?![A-Za-z])', 'g');
  return tex.replace(pattern, function (match, between) { return '\\renewcommand' + between + name; });
}
