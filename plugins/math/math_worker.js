// QuillPress's math worker: one long-lived Node process per build process, for both engines.
//
//   node FLAGS math_worker.js KATEX_MIN_JS KATEX_GLUE_JS [CODE_CACHE_DIR SOURCE_DIGEST [AHEAD [SOURCES]]]
//   (launch.py)
//   (KATEX_MIN_JS '': MathJax only; CODE_CACHE_DIR '' or missing: no code cache for KaTeX, and
//    MathJax's beside its package (node_modules/.cache/quillpress);
//    SOURCE_DIGEST: launch.py's hash of KaTeX, katex_fast.js, the glue and FLAGS, which names
//    the code cache;
//    AHEAD 'ahead', MathJax's worker: MathJax loads before the first request, as the blog's
//    sources hint it will be needed: launch.py's early_mathjax_command;
//    SOURCES, KaTeX's worker a first build starts early: the blog's source folder, whose
//    formulas it draws while no request waits (katex_predraw.js))
//
// Protocol: one JSON object per line on stdin; one reply per request on stdout, in order.
// A reply that is one string (KaTeX's HTML, MathJax's SVG, an error) is written as the line
// `=KEY BYTES` and then the string as BYTES bytes of UTF-16LE, unescaped: JSON (a formula's
// HTML has ~200 quotes to escape) cost Node ~5× the time of copying the string out, and
// Python's json.loads ~7× that of decoding it. UTF-16 is V8's own form of such a string, and
// it carries a lone surrogate, as JSON did, where UTF-8 cannot. Any other reply is JSON.
//   {"op": "katex", "tex": "...", "display": true}   -> {"out": "<span class=\"katex…"} | {"out": "!message"}
//   {"op": "katex-reset", "macros": "{…json…}"}       -> {"ok": true}
//   {"op": "mathjax-load"}                            -> {"version": "4.…", "code_cache": "used" | "none",
//                                                         "ahead": false}  (MathJax loads on demand; ahead:
//                                                         it had loaded as the worker started)
//   {"op": "mathjax", "tex": "...", "display": true}  -> {"svg": "<mjx-container>…"} | {"error": "…"}
//   {"op": "mathjax-reset", "macros": {"\\RR": "\\mathbb{R}"}} -> {"ok": true}
//   {"op": "mathjax-css"}                             -> {"css": "…"}  (the SVG stylesheet)
//   {"op": "katex-save-cache"}                        -> {"ok": true}  (make setup, after formulas)
//   {"op": "katex-ahead"}                             -> {"drawn": N, "used": N, "drawing": false}
//                                                        (SOURCES: formulas drawn ahead, used, more left
//                                                         to draw; the first katex-reset ends the drawing)
// The first line written is {"ready": true, "code_cache": "used" | "none"} once KaTeX has
// loaded; MathJax takes ~0.1-0.2 s more, paid only by a build that has a formula KaTeX rejects.
//
// KaTeX runs with the glue QuickJS also runs (katex_glue.js), so both give the same HTML;
// here five of KaTeX's helpers and a loop are swapped for faster ones that return the same
// (katex_fast.js).
// `--no-opt` (no TurboFan) is measured faster for KaTeX, cold and over thousands of formulas:
// its code is too polymorphic for the optimiser to pay back its compile time (bench/README.md).
//
// Start-up is most of a small blog's math time, so this file is CommonJS (Node's ES-module
// loader costs ~15 ms more to start) and reads stdin without `readline`. KaTeX compiles with
// V8's code cache when CODE_CACHE_DIR holds one made by this Node for this katex.min.js: it
// skips parsing KaTeX and compiling the functions formulas call, a third of a cold worker's
// CPU before its first hundred formulas. Without a usable one, the worker makes it when its
// input ends, after the build's formulas compiled what they use (a later build reads it).
//
// MathJax settings that make it a fallback a build can trust: formatError rethrows and
// `noundefined` is dropped, so a bad formula is an error rather than red text in the page;
// `ui/safe` filters \href and friends, so no javascript: URL reaches the page;
// fontCache 'local' keeps each SVG self-contained (no shared <defs> elsewhere in the page).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const [katexPath, gluePath, cacheDir, sourceDigest, mathjaxAhead, sources] = process.argv.slice(2);
// node:crypto is required only by MathJax's ids: loading it (OpenSSL's set-up) took ~28 ms of
// a ~70 ms start, so the code cache's name comes hashed from Python (launch.py).

