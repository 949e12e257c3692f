// QuillPress's MathJax worker: one long-lived Node process per build process.
//
// Protocol: one JSON object per line on stdin, one per line on stdout, in order.
//   {"op": "render", "tex": "...", "display": true}  -> {"svg": "<mjx-container>…"} | {"error": "…"}
//   {"op": "reset", "macros": {"\\RR": "\\mathbb{R}"}} -> {"ok": true}
//   {"op": "css"}                                     -> {"css": "…"}  (the SVG stylesheet)
// The first line written is {"ready": "<MathJax version>"} once MathJax has loaded.
//
// Settings that make it a fallback a build can trust: formatError rethrows and
// `noundefined` is dropped, so a bad formula is an error rather than red text in the page;
// `ui/safe` filters \href and friends, so no javascript: URL reaches the page;
// fontCache 'local' keeps each SVG self-contained (no shared <defs> elsewhere in the page).
import {createInterface} from 'node:readline';

const {default: MathJax} = await import('@mathjax/src/source');

// Where \newcommand, \def and \let put a post's definitions; emptied when a post starts.
const DEFINITION_MAPS = ['new-Command', 'new-Delimiter', 'new-Environment'];

async function start() {
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

async function svg(tex, display) {
  MathJax.texReset();  // labels are per formula: the same \label in two runs must not clash
  const node = await MathJax.tex2svgPromise(tex, {display});
  return MathJax.startup.adaptor.outerHTML(node);
}

/** Forget the previous post's macros, then define the site's (as \newcommand, like KaTeX's
 * `macros` option: the argument count is the highest #n in the body). */
async function reset(macros) {
  const handler = MathJax._.input.tex.MapHandler.MapHandler;
  for (const name of DEFINITION_MAPS) handler.getMap(name)?.map.clear();
  for (const [name, body] of Object.entries(macros || {})) {
    const args = Math.max(0, ...[...String(body).matchAll(/#([1-9])/g)].map((m) => Number(m[1])));
    await svg(`\\newcommand{${name}}[${args}]{${body}}`, false);
  }
}

async function handle(request) {
  if (request.op === 'reset') {
    await reset(request.macros);
    return {ok: true};
  }
  if (request.op === 'css') {
    return {css: MathJax.startup.adaptor.textContent(MathJax.svgStylesheet())};
  }
  return {svg: await svg(String(request.tex), Boolean(request.display))};
}

function send(reply) {
  process.stdout.write(JSON.stringify(reply) + '\n');
}

await start();
send({ready: MathJax.version});
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
