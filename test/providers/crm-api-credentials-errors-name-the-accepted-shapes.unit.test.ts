import { expect, it } from "vitest";
import { hubspotApi } from "../../src/providers/hubspot-api";
import { zendeskApi } from "../../src/providers/zendesk-api";

it("an api object matching none of a client's credential shapes is refused with a message naming the shapes it accepts", () => {
  const hubspot = hubspotApi.credentialsSchema.safeParse({ clientId: "a", clientSecret: "b" });
  expect(hubspot.error?.issues[0]?.message).toContain('{"clientId","clientSecret","refreshToken"}');
  const zendesk = zendeskApi.credentialsSchema.safeParse({ subdomain: "acme", apiToken: "x" });
  expect(zendesk.error?.issues[0]?.message).toContain('{"email","apiToken"}');
  // A field of a recognizable shape is still named by its own rule.
  expect(hubspotApi.credentialsSchema.safeParse({ accessToken: "" }).error?.issues[0]).toMatchObject({ path: ["accessToken"] });
});
