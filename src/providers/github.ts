/**
 * GitHub webhooks (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
 * Routed for one purpose: testing the router end to end with a real, signed sender. Nothing GitHub
 * sends has an Odoo flow, so every event is acknowledged 200 and recorded as ignored; the `ping`
 * sent when a webhook is created is recognised and recorded with its zen line.
 *
 * Signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret as UTF-8, raw body)>`, as
 * `@octokit/webhooks-methods@6.0.0` `sign`/`verify` (the legacy SHA-1 `X-Hub-Signature` is not
 * accepted). No signed timestamp, so no tolerance; replay protection is the dedup store.
 * Verification is enforced for every event, pings included: a forged ping is 401.
 * Dedup id: `X-GitHub-Delivery`, the GUID of the event, which GitHub's REST API describes as
 * "shared with all deliveries for all webhooks that subscribe to this event" (hook-delivery
 * `guid`; redeliveries keep it; see also github/docs issue #32822).
 */
import * as z from "zod";
import { hmacOverBody } from "./schemes/hmac-header";
import { MalformedPayloadError, parseJsonObject, type Provider } from "./provider";

const optionsSchema = z.object({}).strict();
type GitHubOptions = z.infer<typeof optionsSchema>;

export const github: Provider<GitHubOptions> = {
  id: "github",
  optionsSchema,
  // Only the ping is understood (for testing end to end): every event is acknowledged as ignored.
  topics: {},
  topicHeader: "x-github-event",

  verify: hmacOverBody({ header: "X-Hub-Signature-256", hash: "SHA-256", encoding: "hex", prefix: "sha256=" }),

  normalize(delivery) {
    const event = delivery.headers.get("x-github-event") ?? "";
    const deliveryId = delivery.headers.get("x-github-delivery");
    if (event !== "ping") {
      return { outcome: "ignored", deliveryId, topic: event, reason: `GitHub event "${event || "(none)"}" is not routed` };
    }
    const body = parseJsonObject(delivery.body);
    const zen = typeof body.zen === "string" ? body.zen : null;
    const hookId = typeof body.hook_id === "number" || typeof body.hook_id === "string" ? String(body.hook_id) : null;
    if (zen === null && hookId === null) throw new MalformedPayloadError('ping payload has neither "zen" nor "hook_id"');
    return {
      outcome: "ignored",
      deliveryId,
      topic: event,
      reason: `GitHub ping (hook ${hookId ?? "?"}, zen: ${zen ?? "-"}): the webhook reaches the router and is verified`,
    };
  },
};
