import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { putThinSource } from "../support/generic-api";

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as { error: { code: string; message: string } }).error };
}

it("api on a provider without an API client is a 422 naming api; a bad api names its field", async () => {
  const t = await createTenant();
  const github = await call(`/v1/admin/tenants/${t.tenant}/sources/gh`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "github", secrets: ["s3cret"], api: { token: "x" } }),
  });
  expect(await errorOf(github)).toMatchObject({ status: 422, code: "invalid_request", message: expect.stringMatching(/^api: provider "github" has no API client/) });

  const noTemplate = await putThinSource(t, "crm", { fetchUrl: "https://api.generic.test/customers" });
  expect(await errorOf(noTemplate)).toMatchObject({ status: 422, code: "invalid_request", message: expect.stringMatching(/^api\.fetchUrl: must contain \{id\}/) });

  const badBaseUrl = await putThinSource(t, "crm", { fetchUrl: "https://api.generic.test/c/{id}", baseUrl: "ftp://x" });
  expect(await errorOf(badBaseUrl)).toMatchObject({ status: 422, message: expect.stringMatching(/^api\.baseUrl: /) });

  const unknownKey = await putThinSource(t, "crm", { fetchUrl: "https://api.generic.test/c/{id}", password: "p" });
  expect(await errorOf(unknownKey)).toMatchObject({ status: 422, message: expect.stringMatching(/^api\.password|^api: .*password/) });
});

it("api absent keeps the stored connection, null removes it, baseUrl replaces the default host", async () => {
  const t = await createTenant();
  const listed = async () => {
    const body = (await (await call(`/v1/admin/tenants/${t.tenant}/sources`, { token: ADMIN_TOKEN })).json()) as { items: { source: string; api?: { baseUrl: string } }[] };
    return body.items.find((s) => s.source === "crm")?.api;
  };
  expect((await putThinSource(t, "crm", { fetchUrl: "https://api.generic.test/c/{id}", bearerToken: "tok", baseUrl: "https://sandbox.generic.test/" })).status).toBe(201);
  expect((await listed())?.baseUrl).toBe("https://sandbox.generic.test");
  expect((await putThinSource(t, "crm")).status).toBe(200);
  expect((await listed())?.baseUrl).toBe("https://sandbox.generic.test");
  // Another provider cannot keep a connection validated for this one's client.
  const switched = await call(`/v1/admin/tenants/${t.tenant}/sources/crm`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "github", secrets: ["s3cret"] }),
  });
  expect(await errorOf(switched)).toMatchObject({ status: 422, message: expect.stringMatching(/^api: the source's provider changes/) });
  expect((await putThinSource(t, "crm", null)).status).toBe(200);
  expect(await listed()).toBeUndefined();
});