/** KaTeX (with katex_fast.js's helpers) and its glue compiled as one script; V8's code cache
 * is used when it fits. Returns whether a code cache was used, and how to save one
 * (`saveIfNone` when input ends). */
function loadKatex() {
  const source = withFastHelpers(fs.readFileSync(katexPath, 'utf8')) + '\n' +
    fs.readFileSync(gluePath, 'utf8');
  const cacheFile = cacheDir && sourceDigest ? codeCacheFile() : '';
  let cachedData;
  try {
    cachedData = cacheFile ? fs.readFileSync(cacheFile) : undefined;
  } catch {  // none yet
  }
  const script = new vm.Script(source, {filename: katexPath, cachedData});
  script.runInThisContext();  // katex.min.js sees no `module`: it sets globalThis.katex
  const used = cachedData !== undefined && !script.cachedDataRejected;
  if (used) markUsed(cacheFile);
  const save = () => cacheFile && writeAtomically(cacheFile, script.createCachedData());
  return {used, save, saveIfNone: used ? () => {} : save};
}

/** `katex` with each of katex_fast.js's texts that occurs in it exactly once replaced. */
function withFastHelpers(katex) {
  for (const [text, faster] of require('./katex_fast.js')) {
    const at = katex.indexOf(text);
    if (at >= 0 && katex.indexOf(text, at + 1) < 0) {
      katex = katex.slice(0, at) + faster + katex.slice(at + text.length);
    }
  }
  return katex;
}

/** The cache's name says which Node, and which KaTeX and glue (V8 checks its own version
 * and flags again, and rejects a cache that does not fit). */
function codeCacheFile() {
  return path.join(cacheDir, `katex-${process.version}-${process.arch}-${sourceDigest}.bin`);
}

function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), {recursive: true});
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } catch {  // a read-only install: the next worker compiles KaTeX again, nothing worse
    try { fs.unlinkSync(temporary); } catch {}
    return;
  }
  removeStale(file);
}

// How long a cache this worker does not name is kept after it was last written or used: another
// checkout sharing node_modules (other flags, another math_worker.js) may still be using it,
// and would make it again at its next build.
const STALE_MS = 24 * 3600 * 1000;

/** Give a cache this worker read the time of this use: removeStale (another checkout's
 * worker, sharing node_modules) keeps what was used within STALE_MS however long ago it was
 * written, and a cache is written only when it was missing or did not fit. */
function markUsed(file) {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {}  // a read-only install: nothing removes it there either
}

/** Remove the caches of the same engine as `file`, just written, that other versions wrote
 * (of KaTeX or MathJax, Node, this worker, its flags), and what a worker stopped while it
 * wrote one left: they piled up in node_modules/.cache/quillpress, one per version, never
 * read again. Only names of this worker's own pattern go (`katex-…-DIGEST.bin`,
 * `mathjax-…-DIGEST.bin` and their `.PID.tmp`); anything else in the folder stays. */
function removeStale(file) {
  const folder = path.dirname(file);
  const engine = path.basename(file).split('-', 1)[0];
  const own = new RegExp(`^${engine}-v?\\d[^/]*-[0-9a-f]{16}\\.bin(?:\\.\\d+\\.tmp)?$`);
  const before = Date.now() - STALE_MS;
  try {
    for (const name of fs.readdirSync(folder)) {
      const stale = path.join(folder, name);
      if (stale === file || !own.test(name)) continue;
      try {
        const stat = fs.lstatSync(stale);
        if (stat.isFile() && stat.mtimeMs < before) fs.unlinkSync(stale);
      } catch {}  // gone already, or not ours to remove: kept
    }
  } catch {}  // an unreadable folder: nothing removed
}

