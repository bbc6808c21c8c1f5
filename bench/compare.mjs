#!/usr/bin/env node
// Before/after table of two bench runs: every target measure of issue 11 (bench/lib/targets.mjs)
// with its target and whether each run meets it, plus the ratio after/before.
//   node bench/compare.mjs bench/results/<before>.json bench/results/<after>.json [--out=file.md]
//     [--labels=before,after]
// Prints the markdown table; --out also writes it to a file.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { formatValue, metText, targetMeasures } from "./lib/targets.mjs";

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith("--"));
if (files.length !== 2) {
  console.error("usage: node bench/compare.mjs <before.json> <after.json> [--out=file.md] [--labels=before,after]");
  process.exit(2);
}
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const [labelA, labelB] = (flag("labels") ?? "before,after").split(",");
const [a, b] = files.map((f) => JSON.parse(readFileSync(f, "utf8")));

const describe = (r, f) => `${path.basename(f)}: ${r.plan?.name ?? "?"} run of ${String(r.date ?? "").slice(0, 19).replace("T", " ")}${r.commit ? `, commit ${r.commit}` : ""}, load average at start ${r.machine?.loadAvgAtStart?.join(" / ") ?? "?"}, ${r.durationS ?? "?"} s`;

const ma = targetMeasures(a);
const mb = new Map(targetMeasures(b).map((m) => [m.id, m]));
const lines = [];
lines.push(`| Measure | Target | ${labelA} | | ${labelB} | | ${labelB} / ${labelA} |`);
lines.push("|---|---|---|---|---|---|---|");
for (const x of ma) {
  const y = mb.get(x.id);
  const ratio = x.value && y?.value !== null && y?.value !== undefined ? `${(y.value / x.value).toFixed(2)}x` : "";
  lines.push(`| ${x.label} | ${x.target} | ${formatValue(x)} | ${metText(x.met)} | ${y ? formatValue(y) : "n/a"} | ${y ? metText(y.met) : ""} | ${ratio} |`);
}
const out = [
  `${labelA}: ${describe(a, files[0])}.`,
  "",
  `${labelB}: ${describe(b, files[1])}.`,
  "",
  lines.join("\n"),
  "",
  "Lower is better except where the target says >=. Latencies are the machine's: compare runs made on the same machine in the same session.",
  "",
].join("\n");
console.log(out);
const outFile = flag("out");
if (outFile) writeFileSync(outFile, out);
