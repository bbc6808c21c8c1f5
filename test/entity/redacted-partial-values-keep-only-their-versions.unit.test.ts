import { expect, it } from "vitest";
import type { CanonicalEvent } from "../../src/events/canonical";
import { judgeField, newestFor, withCompanions, withoutValues } from "../../src/entity/partial-changes";

const lastNameChange = {
  schema: "router.event/v1",
  provider: "hubspot",
  topic: "contact.propertyChange",
  type: "customer.updated",
  kind: "customer",
  externalId: "801",
  version: 3000,
  occurredAt: new Date(3000).toISOString(),
  action: "upsert",
  completeness: "partial",
  changed: ["lastName"],
  data: { email: null, firstName: null, lastName: "Doe", phone: null, company: null, address: null },
} as CanonicalEvent;

it("redacted field stamps keep their versions (later changes are still ordered) but no value: nothing personal is completed or compared", () => {
  const applied = { firstName: { version: 2000, value: "Jane" }, email: { version: 1000, value: "jane@example.test" } };
  expect(withCompanions(lastNameChange, applied)).toMatchObject({ changed: ["lastName", "firstName"], data: { firstName: "Jane", lastName: "Doe" } });

  const redacted = withoutValues(applied);
  expect(redacted).toEqual({ firstName: { version: 2000 }, email: { version: 1000 } });
  expect(JSON.stringify(redacted)).not.toContain("Jane");
  expect(withCompanions(lastNameChange, redacted)).toMatchObject({ changed: ["lastName"], data: { firstName: null } });
  // Still ordered: an older email change is stale, the same version is no longer a known no-op.
  expect(judgeField(500, "old@example.test", newestFor("email", [{ base: null, fields: redacted }]), false)).toBe("older");
  expect(judgeField(1000, "jane@example.test", newestFor("email", [{ base: null, fields: redacted }]), false)).toBe("newer");
});
