/**
 * Any sender that signs with a shared-secret HMAC, described entirely by the source's options:
 * which header carries the signature (`signatureHeader`, optional `signaturePrefix` such as
 * "sha256="), the hash (`algorithm` SHA-256 | SHA-512), its `encoding` (hex | base64) and what was
 * signed (`signedTemplate`, e.g. "{body}" or "v0:{timestamp}:{body}").
 *
 * Template placeholders: {body} (the raw bytes), {timestamp} (the raw `timestampHeader` value),
 * {method}, {url} (`publicUrl` when set: behind proxies the URL the Worker sees is not the one the
 * sender signed) and {header:<name>}. Other text is literal; `{body}` is required (a signature that
 * does not cover the body proves nothing about it). The secret is used as UTF-8 bytes; every
 * active secret is tried (schemes/hmac.ts: crypto.subtle.verify, constant-time).
 *
 * Replay: with `timestampHeader` (unix `timestampUnit` "s" | "ms", and then {timestamp} must be
 * signed, else the check would be theatre) the time must be within `toleranceSeconds` (default 300,
 * 0 disables) in both directions. Without it there is no replay window: the dedup store is the
 * only protection, as for Shopify.
 *
 * Routing: the event type comes from `eventTypeHeader` or the body at `eventTypePath` (exactly one);
 * `routes` maps event types to canonical kinds (json-routes.ts). `versionPath` is required: there
 * is no protocol-level version to fall back on. Dedup id: `deliveryIdHeader` or `deliveryIdPath`
 * when the sender has a stable one (leave both unset for senders whose delivery id changes per
 * attempt, such as WooCommerce), else the derived `<kind>:<id>:<version>`.
 * Data: thin events, or full customer/product data through a route's `fields` mapping.
 */
import * as z from "zod";
import { concatBytes, decodeBase64, decodeHex, verifyHmac } from "./schemes/hmac";
import { DEFAULT_TOLERANCE_SECONDS, checkTimestamp } from "./schemes/timestamp";
import { genericApi } from "./generic-api";
import { jsonPathSchema, routeEvent, routeSchema, valueAt } from "./json-routes";
import { scalarText } from "./json-values";
import { parseJsonObject, type InboundDelivery, type Provider } from "./provider";
import { instantText } from "./required-values";

type TemplatePart =
  | { kind: "literal"; text: string }
  | { kind: "body" | "timestamp" | "method" | "url" }
  | { kind: "header"; name: string };

/** The parts of a signed-string template, or the reason it is not one. */
export function parseTemplate(template: string): TemplatePart[] | string {
  const parts: TemplatePart[] = [];
  const pattern = /\{([^{}]*)\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    if (match.index > last) parts.push({ kind: "literal", text: template.slice(last, match.index) });
    const name = match[1] ?? "";
    if (name === "body" || name === "timestamp" || name === "method" || name === "url") parts.push({ kind: name });
    else if (/^header:[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) parts.push({ kind: "header", name: name.slice(7) });
    else return `unknown placeholder {${name}} (use {body}, {timestamp}, {method}, {url} or {header:<name>})`;
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ kind: "literal", text: template.slice(last) });
  if (parts.some((p) => p.kind === "literal" && /[{}]/.test(p.text))) return "unbalanced { or }";
  if (!parts.some((p) => p.kind === "body")) return "the template must sign {body}";
  return parts;
}

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "an HTTP header name");

const optionsSchema = z
  .object({
    signatureHeader: headerName,
    algorithm: z.enum(["SHA-256", "SHA-512"]),
    encoding: z.enum(["hex", "base64"]),
    signaturePrefix: z.string().default(""),
    signedTemplate: z.string().min(1),
    timestampHeader: headerName.optional(),
    timestampUnit: z.enum(["s", "ms"]).default("s"),
    toleranceSeconds: z.number().int().min(0).default(DEFAULT_TOLERANCE_SECONDS),
    /** The URL the sender signs for {url}, when it differs from the one the Worker sees. */
    publicUrl: z.url().optional(),
    eventTypeHeader: headerName.optional(),
    eventTypePath: jsonPathSchema.optional(),
    deliveryIdHeader: headerName.optional(),
    deliveryIdPath: jsonPathSchema.optional(),
    routes: z.record(z.string().min(1), routeSchema({ versionRequired: true })),
  })
  .strict()
  .superRefine((o, ctx) => {
    const parts = parseTemplate(o.signedTemplate);
    if (typeof parts === "string") {
      ctx.addIssue({ code: "custom", path: ["signedTemplate"], message: parts });
    } else {
      const signsTimestamp = parts.some((p) => p.kind === "timestamp");
      if (signsTimestamp && !o.timestampHeader) {
        ctx.addIssue({ code: "custom", path: ["timestampHeader"], message: "required when signedTemplate contains {timestamp}" });
      }
      if (o.timestampHeader && !signsTimestamp) {
        ctx.addIssue({ code: "custom", path: ["signedTemplate"], message: "must contain {timestamp} when timestampHeader is set (an unsigned time proves nothing)" });
      }
    }
    if (Boolean(o.eventTypeHeader) === Boolean(o.eventTypePath)) {
      ctx.addIssue({ code: "custom", path: ["eventTypePath"], message: "give exactly one of eventTypePath or eventTypeHeader" });
    }
    if (o.deliveryIdHeader && o.deliveryIdPath) {
      ctx.addIssue({ code: "custom", path: ["deliveryIdPath"], message: "give deliveryIdPath or deliveryIdHeader, not both" });
    }
  });
