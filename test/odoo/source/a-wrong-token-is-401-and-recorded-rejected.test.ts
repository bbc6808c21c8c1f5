import { expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../../support/router";
import { postOdooCallback, putOdooSource, ROUTER_PUBLIC_URL } from "../../support/odoo-callbacks";

interface Page {
  items: { status: string; reason: string | null; provider?: string }[];
}

it("a callback without the source's token, or with a wrong one, is 401 invalid_signature and recorded rejected; an old secret still verifies", async () => {
  const t = await createTenant({ odooVersion: "18.0" });
  const { callbackUrl } = await putOdooSource(t, { secrets: ["new-token-0123456789abcdef", "old-token-0123456789abcdef"] });
  const body = JSON.stringify({ _action: "Odoo router(#1)", _id: 7, _model: "res.partner", id: 7 });
  const base = `${ROUTER_PUBLIC_URL}/webhooks/${t.tenant}/odoo`;

  const missing = await postOdooCallback(base, body);
  expect(missing.status).toBe(401);
  expect(await missing.json()).toMatchObject({ error: { code: "invalid_signature", message: expect.stringContaining("missing ?token=") } });
  const wrong = await postOdooCallback(`${base}?token=guessed-token`, body);
  expect(wrong.status).toBe(401);
  expect(await wrong.json()).toMatchObject({ error: { code: "invalid_signature", message: expect.stringContaining("does not match") } });

  // Rotation: the older secret still verifies (the body is then judged on its own: no rule provisioned).
  expect((await postOdooCallback(`${base}?token=old-token-0123456789abcdef`, body)).status).toBe(400);
  expect((await postOdooCallback(callbackUrl, body)).status).toBe(400);

  const rejected = await vi.waitUntil(
    async () => {
      const page = (await (await call(`/v1/tenants/${t.tenant}/events?status=rejected&limit=10`, { token: ADMIN_TOKEN })).json()) as Page;
      return page.items.filter((e) => e.reason?.startsWith("invalid_signature")).length >= 2 ? page.items : null;
    },
    { timeout: 10_000, interval: 50 },
  );
  expect(rejected.filter((e) => e.reason?.startsWith("invalid_signature"))).toHaveLength(2);
});
