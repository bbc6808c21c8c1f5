/**
 * Shopify GraphQL Admin queries written as a tree, so that one definition gives both the query text
 * and its *requested cost* by Shopify's documented rules (shopify.dev/docs/apps/build/apis/
 * graphql-admin/rate-limits, "Cost calculation"): a scalar or enum costs 0, an object 1, a connection
 * 2 plus the objects it may return (`first`) times the cost of one. The rate gate must hold the
 * requested cost before a call (the bucket is charged that much first, the unused part refunded),
 * and a single query may not request more than 1000 points.
 */

/** A scalar or enum field: its name (cost 0). */
export type Scalar = string;

/** An object field (cost 1 plus its fields), optionally with literal arguments. */
export interface ObjectField {
  field: string;
  args?: string;
  of: Selection[];
}

/**
 * A connection (`first` objects at most): rendered as `field(first: N, ...) { nodes { ... }
 * pageInfo { hasNextPage endCursor } }`. The root connection's extra arguments say `$after`,
 * `$query` and the like.
 */
export interface ConnectionField {
  field: string;
  first: number;
  args?: string;
  of: Selection[];
}

export type Selection = Scalar | ObjectField | ConnectionField;

export const MAX_QUERY_COST = 1000;

const isConnection = (s: Selection): s is ConnectionField => typeof s !== "string" && "first" in s;

export function costOf(selections: Selection[]): number {
  let cost = 0;
  for (const s of selections) {
    if (typeof s === "string") continue;
    cost += isConnection(s) ? 2 + s.first * (1 + costOf(s.of)) : 1 + costOf(s.of);
  }
  return cost;
}

export function render(selections: Selection[]): string {
  return selections
    .map((s) => {
      if (typeof s === "string") return s;
      if (isConnection(s)) {
        const args = [`first: ${s.first}`, s.args].filter(Boolean).join(", ");
        return `${s.field}(${args}) { nodes { ${render(s.of)} } pageInfo { hasNextPage endCursor } }`;
      }
      return `${s.field}${s.args ? `(${s.args})` : ""} { ${render(s.of)} }`;
    })
    .join(" ");
}

/** A whole operation: `query Name($a: T, ...) { <selections> }` and its requested cost. */
export function operation(name: string, variables: string, selections: Selection[]): { query: string; cost: number } {
  const cost = costOf(selections);
  if (cost > MAX_QUERY_COST) throw new Error(`${name} requests ${cost} points, above Shopify's ${MAX_QUERY_COST}-point single query limit`);
  return { query: `query ${name}${variables ? `(${variables})` : ""} { ${render(selections)} }`, cost };
}
