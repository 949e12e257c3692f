// What MathJax's TeX input can ever know, for mathjax_names.py: the control sequences of math
// mode and of text mode (\text{…}, read by its textmacros package), the environments, and the
// commands whose argument is read as text. Every TeX package of the installed MathJax is loaded
// (a formula's \require can load any of them, and a worker keeps what an earlier one loaded),
// so a name none of them has is one no MathJax worker draws.
//
//   node mathjax_names.js OUTPUT.json   (run by launch.py at set-up, never during a build)
//
// The file written: {"version": "4.…", "math": [...], "text": [...], "environments": [...],
// "text_arguments": [...]}, names without their backslash.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [output] = process.argv.slice(2);

async function main() {
  const MathJax = (await import('@mathjax/src/source')).default;
  await MathJax.init({loader: {load: ['input/tex']}, startup: {typeset: false}});
  const root = path.dirname(require.resolve('@mathjax/src/package.json'));
  const extensions = path.join(root, 'components', 'mjs', 'input', 'tex', 'extensions');
  for (const name of fs.readdirSync(extensions)) {
    try {
      await MathJax.loader.load(`[tex]/${name}`);
    } catch {  // one that needs what is not installed (a font): no \require loads it either
    }
  }
  const {ConfigurationHandler} = await import('@mathjax/src/js/input/tex/Configuration.js');
  const {MapHandler} = await import('@mathjax/src/js/input/tex/MapHandler.js');
  const found = {math: new Set(), text: new Set(), environments: new Set(),
    text_arguments: new Set()};
  for (const name of ConfigurationHandler.keys()) {
    const configuration = ConfigurationHandler.get(name);
    const text = configuration.parser === 'text';
    for (const kind of ['macro', 'environment']) {
      for (const mapName of configuration.handler[kind] || []) {
        const map = MapHandler.getMap(mapName);
        for (const key of map && map.map ? map.map.keys() : []) {
          const bare = key.replace(/^\\/, '');  // a delimiter map's keys keep theirs
          if (kind === 'environment') {
            found.environments.add(bare);
            continue;
          }
          found[text ? 'text' : 'math'].add(bare);
          // A command whose method reads an argument as text (\text, \fbox, \colorbox, …):
          // ParseUtil.internalMath is how MathJax's parsers hand text to textmacros.
          const method = map.lookup(key)?.func;
          if (!text && typeof method === 'function' && String(method).includes('internalMath')) {
            found.text_arguments.add(bare);
          }
        }
      }
    }
  }
  const sorted = Object.fromEntries(Object.entries(found).map(([key, names]) => [key, [...names].sort()]));
  fs.writeFileSync(output, JSON.stringify({version: MathJax.version, ...sorted}));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack || error}\n`);
  process.exit(1);
});
