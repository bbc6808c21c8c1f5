import type { D1Migration } from "cloudflare:test";
import type { Env as RouterEnv } from "../src/env";


declare global {
  namespace Cloudflare {
    interface Env extends RouterEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** Fuzz cases per property and a seed to replay (vitest.config.ts, from the environment). */
      FUZZ_RUNS: string;
      FUZZ_SEED: string;
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index");
      durableNamespaces: "EntityObject" | "OdooGate";
    }
  }
}
