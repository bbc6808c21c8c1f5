import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Idempotent: each test file has its own storage, migrated once. Every D1 binding gets the same
// schema: DB (control plane, default-region data) and each region's database (tenant/region.ts).
await Promise.all([env.DB, env.DB_EU!, env.DB_FEDRAMP!].map((db) => applyD1Migrations(db, env.TEST_MIGRATIONS)));
