import { expect, it } from "vitest";
import { listAlerts, putAlerts, runMinuteCron } from "../support/alerts";
import { call, createTenant } from "../support/router";
import { tenantToken } from "../support/retention";

it("a tenant token never sees, reads or acknowledges another tenant's alerts or exceptions", async () => {
  const mine = await createTenant();
  const theirs = await createTenant();
  expect((await putAlerts(theirs, { rules: [{ id: "silent", type: "source_silent", minutes: 1 }] })).status).toBe(201);
  await runMinuteCron(Date.now() + 10 * 60_000);
  const [theirAlert] = await listAlerts(theirs);
  expect(theirAlert).toBeDefined();

  const token = await tenantToken(mine, "operate");
  expect(await listAlerts(mine, "", token)).toEqual([]);
  for (const path of [
    `/v1/tenants/${theirs.tenant}/alerts`,
    `/v1/tenants/${theirs.tenant}/alerts/${theirAlert!.id}`,
    `/v1/tenants/${theirs.tenant}/exceptions?type=source_silent`,
  ]) {
    const response = await call(path, { token });
    expect(response.status, path).toBe(404);
  }
  const ackThere = await call(`/v1/tenants/${theirs.tenant}/alerts/${theirAlert!.id}/ack`, { method: "POST", token });
  expect(ackThere.status).toBe(404);
  // Their alert id on my own path: no such alert for this tenant.
  const ackMine = await call(`/v1/tenants/${mine.tenant}/alerts/${theirAlert!.id}/ack`, { method: "POST", token });
  expect(ackMine.status).toBe(404);
  expect((await listAlerts(theirs)).map((a) => a.state)).toEqual(["open"]);
  // Alert rules are the admin's: a tenant token cannot set them.
  const put = await call(`/v1/admin/tenants/${mine.tenant}/alerts`, { method: "PUT", token, body: JSON.stringify({ rules: [] }) });
  expect(put.status).toBe(401);
});
