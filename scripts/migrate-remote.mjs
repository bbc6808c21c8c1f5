// `npm run predeploy` / `predeploy:staging`: applies the D1 migrations to every D1 database of a
// deployed environment (DB, and DB_EU / DB_FEDRAMP where the environment keeps them), before
// `wrangler deploy` ships the code that needs them. Usage: node scripts/migrate-remote.mjs <env> [--print]
import { execFileSync } from "node:child_process";
import { unstable_readConfig } from "wrangler";

const [environment, flag] = process.argv.slice(2);
if (!environment) {
  console.error("usage: node scripts/migrate-remote.mjs <staging|production> [--print]");
  process.exit(2);
}
const config = unstable_readConfig({ config: "wrangler.toml", env: environment });
for (const { binding } of config.d1_databases) {
  const args = ["d1", "migrations", "apply", binding, "--remote", "--env", environment];
  console.log(`wrangler ${args.join(" ")}`);
  if (flag !== "--print") execFileSync("wrangler", args, { stdio: "inherit" });
}
