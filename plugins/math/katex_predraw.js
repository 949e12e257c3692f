// KaTeX's formulas drawn before the build asks for them: the math worker a first build starts
// before its imports (launch.py's early_command) is idle for ~0.15 s while Python
// imports, reads the config and the sources, and parses the first document; then its first
// documents' formulas all come at once and the build waits for them (conduition: ~0.1 s at
// the start of the bodies, bench/README.md "conduition, stop 41"). Here the worker reads the
// blog's Markdown itself, largest first as the build hands its documents out (below), and
// draws what looks like a formula until the build's first request comes. A request for one of
// those is answered from what was drawn. Only until
// then: a drawing kept for later costs more than one sent as it is made (~0.07 ms more each,
// KaTeX's HTML kept alive; bench/README.md), which pays where Node would idle, not where the
// build's own requests keep it busy (c5000, a forked build's workers).
//
// Only a guess, never a different page: a formula is drawn ahead only in the state a post
// starts in on a blog without site macros (none defined, and nothing a formula defined since),
// and its drawing is used only for a request made in that very state, for the very same TeX.
// What the build asks is what its Markdown parser found after its own rewrites (escapes
// undone, `\text` arguments, equation numbers: plugins/math), so TeX that any of those could
// rewrite is not drawn ahead (MAY_CHANGE: the rewriters' own patterns, rewrites.txt), and a
// formula found here that the build never asks for is only time spent while the worker had
// nothing else to do. A blog whose first reset brings the site's macros drops them all.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The math plugin's rewrites of TeX before it asks KaTeX, as their rewriters match them
 * (rewrites.txt, which they compile too: rewrites.py): {NAME: RegExp}. */
function rewrites() {
  const lines = fs.readFileSync(path.join(__dirname, 'rewrites.txt'), 'utf8').split('\n');
  const named = lines.filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]);
  return Object.fromEntries(named.map(([name, pattern]) => [name, new RegExp(pattern)]));
}
// TeX the build asks for rewritten: a formula any rewrite matches
const MAY_CHANGE = new RegExp(Object.values(rewrites()).map((re) => `(?:${re.source})`).join('|'));
const MARKDOWN = /\.(?:md|markdown)$/i;
const LIMIT = 2000;  // formulas found: more than a quiet start leaves time to draw (~0.5 s)
const STEP_NS = 1000000n;  // drawing ahead between two looks for a request (`steps`)

/** The Markdown files below `folder` in the order the build's reader lists documents: a
 * folder's files by name, then its folders by name; hidden files and folders, node_modules,
 * drafts and the other `_` names Hexo skips are left out, and so are links (the reader
 * follows them: their formulas are only not drawn ahead). */
function* markdownFiles(folder, below = '') {
  let entries;
  try {
    entries = fs.readdirSync(folder, {withFileTypes: true});
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.isFile() && MARKDOWN.test(entry.name) && !/^[._]/.test(entry.name)) {
      yield path.join(folder, entry.name);
    }
  }
  for (const entry of entries) {
    const name = entry.name;
    if (!entry.isDirectory() || name.startsWith('.') || name === 'node_modules') continue;
    if (name.startsWith('_') && !(below === '' && name === '_posts')) continue;
    yield* markdownFiles(path.join(folder, name), `${below}${name}/`);
  }
}

/** The Markdown files below `folder`, largest first, as the build's pool of render workers
 * hands its documents out (quillpress/build/parallel.py: by their bodies' lengths, equal ones
 * in the reader's order); the pool's first worker begins with the largest and is the one that
 * takes this worker over. In the reader's order most of what BlitherBoom812's worker drew was
 * of posts the other render worker asked for (15 of 239 drawings used; bench/README.md, stop
 * 43). A file's size stands for its body's length, near enough, without reading it (the
 * front-matter, and a character of more than one byte, make the guess a guess): c5000's 5,000
 * files are sized in ~30 ms of Node, where reading them took ~0.4 s; each is read only when its
 * turn comes. A build that renders all its documents in one process asks for every drawing,
 * in whatever order they were drawn. */
function largestFirst(folder) {
  const sized = [];
  for (const file of markdownFiles(folder)) {
    let size = 0;
    try {
      size = fs.statSync(file).size;
    } catch {  // gone, or unreadable: the build says so
    }
    sized.push([size, file]);
  }
  return sized.sort((a, b) => b[0] - a[0]).map(([, file]) => file);  // (stable: ties in order)
}

