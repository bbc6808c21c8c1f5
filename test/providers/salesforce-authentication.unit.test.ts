/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { salesforce } from "../../src/providers/salesforce";
import type { SourceConfig } from "../../src/providers/provider";
import opportunityXml from "../fixtures/salesforce/opportunity.xml?raw";

// Outbound messages are not signed: the org id must match and, when the source has real secrets, the
// endpoint URL must carry one of them as ?token=.
type Options = { organizationId: string; currency?: string };
const source = (secrets: string[], organizationId = "00D5w000004qGTOEA2"): SourceConfig<Options> => ({
  tenantId: "acme",
  sourceId: "sf",
  provider: "salesforce",
  secrets,
  options: { organizationId },
});
const verify = (xml: string, src: SourceConfig<Options>, query = "") =>
  salesforce.verify(
    { body: new TextEncoder().encode(xml), headers: new Headers({ "content-type": "text/xml" }), method: "POST", url: `https://router.test/webhooks/acme/sf${query}`, receivedAt: Date.now() },
    src,
    { fetch },
  );

describe("Salesforce outbound message authentication", () => {
  it("accepts the configured org in its 18- or 15-character form", async () => {
    expect(await verify(opportunityXml, source(["none"]))).toEqual({ ok: true });
    expect(await verify(opportunityXml, source(["none"], "00D5w000004qGTO"))).toEqual({ ok: true });
  });

  it("rejects another org, including one that differs only in letter case", async () => {
    expect(await verify(opportunityXml, source(["none"], "00D5w000004qXXXEA2"))).toMatchObject({ ok: false, reason: expect.stringContaining("OrganizationId") });
    expect((await verify(opportunityXml, source(["none"], "00D5W000004QGTOEA2"))).ok).toBe(false);
  });

  it("requires ?token= matching an active secret when the source has one, and accepts any during rotation", async () => {
    expect(await verify(opportunityXml, source(["s3cret-token"]))).toMatchObject({ ok: false, reason: expect.stringContaining("missing ?token=") });
    expect((await verify(opportunityXml, source(["s3cret-token"]), "?token=wrong")).ok).toBe(false);
    expect(await verify(opportunityXml, source(["s3cret-token"]), "?token=s3cret-token")).toEqual({ ok: true });
    expect(await verify(opportunityXml, source(["new-token", "old-token"]), "?token=old-token")).toEqual({ ok: true });
    // The placeholder never counts as a token once a real secret is configured.
    expect((await verify(opportunityXml, source(["none", "real-token"]), "?token=none")).ok).toBe(false);
  });

  it("checks the token before reading the body, and the org id even with a valid token", async () => {
    expect((await verify("not xml", source(["t"]), "?token=x")).ok).toBe(false);
    expect((await verify(opportunityXml, source(["t"], "00D000000000001AAA"), "?token=t")).ok).toBe(false);
  });

  it("rejects a body that is not a Salesforce outbound message", async () => {
    expect(await verify("<html/>", source(["none"]))).toMatchObject({ ok: false, reason: expect.stringContaining("not a Salesforce outbound message") });
    expect((await verify(opportunityXml.replace("http://soap.sforce.com/2005/09/outbound", "urn:other"), source(["none"]))).ok).toBe(false);
  });

  it("validates organizationId (00D..., 15 or 18 characters) and refuses unknown options", () => {
    expect(salesforce.optionsSchema.safeParse({ organizationId: "00D5w000004qGTOEA2" }).success).toBe(true);
    expect(salesforce.optionsSchema.safeParse({ organizationId: "00D5w000004qGTO" }).success).toBe(true);
    expect(salesforce.optionsSchema.safeParse({ organizationId: "0015w00002BFDeLAAX" }).success).toBe(false);
    expect(salesforce.optionsSchema.safeParse({}).success).toBe(false);
    expect(salesforce.optionsSchema.safeParse({ organizationId: "00D5w000004qGTO", orgId: "x" }).success).toBe(false);
  });
});
