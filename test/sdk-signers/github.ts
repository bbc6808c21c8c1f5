// GitHub deliveries signed with @octokit/webhooks-methods@6 (sign); `sdkAccepts` is its own
// verifyWithFallback (rotation). Under Vitest's global setup the package resolves to its web build.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { sign as octokitSign, verifyWithFallback } from "@octokit/webhooks-methods";
import type { SignedCase } from "./signed-case";

const SECRET = "github-router-secret-4f2a";
const OLD_SECRET = "github-router-secret-old";

export async function sign(): Promise<SignedCase[]> {
  const body = readFileSync(new URL("../fixtures/github/ping.json", import.meta.url), "utf8");
  const receivedAt = Date.parse("2026-11-20T10:00:00Z");
  const headers = (signature: string) => ({
    "x-hub-signature-256": signature,
    "x-github-event": "ping",
    "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
  });
  const valid = await octokitSign(SECRET, body);
  const cases: Omit<SignedCase, "sdkAccepts">[] = [
    { name: "signed by the SDK", body, headers: headers(valid), secrets: [SECRET], receivedAt },
    { name: "one byte of the body changed", body: body.replace("dilutes", "dilutez"), headers: headers(valid), secrets: [SECRET], receivedAt },
    { name: "signed with another secret", body, headers: headers(await octokitSign("not-our-secret", body)), secrets: [SECRET], receivedAt },
    { name: "signed with the previous secret, both active", body, headers: headers(await octokitSign(OLD_SECRET, body)), secrets: [SECRET, OLD_SECRET], receivedAt },
    // (A bare hex digest without "sha256=" is left out: the SDK's node build rejects it, its web
    // build accepts it. GitHub always sends the prefix; the router requires it.)
    {
      name: "a legacy SHA-1 signature in the SHA-256 header",
      body,
      headers: headers(`sha1=${createHmac("sha1", SECRET).update(body).digest("hex")}`),
      secrets: [SECRET],
      receivedAt,
    },
  ];
  const signed: SignedCase[] = [];
  for (const c of cases) {
    const [first, ...others] = c.secrets;
    const sdkAccepts = await verifyWithFallback(first!, c.body, c.headers["x-hub-signature-256"]!, others);
    signed.push({ ...c, sdkAccepts });
  }
  return signed;
}
