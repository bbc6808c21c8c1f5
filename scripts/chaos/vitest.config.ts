/**
 * `npm run chaos`: the full chaos profile (test/chaos/, FULL_PROFILE in scenario.ts) with the same
 * workerd setup as `npm test` (vitest.config.ts's `workersProject`: bindings, queues, the Odoo emulator worker), but
 * only the chaos test, a long timeout, and the profile passed to the test through `provide`.
 *   CHAOS_SEED=<n>      another seed (default: the profile's)
 *   CHAOS_EVENTS=<n>    deliveries to send (default 10000)
 *   CHAOS_ENTITIES=<n>  entities (default 3340: 1,002 orders)
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { workersProject } from "../../vitest.config";

const root = fileURLToPath(new URL("../..", import.meta.url));
const num = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

export default defineConfig(async () => ({
  ...(await workersProject("chaos", {
    include: ["test/chaos/chaos.test.ts"],
    testTimeout: 40 * 60_000,
    provide: {
      chaos: { profile: "full", seed: num("CHAOS_SEED"), events: num("CHAOS_EVENTS"), entities: num("CHAOS_ENTITIES") },
    },
  })),
  root,
}));
