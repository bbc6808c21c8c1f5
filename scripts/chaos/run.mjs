#!/usr/bin/env node
/**
 * `npm run chaos [-- --twice] [-- --seed N]`: runs the full chaos profile in workerd (vitest with
 * scripts/chaos/vitest.config.ts), prints the summary and writes it to
 * scripts/chaos/results/chaos-<date>-seed<seed>.md. With --twice the same seed runs twice and the
 * invariants of both runs are compared (timing-dependent figures, such as Odoo calls per event or
 * how many writes were superseded, may differ and are not compared).
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const twice = args.includes("--twice");
const seedArg = args.indexOf("--seed");
const env = { ...process.env, FORCE_COLOR: "0" };
if (seedArg >= 0) env.CHAOS_SEED = args[seedArg + 1];

function runOnce() {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn("npx", ["vitest", "run", "--config", "scripts/chaos/vitest.config.ts"], { cwd: root, env });
    let out = "";
    const onData = (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => process.stderr.write(chunk));
    child.on("close", (code) => {
      const match = /<<<CHAOS-REPORT\n([\s\S]*?)\n(\{.*\})\nCHAOS-REPORT>>>/.exec(out);
      resolve({ code, seconds: Math.round((Date.now() - started) / 1000), markdown: match?.[1] ?? null, report: match ? JSON.parse(match[2]) : null });
    });
  });
}

const runs = [await runOnce()];
if (twice) runs.push(await runOnce());
const lines = [];
runs.forEach((run, i) => {
  lines.push(run.markdown ?? `(run ${i + 1} printed no report; exit code ${run.code})`, "", `Wall time of the vitest run: ${run.seconds} s; exit code ${run.code}.`, "");
});
let exit = runs.some((r) => r.code !== 0 || !r.report) ? 1 : 0;
if (twice && runs.every((r) => r.report)) {
  const [a, b] = runs.map((r) => r.report);
  const same = JSON.stringify(a.invariants) === JSON.stringify(b.invariants) && a.fingerprint === b.fingerprint;
  lines.push(
    `Same seed twice: scenario fingerprint ${a.fingerprint} / ${b.fingerprint}; invariants ${JSON.stringify(a.invariants)} / ${JSON.stringify(b.invariants)} -> ${same ? "identical" : "DIFFERENT"}.`,
    `Timing-dependent figures (not compared): Odoo calls per accepted event ${a.details.odooCallsPerAcceptedEvent} / ${b.details.odooCallsPerAcceptedEvent}; drain after the last ack ${a.timings.drainSecondsAfterLastAck} / ${b.timings.drainSecondsAfterLastAck} s; statuses ${JSON.stringify(a.details.statuses)} / ${JSON.stringify(b.details.statuses)}.`,
  );
  if (!same) exit = 1;
}
const text = lines.join("\n");
const seed = runs[0].report?.seed ?? env.CHAOS_SEED ?? "default";
const file = `scripts/chaos/results/chaos-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-")}-seed${seed}.md`;
mkdirSync(new URL("results/", import.meta.url), { recursive: true });
writeFileSync(new URL(`../../${file}`, import.meta.url), `${text}\n`);
console.log(`\n${text}\n\nwritten to ${file}`);
process.exit(exit);