// Where \newcommand, \def and \let put a post's definitions; emptied when a post starts.
const DEFINITION_MAPS = ['new-Command', 'new-Delimiter', 'new-Environment'];
let MathJax = null;
let loadedAhead = false;  // as the worker started, before any request (AHEAD)

async function loadMathJax() {
  if (MathJax === null) {
    const folder = path.dirname(path.dirname(require.resolve('@mathjax/src/package.json')));
    mathjaxCache = compileWithCache(folder, cacheDir || path.join(folder, '..', '.cache', 'quillpress'));
    // MathJax's CommonJS bundle (a handful of files) rather than its ~270 source modules, its
    // components loaded by `require` so that they compile through the cache too.
    global.MathJax = {loader: {require}};
    MathJax = require('@mathjax/src');
    // The bundle's loader maps MathJax 3's names of four TeX packages (\\require{amsCd},
    // colorV2, configMacros, tagFormat) to MathJax 4's: posts written for MathJax 3 (Hexo's
    // hexo-filter-mathjax, most themes' MathJax) load them by those names.
    await MathJax.init({
      loader: {load: ['input/tex', 'output/svg', 'ui/safe']},
      tex: {
        packages: {'[-]': ['noundefined']},
        formatError(jax, error) { throw error; },
      },
      svg: {fontCache: 'local'},
      startup: {typeset: false},
    });
  }
  return {version: MathJax.version, code_cache: mathjaxCache.used ? 'used' : 'none'};
}

let mathjaxCache = {used: false, saveIfNew() {}};

/** Compile the CommonJS files under `folder` (npm's @mathjax: the bundle, its components and
 * the font's) with V8's code cache, as KaTeX is compiled: MathJax's load and first formula took
 * ~0.13 s of CPU from the bundle, ~0.09 s with the cache. Node 20 has no compile cache of its
 * own for CommonJS (22 has), so each such file is compiled as Node's loader would (the same
 * wrapper, `require`, `module`), with its file's cached data. The cache is one file per MathJax
 * version, Node and worker, in CODE_CACHE_DIR or else beside the package (node_modules/.cache/
 * quillpress), written when the worker's input ends if a file was compiled without usable
 * cached data (`saveIfNew`): a later worker that loads more of MathJax adds its files. */
function compileWithCache(folder, cacheFolder) {
  const Module = require('node:module');
  const version = JSON.parse(fs.readFileSync(path.join(folder, 'src', 'package.json'), 'utf8')).version;
  const digest = require('node:crypto').createHash('sha1')
    .update([fs.readFileSync(__filename, 'utf8'), ...process.execArgv].join('\n')).digest('hex').slice(0, 16);
  const file = path.join(cacheFolder,
    `mathjax-${version}-${process.version}-${process.arch}-${digest}.bin`);
  const cached = readBlobs(file);
  if (cached.size > 0) markUsed(file);
  const made = new Map();  // file name -> script compiled without usable cached data
  let used = 0;
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (!filename.startsWith(folder + path.sep)) return compile.call(this, content, filename);
    const cachedData = cached.get(filename);
    const script = new vm.Script(Module.wrap(content), {filename, cachedData});
    if (cachedData === undefined || script.cachedDataRejected) made.set(filename, script);
    else used += 1;
    const module = this;
    const required = (id) => module.require(id);
    required.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
    required.cache = Module._cache;
    return script.runInThisContext().call(module.exports, module.exports, required, module,
      filename, path.dirname(filename));
  };
  return {
    get used() { return used > 0; },
    saveIfNew() {
      if (made.size === 0) return;
      const blobs = new Map(cached);
      for (const [name, script] of made) blobs.set(name, script.createCachedData());
      writeAtomically(file, packBlobs(blobs));
    },
  };
}

