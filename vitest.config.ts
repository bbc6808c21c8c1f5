import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { readdirSync } from "node:fs";
import { defineConfig } from "vitest/config";

const EMULATOR_DIR = "./scripts/odoo-emulator";
// The emulator is plain ES modules: list them all, the worker entry first.
const emulatorModules = ["worker.mjs", ...readdirSync(EMULATOR_DIR).filter((f) => f.endsWith(".mjs") && f !== "worker.mjs")].map(
  (file) => ({ type: "ESModule" as const, path: `${EMULATOR_DIR}/${file}` }),
);

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_TOKEN: "test-admin-token",
            SECRETS_KEY: "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=",
            // Retries without waiting, so fault tests finish in seconds.
            RETRY_BASE_SECONDS: "0",
            SOURCE_CACHE_SECONDS: "0",
            // Fuzz cases per property (test/support/fuzz.ts): `npm run fuzz` raises it; FUZZ_SEED replays a run.
            FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
            FUZZ_SEED: process.env.FUZZ_SEED ?? "",
          },
          // Short batch windows: tests wait for queue deliveries, not for batching. An override
          // replaces the wrangler.toml consumer entirely, so every other setting is repeated.
          queueConsumers: {
            "odoo-writes": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 100, deadLetterQueue: "router-dead-letters" },
            "audit-log": { maxBatchSize: 100, maxBatchTimeout: 0.05, maxRetries: 100, deadLetterQueue: "router-dead-letters" },
            replays: { maxBatchSize: 1, maxBatchTimeout: 0.05, maxRetries: 100, deadLetterQueue: "router-dead-letters" },
            "router-dead-letters": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 100 },
          },
          // Every outbound fetch of the router (its Odoo calls) goes to the Odoo emulator worker.
          outboundService: "odoo-emulator",
          workers: [
            {
              name: "odoo-emulator",
              modules: emulatorModules,
              compatibilityDate: "2026-11-01",
            },
          ],
        },
      }),
    ],
    test: {
      globalSetup: ["./test/setup/sdk-signatures.ts"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
      testTimeout: 30_000,
    },
  };
});
