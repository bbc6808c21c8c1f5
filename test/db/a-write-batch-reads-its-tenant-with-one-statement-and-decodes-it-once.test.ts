/**
 * The write consumer reads its tenant (Odoo connection, delivery settings, routing) once per queue
 * batch (src/db/write-tenant.ts): one D1 statement, where it took two (the tenant row, the newest
 * routing), and no decoding (API key opened, settings and routing parsed) while the stored text is
 * the same as last time.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { loadWriteTenant } from "../../src/db/write-tenant";
import { createTenant, putRouting } from "../support/router";

/** env with a D1 binding that counts the statements prepared on it. */
function countingDb() {
  let statements = 0;
  const db = new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare") {
        return (query: string) => {
          statements++;
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { env: { ...env, DB: db } as typeof env, statements: () => statements };
}

it("a warm tenant costs one statement and hands back what it decoded before", async () => {
  const t = await createTenant();
  await putRouting(t, { orderInvoicing: "on_payment" });
  const counted = countingDb();

  const first = await loadWriteTenant(counted.env, t.tenant);
  expect(first).toMatchObject({ connection: { apiKey: "test-api-key" }, routing: { version: 1, routing: { orderInvoicing: "on_payment" } } });
  expect(counted.statements()).toBe(1);

  const second = await loadWriteTenant(counted.env, t.tenant);
  expect(counted.statements()).toBe(2);
  // The same objects: nothing was opened or parsed again.
  expect(second).toBe(first);
});

it("a tenant that does not exist is null, in one statement", async () => {
  const counted = countingDb();
  expect(await loadWriteTenant(counted.env, `absent-${crypto.randomUUID()}`)).toBeNull();
  expect(counted.statements()).toBe(1);
});
