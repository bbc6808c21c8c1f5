import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { githubSignature } from "../support/signing";
import ping from "../fixtures/github/ping.json?raw";

it("a signed GitHub ping through the router is 200 ignored and audited; a forged one is 401", async () => {
  const t = await createTenant();
  const secret = "gh-webhook-secret-e2e";
  expect((await putSource(t, "gh", { provider: "github", secrets: [secret] })).status).toBe(201);
  const headers = (signature: string) => ({
    "x-github-event": "ping",
    "x-github-delivery": crypto.randomUUID(),
    "x-hub-signature-256": signature,
    "user-agent": "GitHub-Hookshot/044aadd",
  });

  const accepted = await postWebhook(t, "gh", ping, headers(await githubSignature(ping, secret)));
  expect(accepted.status).toBe(200);
  expect(await accepted.json()).toEqual({ status: "ignored", reason: expect.stringContaining("GitHub ping (hook 109948940") });

  const forged = await postWebhook(t, "gh", ping, headers(await githubSignature(ping, "guessed-secret")));
  expect(forged.status).toBe(401);
  expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("invalid_signature");
  const unsigned = await postWebhook(t, "gh", ping, { "x-github-event": "ping" });
  expect(unsigned.status).toBe(401);

  await expect
    .poll(async () => {
      const list = await call(`/v1/tenants/${t.tenant}/events?status=ignored`, { token: ADMIN_TOKEN });
      return ((await list.json()) as { items: { topic: string; reason: string | null }[] }).items;
    }, { timeout: 10_000 })
    .toEqual([expect.objectContaining({ topic: "ping", reason: expect.stringContaining("zen: Anything added dilutes everything else.") })]);
});
