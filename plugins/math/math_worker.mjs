// QuillPress's math worker: one long-lived Node process per build process, for both engines.
//
//   node --no-opt math_worker.mjs KATEX_MIN_JS KATEX_GLUE_JS   (KATEX_MIN_JS '': MathJax only)
//
// Protocol: one JSON object per line on stdin, one per line on stdout, in order.
//   {"op": "katex", "tex": "...", "display": true}   -> {"out": "<span class=\"katex…"} | {"out": "!message"}
//   {"op": "katex-reset", "macros": "{…json…}"}       -> {"ok": true}
//   {"op": "mathjax-load"}                            -> {"version": "4.…"}  (MathJax loads on demand)
//   {"op": "mathjax", "tex": "...", "display": true}  -> {"svg": "<mjx-container>…"} | {"error": "…"}
//   {"op": "mathjax-reset", "macros": {"\\RR": "\\mathbb{R}"}} -> {"ok": true}
//   {"op": "mathjax-css"}                             -> {"css": "…"}  (the SVG stylesheet)
// The first line written is {"ready": true} once KaTeX has loaded (about 25 ms; MathJax takes
// ~0.3 s more, paid only by a build that has a formula KaTeX rejects).
//
// KaTeX runs with the glue QuickJS also runs (katex_glue.js), so both give the same HTML.
// `--no-opt` (no TurboFan) is measured faster for KaTeX, cold and over thousands of formulas:
// its code is too polymorphic for the optimiser to pay back its compile time (bench/README.md).
//
// MathJax settings that make it a fallback a build can trust: formatError rethrows and
// `noundefined` is dropped, so a bad formula is an error rather than red text in the page;
// `ui/safe` filters \href and friends, so no javascript: URL reaches the page;
// fontCache 'local' keeps each SVG self-contained (no shared <defs> elsewhere in the page).
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {createInterface} from 'node:readline';
import {runInThisContext} from 'node:vm';

const [katexPath, gluePath] = process.argv.slice(2);
if (katexPath) {  // empty when only MathJax is installed
  globalThis.katex = createRequire(import.meta.url)(katexPath);
  runInThisContext(readFileSync(gluePath, 'utf8'), {filename: gluePath});
}

// Where \newcommand, \def and \let put a post's definitions; emptied when a post starts.
const DEFINITION_MAPS = ['new-Command', 'new-Delimiter', 'new-Environment'];
let MathJax = null;

async function loadMathJax() {
  if (MathJax === null) {
    MathJax = (await import('@mathjax/src/source')).default;
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
  return {version: MathJax.version};
}

async function svg(tex, display) {
  MathJax.texReset();  // labels are per formula: the same \label in two runs must not clash
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
    case 'katex':
      return {out: globalThis.qpRender(String(request.tex), Boolean(request.display))};
    case 'katex-reset':
      globalThis.qpReset(String(request.macros));
      return {ok: true};
    case 'mathjax-load':
      return loadMathJax();
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

function send(reply) {
  process.stdout.write(JSON.stringify(reply) + '\n');
}

send({ready: true});
let queue = Promise.resolve();
createInterface({input: process.stdin}).on('line', (line) => {
  queue = queue.then(async () => {
    try {
      send(await handle(JSON.parse(line)));
    } catch (error) {
      send({error: String(error && error.message || error)});
    }
  });
});
