/**
 * The change log of the admin and operate APIs in D1 (control-plane database): one row per action
 * that changed something, with who did it (a token id and role, never a token), when, under which
 * request id, and the state before and after with every secret replaced by "[redacted]".
 */
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Caller } from "../env";
import { newUlid } from "../ids";
import { adminChanges } from "./schema";

export const REDACTED = "[redacted]";

/**
 * Keys whose values are secrets wherever they appear: API keys, provider secrets, tokens and
 * passwords ("apiKey", "nextApiKey", "secrets", "clientSecret", "verifierToken"...). Matched on
 * the end of the key, so "tokenId" or "secretCount" stay readable.
 */
const SECRET_KEY = /(api_?key|secrets?|token|password|passphrase|private_?key)$/i;

/** A deep copy of `value` with the value of every secret-named key replaced by "[redacted]". */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== undefined && v !== null ? REDACTED : redactSecrets(v)]),
  );
}

export interface ChangeInput {
  tenantId: string | null;
  action: string;
  target?: string | null;
  caller: Caller;
  requestId: string;
  before?: unknown;
  after?: unknown;
}

export async function recordChange(d1: D1Database, change: ChangeInput, now = Date.now()): Promise<string> {
  const id = `chg_${newUlid(now)}`;
  const { caller } = change;
  await drizzle(d1)
    .insert(adminChanges)
    .values({
      id,
      tenantId: change.tenantId,
      action: change.action,
      target: change.target ?? null,
      actorKind: caller.kind,
      actorTokenId: caller.kind === "tenant" ? (caller.tokenId ?? null) : null,
      actorRole: caller.kind === "tenant" ? caller.role : "admin",
      requestId: change.requestId,
      before: change.before === undefined ? null : redactSecrets(change.before),
      after: change.after === undefined ? null : redactSecrets(change.after),
      createdAt: now,
    });
  return id;
}

/** Newest first; `before` is the cursor (the last id of the previous page). */
export async function listChanges(d1: D1Database, filter: { tenantId?: string; before?: string; limit: number }) {
  const conditions: SQL[] = [];
  if (filter.tenantId !== undefined) conditions.push(eq(adminChanges.tenantId, filter.tenantId));
  if (filter.before) conditions.push(lt(adminChanges.id, filter.before));
  const rows = await drizzle(d1)
    .select()
    .from(adminChanges)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(adminChanges.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return { items: page.map(presentChange), last: rows.length > filter.limit ? page.at(-1)!.id : null };
}

function presentChange(row: typeof adminChanges.$inferSelect) {
  return {
    id: row.id,
    tenant: row.tenantId,
    action: row.action,
    target: row.target,
    actor: { kind: row.actorKind, tokenId: row.actorTokenId, role: row.actorRole },
    requestId: row.requestId,
    at: new Date(row.createdAt).toISOString(),
    before: row.before ?? null,
    after: row.after ?? null,
  };
}
