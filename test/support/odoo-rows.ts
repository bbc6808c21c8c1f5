import type { OdooClient } from "../../src/odoo/client";

/**
 * An Odoo database as the poller sees it over JSON-RPC: `write_date` is kept with microseconds and
 * set at the transaction's *start*; a row is visible only once its transaction committed; answers
 * cut write_date to the second (odoo/tools/json.py). search_read understands the poller's domains.
 */
export function odooRows() {
  const rows: { id: number; writeDate: string; visible: boolean }[] = [];
  const calls: unknown[][] = [];
  const leaf = (row: { id: number; writeDate: string }, [field, op, value]: [string, string, string | number]) => {
    const left = field === "id" ? row.id : row.writeDate;
    const right = field === "id" ? value : String(value);
    if (op === ">=") return left >= right;
    if (op === ">") return left > right;
    if (op === "<") return left < right;
    throw new Error(`operator ${op}`);
  };
  const evaluate = (row: { id: number; writeDate: string }, domain: unknown[]): boolean => {
    // Prefix notation, implicit AND between complete terms (as Odoo's normalize_domain).
    let i = 0;
    const term = (): boolean => {
      const t = domain[i++];
      if (t === "|") { const a = term(); const b = term(); return a || b; }
      if (t === "&") { const a = term(); const b = term(); return a && b; }
      return leaf(row, t as [string, string, string]);
    };
    let result = true;
    while (i < domain.length) result = term() && result;
    return result;
  };
  const client: OdooClient = {
    calls: 0,
    async call<T>(_model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) {
      if (method !== "search_read") throw new Error(method);
      calls.push(args[0] as unknown[]);
      const found = rows
        .filter((r) => r.visible && evaluate(r, args[0] as unknown[]))
        .sort((a, b) => (a.writeDate < b.writeDate ? -1 : a.writeDate > b.writeDate ? 1 : a.id - b.id))
        .slice(0, kwargs.limit as number);
      return found.map((r) => ({ id: r.id, write_date: r.writeDate.slice(0, 19) })) as T;
    },
    probe: async () => ({ uid: 2, serverVersion: "19.0" }),
    serverVersion: async () => "19.0",
  };
  return { rows, client, calls };
}

