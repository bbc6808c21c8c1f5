/**
 * GET /openapi.json's document is valid OpenAPI 3.1, checked by a real validator
 * (@seriousme/openapi-schema-validator, against the OpenAPI Initiative's 3.1 schema), its $refs
 * all resolve, and every schema in it compiles as JSON Schema 2020-12 (OpenAPI 3.1's dialect).
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/http/openapi";

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 and its references resolve", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument()));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // Dereferencing throws on a $ref that points nowhere.
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it("holds JSON Schema 2020-12 schemas: the error envelope and every request body", () => {
    const doc = openApiDocument() as { components: { schemas: Record<string, object> } };
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Error", "TenantBody", "SourceBody", "TokenBody", "Routing", "ReplayBody"]));
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(() => ajv.compile(schema), name).not.toThrow();
    }
    const error = ajv.compile(doc.components.schemas.Error!);
    expect(error({ error: { code: "not_found", message: "no such route", requestId: "r1" } })).toBe(true);
    expect(error({ error: { code: "no_such_code", message: "m", requestId: "r1" } })).toBe(false);
  });

  it("declares the admin and tenant bearer schemes and uses them", () => {
    const doc = openApiDocument() as {
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<string, Record<string, { security: Record<string, string[]>[] }>>;
    };
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.tenantToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/v1/admin/tenants/{tenant}"]!.put!.security).toEqual([{ adminToken: [] }]);
    expect(doc.paths["/v1/tenants/{tenant}/replays"]!.post!.security).toEqual([{ adminToken: [] }, { tenantToken: ["operate"] }]);
    // Provider signatures, not bearer tokens.
    expect(doc.paths["/webhooks/{tenant}/{source}"]!.post!.security).toEqual([]);
  });
});
