import { expect, it } from "vitest";
import { v1Signatures, verifyStandardWebhookSignature } from "../../src/providers/schemes/standard-webhooks";
import { listAlerts, putAlerts, runMinuteCron, type AlertAnswer } from "../support/alerts";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { uniqueId } from "../support/shopify";

const MINUTE = 60_000;
const SECRET = `whsec_${btoa("alert-webhook-secret-32-bytes-long")}`;

it("an opened alert is POSTed signed as a Standard Webhook, retried after a failure, every attempt recorded", async () => {
  const t = await createTenant();
  const host = `https://${uniqueId("ops")}.alerts.test`;
  await fetch(`${host}/__fake/statuses`, { method: "POST", body: JSON.stringify({ statuses: [503] }) });
  const put = await putAlerts(t, {
    rules: [{ id: "silent", type: "source_silent", minutes: 5 }],
    webhook: { url: `${host}/hooks/router`, secret: SECRET },
  });
  expect(put.status).toBe(201);
  const shown = await put.json();
  expect(JSON.stringify(shown)).not.toContain(SECRET);
  expect(shown).toMatchObject({ webhook: { url: `${host}/hooks/router`, secretConfigured: true } });

  const first = Date.now() + 10 * MINUTE;
  await runMinuteCron(first);
  // Not yet due again one second later; due after the first backoff (1 minute).
  await runMinuteCron(first + 1000);
  await runMinuteCron(first + MINUTE);

  const received = (await (await fetch(`${host}/__fake/received`)).json()) as { headers: Record<string, string>; body: string; status: number }[];
  expect(received.map((r) => r.status)).toEqual([503, 204]);
  // The same message both times: one webhook-id, so the receiver can drop a repeat.
  expect(received[1]!.headers["webhook-id"]).toBe(received[0]!.headers["webhook-id"]);
  for (const r of received) {
    const verdict = await verifyStandardWebhookSignature({
      secrets: [SECRET],
      msgId: r.headers["webhook-id"]!,
      timestamp: r.headers["webhook-timestamp"]!,
      body: new TextEncoder().encode(r.body),
      signatures: v1Signatures(r.headers["webhook-signature"]!),
    });
    expect(verdict).toBe("match");
  }
  const [alert] = await listAlerts(t);
  expect(JSON.parse(received[1]!.body)).toMatchObject({ type: "alert.opened", data: { id: alert!.id, rule: "silent", subject: t.source, state: "open" } });

  const detail = (await (await call(`/v1/tenants/${t.tenant}/alerts/${alert!.id}`, { token: ADMIN_TOKEN })).json()) as AlertAnswer;
  expect(detail.notifications).toHaveLength(1);
  expect(detail.notifications![0]).toMatchObject({ type: "alert.opened", deliveredAt: expect.any(String) });
  expect(detail.notifications![0]!.attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
    [1, 503, "HTTP 503"],
    [2, 204, null],
  ]);
});
