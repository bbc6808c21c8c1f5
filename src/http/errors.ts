/**
 * The one error envelope of every HTTP surface: `{"error":{"code","message","requestId"}}`.
 * Codes are stable and part of the public contract; messages are for humans.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every code an error envelope can carry (the OpenAPI document lists them: src/http/openapi.ts). */
export const ERROR_CODES = [
  "invalid_signature",
  "unknown_source",
  "payload_too_large",
  "malformed_payload",
  "unauthorized",
  "forbidden",
  "not_found",
  "unknown_tenant",
  "invalid_request",
  /** PUT tenant: Odoo refused `odoo.nextApiKey`; the current key stays in force. */
  "odoo_key_rejected",
  /** PUT tenant: Odoo could not be reached to verify `odoo.nextApiKey`; nothing changed. */
  "odoo_unreachable",
  "rate_limited",
  /** PUT tenant: the region would move a tenant that has data (409), or the deployment lacks it (422). */
  "region_locked",
  "region_unavailable",
  /** POST .../alerts/{id}/ack: the alert is already acknowledged or resolved (409). */
  "alert_not_open",
  /** 500: the deployment's configuration is unusable (e.g. a mistyped SECRETS_KEY); the message names the variable and its format. */
  "config_error",
  /** POST reconciliations: the source's provider cannot list changes (422); a job is already running (409). */
  "reconcile_unsupported",
  "reconciliation_running",
  /** POST/DELETE .../odoo/automations: this Odoo (16) has no webhook action; its changes are polled (409). */
  "automations_unsupported",
  /** POST outbound/resyncs: the routing has no outbound.<flow> (or its module is missing, or ownership keeps it in) (422); the tenant has no Odoo source (422). */
  "flow_not_routed",
  "no_odoo_source",
  "internal_error",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function errorBody(code: ErrorCode, message: string, requestId: string) {
  return { error: { code, message, requestId } };
}
