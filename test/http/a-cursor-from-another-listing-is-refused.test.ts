import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";

const EVENT_CURSOR = "evt_01KC0000000000000000000000";
const EXCEPTION_CURSOR = "rex_01KC0000000000000000000000";

it("a cursor that is not one of the listing's own is refused with 400 invalid_request naming the cursor", async () => {
  const t = await createTenant();
  const paths = [
    `/v1/tenants/${t.tenant}/reconciliations?cursor=garbage`,
    `/v1/tenants/${t.tenant}/reconciliations?cursor=${EXCEPTION_CURSOR}`,
    `/v1/tenants/${t.tenant}/reconciliation-exceptions?cursor=${EVENT_CURSOR}`,
    `/v1/tenants/${t.tenant}/exceptions?type=stuck&cursor=${EXCEPTION_CURSOR}`,
    `/v1/tenants/${t.tenant}/exceptions?type=amount_differs&cursor=${EVENT_CURSOR}`,
  ];
  for (const path of paths) {
    const response = await call(path, { token: ADMIN_TOKEN });
    expect(response.status, path).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toContain("cursor");
  }
  expect((await call(`/v1/tenants/${t.tenant}/exceptions?type=amount_differs&cursor=${EXCEPTION_CURSOR}`, { token: ADMIN_TOKEN })).status).toBe(200);
});
