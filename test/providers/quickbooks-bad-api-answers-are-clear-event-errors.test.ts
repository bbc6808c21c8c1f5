/**
 * Bad answers from the QuickBooks API in the delivery path: an HTML error page from a proxy is an
 * outage (the event retries and is written once QuickBooks answers again); a Fault inside a 200 is
 * QuickBooks refusing the read (the event is dead with the fault's code, replayable). Never a crash.
 */
import { expect, it } from "vitest";
import { qboCustomer } from "../support/accounting-objects";
import { postQuickBooksChanges, putAccountingSource, quickbooksCompany } from "../support/accounting-sources";
import { createTenant, waitForStatus } from "../support/router";

it("an HTML page from QuickBooks leaves the event retrying until a real answer writes it", async () => {
  const t = await createTenant({ delivery: { retry: { baseSeconds: 0, maxDelaySeconds: 1 } } });
  const company = await quickbooksCompany();
  const lastUpdated = new Date(Date.now() - 60_000).toISOString();
  await company.seed({ Customer: [qboCustomer("1", { MetaData: { LastUpdatedTime: lastUpdated } })] });
  await company.control("faults", [{ kind: "html", status: 502 }]);
  expect((await putAccountingSource(t, "qbo", "quickbooks", company.api)).status).toBe(201);

  const { eventId } = (await (await postQuickBooksChanges(t, "qbo", company.realmId, [{ name: "Customer", id: "1", lastUpdated }])).json()) as { eventId: string };
  const first = await waitForStatus(t, eventId, ["retrying", "dead", "delivered"]);
  expect(first.status).toBe("retrying");
  expect(first.error).toMatchObject({ name: "provider_transient", message: expect.stringContaining("HTML") });
  expect((await waitForStatus(t, eventId, ["delivered", "dead"], 30_000)).status).toBe("delivered");
});

it("a Fault inside a 200 answer makes the event dead with QuickBooks' code, not an empty read", async () => {
  const t = await createTenant();
  const company = await quickbooksCompany();
  const lastUpdated = new Date(Date.now() - 60_000).toISOString();
  await company.seed({ Customer: [qboCustomer("1", { MetaData: { LastUpdatedTime: lastUpdated } })] });
  await company.control("faults", [{ status: 200, body: { Fault: { Error: [{ Message: "Subscription period has ended or canceled", Detail: "Subscription period has ended or canceled", code: "6190" }], type: "ValidationFault" }, time: new Date().toISOString() } }]);
  expect((await putAccountingSource(t, "qbo", "quickbooks", company.api)).status).toBe(201);

  const { eventId } = (await (await postQuickBooksChanges(t, "qbo", company.realmId, [{ name: "Customer", id: "1", lastUpdated }])).json()) as { eventId: string };
  const dead = await waitForStatus(t, eventId, ["dead", "delivered"], 30_000);
  expect(dead.status).toBe("dead");
  expect(dead.error).toMatchObject({ name: "provider_data", message: expect.stringContaining("6190") });
});
