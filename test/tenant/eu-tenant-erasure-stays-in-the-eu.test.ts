import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import { emulatedObjectName } from "../../src/tenant/region";
import { ADMIN_TOKEN, call, createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer, uniqueId } from "../support/shopify";

it("an EU tenant's erasure redacts its EU objects and EU audit rows, and is recorded in the EU database", async () => {
  const t = await createTenant({ region: "eu" });
  const email = `${uniqueId("jane")}@example.test`;
  const id = Date.now();
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer({ id, email }))).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["delivered"]);

  const response = await call(`/v1/tenants/${t.tenant}/erasures`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ email }) });
  expect(response.status).toBe(200);
  const erasure = (await response.json()) as { id: string; counts: Record<string, number> };
  expect(erasure.counts).toMatchObject({ entities: 1, storedPayloads: 1, auditEvents: 1 });

  const euObject = env.ENTITY.getByName(emulatedObjectName("eu", entityName(t.tenant, t.source, "customer", String(id))));
  const payloads = await runInDurableObject(euObject, (_instance, state) =>
    state.storage.sql.exec<{ payload: string }>("SELECT payload FROM events").toArray().map((r) => r.payload),
  );
  expect(payloads).toHaveLength(1);
  expect(payloads[0]).not.toContain(email);

  const recorded = (db: D1Database) => db.prepare("SELECT COUNT(*) AS n FROM erasures WHERE id = ?").bind(erasure.id).first<{ n: number }>();
  expect((await recorded(env.DB_EU!))!.n).toBe(1);
  expect((await recorded(env.DB))!.n).toBe(0);
});
