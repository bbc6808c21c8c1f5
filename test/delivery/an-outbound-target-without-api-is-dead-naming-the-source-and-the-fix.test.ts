import { afterAll, expect, it } from "vitest";
import { createTenant, putRouting, waitForStatus } from "../support/router";
import { FAKE_HOST, fakeAccount, putThinSource } from "../support/generic-api";
import { feedOdooChange } from "../support/outbound-events";
import { testFlow } from "../support/outbound-test-flow";
import { registerOutboundFlowForTest } from "../../src/outbound/route";

afterAll(() => registerOutboundFlowForTest("stock", null));

it("an outbound event whose target lost its api connection is dead with a configuration error naming the source and the fix, nothing sent", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ auth: "none" });
  expect((await putThinSource(t, "webshop", { fetchUrl: `${FAKE_HOST}/${account.account}/products/{id}` })).status).toBe(201);
  const flow = testFlow({ name: "stock", objects: (id) => [{ path: `items/${id}`, value: { available: 1 } }] });
  registerOutboundFlowForTest("stock", flow);
  const routing = { outbound: { stock: { to: ["webshop"] } } };
  await putRouting(t, routing);
  // The routing was valid when stored; the connection is removed afterwards.
  expect((await putThinSource(t, "webshop", null)).status).toBe(200);

  const fed = (await feedOdooChange(t, "stock", "5", routing)) as { eventId: string };
  const dead = await waitForStatus(t, fed.eventId, ["dead", "delivered"], 30_000);
  expect(dead).toMatchObject({
    status: "dead",
    error: { category: "business", name: "provider_config", message: expect.stringContaining('outbound.stock.to names source "webshop", which has no api connection: PUT') },
    errorClass: "config",
  });
  expect(flow.sentPaths).toEqual([]);
});
