import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { ConnectionStore } from "../../src/connections/connection-store";
import { connectionName } from "../../src/connections/open-session";
import { connectionNamespace, emulatedObjectName } from "../../src/tenant/region";
import { createTenant, waitForStatus } from "../support/router";
import { fakeAccount, oauth2Api, postThinCustomer, putFakeObject, putThinSource } from "../support/generic-api";

const storedVersion = (stub: DurableObjectStub) =>
  runInDurableObject(stub, (_instance, state) => ({ name: state.id.name, version: new ConnectionStore(state.storage.sql).state().version }));

it("an EU tenant's connection object (tokens, gate) is the EU jurisdiction's, like its entity objects", async () => {
  const t = await createTenant({ region: "eu" });
  const account = await fakeAccount();
  await putFakeObject(account, "customers/eu-1", { email: "eu@example.com", first_name: "Eu", version: 1 });
  expect((await putThinSource(t, "crm", oauth2Api(account))).status).toBe(201);
  const { eventId } = (await (await postThinCustomer(t, "crm", "eu-1", 1)).json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");

  const name = connectionName(t.tenant, "crm");
  const eu = await storedVersion(connectionNamespace(env, "eu").getByName(name));
  const { version } = (await env.DB.prepare("SELECT api_version AS version FROM sources WHERE tenant_id = ? AND id = 'crm'").bind(t.tenant).first<{ version: number }>())!;
  expect(eu).toEqual({ name: emulatedObjectName("eu", name), version });
  expect((await storedVersion(env.CONNECTION.getByName(name))).version).toBe(0);
});
