import { expect, it } from "vitest";
import { call, createTenant, getEvent, odooRecords } from "../support/router";
import { putSource } from "../support/sources";
import { zendeskSignature } from "../support/signing";
import userActiveChanged from "../fixtures/zendesk/user-active-changed.json";
import ticketCreated from "../fixtures/zendesk/ticket-created.json";

it("through the router: a Zendesk user.created is written as a contact (202), a ticket event is accepted (202)", async () => {
  const t = await createTenant();
  expect((await putSource(t, "zendesk", { provider: "zendesk", secrets: ["zd-secret"] })).status).toBe(201);
  const post = async (payload: unknown, secret = "zd-secret") => {
    const body = JSON.stringify(payload);
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    return call(`/webhooks/${t.tenant}/zendesk`, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-zendesk-webhook-signature": await zendeskSignature(timestamp, body, secret),
        "x-zendesk-webhook-signature-timestamp": timestamp,
      },
    });
  };

  const user = await post({ ...userActiveChanged, type: "zen:event-type:user.created", id: crypto.randomUUID() });
  expect(user.status).toBe(202);
  const { eventId } = (await user.json()) as { eventId: string };
  await expect.poll(async () => (await getEvent(t, eventId))?.status, { timeout: 15_000 }).toBe("delivered");
  const partners = await odooRecords<{ email: string }>(t, "res.partner");
  expect(partners).toContainEqual(expect.objectContaining({ email: "user.6596848315901@example.test" }));

  const ticket = await post(ticketCreated);
  expect(ticket.status).toBe(202);
  expect(await ticket.json()).toMatchObject({ status: "accepted" });

  expect((await post(ticketCreated, "wrong")).status).toBe(401);
});
