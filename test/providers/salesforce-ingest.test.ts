/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { call, createTenant, odooRecords } from "../support/router";
import { putSource } from "../support/sources";
import accountAndContactXml from "../fixtures/salesforce/account-and-contact.xml?raw";
import opportunityXml from "../fixtures/salesforce/opportunity.xml?raw";

const ACK =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
  '<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

async function salesforceSource() {
  const t = await createTenant();
  const response = await putSource(t, "sf", {
    provider: "salesforce",
    secrets: ["sf-endpoint-token"],
    options: { organizationId: "00D5w000004qGTOEA2", currency: "USD" },
  });
  expect(response.status).toBe(201);
  return t;
}

const post = (tenant: string, xml: string, token = "sf-endpoint-token") =>
  call(`/webhooks/${tenant}/sf?token=${encodeURIComponent(token)}`, {
    method: "POST",
    body: xml,
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: '""' },
  });

describe("Salesforce outbound messages through the router", () => {
  it("acknowledges with the SOAP Ack and writes the Contact to Odoo", async () => {
    const t = await salesforceSource();
    const response = await post(t.tenant, accountAndContactXml);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/xml");
    expect(await response.text()).toBe(ACK);
    await expect
      .poll(async () => (await odooRecords<{ email?: string }>(t, "res.partner")).some((p) => p.email === "rose.gonzalez@example.test"), { timeout: 15_000 })
      .toBe(true);
  });

  it("acknowledges a redelivery (same Notification Ids) with the same Ack", async () => {
    const t = await salesforceSource();
    expect(await (await post(t.tenant, accountAndContactXml)).text()).toBe(ACK);
    const again = await post(t.tenant, accountAndContactXml);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(ACK);
  });

  it("acknowledges an Opportunity (deals have no Odoo flow yet) with the Ack", async () => {
    const t = await salesforceSource();
    const response = await post(t.tenant, opportunityXml);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(ACK);
  });

  it("refuses a wrong endpoint token or another org with 401 and no Ack (Salesforce keeps retrying)", async () => {
    const t = await salesforceSource();
    expect((await post(t.tenant, accountAndContactXml, "guess")).status).toBe(401);
    const otherOrg = accountAndContactXml.replaceAll("00D5w000004qGTOEA2", "00D000000000001AAA");
    const response = await post(t.tenant, otherOrg);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_signature" } });
  });

  it("refuses a source without organizationId with 422 naming the field", async () => {
    const t = await createTenant();
    const response = await putSource(t, "sf", { provider: "salesforce", secrets: ["none"], options: {} });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining("options.organizationId") } });
  });
});
