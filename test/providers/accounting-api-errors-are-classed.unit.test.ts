/**
 * What QuickBooks and Xero answer besides data becomes a classed ProviderApiError: throttling
 * (429 + Retry-After) and outages (5xx, an HTML error page) are transient, a body that is not the
 * documented JSON (garbage, a Fault inside a 200) is data, a token for another company is config.
 */
import { describe, expect, it } from "vitest";
import { ProviderApiError, type ProviderApi, type ThinRef } from "../../src/providers/provider-api";
import { quickbooksApi } from "../../src/providers/quickbooks-api";
import { xeroApi } from "../../src/providers/xero-api";
import { qboCustomer, uniqueRealm, xeroContact } from "../support/accounting-objects";
import { control, sessionOn } from "../support/provider-api-session";
import type { ProviderFake } from "../support/provider-fakes/provider-fake";
import quickbooksFake from "../support/provider-fakes/quickbooks.mjs";
import xeroFake from "../support/provider-fakes/xero.mjs";

interface Setup {
  base: string;
  credentials: Record<string, unknown>;
  ref: ThinRef;
}

async function qbo(limits?: Record<string, number>): Promise<Setup> {
  const realmId = uniqueRealm();
  const base = `https://quickbooks.api.intuit.com/__fake/realms/${realmId}`;
  const { refreshToken } = await control<{ refreshToken: string }>(quickbooksFake, `${base}/connect`, { clientId: "app", clientSecret: "shh", limits });
  await control(quickbooksFake, `${base}/objects`, { Customer: [qboCustomer("1")] });
  return { base, credentials: { clientId: "app", clientSecret: "shh", refreshToken, realmId }, ref: { kind: "customer", resource: "Customer", externalId: `${realmId}:1` } };
}

async function xeroSetup(limits?: Record<string, number>): Promise<Setup> {
  const tenantId = crypto.randomUUID();
  const contactId = crypto.randomUUID();
  const base = `https://api.xero.com/__fake/tenants/${tenantId}`;
  const { refreshToken } = await control<{ refreshToken: string }>(xeroFake, `${base}/connect`, { clientId: "app", clientSecret: "shh", limits });
  await control(xeroFake, `${base}/objects`, { Contacts: [xeroContact(contactId)] });
  return { base, credentials: { clientId: "app", clientSecret: "shh", refreshToken, tenantId }, ref: { kind: "customer", resource: "Contacts", externalId: contactId } };
}

const CASES: { name: string; fake: ProviderFake; api: ProviderApi; setup: typeof qbo }[] = [
  { name: "QuickBooks", fake: quickbooksFake, api: quickbooksApi, setup: qbo },
  { name: "Xero", fake: xeroFake, api: xeroApi, setup: xeroSetup },
];

async function failure(api: ProviderApi, fake: ProviderFake, setup: Setup, session = sessionOn(fake, api, setup.credentials).session): Promise<ProviderApiError> {
  const error = await api.hydrate!(session, [setup.ref]).then(
    () => null,
    (err: unknown) => err,
  );
  if (!(error instanceof ProviderApiError)) throw new Error(`expected a ProviderApiError, got ${String(error)}`);
  return error;
}

describe.each(CASES)("$name API errors", ({ fake, api, setup }) => {
  it("a call beyond the documented per-minute limit is a transient error that says how long to wait", async () => {
    const s = await setup({ perMinute: 1 });
    const { session } = sessionOn(fake, api, s.credentials);
    await api.hydrate!(session, [s.ref]);
    const error = await failure(api, fake, s, session);
    expect(error).toMatchObject({ category: "transient", status: 429, retryAfterSeconds: 60 });
  });

  it("an HTML error page from a proxy is transient", async () => {
    const s = await setup();
    await control(fake, `${s.base}/faults`, [{ kind: "html", status: 502 }]);
    expect(await failure(api, fake, s)).toMatchObject({ category: "transient", status: 502 });
  });

  it("garbage with a 200 is a data error", async () => {
    const s = await setup();
    await control(fake, `${s.base}/faults`, [{ kind: "garbage", status: 200 }]);
    expect(await failure(api, fake, s)).toMatchObject({ category: "data" });
  });

  it("a JSON answer without the documented list is a data error naming it", async () => {
    const s = await setup();
    await control(fake, `${s.base}/faults`, [{ status: 200, body: { unexpected: true } }]);
    const error = await failure(api, fake, s);
    expect(error.category).toBe("data");
    expect(error.message).toMatch(/QueryResponse|Contacts/);
  });
});

describe("QuickBooks faults", () => {
  it("a Fault inside a 200 answer is an error, not an empty result", async () => {
    const s = await qbo();
    await control(quickbooksFake, `${s.base}/faults`, [{ status: 200, body: { Fault: { Error: [{ Message: "A business validation error has occurred", Detail: "Business Validation Error", code: "6000" }], type: "ValidationFault" } } }]);
    const error = await failure(quickbooksApi, quickbooksFake, s);
    expect(error.category).toBe("data");
    expect(error.message).toContain("6000");
  });

  it("a token of another company (403, 3100) is a configuration error", async () => {
    const s = await qbo();
    const other = await qbo();
    // The other realm's refresh token: its access token is refused for this realm.
    const error = await failure(quickbooksApi, quickbooksFake, { ...s, credentials: { ...s.credentials, refreshToken: other.credentials.refreshToken } });
    expect(error).toMatchObject({ category: "config", status: 403 });
  });
});
