/**
 * A tenant's operations settings, set with `PUT /v1/admin/tenants/{t}/alerts`: alert rules, where
 * alerts are sent (a signed webhook, Odoo activities) and the thresholds of business exceptions.
 * One document, validated here, stored in `alert_settings` (the webhook secret sealed).
 */
import * as z from "zod";
import { SLUG_PATTERN } from "../ids";
import { standardWebhooksKeyBytes } from "../providers/schemes/standard-webhooks";

/** Defaults of the exception thresholds (README, "Business exceptions and alerts"). */
export const DEFAULT_STUCK_MINUTES = 60;
export const DEFAULT_WAITING_MINUTES = 60;
export const DEFAULT_SILENT_MINUTES = 1440;

export const EXCEPTION_TYPES = [
  "stuck",
  "order_not_in_odoo",
  "invoice_not_posted",
  "payment_not_applied",
  "refund_not_credited",
  "source_silent",
  // The way back (src/outbound/): Odoo's stock / a done delivery not yet at the providers.
  "stock_not_synced",
  "shipment_not_sent",
  // What a reconciliation found still differing between a provider and Odoo (src/reconcile/).
  "missing_in_odoo",
  "amount_differs",
  "state_differs",
] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const minutes = (max: number) => z.number().int().min(1).max(max);
const ruleId = z.string().regex(SLUG_PATTERN, "must be a slug: a-z, 0-9, _ and -, up to 63 characters");
const sourceId = z.string().regex(SLUG_PATTERN, "must be a source id").optional();

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone, e.g. Europe/Paris");

export const ruleSchema = z.discriminatedUnion("type", [
  z.strictObject({
    id: ruleId,
    type: z.literal("source_silent"),
    /** No delivery (refused ones do not count) for this long. */
    minutes: minutes(43_200),
    /** One source, or every source of the tenant (one alert per source). */
    source: sourceId,
    /** Only judged within these local hours [from, to) and weekdays (e.g. shop opening hours). */
    hours: z
      .strictObject({ from: z.number().int().min(0).max(23), to: z.number().int().min(1).max(24) })
      .refine((h) => h.from < h.to, { message: "from must be before to", path: ["from"] })
      .optional(),
    weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7).optional(),
    timeZone: timeZone.default("UTC"),
  }),
  z.strictObject({
    id: ruleId,
    type: z.literal("dead_letters"),
    count: z.number().int().min(1).max(100_000),
    minutes: minutes(10_080),
    source: sourceId,
  }),
  z.strictObject({ id: ruleId, type: z.literal("breaker_open"), minutes: minutes(10_080) }),
  z.strictObject({
    id: ruleId,
    type: z.literal("exceptions"),
    count: z.number().int().min(1).max(100_000),
    /** One type of exception, or all of them together. */
    exceptionType: z.enum(EXCEPTION_TYPES).optional(),
  }),
  z.strictObject({
    id: ruleId,
    type: z.literal("forged_deliveries"),
    /** Deliveries refused for their signature or body within the last minute. */
    perMinute: z.number().int().min(1).max(1_000_000),
    source: sourceId,
  }),
]);
export type AlertRule = z.infer<typeof ruleSchema>;

export const alertSettingsBody = z
  .strictObject({
    rules: z.array(ruleSchema).max(50).default([]),
    /** Alerts opened and resolved are POSTed here, signed as Standard Webhooks. */
    webhook: z
      .strictObject({
        url: z.url({ protocol: /^https$/, error: "must be an https:// URL" }).max(2048),
        secret: z
          .string()
          .refine((s) => s.startsWith("whsec_") && standardWebhooksKeyBytes(s) !== null && standardWebhooksKeyBytes(s)!.byteLength >= 24, {
            message: "must be whsec_ followed by the base64 of at least 24 random bytes",
          }),
      })
      .optional(),
    /** Dead events of class data or config become a mail.activity in the tenant's Odoo. */
    odooActivity: z
      .strictObject({
        /** res.users id the activity is assigned to (default: the router's own Odoo user). */
        userId: z.number().int().positive().optional(),
      })
      .optional(),
    exceptions: z
      .strictObject({
        stuckMinutes: minutes(43_200).default(DEFAULT_STUCK_MINUTES),
        waitingMinutes: minutes(43_200).default(DEFAULT_WAITING_MINUTES),
        silentMinutes: minutes(43_200).default(DEFAULT_SILENT_MINUTES),
        /** Per source: its own silence threshold (a quiet source may be silent for days). */
        sources: z.record(z.string().regex(SLUG_PATTERN), z.strictObject({ silentMinutes: minutes(43_200) })).default({}),
      })
      .prefault({}),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `"${rule.id}" is used by another rule` });
      seen.add(rule.id);
    });
  });
export type AlertSettingsBody = z.infer<typeof alertSettingsBody>;

/** As stored: the webhook secret sealed. */
export type StoredAlertSettings = Omit<AlertSettingsBody, "webhook"> & { webhook?: { url: string; secretSealed: string } };

export type ExceptionThresholds = AlertSettingsBody["exceptions"];

export const DEFAULT_EXCEPTION_THRESHOLDS: ExceptionThresholds = alertSettingsBody.parse({}).exceptions;

/** What the API shows: never the secret. */
export function presentSettings(tenantId: string, settings: StoredAlertSettings | null) {
  const s = settings ?? { rules: [], exceptions: DEFAULT_EXCEPTION_THRESHOLDS };
  return {
    tenant: tenantId,
    rules: s.rules,
    webhook: s.webhook ? { url: s.webhook.url, secretConfigured: true } : null,
    odooActivity: s.odooActivity ?? null,
    exceptions: s.exceptions,
  };
}
