/**
 * The options of an Odoo source (provider `odoo`, src/providers/odoo.ts): the operator's settings
 * (settle delay, poll interval) and what provisioning recorded (the Odoo version and the rules it
 * installed), so that the callback's normalization needs nothing but the source's configuration.
 */
import * as z from "zod";
import { OUTBOUND_FLOWS } from "../../outbound/flow";

/** The provider id of an Odoo source (src/providers/odoo.ts): its events are the way back\'s ("outbound"). */
export const ODOO_PROVIDER = "odoo";

/** One rule provisioning installed: the callback names its action (`_action: "Name(#<actionId>)"`). */
export const provisionedRuleSchema = z
  .object({
    flow: z.enum(OUTBOUND_FLOWS),
    model: z.string().min(1),
    /** base.automation id */
    ruleId: z.number().int().positive(),
    /** ir.actions.server id (state "webhook") */
    actionId: z.number().int().positive(),
  })
  .strict();
export type ProvisionedRule = z.infer<typeof provisionedRuleSchema>;

/** Odoo 17/18 call before their transaction commits: read back this long after the callback. */
export const DEFAULT_SETTLE_SECONDS_BEFORE_COMMIT = 3;
export const DEFAULT_POLL_SECONDS = 60;

export const odooSourceOptionsSchema = z
  .object({
    /**
     * Seconds between a callback and the read-back of the record (its changes meanwhile collapse
     * into one). Default: 3 on Odoo 17/18 (they call before committing), 0 on 19+ (after commit).
     */
    settleSeconds: z.number().min(0).max(60).optional(),
    /** How often the poller lists each watched model: at most this late when callbacks are lost (the minute cron runs it). */
    pollSeconds: z.number().int().min(60).max(86_400).default(DEFAULT_POLL_SECONDS),
    /** The Odoo major version, recorded by provisioning (POST .../odoo/automations) and by the poller. */
    odooVersion: z.number().int().min(16).max(99).optional(),
    /** The rules provisioning installed (written by POST .../odoo/automations; re-run it to restore them). */
    rules: z.array(provisionedRuleSchema).max(200).default([]),
  })
  .strict();
export type OdooSourceOptions = z.infer<typeof odooSourceOptionsSchema>;

/** The settle delay of a source, in ms (see `settleSeconds`): unknown version = before commit. */
export function settleMsOf(options: Partial<OdooSourceOptions>): number {
  const seconds = options.settleSeconds ?? (options.odooVersion !== undefined && options.odooVersion >= 19 ? 0 : DEFAULT_SETTLE_SECONDS_BEFORE_COMMIT);
  return Math.round(seconds * 1000);
}