type GenericHmacOptions = z.infer<typeof optionsSchema>;

const DIGEST_BYTES = { "SHA-256": 32, "SHA-512": 64 } as const;

function timestampMs(raw: string, unit: "s" | "ms" | undefined): number {
  return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) * (unit === "ms" ? 1 : 1000) : NaN;
}

function deliveryIdOf(delivery: InboundDelivery, options: GenericHmacOptions, body: unknown): string | null {
  if (options.deliveryIdHeader) return delivery.headers.get(options.deliveryIdHeader);
  if (options.deliveryIdPath && body !== undefined) return scalarText(valueAt(body, options.deliveryIdPath));
  return null;
}

export const genericHmac: Provider<GenericHmacOptions> = {
  id: "generic-hmac",
  optionsSchema,
  api: genericApi("generic-hmac"),

  async verify(delivery, source) {
    const options = source.options;
    const parts = parseTemplate(options.signedTemplate);
    if (typeof parts === "string") return { ok: false, reason: `source option signedTemplate: ${parts}` };
    const header = delivery.headers.get(options.signatureHeader)?.trim();
    if (!header) return { ok: false, reason: `missing ${options.signatureHeader} header` };
    const prefix = options.signaturePrefix ?? "";
    if (!header.toLowerCase().startsWith(prefix.toLowerCase())) {
      return { ok: false, reason: `${options.signatureHeader} does not start with "${prefix}"` };
    }
    const encoded = header.slice(prefix.length);
    const signature = options.encoding === "hex" ? decodeHex(encoded) : decodeBase64(encoded);
    if (!signature || signature.byteLength !== DIGEST_BYTES[options.algorithm]) {
      return { ok: false, reason: `${options.signatureHeader} is not a ${options.encoding} ${options.algorithm} digest` };
    }

    let timestamp = "";
    if (options.timestampHeader) {
      timestamp = delivery.headers.get(options.timestampHeader)?.trim() ?? "";
      if (!timestamp) return { ok: false, reason: `missing ${options.timestampHeader} header` };
      const fresh = checkTimestamp({
        signedAtMs: timestampMs(timestamp, options.timestampUnit),
        receivedAtMs: delivery.receivedAt,
        toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
        rejectFuture: true,
      });
      if (!fresh.ok) return fresh;
    }

    const pieces: (string | Uint8Array)[] = [];
    for (const part of parts) {
      if (part.kind === "literal") pieces.push(part.text);
      else if (part.kind === "body") pieces.push(delivery.body);
      else if (part.kind === "timestamp") pieces.push(timestamp);
      else if (part.kind === "method") pieces.push(delivery.method);
      else if (part.kind === "url") pieces.push(options.publicUrl ?? delivery.url);
      else if (part.kind === "header") {
        const value = delivery.headers.get(part.name);
        if (value === null) return { ok: false, reason: `missing ${part.name} header (signed by the template)` };
        pieces.push(value);
      }
    }
    const ok = await verifyHmac({ secrets: source.secrets, hash: options.algorithm, signature, signed: concatBytes(...pieces) });
    return ok ? { ok: true } : { ok: false, reason: "signature does not match any active secret" };
  },

  normalize(delivery, source) {
    const options = source.options;
    let body: Record<string, unknown> | undefined;
    let eventType: string | null;
    if (options.eventTypeHeader) {
      eventType = delivery.headers.get(options.eventTypeHeader)?.trim() || null;
    } else {
      body = parseJsonObject(delivery.body);
      eventType = scalarText(valueAt(body, options.eventTypePath ?? "type"));
    }
    const where = options.eventTypeHeader ? `header ${options.eventTypeHeader}` : `"${options.eventTypePath}"`;
    if (!eventType) {
      return { outcome: "ignored", deliveryId: deliveryIdOf(delivery, options, body), topic: "", reason: `no event type at ${where}` };
    }
    const route = Object.hasOwn(options.routes, eventType) ? options.routes[eventType] : undefined;
    if (!route) {
      return { outcome: "ignored", deliveryId: deliveryIdOf(delivery, options, body), topic: eventType, reason: `event type "${eventType}" is not routed` };
    }
    body ??= parseJsonObject(delivery.body);

    const signedAt = options.timestampHeader
      ? timestampMs(delivery.headers.get(options.timestampHeader) ?? "", options.timestampUnit)
      : NaN;
    const event = routeEvent({
      provider: "generic-hmac",
      eventType,
      route,
      body,
      fallbackVersion: null,
      fallbackOccurredAt: instantText(Number.isNaN(signedAt) ? delivery.receivedAt : signedAt, options.timestampHeader ?? "receipt time"),
    });
    const deliveryId = deliveryIdOf(delivery, options, body) ?? `${event.kind}:${event.externalId}:${event.version}`;
    return { outcome: "events", events: [{ deliveryId, event }] };
  },
};
