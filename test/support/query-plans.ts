/**
 * The SQL a piece of code sends to D1, and SQLite's plan for it in the test runtime: tests that
 * say which index a query of the audit trail reads (an index a query cannot use is a written row
 * per event for nothing; a query that cannot use its index scans the tenant).
 */

/** A D1 database that remembers the text of every statement prepared through it. */
export function recordingD1(d1: D1Database, seen: string[]): D1Database {
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          seen.push(query);
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** SQLite's plan for a statement (parameters bound to NULL: the plan does not depend on them). */
export async function queryPlan(d1: D1Database, query: string): Promise<string> {
  const numbered = [...query.matchAll(/\?(\d+)/g)].map((m) => Number(m[1]));
  const count = numbered.length > 0 ? Math.max(...numbered) : (query.match(/\?/g) ?? []).length;
  const { results } = await d1
    .prepare(`EXPLAIN QUERY PLAN ${query}`)
    .bind(...Array.from({ length: count }, () => null))
    .all<{ detail: string }>();
  return results.map((r) => r.detail).join("\n");
}
