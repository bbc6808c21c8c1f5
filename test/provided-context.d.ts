import type { SignedCase } from "./sdk-signers/signed-case";

declare module "vitest" {
  export interface ProvidedContext {
    /** Deliveries signed on the Node side by each provider's SDK (test/setup/sdk-signatures.ts). */
    sdkSignatures: Record<string, SignedCase[]>;
  }
}
