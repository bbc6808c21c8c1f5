/**
 * `POST /webhooks/{tenant}/{source}`: the ack path. Verify the raw bytes, normalize, then one
 * durable write in the entity object; everything else (audit rows, Odoo) happens after the reply.
 *
 *   202 {"status":"accepted","eventId"}   first delivery (also when it turns out stale: see audit)
 *   200 {"status":"duplicate","eventId"}  redelivery of a delivery id already stored
 *   200 {"status":"ignored","reason"}     genuine delivery of a topic that is not routed
 *   401 invalid_signature · 404 unknown_source · 413 payload_too_large · 400 malformed_payload
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { readSettings } from "../env";
import type { AuditMessage, EventIdentity } from "../audit/audit-message";
import { getSourceConfig } from "../db/tenants";
import { entityName } from "../entity/entity-name";
import { newEventId } from "../ids";
import { MalformedPayloadError } from "../providers/provider";
import { PROVIDERS } from "../providers/registry";
import { ApiError } from "./errors";

export const ingest = new Hono<AppEnv>();

ingest.post("/:tenant/:source", async (c) => {
  const { tenant, source } = c.req.param();
  const settings = readSettings(c.env);
  const receivedAt = Date.now();

  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > settings.maxBodyBytes) throw tooLarge(settings.maxBodyBytes);
  const body = new Uint8Array(await c.req.arrayBuffer());
  if (body.byteLength > settings.maxBodyBytes) throw tooLarge(settings.maxBodyBytes);

  const config = await getSourceConfig(c.env, tenant, source, settings.sourceCacheSeconds);
  const provider = config ? PROVIDERS[config.provider] : undefined;
  if (!config || !provider) throw new ApiError(404, "unknown_source", `no source "${source}" for tenant "${tenant}"`);

  const delivery = { body, headers: c.req.raw.headers, receivedAt };
  const verdict = await provider.verify(delivery, config);
  if (!verdict.ok) throw new ApiError(401, "invalid_signature", verdict.reason);

  let normalized;
  try {
    normalized = provider.normalize(delivery, config);
  } catch (err) {
    if (err instanceof MalformedPayloadError) throw new ApiError(400, "malformed_payload", err.message);
    throw err;
  }

  if (normalized.outcome === "ignored") {
    // Acknowledged, so it must be visible: the audit record is on the queue before the reply.
    await c.env.AUDIT_LOG.send(ignoredRecord(tenant, source, provider.id, normalized, receivedAt));
    return c.json({ status: "ignored", reason: normalized.reason }, 200);
  }

  const results = await Promise.all(
    normalized.events.map((event) => {
      const eventId = newEventId(receivedAt);
      const identity: EventIdentity = {
        id: eventId,
        tenantId: tenant,
        sourceId: source,
        provider: provider.id,
        topic: event.topic,
        type: event.type,
        kind: event.kind,
        externalId: event.externalId,
        deliveryId: normalized.deliveryId,
        version: event.version,
        receivedAt,
        duplicateOf: null,
      };
      const stub = c.env.ENTITY.getByName(entityName(tenant, source, event.kind, event.externalId));
      return stub.ingest({ eventId, deliveryId: normalized.deliveryId, identity, event });
    }),
  );
  const first = results[0]!;
  if (first.status === "duplicate") return c.json({ status: "duplicate", eventId: first.eventId }, 200);
  // A stale update is still a first delivery, accepted and recorded; its audit status says "stale".
  return c.json({ status: "accepted", eventId: first.eventId }, 202);
});

function tooLarge(limit: number) {
  return new ApiError(413, "payload_too_large", `webhook bodies are limited to ${limit} bytes`);
}

function ignoredRecord(
  tenantId: string,
  sourceId: string,
  provider: string,
  normalized: { deliveryId: string | null; topic: string; reason: string },
  receivedAt: number,
): AuditMessage {
  return {
    type: "audit",
    event: {
      id: newEventId(receivedAt),
      tenantId,
      sourceId,
      provider,
      topic: normalized.topic,
      type: null,
      kind: null,
      externalId: null,
      deliveryId: normalized.deliveryId,
      version: null,
      receivedAt,
      duplicateOf: null,
    },
    state: { status: "ignored", statusSeq: 3, attempts: 0, reason: normalized.reason, odoo: null, error: null },
    entries: [
      { seq: 1, at: receivedAt, step: "received", detail: { deliveryId: normalized.deliveryId, topic: normalized.topic } },
      { seq: 2, at: receivedAt, step: "verified", detail: null },
      { seq: 3, at: receivedAt, step: "ignored", detail: { reason: normalized.reason } },
    ],
  };
}
