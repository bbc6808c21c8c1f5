import { describe, expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { updateZendeskFields, zendeskApi } from "../../src/providers/zendesk-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import zendeskFake from "../support/provider-fakes/zendesk.mjs";

async function account(spec: Record<string, unknown> = {}) {
  const subdomain = uniqueId("zd");
  const host = `https://${subdomain}.zendesk.com`;
  await control(zendeskFake, `${host}/__fake/account`, { clientId: "client", clientSecret: "secret", ...spec });
  await control(zendeskFake, `${host}/__fake/fields`, { organization_fields: [{ key: "odoo_amount_due", type: "decimal" }, { key: "odoo_credit_hold", type: "checkbox" }], user_fields: [{ key: "odoo_amount_due", type: "decimal" }] });
  await control(zendeskFake, `${host}/__fake/organizations`, { organizations: [{ id: 91, name: "Acme" }] });
  await control(zendeskFake, `${host}/__fake/users`, { users: [{ id: 92, name: "Bob Smith", email: "bob@example.com", updated_at: "2026-12-01T10:00:00Z" }] });
  return { subdomain, host };
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (err: unknown) => err as ProviderApiError);

describe("updateZendeskFields (PUT /api/v2/organizations/{id}, /api/v2/users/{id})", () => {
  it("a confidential OAuth client (client credentials, scope read write) writes organization and user fields", async () => {
    const { subdomain, host } = await account();
    const session = sessionOn(zendeskFake, zendeskApi, { subdomain, clientId: "client", clientSecret: "secret" });
    await updateZendeskFields(session, "organizations", "91", { odoo_amount_due: 120.5, odoo_credit_hold: true });
    await updateZendeskFields(session, "users", "92", { odoo_amount_due: 7 });
    expect(await control(zendeskFake, `${host}/__fake/organizations/91`)).toMatchObject({ organization_fields: { odoo_amount_due: 120.5, odoo_credit_hold: true } });
    expect(await control(zendeskFake, `${host}/__fake/users/92`)).toMatchObject({ user_fields: { odoo_amount_due: 7 } });
    expect(session.tokens?.refreshes()).toBe(1);
  });

  it("a token authorized for reading only is refused the write: a config error", async () => {
    const { subdomain } = await account({ refreshToken: "rt-1", scope: "read" });
    const session = sessionOn(zendeskFake, zendeskApi, { subdomain, clientId: "client", clientSecret: "secret", refreshToken: "rt-1" });
    expect(await failure(updateZendeskFields(session, "organizations", "91", { odoo_amount_due: 1 }))).toMatchObject({ category: "config", status: 403 });
  });

  it("a key no field has (Zendesk drops it silently) is a config error; a value of the wrong type a 422 RecordInvalid", async () => {
    const { subdomain } = await account({ accessToken: "at-1" });
    const session = sessionOn(zendeskFake, zendeskApi, { subdomain, accessToken: "at-1" });
    const missing = await failure(updateZendeskFields(session, "organizations", "91", { odoo_overdue: 3 }));
    expect(missing).toMatchObject({ category: "config" });
    expect(missing!.message).toContain('no organization field with key "odoo_overdue"');
    const invalid = await failure(updateZendeskFields(session, "organizations", "91", { odoo_credit_hold: "yes" }));
    expect(invalid).toMatchObject({ category: "data", status: 422 });
    expect(invalid!.message).toContain("RecordInvalid");
    expect(await failure(updateZendeskFields(session, "organizations", "404", { odoo_amount_due: 1 }))).toMatchObject({ category: "not_found", status: 404 });
  });

  it("past the plan's requests per minute the write is a transient 429 with Retry-After", async () => {
    const { subdomain } = await account({ accessToken: "at-2", requestsPerMinute: 1 });
    const session = sessionOn(zendeskFake, zendeskApi, { subdomain, accessToken: "at-2" });
    await updateZendeskFields(session, "organizations", "91", { odoo_amount_due: 1 });
    const err = await failure(updateZendeskFields(session, "organizations", "91", { odoo_amount_due: 2 }));
    expect(err).toMatchObject({ category: "transient", status: 429 });
    expect(err!.retryAfterSeconds).toBeGreaterThan(0);
  });
});
