/**
 * The README's provider/flow table is the providers' declared topics, rendered: a topic added to a
 * provider module (or a README edit by hand) without the other fails here.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderProviderTable, withTable } from "../support/provider-table";

const README = new URL("../../README.md", import.meta.url);

describe("the README's provider table", () => {
  it("is the one the providers' topic declarations render", () => {
    const readme = readFileSync(README, "utf8");
    const current = withTable(readme, renderProviderTable());
    if (process.env.UPDATE_README === "1" && current !== readme) writeFileSync(README, current);
    else expect(readme, "README.md's provider table is out of date: run UPDATE_README=1 npx vitest run test/providers/readme-provider-table-matches-the-declarations.unit.test.ts").toBe(current);
  });
});
