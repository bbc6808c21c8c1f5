/**
 * The README's provider/flow table is the providers' declared topics, rendered: a topic added to a
 * provider module (or a README edit by hand) without the other fails here. UPDATE_README=1
 * rewrites the README's block instead.
 */
import { describe, expect, it } from "vitest";
import { renderProviderTable, withTable } from "../support/provider-table";

// A `unit` test runs in Node; the workers tsconfig has no Node types, so fs is reached untyped.
const node = (globalThis as unknown as {
  process: { env: Record<string, string | undefined>; getBuiltinModule(name: "node:fs"): { readFileSync(path: URL, encoding: "utf8"): string; writeFileSync(path: URL, text: string): void } };
}).process;
const fs = node.getBuiltinModule("node:fs");
const README = new URL("../../README.md", import.meta.url);

describe("the README's provider table", () => {
  it("is the one the providers' topic declarations render", () => {
    const readme = fs.readFileSync(README, "utf8");
    const current = withTable(readme, renderProviderTable());
    if (node.env.UPDATE_README === "1" && current !== readme) fs.writeFileSync(README, current);
    else expect(readme, "README.md's provider table is out of date: run UPDATE_README=1 npx vitest run test/providers/readme-provider-table-matches-the-declarations.unit.test.ts").toBe(current);
  });
});
