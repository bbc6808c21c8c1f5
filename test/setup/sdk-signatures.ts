/**
 * Vitest globalSetup, run in Node (not workerd): each module in test/sdk-signers/ signs sample
 * deliveries with the provider's own SDK (stripe, standardwebhooks, @octokit/webhooks-methods,
 * @hubspot/api-client, square, @shopify/shopify-api). Tests in workerd read the results with
 * `inject("sdkSignatures")` and check that the router's verifier agrees with the SDK both ways.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import type { SignedCase } from "../sdk-signers/signed-case";

export default async function setup(project: TestProject): Promise<void> {
  const dir = fileURLToPath(new URL("../sdk-signers/", import.meta.url));
  const signatures: Record<string, SignedCase[]> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "signed-case.ts")) {
    const name = file.replace(/\.ts$/, "");
    try {
      const signer = (await import(`../sdk-signers/${file}`)) as { sign(): Promise<SignedCase[]> };
      signatures[name] = await signer.sign();
    } catch (err) {
      // One broken signer must not stop the whole suite: its provider's agreement test fails instead.
      console.error(`SDK signer ${file} failed: ${err instanceof Error ? err.stack : String(err)}`);
      signatures[name] = [];
    }
  }
  project.provide("sdkSignatures", signatures);
}
