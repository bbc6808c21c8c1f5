import { expect, it } from "vitest";
import { ADMIN_TOKEN, call } from "../support/router";

async function refusal(query: string) {
  const response = await call(`/v1/tenants/acme/metrics?${query}`, { token: ADMIN_TOKEN });
  return { status: response.status, error: ((await response.json()) as { error: { code: string; message: string } }).error };
}

it("a bad metrics query is 422 invalid_request naming the parameter and the fix", async () => {
  expect(await refusal("bucket=week")).toMatchObject({ status: 422, error: { code: "invalid_request", message: expect.stringMatching(/^bucket: /) } });
  expect(await refusal("from=yesterday")).toMatchObject({ status: 422, error: { message: expect.stringMatching(/^from: must be an ISO 8601/) } });
  expect(await refusal("from=2026-11-20T12:00:00Z&to=2026-11-20T10:00:00Z")).toMatchObject({
    status: 422,
    error: { message: "from: must be before to" },
  });
  expect(await refusal("from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z&bucket=minute")).toMatchObject({
    status: 422,
    error: { message: expect.stringMatching(/^bucket: .*choose a larger bucket/) },
  });
  expect(await refusal("bukcet=hour")).toMatchObject({ status: 422, error: { message: expect.stringContaining("bukcet") } });
  expect(await refusal("source=")).toMatchObject({ status: 422, error: { message: expect.stringMatching(/^source: /) } });
  // The same range by hours is fine.
  const ok = await call("/v1/tenants/acme/metrics?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&bucket=hour", { token: ADMIN_TOKEN });
  expect(ok.status).toBe(200);
});
