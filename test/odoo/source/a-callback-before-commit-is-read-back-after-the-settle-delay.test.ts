import { afterAll, expect, it, vi } from "vitest";
import { registerOutboundFlowForTest } from "../../../src/outbound/route";
import { configureOdoo, createTenant, odooExecute, waitForStatus } from "../../support/router";
import { odooWebhookCalls, postOdooCallback, provisionAutomations, putOdooSource, putOutboundTarget } from "../../support/odoo-callbacks";
import { recordingFlow } from "../../support/odoo-watch-flow";

afterAll(() => registerOutboundFlowForTest("accountStatus", null));

// Odoo 17/18 POST the webhook inside the transaction, before COMMIT (ir_actions.py 17.0): a record
// read back at once shows the old state. The callback is held for the settle delay (3 s by default
// on 17/18) and only then read: the flow sees the committed change.
it("on Odoo 17 a callback sent before the commit is read back only after the settle delay, and sees the committed state", async () => {
  const t = await createTenant({ odooVersion: "17.0" });
  // The user's request goes on for 1.5 s after the webhook call before it commits.
  await configureOdoo(t, { version: "17.0", webhookCommitDelayMs: 1500 });
  const [partnerId] = await odooExecute<number[]>(t, "res.partner", "create", [[{ name: "Ann", email: "old@example.com" }]]);
  const flow = recordingFlow("accountStatus", { model: "res.partner", fields: ["email", "name"], triggerFields: ["email"] });
  registerOutboundFlowForTest("accountStatus", flow);
  const target = await putOutboundTarget(t);
  await putOdooSource(t, { outbound: { accountStatus: { to: [target] } } });
  expect((await provisionAutomations(t)).status).toBe(200);

  // The user saves a new email; while Odoo waits before committing, its webhook call reaches the router.
  const saving = odooExecute(t, "res.partner", "write", [[partnerId], { email: "new@example.com" }]);
  const [sent] = await vi.waitUntil(async () => {
    const calls = await odooWebhookCalls(t);
    return calls.length ? calls : null;
  }, { timeout: 5_000, interval: 20 });
  expect(sent).toMatchObject({ phase: "before_commit", model: "res.partner", recordId: partnerId });
  const relayedAt = Date.now();
  const answer = await postOdooCallback(sent!.url, sent!.body);
  const answeredIn = Date.now() - relayedAt;
  expect(answer.status).toBe(202);
  // Well within Odoo's 1 s timeout: durable enqueue only, no Odoo read on this path.
  expect(answeredIn).toBeLessThan(1000);
  const { eventId } = (await answer.json()) as { eventId: string };
  // Not committed yet when the router answered.
  expect((await odooWebhookCalls(t))[0]!.committed).not.toBe(true);
  await saving;

  await waitForStatus(t, eventId, ["delivered", "ignored", "dead"], 20_000);
  expect(flow.reads).toHaveLength(1);
  const [read] = flow.reads;
  expect(read!.record).toMatchObject({ id: partnerId, email: "new@example.com" });
  expect(read!.change).toMatchObject({ model: "res.partner", ids: [partnerId], via: "callback" });
  expect(read!.at - relayedAt).toBeGreaterThanOrEqual(2_900);
});
