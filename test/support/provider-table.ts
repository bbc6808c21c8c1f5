/**
 * The README's provider/flow table, rendered from the providers' declared topics
 * (src/providers/topics.ts) so it cannot drift from them: one row per provider and canonical kind.
 * test/providers/readme-provider-table-matches-the-declarations.unit.test.ts compares it with the
 * README (and rewrites the README's block with UPDATE_README=1).
 */
import { PROVIDERS } from "../../src/providers/registry";
import { ENTITY_KINDS } from "../../src/events/canonical";
import type { TopicData } from "../../src/providers/topics";
import { WRITTEN_KINDS } from "../../src/tenant/routing";

export const TABLE_START = "<!-- provider-topics:start (generated from the providers' `topics`: UPDATE_README=1 npx vitest run test/providers/readme-provider-table-matches-the-declarations.unit.test.ts) -->";
export const TABLE_END = "<!-- provider-topics:end -->";

const DATA_ORDER: TopicData[] = ["full", "partial", "thin"];

export function renderProviderTable(): string {
  const rows = ["| provider id | topic header | canonical kind | topics | data | written to Odoo |", "|---|---|---|---|---|---|"];
  for (const provider of Object.values(PROVIDERS)) {
    const header = provider.topicHeader ? `\`${provider.topicHeader}\`` : "—";
    if (provider.topics === "configured") {
      rows.push(`| \`${provider.id}\` | ${header} | the route's \`kind\` | the source's routes | full with a field mapping, partial with \`"partial": true\`, else thin | from the webhook; thin events after reading the object (source \`api\`) |`);
      continue;
    }
    if (provider.id === "odoo") {
      // Odoo as a source (the way back): its changes go out to the providers, never into Odoo.
      rows.push("| `odoo` | — | the outbound flows (`stock`, `shipment`, ...) | callbacks of the provisioned rules (`?token=`) and the poller | hints: the flow reads Odoo back | no: sent to the providers of routing `outbound` |");
      continue;
    }
    const table = provider.topics;
    const topics = Object.entries(table);
    if (topics.length === 0) {
      rows.push(`| \`${provider.id}\` | ${header} | — | none (acknowledged and recorded \`ignored\`) | — | — |`);
      continue;
    }
    for (const kind of ENTITY_KINDS) {
      const ofKind = topics.filter(([, d]) => d.kind === kind);
      if (ofKind.length === 0) continue;
      const data = DATA_ORDER.filter((d) => ofKind.some(([, t]) => t.data === d));
      const names = ofKind.map(([topic, d]) => `\`${topic}\`${data.length > 1 ? ` (${d.data})` : ""}`).join(", ");
      const written = !(WRITTEN_KINDS as readonly string[]).includes(kind)
        ? "no Odoo flow (recorded `ignored`)"
        : data.some((d) => d !== "thin")
        ? data.includes("thin")
          ? "from the webhook; thin events after reading the object (source `api`)"
          : "from the webhook"
        : "after reading the object (source `api`)";
      rows.push(`| \`${provider.id}\` | ${header} | ${kind} | ${names} | ${data.join(" + ")} | ${written} |`);
    }
  }
  return rows.join("\n");
}

/** The README with its generated block replaced by `table` (throws when the markers are missing). */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${TABLE_START} … ${TABLE_END}`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
