// Renders the stylesheets Hexo would render (.styl, .scss, .sass, .less) with the reference
// compilers from npm: stylus, sass (Dart Sass) and less. Called once per build that has
// stylesheets to render again: a JSON list of {file, kind} on stdin; a JSON list of
// {css} or {error, line} (same order) on stdout. argv[2..] are folders holding node_modules,
// searched in order for each compiler. A compiler that is missing answers
// {missing: "<package>"} for its files.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const PACKAGES = { styl: "stylus", scss: "sass", sass: "sass", less: "less" };
const folders = process.argv.slice(2);

function load(name) {
  for (const folder of folders) {
    try {
      return createRequire(path.join(folder, "package.json"))(name);
    } catch (err) {
      if (err.code !== "MODULE_NOT_FOUND") throw err;
    }
  }
  return null;
}

async function render(item, compiler) {
  const text = readFileSync(item.file, "utf8");
  const dir = path.dirname(item.file);
  if (item.kind === "styl") {
    return await new Promise((resolve, reject) =>
      compiler(text).set("filename", item.file).set("paths", [dir])
        .render((err, css) => (err ? reject(err) : resolve(css))));
  }
  if (item.kind === "less") {
    return (await compiler.render(text, { filename: item.file, paths: [dir] })).css;
  }
  return compiler.compile(item.file, { style: "expanded" }).css;
}

function lineOf(err) {
  if (err.line) return err.line;  // less, sass (span)
  if (err.span && err.span.start) return err.span.start.line + 1;
  const match = /:(\d+):\d+/.exec(err.message || "");  // stylus: file:line:column
  return match ? Number(match[1]) : null;
}

const items = JSON.parse(readFileSync(0, "utf8"));
const compilers = {};
const results = [];
for (const item of items) {
  const name = PACKAGES[item.kind];
  if (!(name in compilers)) compilers[name] = load(name);
  if (compilers[name] === null) {
    results.push({ missing: name });
    continue;
  }
  try {
    results.push({ css: await render(item, compilers[name]) });
  } catch (err) {
    // stylus puts the location and an excerpt first and the reason last; the others, first
    const lines = String(err.message || err).split("\n").map((l) => l.trim()).filter(Boolean);
    const reason = (item.kind === "styl" ? lines[lines.length - 1] : lines[0]) || "error";
    results.push({ error: reason, line: lineOf(err) });
  }
}
process.stdout.write(JSON.stringify(results));
