/** Alerts and exceptions helpers: audit rows written directly, alert settings, the minute cron. */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import type { AuditMessage, EventError, EventStatus, OdooRef } from "../../src/audit/audit-message";
import { writeAuditMessages } from "../../src/audit/event-records";
import { newEventId } from "../../src/ids";
import { ADMIN_TOKEN, call, type TestTenant } from "./router";

let counter = 0;

/** The audit row of one event as its entity object would ship it (status after its newest entry). */
export function auditEvent(
  t: TestTenant,
  e: { kind: string; externalId: string; status: EventStatus; receivedAt: number; error?: EventError; odoo?: OdooRef; topic?: string },
): AuditMessage {
  return {
    type: "audit",
    event: {
      id: newEventId(e.receivedAt),
      tenantId: t.tenant,
      sourceId: t.source,
      provider: "shopify",
      topic: e.topic ?? `${e.kind}s/create`,
      type: `${e.kind}.created`,
      kind: e.kind,
      externalId: e.externalId,
      deliveryId: `d-${++counter}`,
      version: counter,
      receivedAt: e.receivedAt,
      duplicateOf: null,
    },
    state: { status: e.status, statusSeq: 10, attempts: e.error ? 3 : 0, reason: null, odoo: e.odoo ?? null, error: e.error ?? null },
    entries: [{ seq: 1, at: e.receivedAt, step: "received", detail: null }],
  };
}

export async function writeAudit(messages: AuditMessage[]): Promise<void> {
  await writeAuditMessages(env.DB, messages);
}

export async function putAlerts(t: TestTenant, body: unknown): Promise<Response> {
  return call(`/v1/admin/tenants/${t.tenant}/alerts`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify(body) });
}

/** Runs the Worker's scheduled handler as the minute Cron Trigger would, at `at`. */
export async function runMinuteCron(at: number): Promise<void> {
  await worker.scheduled!(createScheduledController({ scheduledTime: at, cron: "* * * * *" }), env);
}

export interface AlertAnswer {
  id: string;
  rule: string;
  type: string;
  subject: string;
  state: string;
  message: string;
  value: number;
  notifications?: { id: string; type: string; deliveredAt: string | null; attempts: { attempt: number; status: number | null; error: string | null }[] }[];
}

export async function listAlerts(t: TestTenant, query = "", token = ADMIN_TOKEN): Promise<AlertAnswer[]> {
  const response = await call(`/v1/tenants/${t.tenant}/alerts${query ? `?${query}` : ""}`, { token });
  if (response.status !== 200) throw new Error(`alerts: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { items: AlertAnswer[] }).items;
}

export interface ExceptionAnswer {
  type: string;
  source: string;
  kind: string | null;
  externalId: string | null;
  eventId: string | null;
  status: string | null;
  errorClass: string | null;
  error: string | null;
  odoo: { model: string; id: number; url: string | null } | null;
  since: string;
  ageMinutes: number;
  /** Of reconciliation exceptions: both values. */
  provider?: Record<string, unknown>;
  odooValue?: Record<string, unknown> | null;
}

export async function listExceptions(t: TestTenant, type: string, token = ADMIN_TOKEN): Promise<ExceptionAnswer[]> {
  const response = await call(`/v1/tenants/${t.tenant}/exceptions?type=${type}`, { token });
  if (response.status !== 200) throw new Error(`exceptions: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { items: ExceptionAnswer[] }).items;
}
