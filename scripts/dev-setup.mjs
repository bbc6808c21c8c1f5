// Prepares local development before `wrangler dev`: a .dev.vars with working defaults (copied from
// .dev.vars.example, never overwritten) and the D1 migrations applied to every local database (DB and
// the regional ones of src/tenant/region.ts).
import { copyFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("created .dev.vars from .dev.vars.example (local-only secrets)");
}
for (const binding of ["DB", "DB_EU", "DB_FEDRAMP"]) {
  execFileSync("wrangler", ["d1", "migrations", "apply", binding, "--local"], {
    stdio: "inherit",
    env: { ...process.env, CI: "true" }, // no confirmation prompt
  });
}
