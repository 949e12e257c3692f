// Build one Hexo blog (already copied to a temp folder) and dump what the harness compares.
//
// Usage: node hexo_run.js BLOG_DIR OUT_JSON [EXTRA_CONFIG_YML]
//
// Writes OUT_JSON with every post's and page's permalink, path and rendered body (Hexo's
// `content`, i.e. the post HTML before the theme wraps it) plus the tags this script had to stub.
// Tags a post uses that neither Hexo, its plugins nor the theme define would stop Hexo with
// "unknown block tag"; they are registered as pass-throughs (the body is kept, rendered as
// Markdown) so the rest of the blog can still be compared, and listed in `stubbed_tags`.
'use strict';

const fs = require('fs');
const path = require('path');
const Hexo = require('hexo');

const [blogDir, outJson, extraConfig] = process.argv.slice(2);

function tagsUsed(dir) {
  const used = new Map(); // name -> has an end tag
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(p);
      } else if (/\.(md|markdown)$/i.test(entry.name)) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/\{%-?\s*([A-Za-z_][\w-]*)/g)) {
          const name = m[1];
          if (name.startsWith('end')) continue;
          const ends = new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`).test(text);
          used.set(name, (used.get(name) || false) || ends);
        }
      }
    }
  };
  walk(path.join(dir, 'source'));
  return used;
}

async function main() {
  const args = { silent: true };
  if (extraConfig) args.config = `_config.yml,${extraConfig}`;
  const hexo = new Hexo(blogDir, args);
  await hexo.init();
  const stubbed = [];
  const env = hexo.extend.tag.env;
  const builtins = new Set(['raw', 'if', 'for', 'set', 'macro', 'block', 'extends', 'include', 'import', 'from', 'call', 'filter']);
  for (const [name, ends] of tagsUsed(blogDir)) {
    if (builtins.has(name) || env.hasExtension(name)) continue;
    // a plugin's block tag shows its body as Markdown; passing the raw text on would leave
    // `code` and **marks** as text on the Hexo side only
    const render = (_args, content) => (content
      ? hexo.render.renderSync({ text: content, engine: 'markdown' }) : '');
    hexo.extend.tag.register(name, render, { ends });
    stubbed.push(name);
  }
  const started = Date.now();
  await hexo.call('generate', {});
  const seconds = (Date.now() - started) / 1000;
  const dump = (doc) => ({
    source: doc.source,
    path: doc.path,
    permalink: doc.permalink,
    title: doc.title || '',
    content: doc.content || '',
  });
  const result = {
    hexo_version: hexo.version,
    public_dir: hexo.config.public_dir,
    theme: hexo.config.theme,
    root: hexo.config.root,
    stubbed_tags: stubbed,
    generate_seconds: seconds,
    posts: hexo.locals.get('posts').toArray().map(dump),
    pages: hexo.locals.get('pages').toArray().map(dump),
  };
  fs.writeFileSync(outJson, JSON.stringify(result));
  await hexo.exit();
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