// A line of macro definitions outside math (`\newcommand{\E}{…}` as hexo-renderer-pandoc
// reads it; plugins/math/syntax.py's macro_block, _DEFINITION): the post's formulas after it
// are asked in a state with those macros, never in the one a post starts in
const DEFINITION = /^[ \t]*\\(?:(?:re)?newcommand|providecommand|def|let)(?![A-Za-z])/m;

/** What looks like a formula in one Markdown file, in order: [tex, display] for `$$…$$` and
 * `$…$` outside front-matter, code fences and code spans, without what MAY_CHANGE holds, and
 * only before a line of macro definitions (DEFINITION): neozhaoliang's largest post, first
 * drawn (largestFirst), defines 37 macros so, and 1,554-1,697 of its formulas were drawn and
 * 22-27 used (bench/README.md, "Drawing ahead after macro lines, stop 43"). */
function formulasIn(text) {
  const found = [];
  if (text.indexOf('$') < 0) return found;
  let drawable = prose(text);
  const definition = DEFINITION.exec(drawable);
  if (definition) drawable = drawable.slice(0, definition.index);
  for (const [tex, display] of dollarSpans(drawable)) {
    const trimmed = tex.trim();
    if (trimmed && !MAY_CHANGE.test(trimmed)) found.push([trimmed, display]);
  }
  return found;
}

/** The text without its front-matter and with its code fences blanked. Found with regular
 * expressions, which V8 runs as compiled code where a loop over characters is interpreted
 * (the worker runs without TurboFan): a megabyte of Markdown costs ~5 ms, not ~60. */
