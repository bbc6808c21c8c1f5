/**
 * A callback of a provisioned rule (Odoo 17+ "Send Webhook Notification"), normalized. The body
 * Odoo sends (odoo/addons/base/models/ir_actions.py `_run_action_webhook`, identical in 17 and 19):
 *   {"_action": "<action name>(#<action id>)", "_id": 4711, "_model": "stock.quant", "id": 4711,
 *    <the action's webhook fields, read with load=None>}
 * json.dumps(sort_keys=True, default=str): a datetime is "2025-03-01 10:20:30.123456".
 *
 * Odoo signs nothing: the URL token (verify) says the caller knows a secret, and the model and
 * action must be those provisioning installed (else 400 malformed_payload). The body stays a hint:
 * the flow reads the record back, so a forged callback can at most cause a re-read.
 */
import { MalformedPayloadError, parseJsonObject, type Normalized } from "../../providers/provider";
import { changeDeliveryId, changeEvent, odooDatetimeMs, writeDateToSecond } from "./change-event";
import type { OdooSourceOptions } from "./options";
import { registeredFlows, watchOf, type FlowModules } from "./watches";

const ACTION = /\(#(\d+)\)$/;
/** How far Odoo's clock may run ahead of the router's. */
const MAX_CLOCK_SKEW_MS = 60_000;

export function normalizeCallback(body: Uint8Array, options: OdooSourceOptions, receivedAt: number, modules: FlowModules = registeredFlows): Normalized {
  const payload = parseJsonObject(body);
  const model = payload._model;
  const id = payload._id;
  const action = payload._action;
  if (typeof model !== "string" || !model) throw new MalformedPayloadError('"_model" must be the Odoo model name (a string)');
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) throw new MalformedPayloadError('"_id" must be the record id (a positive integer)');
  const actionId = typeof action === "string" ? Number(ACTION.exec(action)?.[1]) : Number.NaN;
  if (!Number.isSafeInteger(actionId)) throw new MalformedPayloadError('"_action" must be "<action name>(#<action id>)", as Odoo\'s webhook action sends it');
  const rule = options.rules.find((r) => r.model === model && r.actionId === actionId);
  if (!rule) {
    const known = options.rules.some((r) => r.actionId === actionId);
    throw new MalformedPayloadError(
      known
        ? `action #${actionId} was provisioned for another model than "${model}"`
        : `no rule provisioned by this router sends ${model} with action #${actionId} (POST /v1/admin/tenants/{tenant}/odoo/automations provisions them)`,
    );
  }
  const topic = `${model}:callback`;
  // A write_date ahead of the clock is not Odoo's (a forged body could otherwise claim the delivery id
  // of a later real change and have it dropped as a duplicate): such a callback is never deduplicated.
  const claimed = writeDateToSecond(payload.write_date);
  const writeDate = claimed !== null && (odooDatetimeMs(claimed) ?? Infinity) <= receivedAt + MAX_CLOCK_SKEW_MS ? claimed : null;
  const fallbackKey = `action${actionId}:${receivedAt}`;
  const deliveryId = changeDeliveryId(model, id, writeDate, fallbackKey);
  // Callbacks only exist from 17 on: a source provisioned before the version was recorded is 17+.
  const watch = watchOf(rule.flow, model, options.odooVersion ?? 17, modules);
  if (!watch) {
    return { outcome: "ignored", deliveryId, topic, reason: `outbound flow "${rule.flow}" does not watch ${model} in this version of the router` };
  }
  let entity: string | null;
  try {
    entity = watch.entityOf(payload);
  } catch (err) {
    throw new MalformedPayloadError(`the ${model} record's fields are not what the ${rule.flow} rule sends: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (entity === null) {
    return { outcome: "ignored", deliveryId, topic, reason: `${model} ${id} is not a record of the ${rule.flow} flow` };
  }
  return {
    outcome: "events",
    events: [changeEvent({ flow: rule.flow, model, id, entity, writeDate, via: "callback", receivedAt, fallbackKey })],
  };
}
