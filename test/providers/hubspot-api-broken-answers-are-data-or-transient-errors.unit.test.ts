import { expect, it } from "vitest";
import { hubspotApi } from "../../src/providers/hubspot-api";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

const HOST = "https://api.hubapi.com";
const ref = [{ kind: "customer" as const, externalId: "1", resource: "contact" }];

it.each([
  ["an HTML page with 200", { status: 200, body: "<html><body>Maintenance</body></html>" }, "data"],
  ["garbage with 200", { status: 200, body: "\u0000\u0001not json", contentType: "application/json" }, "data"],
  ["a JSON answer without results", { status: 200, body: '{"status":"COMPLETE"}', contentType: "application/json" }, "data"],
  ["an HTML 502 from a proxy", { status: 502, body: "<html>Bad gateway</html>" }, "transient"],
  ["a 429 RATE_LIMIT", { status: 429, body: '{"status":"error","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"}', contentType: "application/json", headers: { "retry-after": "7" } }, "transient"],
])("%s is a %s ProviderApiError, never a crash, and names no credential", async (_name, fault, category) => {
  const portalId = uniqueId("p");
  const accessToken = uniqueId("pat-secret-");
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/faults`, fault);
  const session = sessionOn(hubspotFake, hubspotApi, { accessToken });

  const failure = await hubspotApi.hydrate!(session, ref).catch((err: unknown) => err);

  expect(failure).toMatchObject({ name: "ProviderApiError", category });
  if (fault.status === 429) expect(failure).toMatchObject({ retryAfterSeconds: 7 });
  expect((failure as Error).message).not.toContain(accessToken);
});
