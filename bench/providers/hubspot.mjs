// HubSpot webhook generator (Webhooks API, CRM subscriptions): a JSON array of events per request
// (HubSpot batches up to 100), contact/company/deal creation and propertyChange events. Signed like
// HubSpot: X-HubSpot-Signature-v3 = base64(HMAC-SHA256(client secret, "POST" + url + body + ts)) with
// X-HubSpot-Request-Timestamp (ms), plus the v1 header (hex SHA-256 of secret + body).
import { createHash, createHmac } from "node:crypto";
import { person } from "./fake.mjs";

const PORTAL_ID = 62515;
// The target URL configured in HubSpot: HubSpot signs it (v3), the router reads it from the source.
const PUBLIC_URL = "https://hooks.example.test/webhooks/bench/hubspot";
const APP_ID = 1160452;
const SUBSCRIPTION = { contact: 2511, company: 2512, deal: 2513 };
const PROPERTIES = {
  contact: [["email", (e) => e.person.email], ["phone", (e) => e.person.phone], ["lifecyclestage", () => "customer"],
    ["firstname", (e) => e.person.first], ["city", (e) => e.person.place.city], ["hs_lead_status", () => "IN_PROGRESS"]],
  company: [["name", (e) => e.person.company ?? `${e.person.last} Holdings`], ["domain", (e) => `${e.person.last.toLowerCase()}.example.test`],
    ["city", (e) => e.person.place.city], ["numberofemployees", (e) => String(10 + (e.index % 500))]],
  deal: [["dealstage", (e, n) => ["appointmentscheduled", "qualifiedtobuy", "contractsent", "closedwon"][n % 4]],
    ["amount", (e, n) => String(1000 + ((e.index * 37 + n * 11) % 9000))], ["closedate", () => "1767225600000"],
    ["hubspot_owner_id", () => "91782645"]],
};

function event(entity, n, versionMs, rng) {
  const create = n === 0;
  const [propertyName, value] = rng.pick(PROPERTIES[entity.kind]);
  const base = {
    eventId: rng.int(100_000_000, 4_000_000_000),
    subscriptionId: SUBSCRIPTION[entity.kind] + (create ? 0 : 100),
    portalId: PORTAL_ID,
    appId: APP_ID,
    occurredAt: versionMs,
    subscriptionType: `${entity.kind}.${create ? "creation" : "propertyChange"}`,
    attemptNumber: 0,
    objectId: Number(entity.externalId),
    changeFlag: create ? "CREATED" : undefined,
    changeSource: rng.pick(["CRM_UI", "INTEGRATION", "API", "WORKFLOWS"]),
    sourceId: `userId:${rng.int(1_000_000, 9_000_000)}`,
  };
  if (!create) {
    base.propertyName = propertyName;
    base.propertyValue = value(entity, n);
  }
  return base;
}

export default {
  id: "hubspot",
  weight: 0.15,
  kinds: [["contact", 0.5], ["company", 0.2], ["deal", 0.3]],
  secret: "bench-hubspot-client-secret-5e1b7c0a",
  sourceOptions: [{ publicUrl: PUBLIC_URL }, {}],

  newEntity(rng, index, kind) {
    return { kind, index, externalId: String(10_000_000 + index * 13), deliveries: 0, person: person(rng, index) };
  },

  /** One request = a batch of events: the drawn entity plus others drawn the same way (Zipf). */
  delivery({ entity, rng, nowMs, nextVersion, pickMore }) {
    const extra = pickMore(rng.weighted([[6, 20], [8, 20], [10, 20], [16, 15], [24, 12], [36, 8], [50, 5]]));
    const touched = [entity, ...extra];
    const events = touched.map((e) => event(e, e.deliveries, nextVersion(), rng));
    const raw = JSON.stringify(events);
    return { topic: "batch", deliveryId: String(events[0].eventId), body: raw, headers: this.sign(raw, nowMs, PUBLIC_URL), touched };
  },

  sign(raw, nowMs, url) {
    const ts = String(nowMs);
    return {
      "content-type": "application/json",
      "user-agent": "HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon",
      "x-hubspot-request-timestamp": ts,
      "x-hubspot-signature-v3": createHmac("sha256", this.secret).update(`POST${url}${raw}${ts}`, "utf8").digest("base64"),
      "x-hubspot-signature": createHash("sha256").update(this.secret + raw, "utf8").digest("hex"),
      "x-hubspot-signature-version": "v1",
    };
  },
};
