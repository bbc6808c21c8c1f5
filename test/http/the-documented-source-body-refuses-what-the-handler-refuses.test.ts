/**
 * The OpenAPI document describes what the handler really enforces: `PUT
 * /v1/admin/tenants/{t}/sources/{s}`'s body schema, as served by GET /openapi.json (no token), refuses
 * the bodies the handler answers 422 (no provider, no secrets, an unknown provider) and accepts
 * the one it creates; its source id pattern refuses what the handler answers 400. Checked with a
 * JSON Schema 2020-12 validator that runs inside workerd.
 */
import { Validator, type Schema } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";

type Operation = {
  parameters: { name: string; in: string; schema: Schema }[];
  requestBody: { content: Record<string, { schema: { $ref: string } }> };
};

async function documentedPutSource(): Promise<{ operation: Operation; schemas: Record<string, Schema> }> {
  const response = await call("/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toContain("max-age");
  const doc = (await response.json()) as {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  expect(doc.openapi).toBe("3.1.0");
  return { operation: doc.paths["/v1/admin/tenants/{tenant}/sources/{source}"]!.put!, schemas: doc.components.schemas };
}

async function documentedSourceBody(): Promise<Validator> {
  const { operation, schemas } = await documentedPutSource();
  const ref = operation.requestBody.content["application/json"]!.schema.$ref;
  return new Validator(schemas[ref.replace("#/components/schemas/", "")]!, "2020-12");
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

  it("documents the source id the handler refuses with 400", async () => {
    const { operation } = await documentedPutSource();
    const param = operation.parameters.find((p) => p.in === "path" && p.name === "source")!;
    const { tenant } = await createTenant();
    const response = await call(`/v1/admin/tenants/${tenant}/sources/Not-A-Slug`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify({ provider: "shopify", secrets: ["s"] }) });
    expect(response.status).toBe(400);
    expect(new Validator(param.schema, "2020-12").validate("Not-A-Slug").valid).toBe(false);
    expect(new Validator(param.schema, "2020-12").validate("shop-2").valid).toBe(true);
  });
});
