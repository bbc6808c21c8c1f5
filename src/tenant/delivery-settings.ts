/**
 * Per-tenant delivery settings (PUT /v1/admin/tenants/{t} `delivery`), with the defaults that
 * apply when a tenant sets nothing. Validated by zod on the way in and again when read.
 */
import * as z from "zod";

export const deliverySettingsSchema = z
  .object({
    /** Writes to this tenant's Odoo in flight at once (across all consumer invocations). */
    maxConcurrency: z.number().int().min(1).max(50).default(4),
    retry: z
      .object({
        baseSeconds: z.number().min(0).max(3600).optional(),
        maxDelaySeconds: z.number().min(0).max(43_200).optional(),
        maxAttempts: z.number().int().min(1).max(1000).optional(),
        /** How long a transiently failing write keeps being retried (default 3 days). */
        windowSeconds: z.number().min(0).max(14 * 86_400).optional(),
      })
      .strict()
      .default({}),
    breaker: z
      .object({
        /** Share of failed Odoo calls (network, 5xx, 429, auth) over the window that opens the breaker. */
        failureRate: z.number().gt(0).max(1).default(0.5),
        /** Writes the window holds; the rate is judged over their calls once there are `minSamples` calls. */
        window: z.number().int().min(2).max(200).default(20),
        minSamples: z.number().int().min(1).max(200).default(10),
        /** First pause before a probe; doubles after each failed probe, up to maxCooldownSeconds. */
        cooldownSeconds: z.number().min(1).max(3600).default(15),
        maxCooldownSeconds: z.number().min(1).max(3600).default(300),
      })
      .strict()
      .default({ failureRate: 0.5, window: 20, minSamples: 10, cooldownSeconds: 15, maxCooldownSeconds: 300 }),
  })
  .strict();

export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = deliverySettingsSchema.parse({});
