/** Retention and erasure helpers: tenant retention, an operate token, what an entity object stores. */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { entityName } from "../../src/entity/entity-name";
import { EntityStore } from "../../src/entity/entity-store";
import { ADMIN_TOKEN, call, type TestTenant } from "./router";

export async function putRetention(t: TestTenant, retention: Record<string, unknown>): Promise<Response> {
  return call(`/v1/admin/tenants/${t.tenant}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ odoo: { url: t.odooUrl, database: "acme", login: "router@acme.test" }, retention }),
  });
}

export async function tenantToken(t: TestTenant, role: "read" | "operate"): Promise<string> {
  const response = await call(`/v1/admin/tenants/${t.tenant}/tokens`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ role }) });
  return ((await response.json()) as { token: string }).token;
}

const entityStub = (t: TestTenant, kind: string, externalId: string) =>
  env.ENTITY.getByName(entityName(t.tenant, t.source, kind, externalId));

export interface StoredEvent {
  event_id: string;
  state: string;
  payload: string;
  identity: string;
  redacted_at: number | null;
}

/** The events an entity object keeps (payloads included), read from its SQLite. */
export async function storedEvents(t: TestTenant, kind: string, externalId: string): Promise<StoredEvent[]> {
  return runInDurableObject(entityStub(t, kind, externalId), (_instance, state) =>
    state.storage.sql.exec<StoredEvent & Record<string, SqlStorageValue>>("SELECT event_id, state, payload, identity, redacted_at FROM events").toArray(),
  );
}

/** Runs the entity object's housekeeping as if its alarm fired at `now`. */
export async function maintainEntityAt(t: TestTenant, kind: string, externalId: string, now: number) {
  return runInDurableObject(entityStub(t, kind, externalId), (_instance, state) => new EntityStore(state.storage.sql).maintain(now));
}

export async function nextWakeUpOf(t: TestTenant, kind: string, externalId: string, now: number) {
  return runInDurableObject(entityStub(t, kind, externalId), (_instance, state) => new EntityStore(state.storage.sql).nextWakeUp(now));
}
