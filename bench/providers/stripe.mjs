// Stripe webhook generator: customer.created/updated, invoice.finalized/paid, payment_intent.created/
// succeeded events (API 2025-06-30.basil object shapes). Signed like Stripe:
// Stripe-Signature: t=<unix>,v1=hex(HMAC-SHA256(whsec_..., "<t>.<raw body>")).
import { createHmac } from "node:crypto";
import { person } from "./fake.mjs";

const API_VERSION = "2025-06-30.basil";

function stripeAddress(p) {
  return { city: p.place.city, country: p.place.country_code, line1: p.street, line2: p.street2, postal_code: p.place.zip, state: p.place.province_code };
}

function customerObject(entity, created) {
  const p = entity.person;
  return {
    id: entity.externalId,
    object: "customer",
    address: stripeAddress(p),
    balance: 0,
    created,
    currency: "usd",
    default_source: null,
    delinquent: false,
    description: p.company ? `${p.company} (${p.first} ${p.last})` : null,
    discount: null,
    email: p.email,
    invoice_prefix: entity.invoicePrefix,
    invoice_settings: { custom_fields: null, default_payment_method: `pm_${entity.pm}`, footer: null, rendering_options: null },
    livemode: false,
    metadata: {
      crm_id: `crm-${entity.index}`, signup_source: "checkout", segment: entity.segment, account_manager: "team-emea",
      erp_partner_ref: `P${100000 + entity.index}`, billing_contact: p.email, vat_id: p.company ? `${p.place.country_code}${entity.index}0042` : "",
      onboarding_completed_at: String(created - 86400 * 30),
    },
    cash_balance: null,
    invoice_credit_balance: {},
    tax: { automatic_tax: "supported", ip_address: null, location: { country: p.place.country_code, source: "billing_address", state: p.place.province_code } },
    name: `${p.first} ${p.last}`,
    next_invoice_sequence: entity.deliveries + 1,
    phone: p.phone.replace(/\s/g, ""),
    preferred_locales: ["en-US"],
    shipping: { address: stripeAddress(p), name: `${p.first} ${p.last}`, phone: p.phone.replace(/\s/g, "") },
    tax_exempt: "none",
    test_clock: null,
  };
}

