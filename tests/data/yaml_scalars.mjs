// Regenerates tests/data/yaml_scalars.json: how js-yaml (the YAML reader of Hexo 5-7) reads
// tricky plain scalars, so tests can hold QuillPress's reader to it. Run it with a js-yaml
// installed OUTSIDE the project (it is a test oracle, not a dependency):
//
//   mkdir -p /tmp/jsyaml && npm install --prefix /tmp/jsyaml js-yaml@4.1.0
//   node tests/data/yaml_scalars.mjs /tmp/jsyaml/node_modules/js-yaml > tests/data/yaml_scalars.json
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const dir = path.resolve(process.argv[2]);
const yaml = createRequire(import.meta.url)(dir);
const version = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version;

// Plain scalars that YAML 1.1 (PyYAML) and YAML 1.2 (js-yaml) may read differently.
const SCALARS = [
  "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
  "y", "Y", "n", "N", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE",
  "~", "null", "Null", "NULL", "nULL", "",
  "0", "-0", "+0", "00", "007", "031809", "0755", "08", "09", "+12", "-12",
  "0o755", "0o8", "0O17", "0x1F", "0x1f", "0X1F", "-0x1F", "0b101", "0B101", "0b2",
  "1_000", "_1", "1_", "0x_1F", "12345678901234567890", "9007199254740993",
  "1.0", "1.", ".5", "-.5", "+.5", "1.5", "0.1", "1e3", "1E3", "1e+3", "1.5e-3", "1.0e+3",
  "1_000.5", "1e", "e3", ".e3", "1.2.3", "0.1.2",
  ".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN", "inf", "nan", "NaN", "Infinity",
  "1:20", "1:20:30", "190:20:30", "-1:20", "1:20.5", "12:00",
  "2024-01-01", "2024-1-1", "2024-01-01 12:00:00", "2024-01-01T12:00:00Z",
  "2024-01-01 12:00:00 +08:00", "2024-01-01t12:00:00.5Z", "20240101",
  "=", "<<", "0x", "0b", "0o", "0xG", "1,000", "$1", "v1.0", "+", ".",
];

function describe(value) {
  if (value === null) return { type: "null", value: null };
  if (typeof value === "boolean") return { type: "bool", value };
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { type: "number", value: "NaN" };
    if (!Number.isFinite(value)) return { type: "number", value: value > 0 ? "Infinity" : "-Infinity" };
    return { type: "number", value, text: String(value) };
  }
  if (value instanceof Date) return { type: "date", value: value.toISOString() };
  return { type: typeof value, value };
}

const rows = SCALARS.map((scalar) => {
  let row;
  try {
    row = describe(yaml.load(`v: ${scalar}`).v);
  } catch (error) {
    row = { type: "error", value: error.reason || String(error) };
  }
  return { scalar, ...row };
});
process.stdout.write(JSON.stringify({ "js-yaml": version, rows }, null, 1) + "\n");
