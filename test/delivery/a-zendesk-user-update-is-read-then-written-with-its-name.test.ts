import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus } from "../support/router";
import { postZendeskUserEvent, putZendeskSource } from "../support/zendesk";
import { zendeskAccount } from "../support/crm-fakes";

it("a Zendesk user update (thin: its detail has no name) is read with show_many through the source's API token connection and written to res.partner with the user's name", async () => {
  const t = await createTenant();
  const account = await zendeskAccount("apiToken");
  const updatedAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  await account.seedUsers([{ id: 6596848315901, name: "Mary Ann Smith", email: "mary@example.test", phone: "+15550123", active: true, updated_at: updatedAt }]);
  await putZendeskSource(t, account.credentials);

  const reply = await postZendeskUserEvent(t, "name_changed", { id: "6596848315901", email: "mary@example.test", updatedAt });
  expect(reply.status).toBe("accepted");
  expect((await waitForStatus(t, reply.eventId, ["delivered", "dead", "ignored"])).status).toBe("delivered");

  const partners = await odooSearchRead<{ name: string; email: string; phone: string; ref: string }>(t, "res.partner", ["name", "email", "phone", "ref"]);
  expect(partners).toEqual([expect.objectContaining({ name: "Mary Ann Smith", email: "mary@example.test", phone: "+15550123", ref: "zendesk:6596848315901" })]);
  expect((await account.counters()).byPath).toEqual({ "/api/v2/users/show_many.json": 1 });
});
