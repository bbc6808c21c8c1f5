import { expect, it } from "vitest";
import { call, createTenant } from "../support/router";
import { tenantToken } from "../support/retention";

it("erasure bodies are validated with the field named, and a tenant token never reaches another tenant", async () => {
  const a = await createTenant();
  const b = await createTenant();
  const operate = await tenantToken(a, "operate");
  const erase = (tenant: string, body: unknown, token = operate) =>
    call(`/v1/tenants/${tenant}/erasures`, { method: "POST", token, body: JSON.stringify(body) });
  const refusal = async (response: Response) => {
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    return { status: response.status, code: error.code, message: error.message };
  };

  expect(await refusal(await erase(a.tenant, {}))).toMatchObject({ status: 422, code: "invalid_request", message: expect.stringMatching(/^email: give exactly one/) });
  expect(await refusal(await erase(a.tenant, { email: "not-an-email" }))).toMatchObject({ status: 422, message: expect.stringMatching(/^email: /) });
  expect(await refusal(await erase(a.tenant, { email: "x@example.test", externalId: "1" }))).toMatchObject({ status: 422, message: expect.stringMatching(/^email: /) });
  expect(await refusal(await erase(a.tenant, { email: "x@example.test", source: "shop" }))).toMatchObject({ status: 422, message: expect.stringMatching(/^source: /) });
  expect(await refusal(await erase(a.tenant, { externalId: "" }))).toMatchObject({ status: 422, message: expect.stringMatching(/^externalId: /) });
  expect(await refusal(await erase(a.tenant, { phone: "+1555" }))).toMatchObject({ status: 422, message: expect.stringContaining("phone") });

  // Another tenant's path answers as if it did not exist; a read token may not erase.
  expect(await refusal(await erase(b.tenant, { email: "x@example.test" }))).toMatchObject({ status: 404, code: "not_found" });
  expect(await refusal(await erase(a.tenant, { email: "x@example.test" }, await tenantToken(a, "read")))).toMatchObject({ status: 403, code: "forbidden" });
  expect((await erase(a.tenant, { email: "x@example.test" })).status).toBe(200);
});
