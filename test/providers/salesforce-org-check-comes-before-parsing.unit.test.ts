import { expect, it } from "vitest";
import { salesforce } from "../../src/providers/salesforce";
import type { SourceConfig } from "../../src/providers/provider";

type Options = { organizationId: string; currency?: string };
// The riskiest configuration: no token, so anyone who can reach the URL reaches verify().
const source: SourceConfig<Options> = { tenantId: "acme", sourceId: "sf", provider: "salesforce", secrets: ["none"], options: { organizationId: "00D5w000004qGTOEA2" } };
const verify = (body: string) =>
  salesforce.verify(
    { body: new TextEncoder().encode(body), headers: new Headers({ "content-type": "text/xml" }), method: "POST", url: "https://router.test/webhooks/acme/sf", receivedAt: Date.now() },
    source,
    { fetch },
  );

it("a body that does not contain the source's organization id is refused before it is parsed", async () => {
  // Not even XML: a parser would say so; the org check answers first.
  const garbage = await verify("<".repeat(1_000_000));
  expect(garbage).toMatchObject({ ok: false, reason: expect.stringContaining("no OrganizationId 00D5w000004qGTO") });
  const hostile = await verify(`<a ${Array.from({ length: 40_000 }, (_, i) => `xmlns:p${i}="u"`).join(" ")}>` + "<b/>".repeat(20_000) + "</a>");
  expect(hostile).toMatchObject({ ok: false, reason: expect.stringContaining("no OrganizationId") });
  // With the id present, the body is parsed and judged as XML.
  expect(await verify(`<a>00D5w000004qGTO</a>`)).toMatchObject({ ok: false, reason: expect.stringContaining("root element is not a SOAP 1.1 Envelope") });
});
