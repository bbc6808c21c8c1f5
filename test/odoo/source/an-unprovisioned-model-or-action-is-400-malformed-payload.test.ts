import { expect, it } from "vitest";
import { createTenant } from "../../support/router";
import { postOdooCallback, putOdooSource } from "../../support/odoo-callbacks";

it("a verified callback naming a model or action this router did not provision is 400 malformed_payload", async () => {
  const t = await createTenant({ odooVersion: "17.0" });
  // As provisioning records it: action #12 sends res.partner for the accountStatus flow.
  const { callbackUrl } = await putOdooSource(t, { options: { odooVersion: 17, rules: [{ flow: "accountStatus", model: "res.partner", ruleId: 3, actionId: 12 }] } });
  const post = (payload: Record<string, unknown>) => postOdooCallback(callbackUrl, JSON.stringify(payload));

  const otherAction = await post({ _action: "Send Webhook Notification(#99)", _id: 5, _model: "res.partner", id: 5 });
  expect(otherAction.status).toBe(400);
  expect(await otherAction.json()).toMatchObject({ error: { code: "malformed_payload", message: expect.stringContaining("no rule provisioned by this router sends res.partner with action #99") } });

  const otherModel = await post({ _action: "Odoo router: accountStatus res.partner [odoo](#12)", _id: 5, _model: "sale.order", id: 5 });
  expect(otherModel.status).toBe(400);
  expect(await otherModel.json()).toMatchObject({ error: { code: "malformed_payload", message: expect.stringContaining('action #12 was provisioned for another model than "sale.order"') } });

  const noAction = await post({ _id: 5, _model: "res.partner", id: 5 });
  expect(noAction.status).toBe(400);
  expect(await noAction.json()).toMatchObject({ error: { code: "malformed_payload", message: expect.stringContaining('"_action"') } });

  const notJson = await postOdooCallback(callbackUrl, "{not json");
  expect(notJson.status).toBe(400);
});
