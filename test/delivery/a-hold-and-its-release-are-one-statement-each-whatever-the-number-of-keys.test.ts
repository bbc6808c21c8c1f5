import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { recordLockObject } from "../../src/delivery/record-locks";
import { RecordLockStore } from "../../src/delivery/record-lock-store";
import { uniqueId } from "../support/shopify";
import { countingSql as counting } from "../support/counting-sql";

it("an order's hold of seven records and its release are one statement and one row each", async () => {
  const locks = recordLockObject(env, undefined, uniqueId("tenant"), "shop");
  const records = ["customer:c1", "address:a1", "variant:v1", "variant:v2", "variant:v3", "shipping-product:SHIPPING", "order:o1"].map((k) => {
    const [kind, externalId] = k.split(":") as [string, string];
    return { kind, externalId };
  });
  const counts = await runInDurableObject(locks, (_instance, state) => {
    const measured = counting(state.storage.sql);
    const store = new RecordLockStore(measured.sql);
    // A first hold and release read the rows back once (what a restarted object does): not counted.
    store.hold("warm-up", [{ kind: "customer", externalId: "c0" }], Date.now());
    store.release("warm-up", null);
    const [statements, rows] = [measured.statements(), measured.rowsWritten()];
    const held = store.hold("order-write", records, Date.now());
    const hold = { statements: measured.statements() - statements, rows: measured.rowsWritten() - rows };
    store.release("order-write", null);
    const release = { statements: measured.statements() - statements - hold.statements, rows: measured.rowsWritten() - rows - hold.rows };
    return { held, hold, release };
  });
  expect(counts.held).toEqual({ status: "held" });
  expect(counts.hold).toEqual({ statements: 1, rows: 1 });
  expect(counts.release).toEqual({ statements: 1, rows: 1 });
});
