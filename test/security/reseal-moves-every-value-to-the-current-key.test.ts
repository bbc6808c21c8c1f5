import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import worker from "../../src/index";
import { getOdooConnection, getSourceConfig } from "../../src/db/tenants";
import { keyIdOf } from "../../src/security/secret-box";
import { ADMIN_TOKEN, createTenant } from "../support/router";
import { sealV1 } from "../support/legacy-secret";

const NEW_KEY = btoa("n".repeat(32));

it("POST /v1/admin/secrets/reseal moves every sealed value (legacy ones too) to the current key id", async () => {
  // Two tenants with a source each, sealed under the test env's key (id k1)...
  const a = await createTenant();
  const b = await createTenant();
  // ...and one value written before key ids existed.
  await env.DB.prepare("UPDATE sources SET secrets_sealed = ? WHERE tenant_id = ? AND id = ?")
    .bind(await sealV1(env.SECRETS_KEY, JSON.stringify(["legacy-secret"]), `source:${b.tenant}/${b.source}`), b.tenant, b.source)
    .run();

  // The operator rotates: a new current key, the old one kept as previous.
  const rotated = { ...env, SECRETS_KEY: NEW_KEY, SECRETS_KEY_ID: "k2", SECRETS_KEYS_PREVIOUS: `k1:${env.SECRETS_KEY}` };
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request("https://router.test/v1/admin/secrets/reseal", { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    rotated,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    keyId: "k2",
    tenants: { resealed: 2, failed: 0 },
    sources: { resealed: 2, failed: 0 },
    sourceApis: { resealed: 0, failed: 0 },
    done: true,
  });

  const sealed = [
    ...(await env.DB.prepare("SELECT odoo_api_key_sealed AS v FROM tenants").all<{ v: string }>()).results,
    ...(await env.DB.prepare("SELECT secrets_sealed AS v FROM sources").all<{ v: string }>()).results,
  ];
  expect(sealed.map((r) => keyIdOf(r.v))).toEqual(["k2", "k2", "k2", "k2"]);

  // The old key can now go: everything opens with the new key alone.
  const newOnly = { ...env, SECRETS_KEY: NEW_KEY, SECRETS_KEY_ID: "k2" };
  expect((await getOdooConnection(newOnly, a.tenant))?.apiKey).toBe("test-api-key");
  expect((await getSourceConfig(newOnly, a.tenant, a.source, 0))?.secrets).toEqual([a.secret]);
  expect((await getSourceConfig(newOnly, b.tenant, b.source, 0))?.secrets).toEqual(["legacy-secret"]);

  // A second run has nothing left to do.
  const again = await worker.fetch(
    new Request("https://router.test/v1/admin/secrets/reseal", { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    rotated,
    createExecutionContext(),
  );
  expect(await again.json()).toMatchObject({ tenants: { resealed: 0 }, sources: { resealed: 0 }, done: true });
});
