import { expect, it } from "vitest";
import { genericHmac, parseTemplate } from "../../src/providers/generic-hmac";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { putSource } from "../support/sources";

const valid = { signatureHeader: "X-Sig", algorithm: "SHA-256", encoding: "hex", signedTemplate: "{body}", eventTypePath: "type", routes: {} };
const issues = (options: unknown) => {
  const result = genericHmac.optionsSchema.safeParse(options);
  return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
};

it("generic-hmac options: the required fields are named, and inconsistent combinations are rejected", () => {
  expect(genericHmac.optionsSchema.parse(valid)).toMatchObject({ signaturePrefix: "", timestampUnit: "s", toleranceSeconds: 300 });
  expect(issues({})).toEqual(expect.arrayContaining(["signatureHeader", "algorithm", "encoding", "signedTemplate", "routes"]));
  expect(issues({ ...valid, algorithm: "SHA-1" })).toEqual(["algorithm"]);
  expect(issues({ ...valid, hash: "x" })).not.toEqual([]);
  expect(issues({ ...valid, signedTemplate: "{timestamp}" })).toEqual(["signedTemplate"]); // does not sign the body
  expect(issues({ ...valid, signedTemplate: "{timestamp}.{body}" })).toEqual(["timestampHeader"]);
  expect(issues({ ...valid, timestampHeader: "X-Time" })).toEqual(["signedTemplate"]); // unsigned time
  expect(issues({ ...valid, signedTemplate: "{bdy}" })).toEqual(["signedTemplate"]);
  expect(issues({ ...valid, eventTypePath: undefined })).toEqual(["eventTypePath"]);
  expect(issues({ ...valid, eventTypeHeader: "X-Topic" })).toEqual(["eventTypePath"]);
  expect(issues({ ...valid, deliveryIdHeader: "X-Id", deliveryIdPath: "id" })).toEqual(["deliveryIdPath"]);
  expect(issues({ ...valid, routes: { a: { kind: "customer", idPath: "id" } } })).toEqual(["routes.a.versionPath"]);
  expect(parseTemplate("v0:{timestamp}:{body}")).toEqual([
    { kind: "literal", text: "v0:" },
    { kind: "timestamp" },
    { kind: "literal", text: ":" },
    { kind: "body" },
  ]);
});

it("the admin API answers 422 naming a missing generic-hmac option", async () => {
  const t = await createTenant();
  const { signatureHeader: _omitted, ...withoutHeader } = valid;
  const response = await putSource(t, "custom", { provider: "generic-hmac", secrets: ["s"], options: withoutHeader });
  expect(response.status).toBe(422);
  expect(((await response.json()) as { error: { message: string } }).error.message).toContain("options.signatureHeader");
  const ok = await call(`/v1/admin/tenants/${t.tenant}/sources/custom`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "generic-hmac", secrets: ["s"], options: valid }),
  });
  expect(ok.status).toBe(201);
});
