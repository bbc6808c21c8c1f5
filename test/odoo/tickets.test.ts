import { describe, expect, it } from "vitest";
import { call, configureOdoo, createTenant, odooSearchRead, putRouting, waitForStatus, type TestTenant } from "../support/router";
import { putSource } from "../support/sources";
import { zendeskSignature } from "../support/signing";
import ticketCreated from "../fixtures/zendesk/ticket-created.json";
import userActiveChanged from "../fixtures/zendesk/user-active-changed.json";

const SECRET = "zd-tickets-secret";

async function postZendesk(t: TestTenant, payload: unknown) {
  const body = JSON.stringify(payload);
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const response = await call(`/webhooks/${t.tenant}/zendesk`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-zendesk-webhook-signature": await zendeskSignature(timestamp, body, SECRET),
      "x-zendesk-webhook-signature-timestamp": timestamp,
    },
  });
  expect(response.status).toBe(202);
  return waitForStatus(t, ((await response.json()) as { eventId: string }).eventId, ["delivered", "dead"], 20_000);
}

const postTicket = (t: TestTenant, status: string, at: string, requesterId = "6596848315901") =>
  postZendesk(t, { ...ticketCreated, id: crypto.randomUUID(), detail: { ...ticketCreated.detail, status, updated_at: at, requester_id: requesterId }, event: {} });

async function zendeskTenant(apps: string[]) {
  const t = await createTenant();
  if (apps.length) await configureOdoo(t, { version: "19.0", apps });
  expect((await putSource(t, "zendesk", { provider: "zendesk", secrets: [SECRET] })).status).toBe(201);
  return t;
}

describe("Zendesk tickets", () => {
  it("become helpdesk tickets when Helpdesk is installed, one per ticket, their stage following the status", async () => {
    const t = await zendeskTenant(["helpdesk"]);
    // The requester, a Zendesk user, is written first as a contact: the ticket is linked to it.
    const user = { ...userActiveChanged, type: "zen:event-type:user.created", id: crypto.randomUUID() };
    expect((await postZendesk(t, user)).status).toBe("delivered");
    expect((await postTicket(t, "Open", "2026-11-20T10:00:00Z", userActiveChanged.detail.id)).status).toBe("delivered");
    const solved = await postTicket(t, "Solved", "2026-11-20T11:00:00Z", userActiveChanged.detail.id);
    expect(solved.status).toBe("delivered");
    const tickets = await odooSearchRead<{ id: number; name: string; stage_id: [number, string]; partner_id: [number, string] | false }>(
      t,
      "helpdesk.ticket",
      ["name", "stage_id", "partner_id"],
    );
    expect(tickets).toEqual([expect.objectContaining({ name: "Ticket 35436", stage_id: [3, "Solved"] })]);
    const [requester] = await odooSearchRead<{ id: number; email: string }>(t, "res.partner", ["email"]);
    expect(tickets[0]!.partner_id && tickets[0]!.partner_id[0]).toBe(requester!.id);
    expect(solved.odoo).toMatchObject({ model: "helpdesk.ticket", id: tickets[0]!.id });
    const [xmlid] = await odooSearchRead<{ module: string; name: string; model: string; res_id: number }>(t, "ir.model.data", ["module", "name", "model", "res_id"])
      .then((rows) => rows.filter((r) => r.module === "__router__"));
    expect(xmlid).toMatchObject({ name: "zendesk_35436", model: "helpdesk.ticket", res_id: tickets[0]!.id });
  });

  it("without Helpdesk and without a fallback are dead with the reason, and become project tasks once the fallback is configured", async () => {
    const t = await zendeskTenant([]);
    const dead = await postTicket(t, "Open", "2026-11-20T10:00:00Z");
    expect(dead.status).toBe("dead");
    expect(dead.error?.message).toContain("Helpdesk app (helpdesk.ticket) is not installed");

    await putRouting(t, { tickets: { fallback: "project.task", projectId: 1 } });
    expect((await postTicket(t, "Solved", "2026-11-20T11:00:00Z")).status).toBe("delivered");
    const tasks = await odooSearchRead<{ name: string; project_id: [number, string]; state: string }>(t, "project.task", ["name", "project_id", "state"]);
    expect(tasks).toEqual([expect.objectContaining({ name: "Ticket 35436", project_id: [1, "Support"], state: "1_done" })]);
  });

  it("a fallback to project.task without a project is refused when the routing is saved", async () => {
    const t = await createTenant();
    await expect(putRouting(t, { tickets: { fallback: "project.task" } })).rejects.toThrow(/projectId/);
  });
});
