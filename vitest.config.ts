/**
 * Three test projects, so the suite fits a 2-core machine without weakening any test:
 *   unit      `*.unit.test.ts`: pure code (normalize, verify, backoff, error classes) in plain Node,
 *             no bindings — starting a workerd per file cost more than the tests themselves. Files
 *             share their pool workers (`isolate: false`): re-importing the modules for each of the
 *             169 files was half the project's time (142 s -> 37 s on a loaded 2-core machine); none
 *             mocks modules or globals.
 *   workers   everything else, inside workerd with real D1, Durable Objects, Queues and the Odoo
 *             emulator, one Miniflare shared by the files of a pool worker (`isolate: false`).
 *             Every test makes its own tenant (unique id) and its own emulated Odoo (one database
 *             per host name), so files do not see each other's data.
 *   isolated  the files that abort or evict every Durable Object (chaos, eviction): in a shared
 *             runtime they would abort the objects of other files, so each gets its own.
 */
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { readdirSync } from "node:fs";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const EMULATOR_DIR = "./scripts/odoo-emulator";
const FAKES_DIR = "./test/support/provider-fakes";
// The emulator is plain ES modules: list them all, the worker entry first.
const emulatorModules = ["worker.mjs", ...readdirSync(EMULATOR_DIR).filter((f) => f.endsWith(".mjs") && f !== "worker.mjs")].map(
  (file) => ({ type: "ESModule" as const, path: `${EMULATOR_DIR}/${file}` }),
);

const UNIT = "test/**/*.unit.test.ts";
/** The provider API fakes: plain ES modules, the worker entry first (read at start: new fakes join by file). */
function fakeModules() {
  const files = readdirSync(FAKES_DIR).filter((f) => f.endsWith(".mjs") && f !== "worker.mjs");
  return ["worker.mjs", ...files].map((f) => ({ type: "ESModule" as const, path: `${FAKES_DIR}/${f}` }));
}

/** The console in a real headless Chromium: Node side, starts the router and the emulator itself. */
const BROWSER = "test/browser/**/*.test.ts";
/**
 * Files that call abortAllDurableObjects / evictAllDurableObjects / evictDurableObject, and those
 * that re-seal every stored secret with another SECRETS_KEY (other files could no longer open theirs),
 * and the row count, which counts every object's SQL in its runtime (other files' background
 * flushes and alarms would be counted as its own).
 */
const NEEDS_OWN_RUNTIME = [
  "test/chaos/**/*.test.ts",
  "test/entity/eviction-loses-nothing.test.ts",
  "test/security/reseal-moves-every-value-to-the-current-key.test.ts",
  "test/security/reseal-moves-source-api-connections-too.test.ts",
  "test/security/the-daily-cron-finishes-a-key-rotation.test.ts",
  "test/entity/an-accepted-event-writes-few-rows.test.ts",
];

/** The workerd project: bindings, queues with short batch windows, the Odoo emulator worker. */
export async function workersProject(name: string, test: NonNullable<TestProjectInlineConfiguration["test"]>): Promise<TestProjectInlineConfiguration> {
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
            // Local workerd implements no Durable Object jurisdictions: emulate them (tenant/region.ts).
            LOCAL_JURISDICTIONS: "emulate",
            // Fuzz cases per property (test/support/fuzz.ts, read from process.env): `npm run fuzz` raises it.
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
          // Every outbound fetch of the router goes to the provider fakes worker, which answers
          // the providers' hosts itself and hands everything else (Odoo) to the emulator worker.
          outboundService: "provider-fakes",
          workers: [
            {
              name: "provider-fakes",
              modules: fakeModules(),
              compatibilityDate: "2026-11-01",
              serviceBindings: { ODOO: "odoo-emulator" },
            },
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
      name,
      globalSetup: ["./test/setup/sdk-signatures.ts"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
      testTimeout: 30_000,
      ...test,
    },
  };
}

export default defineConfig(async () => ({
  test: {
    // Most of a test's time is spent waiting (queues, alarms, the emulator's timers), not computing:
    // four files at once on two cores take half the time of vitest's default (cores - 1), and the
    // chaos and fault tests stay green with it (also under a CPU hog).
    maxWorkers: 4,
    projects: [
      { test: { name: "unit", include: [UNIT], environment: "node", testTimeout: 30_000, isolate: false } },
      await workersProject("workers", { include: ["test/**/*.test.ts"], exclude: [UNIT, BROWSER, ...NEEDS_OWN_RUNTIME], isolate: false }),
      { test: { name: "browser", include: [BROWSER], environment: "node", testTimeout: 60_000, hookTimeout: 90_000 } },
      await workersProject("isolated", { include: NEEDS_OWN_RUNTIME, exclude: [UNIT] }),
    ],
  },
}));
