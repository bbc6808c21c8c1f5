import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import worker from "../../src/index";
import type { Env } from "../../src/env";
import { ADMIN_TOKEN } from "../support/router";

async function callWith(overrides: Partial<Env>): Promise<{ status: number; error: { code: string; message: string; requestId: string } }> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request("https://router.test/v1/admin/tenants", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }), { ...(env as unknown as Env), ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return { status: response.status, ...((await response.json()) as { error: { code: string; message: string; requestId: string } }) };
}

it("a SECRETS_KEY that is not base64 of 32 bytes fails every request with config_error naming the variable and its format", async () => {
  for (const [value, detail] of [
    ["not base64 at all!", "it is not base64"],
    [btoa("sixteen byte key"), "got 16 bytes"],
    ["", "got 0 bytes"],
  ] as const) {
    const { status, error } = await callWith({ SECRETS_KEY: value });
    expect(status).toBe(500);
    expect(error.code).toBe("config_error");
    expect(error.message).toBe(`SECRETS_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32), ${detail}`.replace(", it is", ": it is"));
    expect(error.requestId).toMatch(/^req_/);
  }
  const { error } = await callWith({ SECRETS_KEY_ID: "bad id!" });
  expect(error).toMatchObject({ code: "config_error", message: expect.stringContaining("SECRETS_KEY_ID must be") });
  // The configured key works.
  expect((await callWith({})).status).toBe(200);
});