function invoiceObject(entity, created, paid) {
  const p = entity.person;
  const lines = entity.lines.map((l, i) => ({
    id: `il_${entity.token}${i}`,
    object: "line_item",
    amount: l.amount * l.quantity,
    currency: "usd",
    description: `${l.quantity} × ${l.name} (at $${(l.amount / 100).toFixed(2)} / month)`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: entity.externalId,
    livemode: false,
    metadata: {},
    parent: { type: "subscription_item_details", subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: `sub_${entity.token}`, subscription_item: `si_${entity.token}${i}` } },
    period: { end: created + 2_592_000, start: created },
    pretax_credit_amounts: [],
    pricing: { price_details: { price: `price_${entity.token}${i}`, product: `prod_${entity.token}${i}` }, type: "price_details", unit_amount_decimal: String(l.amount) },
    quantity: l.quantity,
    taxes: [],
  }));
  const total = entity.lines.reduce((s, l) => s + l.amount * l.quantity, 0);
  return {
    id: entity.externalId,
    object: "invoice",
    account_country: "US",
    account_name: "Bench Store Inc.",
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: paid ? total : 0,
    amount_remaining: paid ? 0 : total,
    amount_shipping: 0,
    application: null,
    attempt_count: paid ? 1 : 0,
    attempted: paid,
    auto_advance: !paid,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    billing_reason: "subscription_cycle",
    collection_method: "charge_automatically",
    created,
    currency: "usd",
    customer: entity.customer,
    customer_address: stripeAddress(p),
    customer_email: p.email,
    customer_name: `${p.first} ${p.last}`,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: created,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: `https://invoice.stripe.com/i/acct_1Bench/test_${entity.token}?s=ap`,
    invoice_pdf: `https://pay.stripe.com/invoice/acct_1Bench/test_${entity.token}/pdf?s=ap`,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${entity.externalId}/lines` },
    livemode: false,
    metadata: { order_ref: `ORD-${entity.index}` },
    next_payment_attempt: null,
    number: `${entity.invoicePrefix}-${String(entity.index).padStart(4, "0")}`,
    on_behalf_of: null,
    parent: { quote_details: null, subscription_details: { metadata: {}, subscription: `sub_${entity.token}` }, type: "subscription_details" },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: created,
    period_start: created - 2_592_000,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: paid ? "paid" : "open",
    status_transitions: { finalized_at: created, marked_uncollectible_at: null, paid_at: paid ? created + 3 : null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: created,
  };
}

function paymentIntentObject(entity, created, succeeded) {
  const p = entity.person;
  return {
    id: entity.externalId,
    object: "payment_intent",
    amount: entity.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: succeeded ? entity.amount : 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: { allow_redirects: "always", enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: `${entity.externalId}_secret_${entity.token}`,
    confirmation_method: "automatic",
    created,
    currency: "usd",
    customer: entity.customer,
    description: `Order ORD-${entity.index}`,
    last_payment_error: null,
    latest_charge: succeeded ? `ch_${entity.token}` : null,
    livemode: false,
    metadata: { order_id: `ORD-${entity.index}`, cart_id: entity.token.slice(0, 12), channel: "web" },
    next_action: null,
    on_behalf_of: null,
    payment_method: `pm_${entity.token}`,
    payment_method_configuration_details: { id: "pmc_1Bench", parent: null },
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" }, link: { persistent_token: null } },
    payment_method_types: ["card", "link"],
    processing: null,
    receipt_email: p.email,
    review: null,
    setup_future_usage: null,
    shipping: { address: stripeAddress(p), carrier: null, name: `${p.first} ${p.last}`, phone: null, tracking_number: null },
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: succeeded ? "succeeded" : "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
}

const TYPES = {
  customer: ["customer.created", "customer.updated"],
  invoice: ["invoice.finalized", "invoice.paid"],
  payment: ["payment_intent.created", "payment_intent.succeeded"],
};

export default {
  id: "stripe",
  weight: 0.2,
  kinds: [["customer", 0.4], ["invoice", 0.35], ["payment", 0.25]],
  secret: "whsec_benchStripeEndpointSecret0123456789",
  sourceOptions: [{}],

  newEntity(rng, index, kind) {
    const token = rng.alnum(14);
    const prefix = { customer: "cus_", invoice: "in_", payment: "pi_" }[kind];
    const entity = { kind, index, token, externalId: `${prefix}${token}`, deliveries: 0, person: person(rng, index) };
    entity.customer = `cus_${rng.alnum(14)}`;
    entity.invoicePrefix = rng.alnum(8).toUpperCase();
    entity.segment = rng.pick(["smb", "mid-market", "enterprise"]);
    entity.pm = rng.alnum(14);
    entity.amount = rng.int(5, 900) * 100 + 99;
    if (kind === "invoice") {
      const count = rng.weighted([[1, 25], [2, 25], [3, 15], [5, 15], [8, 10], [12, 10]]);
      entity.lines = Array.from({ length: count }, (_, i) => ({
        name: rng.pick(["Pro plan seat", "Storage add-on (100 GB)", "Priority support", "API calls (per 10k)", "Analytics module"]),
        amount: rng.int(5, 120) * 100,
        quantity: rng.int(1, 25),
        i,
      }));
    }
    return entity;
  },

  delivery({ entity, versionMs, rng, nowMs }) {
    const type = TYPES[entity.kind][entity.deliveries === 0 ? 0 : 1];
    const created = Math.floor(versionMs / 1000);
    let object;
    if (entity.kind === "customer") object = customerObject(entity, created);
    else if (entity.kind === "invoice") object = invoiceObject(entity, created, entity.deliveries > 0);
    else object = paymentIntentObject(entity, created, entity.deliveries > 0);
    const eventId = `evt_${rng.alnum(24)}`;
    const event = {
      id: eventId,
      object: "event",
      api_version: API_VERSION,
      created,
      data: {
        object,
        ...(type.endsWith("updated") ? { previous_attributes: { metadata: { segment: "smb" } } } : {}),
      },
      livemode: false,
      pending_webhooks: 1,
      request: { id: `req_${rng.alnum(14)}`, idempotency_key: rng.uuid() },
      type,
    };
    const raw = JSON.stringify(event, null, 2); // Stripe sends pretty-printed JSON
    return { topic: type, deliveryId: eventId, body: raw, headers: this.sign(raw, nowMs) };
  },

  sign(raw, nowMs) {
    const t = Math.floor(nowMs / 1000);
    const v1 = createHmac("sha256", this.secret).update(`${t}.${raw}`, "utf8").digest("hex");
    return {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      "stripe-signature": `t=${t},v1=${v1}`,
    };
  },
};
