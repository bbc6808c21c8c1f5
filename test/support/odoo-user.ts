/** What a user of the tenant's Odoo does by hand, through Odoo's own external API (JSON-RPC). */
import { odooExecute, type TestTenant } from "./router";

/** `write` on records, as an Odoo user editing them would. */
export async function odooUserWrite(t: TestTenant, model: string, ids: number[], values: Record<string, unknown>): Promise<void> {
  if ((await odooExecute(t, model, "write", [ids, values])) !== true) throw new Error(`${model}.write did not answer true`);
}
