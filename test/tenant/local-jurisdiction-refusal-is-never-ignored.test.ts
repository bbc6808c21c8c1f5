import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { Env } from "../../src/env";
import { entityNamespace, gateNamespace } from "../../src/tenant/region";

it("without the local emulation switch, local workerd's refusal stands: no EU object is ever made in the default namespace", () => {
  // This is the real binding: it proves the production path really calls jurisdiction("eu").
  const deployed = { ...env, LOCAL_JURISDICTIONS: undefined } as Env;
  expect(() => entityNamespace(deployed, "eu")).toThrow("Jurisdiction restrictions are not implemented in workerd.");
  expect(() => gateNamespace(deployed, "fedramp")).toThrow("Jurisdiction restrictions are not implemented in workerd.");
});
