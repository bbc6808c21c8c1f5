import { expect, it } from "vitest";
import { createTenant, odooExecute } from "../support/router";

it("the emulator refuses a mail.activity on a record that does not exist, as Odoo does", async () => {
  const t = await createTenant();
  const [modelId] = await odooExecute<number[]>(t, "ir.model", "search", [[["model", "=", "res.partner"]]]);
  await expect(odooExecute(t, "mail.activity", "create", [{ res_model_id: modelId, res_id: 999_999, summary: "x" }])).rejects.toThrow(
    /MissingError.*Record does not exist or has been deleted/,
  );
  await expect(odooExecute(t, "mail.activity", "create", [{ res_id: 1, summary: "x" }])).rejects.toThrow(/res_model_id/);
});