/** A file of named buffers: a 4-byte length, a JSON list of [name, size], then the buffers. */
function packBlobs(blobs) {
  const head = Buffer.from(JSON.stringify([...blobs].map(([name, data]) => [name, data.length])));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(head.length);
  return Buffer.concat([size, head, ...blobs.values()]);
}

/** The buffers of `packBlobs`'s file by name; none if it is missing or unreadable (V8 then
 * also rejects any buffer that does not fit its file, and the worker compiles without it). */
function readBlobs(file) {
  const blobs = new Map();
  try {
    const data = fs.readFileSync(file);
    const headEnd = 4 + data.readUInt32LE(0);
    let at = headEnd;
    for (const [name, size] of JSON.parse(data.toString('utf8', 4, headEnd))) {
      blobs.set(name, data.subarray(at, at + size));
      at += size;
    }
  } catch {
    blobs.clear();
  }
  return blobs;
}

/** The formula's SVG, drawn as every use of its packages after the first is. MathJax loads
 * the package of `\\bbox`, `\\color`, … (its autoload table) the first time a formula uses
 * one and reads that formula again with a space put after the macro, which the SVG keeps
 * (`data-latex="\\bbox [4px]{x}"`): the page's bytes depended on what this worker drew
 * before. Such a formula, whether drawn or rejected, is drawn again: the package is loaded
 * and its entries gone from the table, so this second drawing is the one a later use gets. */
async function svg(tex, display) {
  const waiting = autoloadsWaiting();
  let first;
  try {
    first = await drawn(tex, display);
  } catch (error) {
    if (autoloadsWaiting() === waiting) throw error;
  }
  return autoloadsWaiting() === waiting ? first : drawn(tex, display);
}

/** How many of MathJax's autoload entries are still waiting for their first use. */
function autoloadsWaiting() {
  const handler = MathJax._.input.tex.MapHandler.MapHandler;
  return ['autoload-macros', 'autoload-environments']
    .reduce((count, name) => count + (handler.getMap(name)?.map.size ?? 0), 0);
}

async function drawn(tex, display) {
  MathJax.texReset();  // labels are per formula: the same \label in two runs must not clash
  // The SVG's ids (MJX-<id>-<glyph>) named after the formula, not after how many formulas
  // this worker drew before: otherwise a page's bytes depend on which forked worker drew it.
  const hash = require('node:crypto').createHash('sha256');
  MathJax.startup.output.options.localID = hash.update(`${display}\n${tex}`).digest('hex').slice(0, 12);
  const node = await MathJax.tex2svgPromise(tex, {display});
  return MathJax.startup.adaptor.outerHTML(node);
}

/** Forget the previous post's macros, then define the site's (as \newcommand, like KaTeX's
 * `macros` option: the argument count is the highest #n in the body). */
