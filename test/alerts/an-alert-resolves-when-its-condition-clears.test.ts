import { expect, it } from "vitest";
import { listAlerts, listExceptions, putAlerts, runMinuteCron } from "../support/alerts";
import { ADMIN_TOKEN, call, createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

const MINUTE = 60_000;

it("a silent source opens one alert, acknowledged stays one, and it resolves once a delivery arrives", async () => {
  const t = await createTenant();
  const put = await putAlerts(t, { rules: [{ id: "shop-silent", type: "source_silent", minutes: 5 }] });
  expect(put.status).toBe(201);

  // Ten minutes after the source was created, nothing arrived: silent.
  const later = Date.now() + 10 * MINUTE;
  await runMinuteCron(later);
  await runMinuteCron(later + MINUTE);
  const open = await listAlerts(t);
  expect(open).toHaveLength(1);
  expect(open[0]).toMatchObject({ rule: "shop-silent", type: "source_silent", subject: t.source, state: "open" });
  expect(open[0]!.value).toBeGreaterThanOrEqual(10);

  const ack = await call(`/v1/tenants/${t.tenant}/alerts/${open[0]!.id}/ack`, { method: "POST", token: ADMIN_TOKEN });
  expect(ack.status).toBe(200);
  await runMinuteCron(later + 2 * MINUTE);
  expect((await listAlerts(t)).map((a) => [a.id, a.state])).toEqual([[open[0]!.id, "acknowledged"]]);

  // A delivery: the source speaks again, the condition clears.
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: 4242 }))).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["delivered", "dead", "retrying", "queued", "accepted"]);
  expect(await listExceptions(t, "source_silent")).toEqual([]);
  await runMinuteCron(Date.now() + MINUTE);
  const after = await listAlerts(t);
  expect(after.map((a) => [a.id, a.state])).toEqual([[open[0]!.id, "resolved"]]);
  expect(await listAlerts(t, "state=open,acknowledged")).toEqual([]);
});
