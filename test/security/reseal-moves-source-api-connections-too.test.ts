import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import worker from "../../src/index";
import { getSourceApi } from "../../src/db/tenants";
import { keyIdOf } from "../../src/security/secret-box";
import { ADMIN_TOKEN, createTenant } from "../support/router";
import { putThinSource } from "../support/generic-api";

it("the secrets re-seal job moves a source's api connection to the current key too", async () => {
  const t = await createTenant();
  const api = { fetchUrl: "https://api.generic.test/acct/customers/{id}", bearerToken: "bearer-to-reseal" };
  expect((await putThinSource(t, "crm", api)).status).toBe(201);

  const NEW_KEY = btoa("r".repeat(32));
  const rotated = { ...env, SECRETS_KEY: NEW_KEY, SECRETS_KEY_ID: "k9", SECRETS_KEYS_PREVIOUS: `k1:${env.SECRETS_KEY}` };
  const response = await worker.fetch(
    new Request("https://router.test/v1/admin/secrets/reseal", { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    rotated,
    createExecutionContext(),
  );
  // (Its own runtime: vitest.config.ts NEEDS_OWN_RUNTIME, as every value of the database is re-sealed.)
  expect(await response.json()).toEqual({
    keyId: "k9",
    tenants: { resealed: 1, failed: 0 },
    sources: { resealed: 2, failed: 0 },
    sourceApis: { resealed: 1, failed: 0 },
    done: true,
  });

  const row = await env.DB.prepare("SELECT api_sealed AS v FROM sources WHERE tenant_id = ? AND id = 'crm'").bind(t.tenant).first<{ v: string }>();
  expect(keyIdOf(row!.v)).toBe("k9");
  // The old key can go: the connection opens with the new key alone.
  const newOnly = { ...env, SECRETS_KEY: NEW_KEY, SECRETS_KEY_ID: "k9" };
  expect((await getSourceApi(newOnly, t.tenant, "crm"))?.credentials).toMatchObject(api);
});
