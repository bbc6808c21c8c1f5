import { expect, it } from "vitest";
import type { CanonicalEvent } from "../../src/events/canonical";
import { judgeField, mergeChange, newestFor, writeFieldsOf } from "../../src/entity/partial-changes";

const deal = (version: number, data: Record<string, unknown>, changed?: string[]): CanonicalEvent =>
  ({
    schema: "router.event/v1",
    provider: "test",
    topic: "deal.updated",
    type: "deal.updated",
    kind: "deal",
    externalId: "d1",
    version,
    occurredAt: new Date(version).toISOString(),
    action: "upsert",
    ...(changed ? { completeness: "partial", changed } : {}),
    data: { title: null, amount: null, stage: null, status: null, company: null, contact: null, closeDate: null, changes: null, ...data },
  }) as CanonicalEvent;

it("a waiting write absorbs a newer partial change field by field: partial stays partial with the union, a full snapshot stays full with the field set", () => {
  const name = deal(1000, { changes: { dealname: "A" } }, ["changes.dealname"]);
  const amount = deal(2000, { changes: { amount: "10" } }, ["changes.amount"]);
  const merged = mergeChange({ event: name, fields: writeFieldsOf(name) }, amount, ["changes.amount"]);
  expect(merged.event).toMatchObject({ version: 2000, completeness: "partial", changed: ["changes.dealname", "changes.amount"] });
  expect(merged.event.data).toMatchObject({ changes: { dealname: "A", amount: "10" } });
  expect(merged.fields).toEqual({ base: null, fields: { "changes.dealname": { version: 1000, value: "A" }, "changes.amount": { version: 2000, value: "10" } } });

  const snapshot = deal(1500, { title: "Full", stage: "s1" });
  const onFull = mergeChange({ event: snapshot, fields: writeFieldsOf(snapshot) }, deal(1600, { title: "Renamed" }, ["title"]), ["title"]);
  expect(onFull.event.completeness).toBe("full");
  expect(onFull.event).not.toHaveProperty("changed");
  expect(onFull.event.data).toMatchObject({ title: "Renamed", stage: "s1" });
  // The snapshot's other fields keep its version: a change of the stage between 1500 and 1600 still applies.
  expect(judgeField(1550, "s2", newestFor("stage", [onFull.fields]), false)).toBe("newer");
  expect(judgeField(1550, "Other", newestFor("title", [onFull.fields]), false)).toBe("older");
  expect(judgeField(1600, "Renamed", newestFor("title", [onFull.fields]), false)).toBe("unchanged");
  expect(judgeField(1600, "Another", newestFor("title", [onFull.fields]), false)).toBe("newer");
});
