import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Idempotent: each test file has its own storage, migrated once.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