async function resetMathJax(macros) {
  const handler = MathJax._.input.tex.MapHandler.MapHandler;
  for (const name of DEFINITION_MAPS) handler.getMap(name)?.map.clear();
  for (const [name, body] of Object.entries(macros || {})) {
    const args = Math.max(0, ...[...String(body).matchAll(/#([1-9])/g)].map((m) => Number(m[1])));
    await svg(`\\newcommand{${name}}[${args}]{${body}}`, false);
  }
}

async function handle(request) {
  switch (request.op) {
    case 'katex-save-cache':
      katexCache.save();
      return {ok: true};
    case 'katex': {
      const tex = String(request.tex), display = Boolean(request.display);
      return {out: predraw ? predraw.render(tex, display) : globalThis.qpRender(tex, display)};
    }
    case 'katex-reset':
      globalThis.qpReset(String(request.macros));
      if (predraw) predraw.reset(String(request.macros));
      return {ok: true};
    case 'katex-ahead':
      return predraw ? predraw.state() : {drawn: 0, used: 0, drawing: false};
    case 'mathjax-load':
      return {...await loadMathJax(), ahead: loadedAhead};
    case 'mathjax-reset':
      await resetMathJax(request.macros);
      return {ok: true};
    case 'mathjax-css':
      return {css: MathJax.startup.adaptor.textContent(MathJax.svgStylesheet())};
    case 'mathjax':
      return {svg: await svg(String(request.tex), Boolean(request.display))};
    default:
      throw new Error(`unknown op ${request.op}`);
  }
}

/** Lines of stdin, read with blocking reads: a build asks one formula at a time, and a
 * stream's event-loop turn per request cost more CPU than KaTeX's rendering of a formula.
 * While formulas are left to draw ahead, one is drawn whenever no request is waiting. */
function* lines() {
  const buffer = Buffer.alloc(1 << 16);
  let pending = '';
  for (;;) {
    let size = -1;
    while (size < 0 && predraw && predraw.pending) {
      size = readWaiting(buffer);
      if (size < 0) predraw.steps();
    }
    if (size < 0) size = blocking(() => fs.readSync(0, buffer, 0, buffer.length, null));
    if (size === 0) return;
    const parts = (pending + buffer.toString('utf8', 0, size)).split('\n');
    pending = parts.pop();
    yield* parts.filter((line) => line);
  }
}

/** What stdin holds now, into `buffer`: its size, or -1 when nothing is waiting. */
function readWaiting(buffer) {
  try {
    return fs.readSync(stdinNow, buffer, 0, buffer.length, null);
  } catch (error) {
    if (error.code !== 'EAGAIN') throw error;
    return -1;
  }
}

/** Write one reply (see the protocol above). */
function send(reply) {
  const keys = Object.keys(reply);
  const value = reply[keys[0]];
  let data;
  if (keys.length === 1 && typeof value === 'string') {  // one buffer, one copy of the text
    const head = `=${keys[0]} ${value.length * 2}\n`;  // two bytes per UTF-16 code unit
    data = Buffer.allocUnsafe(head.length + value.length * 2);
    data.write(head, 0, 'latin1');
    data.write(value, head.length, 'utf16le');
  } else if (keys.length === 1 && Buffer.isBuffer(value)) {  // the text as UTF-16 already
    data = Buffer.concat([Buffer.from(`=${keys[0]} ${value.length}\n`, 'latin1'), value]);
  } else {
    data = Buffer.from(JSON.stringify(reply) + '\n', 'utf8');
  }
  for (let at = 0; at < data.length;) {
    at += blocking(() => fs.writeSync(1, data, at));
  }
}

/** Retry a read or write that a non-blocking pipe refused for now. */
function blocking(io) {
  for (;;) {
    try {
      return io();
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

const katexCache = katexPath ? loadKatex() : {used: false, save() {}, saveIfNone() {}};
// KaTeX's formulas drawn ahead from the blog's sources (SOURCES), where stdin can be read
// without blocking to see whether a request waits
const stdinNow = katexPath && sources ? require('./katex_predraw.js').openWithoutBlocking() : -1;
const predraw = stdinNow >= 0 ? new (require('./katex_predraw.js').Predraw)(sources, {
  render: (tex, display) => globalThis.qpRender(tex, display),
  macros: () => globalThis.qpMacros,
  use: (macros) => { globalThis.qpMacros = macros; },
}) : null;

async function main() {
  send({ready: true, code_cache: katexCache.used ? 'used' : 'none'});
  try {
    if (mathjaxAhead === 'ahead') {
      await loadMathJax();
      loadedAhead = true;
    }
  } catch {  // MathJax failing to load: its first request says why
    MathJax = null;
  }
  for (const line of lines()) {
    let reply;
    try {
      reply = await handle(JSON.parse(line));
    } catch (error) {
      reply = {error: String(error && error.message || error)};
    }
    send(reply);
  }
  katexCache.saveIfNone();
  mathjaxCache.saveIfNew();
}

main();
