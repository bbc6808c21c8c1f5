// `npm run check`, part two (after both tsc runs): offline, no Cloudflare account needed.
//  1. worker-configuration.d.ts matches wrangler.toml (`wrangler types --check`, same flags as
//     `npm run cf-typegen`);
//  2. each deployed environment bundles and its config validates (`wrangler deploy --dry-run`),
//     and its bundle stays under the budget below.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";

const ENVIRONMENTS = ["staging", "production"];
// The bundle was 1,286 KB while `import { z } from "zod"` pulled in all of zod's locales; with
// `import * as z from "zod"` it is ~730 KB. The provider API clients of issue #14 (nine providers'
// auth, rate limits, hydration and change listing) and the alerts brought it to ~1,100 KB of our own
// code (gzip ~260 KB; Cloudflare's limit is 3 MB gzip on Free, 10 MB on Paid). The way back of
// issue #17 (Odoo as a source, six outbound flows, the providers' write clients: ~5,400 lines, no
// new library) brought it to ~1,380 KB (gzip ~324 KB). A whole-library import still adds 500+ KB:
// past this budget, look for one before raising it.
const BUNDLE_BUDGET_KB = 1600;
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
const wrangler = (...args) => execFileSync("wrangler", args, { env, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

wrangler("types", "--include-runtime=false", "--strict-vars=false", "--check");
console.log("worker-configuration.d.ts is current");

let failed = false;
for (const name of ENVIRONMENTS) {
  const outdir = `.wrangler/check/${name}`;
  rmSync(outdir, { recursive: true, force: true });
  wrangler("deploy", "--dry-run", "--env", name, "--outdir", outdir);
  const bundle = readFileSync(`${outdir}/index.js`);
  const kb = Math.round(bundle.length / 1024);
  const gzipKb = Math.round(gzipSync(bundle).length / 1024);
  const over = kb > BUNDLE_BUDGET_KB;
  failed ||= over;
  console.log(`${name}: dry run ok, bundle ${kb} KB (gzip ${gzipKb} KB)${over ? ` OVER the ${BUNDLE_BUDGET_KB} KB budget` : ""}`);
}
if (failed) process.exit(1);
