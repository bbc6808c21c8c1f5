// Stripe deliveries signed with stripe@23's own test signer (webhooks.generateTestHeaderStringAsync);
// `sdkAccepts` is what the SDK's own verifier says (webhooks.constructEventAsync, or
// parseEventNotificationAsync for a thin event), given the same receipt time and tolerance. The
// async variants, because under Vitest's global setup the SDK resolves to its Web Crypto build.
import Stripe from "stripe";
import type { SignedCase } from "./signed-case";

const client = new Stripe("sk_test_router_sdk_agreement");
const SECRET = "whsec_router_test_6a1f0c9d2e8b4a7f";
const OLD_SECRET = "whsec_router_test_old_31c4e5a0b9d2";

async function sdkAccepts(body: string, header: string, secrets: string[], receivedAt: number, tolerance = 300): Promise<boolean> {
  const thin = (JSON.parse(body) as { object?: string }).object === "v2.core.event";
  for (const secret of secrets) {
    try {
      if (thin) await client.parseEventNotificationAsync(body, header, secret, tolerance, undefined, receivedAt);
      else await client.webhooks.constructEventAsync(body, header, secret, tolerance, undefined, receivedAt);
      return true;
    } catch {
      // not accepted with this secret
    }
  }
  return false;
}

export async function sign(): Promise<SignedCase[]> {
  const body = JSON.stringify({
    id: "evt_1PgcA1B7WZ01zgkWq2oGqV8n",
    object: "event",
    created: 1763647200,
    type: "customer.updated",
    data: { object: { id: "cus_QXg1o8vcGmoR32", object: "customer", name: "Zoë Café ☕", email: "zoe@example.test" } },
  });
  const thinBody = JSON.stringify({
    id: "evt_test_65R2GpwDsnmpzihMjdT16R2GDhI4SQdXJGRbvn7JA8mPEm",
    object: "v2.core.event",
    type: "v1.billing.meter.error_report_triggered",
    livemode: false,
    created: "2026-11-20T13:00:00.123Z",
    related_object: { id: "mtr_test_123", type: "billing.meter", url: "/v1/billing/meters/mtr_test_123" },
  });
  const t = 1763647200;
  const at = (seconds: number, ms = 0) => (t + seconds) * 1000 + ms;
  const header = (payload: string, secret = SECRET, timestamp = t) =>
    client.webhooks.generateTestHeaderStringAsync({ payload, secret, timestamp });
  const valid = await header(body);
  const otherSignature = (await header(body, OLD_SECRET)).split(",v1=")[1]!;
  const validSignature = valid.split(",v1=")[1]!;

  const cases: Omit<SignedCase, "sdkAccepts">[] = [
    { name: "signed by the SDK", body, headers: { "stripe-signature": valid }, secrets: [SECRET], receivedAt: at(5) },
    {
      name: "one byte of the body changed",
      body: body.replace("cus_QXg1o8vcGmoR32", "cus_QXg1o8vcGmoR33"),
      headers: { "stripe-signature": valid },
      secrets: [SECRET],
      receivedAt: at(5),
    },
    { name: "signed with another secret", body, headers: { "stripe-signature": await header(body, "whsec_not_ours") }, secrets: [SECRET], receivedAt: at(5) },
    { name: "timestamp 301 s old", body, headers: { "stripe-signature": valid }, secrets: [SECRET], receivedAt: at(301) },
    { name: "timestamp exactly 300 s old (whole seconds)", body, headers: { "stripe-signature": valid }, secrets: [SECRET], receivedAt: at(300, 999) },
    { name: "timestamp 10 minutes in the future (the SDK checks the past only)", body, headers: { "stripe-signature": valid }, secrets: [SECRET], receivedAt: at(-600) },
    {
      name: "a day old with tolerance 0 (disabled)",
      body,
      headers: { "stripe-signature": valid },
      secrets: [SECRET],
      receivedAt: at(86_400),
      options: { toleranceSeconds: 0 },
    },
    {
      name: "two v1 signatures, the second one valid (secret being rolled)",
      body,
      headers: { "stripe-signature": `t=${t},v1=${otherSignature},v1=${validSignature}` },
      secrets: [SECRET],
      receivedAt: at(5),
    },
    {
      name: "signed with the previous secret, both active on the source",
      body,
      headers: { "stripe-signature": await header(body, OLD_SECRET) },
      secrets: [SECRET, OLD_SECRET],
      receivedAt: at(5),
    },
    { name: "only a v0 signature", body, headers: { "stripe-signature": `t=${t},v0=${validSignature}` }, secrets: [SECRET], receivedAt: at(5) },
    { name: "thin event notification signed by the SDK", body: thinBody, headers: { "stripe-signature": await header(thinBody) }, secrets: [SECRET], receivedAt: at(5) },
  ];
  const signed: SignedCase[] = [];
  for (const c of cases) {
    const tolerance = (c.options?.toleranceSeconds as number | undefined) ?? 300;
    signed.push({ ...c, sdkAccepts: await sdkAccepts(c.body, c.headers["stripe-signature"]!, c.secrets, c.receivedAt, tolerance) });
  }
  return signed;
}
