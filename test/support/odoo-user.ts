/** What a user of the tenant's Odoo does by hand, through Odoo's own external API (JSON-RPC). */
import { ODOO_API_KEY, type TestTenant } from "./router";

/** One `execute_kw` as the emulator's API user (uid 2), as an operator's script would call it. */
export async function odooExecute<T = unknown>(t: TestTenant, model: string, method: string, args: unknown[]): Promise<T> {
  const response = await fetch(`${t.odooUrl}/jsonrpc`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      method: "call",
      id: 1,
      params: { service: "object", method: "execute_kw", args: ["acme", 2, ODOO_API_KEY, model, method, args, {}] },
    }),
  });
  const body = (await response.json()) as { result?: T; error?: unknown };
  if (body.error) throw new Error(`${model}.${method} failed: ${JSON.stringify(body.error)}`);
  return body.result as T;
}

/** `write` on records, as an Odoo user editing them would. */
export async function odooUserWrite(t: TestTenant, model: string, ids: number[], values: Record<string, unknown>): Promise<void> {
  if ((await odooExecute(t, model, "write", [ids, values])) !== true) throw new Error(`${model}.write did not answer true`);
}
