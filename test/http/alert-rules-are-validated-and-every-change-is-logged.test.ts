import { expect, it } from "vitest";
import { listAlerts, putAlerts, runMinuteCron } from "../support/alerts";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { tenantToken } from "../support/retention";

interface Change {
  action: string;
  target: string | null;
  actor: { kind: string; tokenId: string | null; role: string };
  before: unknown;
  after: unknown;
}

it("bad rules are refused naming the field; rule changes and acknowledgements are in the change log", async () => {
  const t = await createTenant();
  const refuse = async (body: unknown, field: string) => {
    const response = await putAlerts(t, body);
    expect(response.status, JSON.stringify(body)).toBe(422);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain(field);
  };
  await refuse({ rules: [{ id: "x", type: "source_silent", minutes: 0 }] }, "rules.0.minutes");
  await refuse({ rules: [{ id: "x", type: "source_silent", minutes: 5, timeZone: "Mars/Olympus" }] }, "rules.0.timeZone");
  await refuse({ rules: [{ id: "x", type: "source_silent", minutes: 5, hours: { from: 18, to: 9 } }] }, "rules.0.hours.from");
  await refuse({ rules: [{ id: "x", type: "dead_letters", count: 3 }] }, "rules.0.minutes");
  await refuse({ rules: [{ id: "x", type: "nope" }] }, "rules.0.type");
  await refuse({ rules: [{ id: "a", type: "breaker_open", minutes: 5 }, { id: "a", type: "breaker_open", minutes: 9 }] }, "rules.1.id");
  await refuse({ webhook: { url: "http://example.com/hook", secret: `whsec_${btoa("x".repeat(32))}` } }, "webhook.url");
  await refuse({ webhook: { url: "https://example.com/hook", secret: "plain" } }, "webhook.secret");
  await refuse({ exceptions: { stuckMinutes: -1 } }, "exceptions.stuckMinutes");

  const secret = `whsec_${btoa("y".repeat(32))}`;
  const rules = [
    { id: "night-silence", type: "source_silent", minutes: 30, hours: { from: 9, to: 18 }, weekdays: ["mon", "tue", "wed", "thu", "fri"], timeZone: "Europe/Paris" },
    { id: "dead", type: "dead_letters", count: 1, minutes: 60 },
    { id: "breaker", type: "breaker_open", minutes: 10 },
    { id: "exceptions", type: "exceptions", count: 5, exceptionType: "payment_not_applied" },
    { id: "forged", type: "forged_deliveries", perMinute: 20 },
  ];
  expect((await putAlerts(t, { rules, webhook: { url: "https://ops.alerts.test/x", secret } })).status).toBe(201);
  expect((await putAlerts(t, { rules: [{ id: "silent", type: "source_silent", minutes: 1 }] })).status).toBe(200);
  const read = await call(`/v1/admin/tenants/${t.tenant}/alerts`, { token: ADMIN_TOKEN });
  expect(await read.json()).toMatchObject({ rules: [{ id: "silent", timeZone: "UTC" }], webhook: null, exceptions: { stuckMinutes: 60, waitingMinutes: 60, silentMinutes: 1440 } });

  await runMinuteCron(Date.now() + 10 * 60_000);
  const [alert] = await listAlerts(t);
  const reader = await tenantToken(t, "read");
  const forbidden = await call(`/v1/tenants/${t.tenant}/alerts/${alert!.id}/ack`, { method: "POST", token: reader });
  expect(forbidden.status).toBe(403);
  const operator = await tenantToken(t, "operate");
  const ack = await call(`/v1/tenants/${t.tenant}/alerts/${alert!.id}/ack`, { method: "POST", token: operator });
  expect(ack.status).toBe(200);
  expect(await ack.json()).toMatchObject({ id: alert!.id, state: "acknowledged", acknowledgedBy: expect.stringMatching(/^token:/) });
  const again = await call(`/v1/tenants/${t.tenant}/alerts/${alert!.id}/ack`, { method: "POST", token: operator });
  expect(again.status).toBe(409);
  expect(((await again.json()) as { error: { code: string } }).error.code).toBe("alert_not_open");

  const changes = (await (await call(`/v1/tenants/${t.tenant}/changes`, { token: ADMIN_TOKEN })).json()) as { items: Change[] };
  const mine = changes.items.filter((c) => c.action === "alerts.put" || c.action === "alert.ack");
  expect(mine.map((c) => c.action)).toEqual(["alert.ack", "alerts.put", "alerts.put"]);
  expect(mine[0]).toMatchObject({ target: alert!.id, actor: { kind: "tenant", role: "operate" }, before: { state: "open" }, after: { state: "acknowledged" } });
  expect(mine[2]).toMatchObject({ actor: { kind: "admin" }, before: null, after: { rules: expect.any(Array), webhook: { url: "https://ops.alerts.test/x", secretConfigured: true } } });
  expect(JSON.stringify(changes)).not.toContain(secret);
});
