import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { runRetentionSweep } from "../../src/retention/sweep";
import { keyRingOf } from "../../src/security/secret-box";
import { ADMIN_TOKEN, call, createTenant, getEvent, injectOdooFaults, postShopify, waitForStatus } from "../support/router";
import { maintainEntityAt, nextWakeUpOf, putRetention, storedEvents } from "../support/retention";
import { shopifyCustomer, uniqueId } from "../support/shopify";

const DAY = 24 * 3600_000;

it("after retention.personalDataDays, names, emails, phones and addresses are gone from stored payloads and the audit trail", async () => {
  const t = await createTenant();
  const put = await putRetention(t, { personalDataDays: 2 });
  expect(put.status).toBe(200);
  expect(((await put.json()) as { retention: unknown }).retention).toEqual({ payloadDays: 8, deadPayloadDays: 30, personalDataDays: 2 });

  const email = `${uniqueId("jane")}@example.test`;
  // Odoo refuses the contact, quoting the email: the audit trail now holds it in free text.
  await injectOdooFaults(t, [{ kind: "validation", model: "res.partner", method: "create", times: 1, message: `Invalid email ${email}` }]);
  const customerId = Date.now();
  const { eventId } = (await (
    await postShopify(t, "customers/create", shopifyCustomer({ id: customerId, email, first_name: "Jane", last_name: "Roe", phone: "+15555550111" }))
  ).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["dead"]);
  const receivedAt = Date.now();
  expect(JSON.stringify(await getEvent(t, eventId))).toContain(email);

  // The entity object wakes up in time to redact.
  const wakeUp = await nextWakeUpOf(t, "customer", String(customerId), receivedAt);
  expect(wakeUp).not.toBeNull();
  expect(wakeUp!).toBeLessThanOrEqual(receivedAt + 2 * DAY + 120_000);

  // One day later: nothing is redacted yet.
  await maintainEntityAt(t, "customer", String(customerId), receivedAt + DAY);
  await runRetentionSweep(env, keyRingOf(env), receivedAt + DAY);
  expect((await storedEvents(t, "customer", String(customerId)))[0]!.payload).toContain(email);
  expect(JSON.stringify(await getEvent(t, eventId))).toContain(email);

  // Three days later: redacted in the entity object and in D1.
  await maintainEntityAt(t, "customer", String(customerId), receivedAt + 3 * DAY);
  const sweep = await runRetentionSweep(env, keyRingOf(env), receivedAt + 3 * DAY);
  expect(sweep.tenants).toContainEqual({ tenant: t.tenant, auditEvents: 1, done: true });

  const [stored] = await storedEvents(t, "customer", String(customerId));
  expect(stored!.redacted_at).not.toBeNull();
  const payload = JSON.parse(stored!.payload) as { externalId: string; data: Record<string, unknown> };
  expect(payload.externalId).toBe(String(customerId));
  expect(payload.data).toMatchObject({ email: null, firstName: null, lastName: null, phone: null, address: null });
  expect(stored!.payload).not.toMatch(/Jane|Roe|5555550111|Sample Road/);
  expect(stored!.identity).not.toContain("personHash");

  const audited = await getEvent(t, eventId);
  expect(audited).toMatchObject({ status: "dead", error: { category: "business", message: "[redacted]" } });
  expect(JSON.stringify(audited)).not.toContain(email);

  // A redacted payload is never replayed (it would blank the contact in Odoo).
  const replay = await call(`/v1/tenants/${t.tenant}/replays`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ eventIds: [eventId] }) });
  expect(replay.status).toBe(202);
  const { jobId } = (await replay.json()) as { jobId: string };
  await expect
    .poll(async () => (await (await call(`/v1/tenants/${t.tenant}/replays/${jobId}`, { token: ADMIN_TOKEN })).json()) as Record<string, unknown>, { timeout: 10_000 })
    .toMatchObject({ status: "done", skipped: 1, replayed: 0 });
});
