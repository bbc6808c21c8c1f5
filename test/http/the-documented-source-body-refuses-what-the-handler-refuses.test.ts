/**
 * The OpenAPI document describes what the handler really enforces: `PUT
 * /v1/admin/tenants/{t}/sources/{s}`'s body schema, as served by GET /openapi.json (no token), refuses
 * the bodies the handler answers 422 (no provider, no secrets, an unknown provider) and accepts
 * the one it creates. Checked with a JSON Schema 2020-12 validator that runs inside workerd.
 */
import { Validator, type Schema } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";

async function documentedSourceBody(): Promise<Validator> {
  const response = await call("/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toContain("max-age");
  const doc = (await response.json()) as {
    openapi: string;
    paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: { $ref: string } }> } }>>;
    components: { schemas: Record<string, Schema> };
  };
  expect(doc.openapi).toBe("3.1.0");
  const ref = doc.paths["/v1/admin/tenants/{tenant}/sources/{source}"]!.put!.requestBody.content["application/json"]!.schema.$ref;
  return new Validator(doc.components.schemas[ref.replace("#/components/schemas/", "")]!, "2020-12");
}

describe("PUT source's documented body", () => {
  it("refuses what the handler refuses, and accepts what it accepts", async () => {
    const schema = await documentedSourceBody();
    const { tenant } = await createTenant();
    const refused: [string, Record<string, unknown>][] = [
      ["provider", { secrets: ["s3cret"] }],
      ["secrets", { provider: "shopify", secrets: [] }],
      ["provider", { provider: "no-such-provider", secrets: ["s3cret"] }],
    ];
    for (const [field, body] of refused) {
      const response = await call(`/v1/admin/tenants/${tenant}/sources/docs`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify(body) });
      const answer = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(answer.error.code).toBe("invalid_request");
      expect(answer.error.message.startsWith(`${field}:`), answer.error.message).toBe(true);
      expect(schema.validate(body).valid, `the document accepts ${JSON.stringify(body)}`).toBe(false);
    }
    const accepted = { provider: "shopify", secrets: ["s3cret"] };
    expect(schema.validate(accepted).valid).toBe(true);
    const created = await call(`/v1/admin/tenants/${tenant}/sources/docs`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify(accepted) });
    expect(created.status).toBe(201);
  });
});