function prose(text) {
  const front = /^---[ \t]*\r?\n[\s\S]*?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (front) text = text.slice(front[0].length);
  if (text.indexOf('```') < 0 && text.indexOf('~~~') < 0) return text;
  const fences = /^ {0,3}(`{3,}|~{3,})([^\n]*)$/gm;
  const parts = [];
  let kept = 0;
  for (let open; (open = fences.exec(text)) !== null;) {
    if (open[1][0] === '`' && open[2].indexOf('`') >= 0) continue;  // an inline code span
    parts.push(text.slice(kept, open.index));
    const closer = new RegExp(`^ {0,3}${open[1][0]}{${open[1].length},}[ \\t]*$`, 'gm');
    closer.lastIndex = fences.lastIndex;
    const close = closer.exec(text);
    kept = fences.lastIndex = close ? closer.lastIndex : text.length;
  }
  parts.push(text.slice(kept));
  return parts.join('\n');
}

// What the dollar scan stops at: an escape, a code span's backticks, a dollar or two.
const MARK = /\\[\s\S]|`+|\$\$?/g;
const DISPLAY_END = /\\[\s\S]|\$\$/g;
const INLINE_END = /\\[\s\S]|\$|\n[ \t]*\n/g;

/** `$$…$$` (display) and `$…$` (inline: no blank after the opening dollar or before the
 * closing one, which no digit follows, within a paragraph) outside code spans; `\$` is a
 * dollar sign. */
function* dollarSpans(text) {
  const marks = new RegExp(MARK);  // (its own lastIndex)
  for (let mark; (mark = marks.exec(text)) !== null;) {
    const [found] = mark;
    const after = marks.lastIndex;
    if (found[0] === '\\') continue;
    if (found[0] === '`') {  // a code span: to the same run of backticks, if any
      const close = new RegExp(`(?<!\`)${found}(?!\`)`, 'g');
      close.lastIndex = after;
      if (close.exec(text) !== null) marks.lastIndex = close.lastIndex;
      continue;
    }
    const end = closing(text, after, new RegExp(found === '$$' ? DISPLAY_END : INLINE_END));
    if (end < 0) {
      if (found === '$$') return;
      continue;
    }
    const tex = text.slice(after, end);
    if (found === '$$') {
      yield [tex, true];
      marks.lastIndex = end + 2;
    } else if (!/^\s|\s$/.test(tex) && !/[0-9]/.test(text[end + 1] || '')) {
      yield [tex, false];
      marks.lastIndex = end + 1;
    }
  }
}

/** Where the dollar(s) that `ends` looks for close what opened just before `from`: -1 when
 * they do not (or a blank line comes first). */
function closing(text, from, ends) {
  ends.lastIndex = from;
  for (let end; (end = ends.exec(text)) !== null;) {
    if (end[0][0] === '$') return end.index;
    if (end[0][0] === '\n') return -1;
  }
  return -1;
}

/** Whether `macros` holds what `base` holds and nothing else (a formula defined nothing). */
function same(macros, base) {
  let count = 0;
  for (const name in macros) {
    if (macros[name] !== base[name]) return false;
    count += 1;
  }
  return count === Object.keys(base).length;
}

/** The drawings ahead of one worker. `katex`: {render(tex, display), macros(), use(macros)}
 * over the glue's functions and its macros object. */
class Predraw {
  constructor(folder, katex) {
    this.katex = katex;
    this.fresh = {};  // the macros a formula is drawn ahead with: none, as yet unchanged
    this.settled = false;  // the first reset came: nothing more is drawn
    this.pristine = false;  // the worker's macros are none and nothing was defined since
    this.memo = new Map();  // (display, TeX) -> drawn ahead, not asked for yet
    this.drawn = 0;
    this.used = 0;
    this.folder = folder;
    this.files = null;  // the Markdown files left to read ahead, last first, once listed
    this.queue = [];
    this.at = 0;
    this.found = 0;
  }

  /** Formulas are left to draw ahead. */
  get pending() {
    return this.files === null || this.files.length > 0 || this.at < this.queue.length;
  }

  /** Draw formulas found ahead for about a millisecond (then the worker looks for a request:
   * an error thrown per look, as Node's read says "nothing yet", cost more than a formula). */
  steps() {
    const until = process.hrtime.bigint() + STEP_NS;
    while (this.step() && process.hrtime.bigint() < until);
  }

  /** Draw the next formula found ahead; false once none is left. */
  step() {
    if (this.files === null) this.files = largestFirst(this.folder).reverse();
    while (this.at >= this.queue.length) {
      if (this.files.length === 0 || this.found >= LIMIT) {
        this.files = [];
        return false;
      }
      let text = '';
      try {
        text = fs.readFileSync(this.files.pop(), 'utf8');
      } catch {  // gone, or unreadable: the build says so
      }
      this.queue = formulasIn(text);
      this.at = 0;
      this.found += this.queue.length;
    }
    const [tex, display] = this.queue[this.at++];
    const key = (display ? 'D' : 'I') + tex;
    if (this.memo.has(key)) return true;
    const kept = this.katex.macros();
    this.katex.use(this.fresh);
    try {
      const out = this.katex.render(tex, display);
      if (same(this.fresh, {})) {  // defined nothing: the same drawing in a post's start
        // kept as the reply's bytes: KaTeX's HTML is a string built by concatenation, whose
        // thousands of pieces, kept alive, cost more in garbage collection than the drawing
        this.memo.set(key, Buffer.from(out, 'utf16le'));
        this.drawn += 1;
      } else {
        this.fresh = {};
      }
    } finally {
      this.katex.use(kept);
    }
    return true;
  }

  /** A post starts with these macros (JSON). The first is the build's first request: nothing
   * more is drawn ahead, and all of it is dropped when the site has macros. */
  reset(macros) {
    if (!this.settled) {
      this.settled = true;
      this.files = [];
      this.queue = [];
      if (macros !== '{}') this.memo.clear();
    }
    this.pristine = macros === '{}' && this.memo.size > 0;
  }

  /** One formula the build asks for, in the worker's state: its HTML, or the bytes of its
   * HTML in UTF-16 (as the reply carries it) when it was drawn ahead. */
  render(tex, display) {
    if (!this.pristine) return this.katex.render(tex, display);
    const key = (display ? 'D' : 'I') + tex;
    const drawn = this.memo.get(key);
    if (drawn !== undefined) {
      this.memo.delete(key);
      this.used += 1;
      return drawn;
    }
    const out = this.katex.render(tex, display);
    this.pristine = same(this.katex.macros(), {});
    return out;
  }

  /** How many formulas were drawn ahead, how many of those were asked for, whether more are
   * left to draw. */
  state() {
    return {drawn: this.drawn, used: this.used, drawing: this.pending};
  }
}

/** stdin opened a second time, without blocking: whether a request is waiting is read from
 * it between two formulas drawn ahead. -1 where that cannot be done (not Linux). */
function openWithoutBlocking() {
  try {
    return fs.openSync('/proc/self/fd/0', fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return -1;
  }
}

module.exports = {Predraw, formulasIn, largestFirst, markdownFiles, openWithoutBlocking, rewrites};
