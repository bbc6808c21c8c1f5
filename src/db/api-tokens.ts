/**
 * Bearer tokens of the tenant API in D1: only the SHA-256 of a token is stored. A token is refused
 * once revoked or past its expiry; both are read on every request (no cache), so a revocation
 * takes effect on the next request.
 */
import { and, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env";
import { apiTokens } from "./schema";

/** last_used_at is written at most this often per token: one D1 write a minute, not per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function insertApiToken(
  env: Env,
  token: { id: string; tenantId: string; role: "read" | "operate"; tokenHash: string; expiresAt?: number | null },
): Promise<{ createdAt: number }> {
  const createdAt = Date.now();
  await drizzle(env.DB).insert(apiTokens).values({ ...token, expiresAt: token.expiresAt ?? null, createdAt });
  return { createdAt };
}

/** The token with this hash, if it is neither revoked nor expired. */
export async function findApiToken(env: Env, tokenHash: string, now = Date.now()) {
  return drizzle(env.DB)
    .select({ id: apiTokens.id, tenantId: apiTokens.tenantId, role: apiTokens.role, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))))
    .get();
}

/** Records a use of the token (skipped when the stored time is less than a minute old). */
export async function touchApiToken(env: Env, token: { id: string; lastUsedAt: number | null }, now = Date.now()): Promise<void> {
  if (token.lastUsedAt !== null && now - token.lastUsedAt < LAST_USED_RESOLUTION_MS) return;
  await drizzle(env.DB)
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, token.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, now - LAST_USED_RESOLUTION_MS))));
}

export type TokenSummary = ReturnType<typeof presentToken>;

export async function listApiTokens(env: Env, tenantId: string): Promise<TokenSummary[]> {
  const rows = await drizzle(env.DB).select().from(apiTokens).where(eq(apiTokens.tenantId, tenantId)).orderBy(desc(apiTokens.id));
  return rows.map(presentToken);
}

export async function getApiToken(env: Env, tenantId: string, id: string): Promise<TokenSummary | null> {
  const row = await drizzle(env.DB)
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.id, id)))
    .get();
  return row ? presentToken(row) : null;
}

/** Revokes the token now; a token already revoked keeps its first revocation time. */
export async function revokeApiToken(env: Env, tenantId: string, id: string, now = Date.now()): Promise<void> {
  await drizzle(env.DB)
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** What an admin may see of a token: never the token or its hash. */
function presentToken(row: typeof apiTokens.$inferSelect) {
  return {
    id: row.id,
    tenant: row.tenantId,
    role: row.role,
    createdAt: iso(row.createdAt),
    lastUsedAt: iso(row.lastUsedAt),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
  };
}
