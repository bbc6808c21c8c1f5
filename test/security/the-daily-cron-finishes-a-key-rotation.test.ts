import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import worker from "../../src/index";
import { keyIdOf } from "../../src/security/secret-box";
import { createTenant } from "../support/router";

it("the scheduled handler (Cron Trigger) re-seals values left on a previous key", async () => {
  await createTenant();
  const rotated = { ...env, SECRETS_KEY: btoa("n".repeat(32)), SECRETS_KEY_ID: "k2", SECRETS_KEYS_PREVIOUS: `k1:${env.SECRETS_KEY}` };
  await worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }), rotated);
  const sealed = [
    ...(await env.DB.prepare("SELECT odoo_api_key_sealed AS v FROM tenants").all<{ v: string }>()).results,
    ...(await env.DB.prepare("SELECT secrets_sealed AS v FROM sources").all<{ v: string }>()).results,
  ];
  expect(sealed.length).toBe(2);
  expect(sealed.map((r) => keyIdOf(r.v))).toEqual(["k2", "k2"]);
});
