import { expect, it } from "vitest";
import { ADMIN_TOKEN, ODOO_API_KEY, call, createTenant, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";
import { putSource } from "../support/sources";

interface Change {
  id: string;
  tenant: string | null;
  action: string;
  target: string | null;
  actor: { kind: string; tokenId: string | null; role: string };
  requestId: string;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

it("every admin and operate action is recorded with its actor, time and request id, secrets redacted", async () => {
  const t = await createTenant();
  const secret = "whsec_this-must-never-appear";
  expect((await putSource(t, "stripe", { provider: "stripe", secrets: [secret] })).status).toBe(201);
  await putRouting(t, { flows: { ticket: "ignore" } });
  const created = await call(`/v1/admin/tenants/${t.tenant}/tokens`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ role: "operate" }) });
  const operate = (await created.json()) as { id: string; token: string };
  const replay = await call(`/v1/tenants/${t.tenant}/replays`, { method: "POST", token: operate.token, body: JSON.stringify({ status: "dead" }) });
  expect(replay.status).toBe(200); // nothing dead: nothing to replay
  const erased = await call(`/v1/tenants/${t.tenant}/erasures`, { method: "POST", token: operate.token, body: JSON.stringify({ email: "ann@example.test" }) });
  expect(erased.status).toBe(200);
  const removed = await call(`/v1/admin/tenants/${t.tenant}/sources/stripe`, { method: "DELETE", token: ADMIN_TOKEN });
  expect(removed.status).toBe(200);

  // The tenant's own (operate) token reads its tenant's changes.
  const response = await call(`/v1/tenants/${t.tenant}/changes`, { token: operate.token });
  expect(response.status).toBe(200);
  const text = await response.text();
  for (const secretValue of [secret, ODOO_API_KEY, operate.token, "ann@example.test"]) expect(text).not.toContain(secretValue);
  const { items } = JSON.parse(text) as { items: Change[] };
  // Newest first; a replay of nothing changed nothing and is not a change.
  expect(items.map((c) => c.action)).toEqual(["source.delete", "erasure.create", "token.create", "routing.put", "source.put", "source.put", "tenant.put"]);
  for (const change of items) {
    expect(change.tenant).toBe(t.tenant);
    expect(change.requestId).toMatch(/^req_/);
    expect(Date.parse(change.at)).toBeGreaterThan(Date.now() - 60_000);
  }
  const byAction = (action: string) => items.find((c) => c.action === action)!;

  const tenantPut = byAction("tenant.put");
  expect(tenantPut.actor).toEqual({ kind: "admin", tokenId: null, role: "admin" });
  expect(tenantPut.before).toBeNull();
  expect(tenantPut.after).toMatchObject({ tenant: t.tenant, odoo: { url: t.odooUrl, database: "acme", apiKey: "[redacted]" } });

  const sourcePut = items.filter((c) => c.action === "source.put").find((c) => c.target === "stripe")!;
  expect(sourcePut.after).toMatchObject({ source: "stripe", provider: "stripe", secrets: "[redacted]" });

  const routing = byAction("routing.put");
  expect(routing.before).toMatchObject({ version: 0 });
  expect(routing.after).toMatchObject({ version: 1, routing: { flows: { ticket: "ignore" } } });

  expect(byAction("token.create")).toMatchObject({ target: operate.id, after: { id: operate.id, role: "operate", expiresAt: null } });
  expect(byAction("token.create").after).not.toHaveProperty("token");

  // An operate token's action names that token and its role, never the token itself.
  expect(byAction("erasure.create").actor).toEqual({ kind: "tenant", tokenId: operate.id, role: "operate" });
  expect(byAction("erasure.create").after).toMatchObject({ subjectType: "email", counts: expect.any(Object) });

  const deleted = byAction("source.delete");
  expect(deleted).toMatchObject({ target: "stripe", before: { source: "stripe", secrets: "[redacted]" }, after: null });
});

it("a replay by an operate token and a secrets re-seal are recorded", async () => {
  const t = await createTenant();
  const operate = (await (
    await call(`/v1/admin/tenants/${t.tenant}/tokens`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ role: "operate" }) })
  ).json()) as { id: string; token: string };
  // One event to replay: delivered events may be replayed too (status filter).
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["delivered"]);
  const replay = await call(`/v1/tenants/${t.tenant}/replays`, { method: "POST", token: operate.token, body: JSON.stringify({ status: "delivered" }) });
  expect(replay.status).toBe(202);
  const { jobId } = (await replay.json()) as { jobId: string };

  const { items } = (await (await call(`/v1/tenants/${t.tenant}/changes`, { token: ADMIN_TOKEN })).json()) as { items: Change[] };
  expect(items[0]).toMatchObject({
    action: "replay.create",
    target: jobId,
    actor: { kind: "tenant", tokenId: operate.id, role: "operate" },
    after: { jobId, count: 1, filter: { status: "delivered" } },
  });

  // Deployment-wide actions have no tenant: they are in the admin list only.
  expect((await call("/v1/admin/secrets/reseal", { method: "POST", token: ADMIN_TOKEN })).status).toBe(200);
  const all = (await (await call("/v1/admin/changes?limit=200", { token: ADMIN_TOKEN })).json()) as { items: Change[] };
  expect(all.items[0]).toMatchObject({ tenant: null, action: "secrets.reseal", actor: { kind: "admin" } });
});
