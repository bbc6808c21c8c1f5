import type { D1Migration } from "cloudflare:test";

// The bindings of wrangler.toml come from worker-configuration.d.ts (`npm run cf-typegen`); the
// tests add the migrations the setup file applies.
declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
