/** What a user of the tenant's Odoo does by hand, through Odoo's own external API (JSON-RPC). */
import { ODOO_API_KEY, type TestTenant } from "./router";

/** `write` on records, as an Odoo user editing them would (the emulator's uid 2 is the API user). */
export async function odooUserWrite(t: TestTenant, model: string, ids: number[], values: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${t.odooUrl}/jsonrpc`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      method: "call",
      id: 1,
      params: { service: "object", method: "execute_kw", args: ["acme", 2, ODOO_API_KEY, model, "write", [ids, values]] },
    }),
  });
  const body = (await response.json()) as { result?: unknown; error?: unknown };
  if (body.result !== true) throw new Error(`write failed: ${JSON.stringify(body.error)}`);
}
