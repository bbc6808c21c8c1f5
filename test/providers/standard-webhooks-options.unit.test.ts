import { expect, it } from "vitest";
import { standardWebhooks } from "../../src/providers/standard-webhooks";

const issue = (options: unknown) => {
  const result = standardWebhooks.optionsSchema.safeParse(options);
  return result.success ? null : { path: result.error.issues[0]!.path.join("."), message: result.error.issues[0]!.message };
};

it("Standard Webhooks options: eventTypes required, routes strict, field mappings only where canonical data can be built", () => {
  expect(standardWebhooks.optionsSchema.parse({ eventTypes: {} })).toEqual({ eventTypes: {}, typePath: "type", timestampPath: "timestamp", toleranceSeconds: 300 });
  expect(issue({})).toMatchObject({ path: "eventTypes" });
  expect(issue({ eventTypes: {}, secret: "x" })).not.toBeNull();
  expect(issue({ eventTypes: { "a.b": { kind: "customer" } } })).toMatchObject({ path: "eventTypes.a.b.idPath" });
  expect(issue({ eventTypes: { "a.b": { kind: "lead", idPath: "data.id" } } })).toMatchObject({ path: "eventTypes.a.b.kind" });
  expect(issue({ eventTypes: { "a.b": { kind: "order", idPath: "data.id", fields: { name: "data.n" } } } })).toMatchObject({
    path: "eventTypes.a.b.fields",
    message: expect.stringContaining("thin events"),
  });
  expect(issue({ eventTypes: { "a.b": { kind: "customer", idPath: "data.id", fields: { mail: "data.m" } } } })).toMatchObject({
    path: "eventTypes.a.b.fields.mail",
  });
  expect(issue({ eventTypes: { "a.b": { kind: "product", idPath: "data.id", fields: { price: "data.p" } } } })).toMatchObject({
    path: "eventTypes.a.b.fields.title",
  });
  expect(issue({ eventTypes: { "a.b": { kind: "customer", idPath: "data..id" } } })).toMatchObject({ path: "eventTypes.a.b.idPath" });
});
