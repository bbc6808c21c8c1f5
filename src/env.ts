/**
 * Bindings, secrets and settings of the router. Everything the Worker, the entity object and the
 * queue consumers receive as `env`.
 */
import { z } from "zod";
import type { EntityObject } from "./entity/entity-object";
import type { OdooGate } from "./tenant/odoo-gate";
import type { AuditMessage } from "./audit/audit-message";
import type { WriteMessage } from "./delivery/write-message";
import type { ReplayPageMessage } from "./delivery/replay-consumer";

export interface Env {
  /** Control plane (tenants, sources, tokens, routings) and the data of tenants without a region. */
  DB: D1Database;
  /** Audit trail, mappings and replay jobs of "eu" / "fedramp" tenants (src/tenant/region.ts); optional. */
  DB_EU?: D1Database;
  DB_FEDRAMP?: D1Database;
  ENTITY: DurableObjectNamespace<EntityObject>;
  ODOO_GATE: DurableObjectNamespace<OdooGate>;
  ODOO_WRITES: Queue<WriteMessage>;
  AUDIT_LOG: Queue<AuditMessage>;
  REPLAYS: Queue<ReplayPageMessage>;
  /** Bearer token of the admin API (secret). */
  ADMIN_TOKEN: string;
  /** base64 of 32 random bytes: AES-256-GCM key that encrypts provider secrets and Odoo API keys at rest. */
  SECRETS_KEY: string;
  /** The id of SECRETS_KEY written into every value it seals (default "k1"); see security/secret-box.ts. */
  SECRETS_KEY_ID?: string;
  /** Keys rotated out but still opening values not yet re-sealed: "id:base64,id:base64" (secret). */
  SECRETS_KEYS_PREVIOUS?: string;
  MAX_BODY_BYTES?: string;
  RETRY_BASE_SECONDS?: string;
  RETRY_MAX_DELAY_SECONDS?: string;
  RETRY_MAX_ATTEMPTS?: string;
  RETRY_WINDOW_SECONDS?: string;
  SOURCE_CACHE_SECONDS?: string;
  /** "emulate" only where workerd has no jurisdictions (tests, `wrangler dev`): see tenant/region.ts. */
  LOCAL_JURISDICTIONS?: string;
}

const settingsSchema = z.object({
  maxBodyBytes: z.coerce.number().int().positive().default(1_048_576),
  /** First retry of a write after 1-2 s, doubling (src/delivery/backoff.ts); was 10 s. */
  retryBaseSeconds: z.coerce.number().min(0).default(2),
  retryMaxDelaySeconds: z.coerce.number().min(0).max(43_200).default(3_600),
  retryMaxAttempts: z.coerce.number().int().positive().default(200),
  retryWindowSeconds: z.coerce.number().min(0).default(259_200),
  sourceCacheSeconds: z.coerce.number().min(0).default(10),
});

export type Settings = z.infer<typeof settingsSchema>;

const parsed = new WeakMap<Env, Settings>();

/** Parses the string vars once per env object; a bad value fails loudly instead of being guessed. */
export function readSettings(env: Env): Settings {
  let settings = parsed.get(env);
  if (!settings) parsed.set(env, (settings = parseSettings(env)));
  return settings;
}

function parseSettings(env: Env): Settings {
  return settingsSchema.parse({
    maxBodyBytes: env.MAX_BODY_BYTES,
    retryBaseSeconds: env.RETRY_BASE_SECONDS,
    retryMaxDelaySeconds: env.RETRY_MAX_DELAY_SECONDS,
    retryMaxAttempts: env.RETRY_MAX_ATTEMPTS,
    retryWindowSeconds: env.RETRY_WINDOW_SECONDS,
    sourceCacheSeconds: env.SOURCE_CACHE_SECONDS,
  });
}

/** Hono's environment: bindings plus what middlewares put on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** Set by the audit API's auth middleware: which tenants this caller may read. */
    caller: Caller;
  };
}

export type Caller = { kind: "admin" } | { kind: "tenant"; tenantId: string; role: "read" | "operate"; tokenId?: string };
