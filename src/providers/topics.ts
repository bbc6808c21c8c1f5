/**
 * What a provider's topics become, declared once in its module (`topics` of its provider object)
 * and read by everything else: the guard of its own `normalize`, the Odoo check (which flows a
 * tenant's sources can feed, and which need the source's API connection), the README's
 * provider table (scripts/provider-table.ts, kept current by a test).
 *
 * `data` says how much of the entity a topic carries:
 * - "full": a snapshot of the object, written as it is;
 * - "partial": some fields of it (`completeness: "partial"`), merged into what Odoo has;
 * - "thin": ids only (`{thin:true, operation, resource}`): the object must be read from the
 *   provider's API (hydration) before anything can be written, so a source without `api` records
 *   such events `ignored`.
 */
import type { EntityKind } from "../events/canonical";

export type TopicData = "full" | "partial" | "thin";

export interface TopicDeclaration {
  readonly kind: EntityKind;
  /** The canonical `type` (`{operation}` where the event names it: QuickBooks' Create/Update/...). */
  readonly type: string;
  readonly data: TopicData;
  /** The provider's resource name thin events of the topic carry (what hydration reads). */
  readonly resource?: string;
}

/** Provider topic (as the provider names it, or a documented pattern like `v1.customer.*`) -> declaration. */
export type TopicTable = Readonly<Record<string, TopicDeclaration & { readonly [detail: string]: unknown }>>;

/** Whether `topic` is declared (own keys only: "constructor" or "__proto__" are not topics). */
export function isDeclared<T extends TopicTable>(table: T, topic: string): topic is Extract<keyof T, string> {
  return Object.hasOwn(table, topic);
}

/** Kind -> the most data any of the table's topics carries for it (full > partial > thin). */
export function dataByKind(table: TopicTable): Map<EntityKind, TopicData> {
  const rank: Record<TopicData, number> = { thin: 0, partial: 1, full: 2 };
  const byKind = new Map<EntityKind, TopicData>();
  for (const { kind, data } of Object.values(table)) {
    const known = byKind.get(kind);
    if (known === undefined || rank[data] > rank[known]) byKind.set(kind, data);
  }
  return byKind;
}
