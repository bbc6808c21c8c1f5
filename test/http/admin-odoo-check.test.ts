import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, call, configureOdoo, createTenant, odooCalls, putRouting } from "../support/router";
import { putSource } from "../support/sources";

interface Check {
  ok: boolean;
  authenticated: boolean;
  serverVersion: string | null;
  kinds: string[];
  rights: { model: string; operation: string; allowed: boolean | null }[];
  problems: string[];
}

const check = async (tenant: string) => {
  const response = await call(`/v1/admin/tenants/${tenant}/odoo/check`, { token: ADMIN_TOKEN });
  return { status: response.status, body: (await response.json()) as Check };
};

describe("GET /v1/admin/tenants/{t}/odoo/check", () => {
  for (const protocol of ["jsonrpc", "json2"] as const) {
    it(`reports a reachable Odoo with every right the router needs (${protocol}), writing nothing`, async () => {
      const t = await createTenant({ protocol });
      const { status, body } = await check(t.tenant);
      expect(status).toBe(200);
      expect(body).toMatchObject({ ok: true, authenticated: true, serverVersion: "19.0", problems: [] });
      expect(body.rights.length).toBeGreaterThanOrEqual(10);
      expect(body.rights.every((r) => r.allowed === true)).toBe(true);
      const writes = (await odooCalls(t)).filter((c) => ["create", "write", "unlink"].includes(c.method));
      expect(writes).toEqual([]);
    });
  }

  it("names each right the API user lacks", async () => {
    const t = await createTenant();
    await configureOdoo(t, { denied: { "sale.order": ["create"], "res.partner": ["write"] } });
    const { body } = await check(t.tenant);
    expect(body.ok).toBe(false);
    expect(body.problems).toEqual(["the API user may not write res.partner", "the API user may not create sale.order"]);
  });

  it("checks the flows of the tenant's sources: a Zendesk source needs Helpdesk or a ticket fallback", async () => {
    const t = await createTenant();
    expect((await putSource(t, "zendesk", { provider: "zendesk", secrets: ["zd"] })).status).toBe(201);
    const before = await check(t.tenant);
    expect(before.body.kinds).toEqual(["customer", "product", "order", "payment", "refund", "ticket"]);
    expect(before.body.problems).toEqual(['tickets: the Helpdesk app is not installed and the routing has no tickets fallback ("project.task")']);

    await putRouting(t, { tickets: { fallback: "project.task", projectId: 1 } });
    const after = await check(t.tenant);
    expect(after.body.ok).toBe(true);
    expect(after.body.rights).toContainEqual({ model: "project.task", operation: "create", allowed: true });

    // Ids the routing names must exist; an ignored kind is not checked.
    await putRouting(t, { tickets: { fallback: "project.task", projectId: 99 }, paymentJournals: { default: 4, stripe: 77, shop: 1 }, flows: { payment: "ignore" } });
    const named = await check(t.tenant);
    expect(named.body.problems).toEqual([
      "routing paymentJournals names account.journal 77, which does not exist",
      "routing paymentJournals names account.journal 1 of type sale: payments need a bank, cash or credit card journal",
      "routing tickets.projectId names project.project 99, which does not exist",
    ]);
    expect(named.body.kinds).not.toContain("payment");
  });

  it("reports a refused API key without failing the request", async () => {
    const t = await createTenant();
    await configureOdoo(t, { apiKey: "a-rotated-key" });
    const { status, body } = await check(t.tenant);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: false, authenticated: false });
    expect(body.problems[0]).toContain("refused");
  });

  it("is 404 unknown_tenant for a tenant that does not exist", async () => {
    const { status } = await check("nobody");
    expect(status).toBe(404);
  });
});
