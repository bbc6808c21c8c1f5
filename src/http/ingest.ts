/**
 * `POST /webhooks/{tenant}/{source}`: the ack path. Verify the raw bytes, normalize, then one
 * durable write per event in its entity object; everything else (audit rows, Odoo) happens after
 * the reply.
 *
 *   202 {"status":"accepted","eventId"}   first delivery (also when it turns out stale: see audit)
 *   200 {"status":"duplicate","eventId"}  redelivery of a delivery id already stored
 *   200 {"status":"ignored","reason"}     genuine delivery the router does not write to Odoo
 *   200 {"status":"echo","eventId","reason"}  reports the router's own outbound write: nothing written
 *   401 invalid_signature · 404 unknown_source · 413 payload_too_large · 400 malformed_payload
 *   429 rate_limited (+ Retry-After): a refused delivery past its source's limit (flood-control.ts)
 *
 * A delivery that carries several events (HubSpot batches) answers with the first event's fields
 * plus `events: [{status, eventId | reason}]`, one per event.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { readSettings } from "../env";
import { rejectionRecord } from "../audit/rejections";
import { getSourceConfig } from "../db/tenants";
import { getRoutingCached } from "../db/routings";
import type { Routing } from "../tenant/routing";
import { tenantRegion } from "../db/tenant-regions";
import { newEventId } from "../ids";
import { feedEvent, ignoredRecord, type EventBase } from "../entity/feed-event";
import { MalformedPayloadError, type Normalized, type NormalizedEvent, type Provider, type ProviderReply, type SourceConfig } from "../providers/provider";
import { PROVIDERS } from "../providers/registry";
import { normalizeWithinLimits } from "../providers/ingest-limits";
import { ApiError } from "./errors";
import { ServerTiming } from "./server-timing";
import { refusalWithinLimit, tooManyRefusals } from "./flood-control";

export const ingest = new Hono<AppEnv>();

type EventReply =
  | { status: "accepted" | "duplicate"; eventId: string }
  | { status: "ignored"; reason: string }
  | { status: "echo"; eventId: string; reason: string };

// Every answer of the ack path, refusals included, says how long the router spent and where.
ingest.use("/:tenant/:source", async (c, next) => {
  const timing = new ServerTiming();
  c.set("timing", timing);
  await next();
  c.res.headers.set("Server-Timing", timing.header());
});

ingest.post("/:tenant/:source", async (c) => {
  const timing = c.get("timing");
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

  const delivery = { body, headers: c.req.raw.headers, method: c.req.method, url: c.req.url, receivedAt };
  const handshake = provider.handshake?.(delivery, config);
  if (handshake) return send(handshake);
  // Where the tenant's objects and audit trail are (cached like the source; fixed once it has one).
  const region = await tenantRegion(c.env, tenant, settings.sourceCacheSeconds);
  const regional = region ? { region } : {};
  timing.mark("source");

  // Refusals are recorded off the reply path (rate-limited: see audit/rejections.ts).
  const recordRejection = (code: string, reason: string) => {
    const record = rejectionRecord(
      { tenantId: tenant, sourceId: source, provider: provider.id, code, reason, topic: topicHint(provider, c.req.raw.headers), ...regional },
      receivedAt,
    );
    if (record) c.executionCtx.waitUntil(c.env.AUDIT_LOG.send(record).catch(() => undefined));
  };

  const verdict = await provider.verify(delivery, config, { fetch: (input, init) => fetch(input, init) });
  timing.mark("verify");
  if (!verdict.ok) {
    if (!(await refusalWithinLimit(c.env, tenant, source))) throw tooManyRefusals();
    const reason = clip(verdict.reason);
    recordRejection("invalid_signature", reason);
    if (provider.rejectionReply) return send(provider.rejectionReply(reason));
    throw new ApiError(401, "invalid_signature", reason);
  }

  let normalized: Normalized;
  try {
    normalized = normalizeWithinLimits(provider, delivery, config);
  } catch (err) {
    if (err instanceof MalformedPayloadError) {
      const message = clip(err.message);
      recordRejection("malformed_payload", message);
      throw new ApiError(400, "malformed_payload", message);
    }
    throw err;
  }
  timing.mark("normalize");

  const identityBase = { tenantId: tenant, sourceId: source, provider: provider.id, receivedAt, duplicateOf: null, ...regional };
  let replies: EventReply[];
  if (normalized.outcome === "ignored") {
    // Acknowledged, so it must be visible: the audit record is on the queue before the reply.
    await c.env.AUDIT_LOG.send(
      ignoredRecord({ ...identityBase, id: newEventId(receivedAt), topic: normalized.topic, deliveryId: normalized.deliveryId }, normalized.reason),
    );
    replies = [{ status: "ignored", reason: normalized.reason }];
  } else {
    const { routing } = await getRoutingCached(c.env.DB, tenant, settings.sourceCacheSeconds);
    // A provider whose deliveries describe uncommitted changes (Odoo 17/18) has them held to settle.
    const settleMs = provider.settleMs?.(config) ?? 0;
    const holdUntil = settleMs > 0 ? receivedAt + settleMs : undefined;
    replies = await Promise.all(normalized.events.map((item) => storeEvent(c.env, identityBase, item, routing, config, holdUntil)));
  }
  timing.mark("store");

  const providerReply = provider.ackReply?.(delivery, normalized);
  if (providerReply) return send(providerReply);
  const [first] = replies;
  if (!first) return c.json({ status: "ignored", reason: "the delivery carried no events" }, 200);
  const status = replies.some((r) => r.status === "accepted") ? 202 : 200;
  const main = replies.find((r) => r.status === "accepted") ?? first;
  return c.json(replies.length > 1 ? { ...main, events: replies } : main, status);
});

/** One event: into its entity object (durable before we answer), or recorded as ignored. */
async function storeEvent(
  env: AppEnv["Bindings"],
  base: EventBase,
  item: NormalizedEvent,
  routing: Routing,
  { retention, hasApi }: SourceConfig,
  holdUntil: number | undefined,
): Promise<EventReply> {
  const result = await feedEvent(env, base, item, routing, retention, { hasApi: hasApi === true, ...(holdUntil ? { holdUntil } : {}) });
  if (result.status === "ignored" || result.status === "echo") return result;
  // A stale update is still a first delivery, accepted and recorded; its audit status says "stale".
  return { status: result.status === "duplicate" ? "duplicate" : "accepted", eventId: result.eventId };
}

function send(reply: ProviderReply): Response {
  const headers = reply.contentType ? { "content-type": reply.contentType } : undefined;
  return new Response(reply.body, { status: reply.status, headers });
}

/** The provider's event name from its topic header (declared in its module), for the record of a refused delivery. */
function topicHint(provider: Provider, headers: Headers): string | null {
  const value = provider.topicHeader ? headers.get(provider.topicHeader) : null;
  return value ? value.slice(0, 100) : null;
}

/** Refusal reasons may quote the request (a header, a field): the reply and the audit get a bounded text. */
function clip(reason: string): string {
  return reason.length > 1000 ? `${reason.slice(0, 1000)}...` : reason;
}

function tooLarge(limit: number) {
  return new ApiError(413, "payload_too_large", `webhook bodies are limited to ${limit} bytes`);
}

