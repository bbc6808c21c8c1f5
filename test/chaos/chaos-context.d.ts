declare module "vitest" {
  export interface ProvidedContext {
    /** Set by scripts/chaos/vitest.config.ts (`npm run chaos`): which chaos profile to run. */
    chaos?: { profile: "small" | "full"; seed?: number; events?: number; entities?: number };
  }
}
export {};
