// The WooCommerce fake's order writes (the shipment flow's fallback, provider-apis.md §2.7):
// - `PUT /wp-json/wc/v3/orders/{id}` `{status}`: any of WooCommerce's statuses; a transition to
//   `completed` sends the "Completed order" email (counted in `emails.completed`); an unknown status
//   is 400 `rest_invalid_param`; an unknown order 400 `woocommerce_rest_shop_order_invalid_id`
//   ("Invalid ID.", as the update endpoint answers it).
// - `GET /wp-json/wc/v3/orders/{id}/notes` (`type` any|customer|internal) and `POST .../notes`
//   `{note, customer_note}` -> 201 with the note (`{id, author, date_created(_gmt), note,
//   customer_note, added_by_user}`); no idempotency: two POSTs are two notes, as in WooCommerce.
// Returns null for any other path (the listing fake answers it).

const STATUSES = new Set(["pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "checkout-draft"]);
const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=UTF-8" } });
const wpError = (status, code, message, extra = {}) => json(status, { code, message, data: { status, ...extra } });
let noteIds = 100;

export async function orderWrite(s, url, request, authorized) {
  const match = /^\/wp-json\/wc\/v3\/orders\/(\d+)(\/notes)?$/.exec(url.pathname);
  if (!match || (request.method === "GET" && !match[2])) return null;
  const refusal = authorized(s, request);
  if (refusal) return wpError(401, "woocommerce_rest_authentication_error", refusal);
  const order = s.objects.orders.get(match[1]);
  if (!order) return wpError(match[2] ? 404 : 400, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
  s.notes ??= new Map();
  s.emails ??= { completed: 0, customerNotes: 0 };
  const notes = s.notes.get(match[1]) ?? [];
  s.notes.set(match[1], notes);

  if (match[2] && request.method === "GET") {
    const type = url.searchParams.get("type") ?? "any";
    return json(200, notes.filter((n) => type === "any" || (type === "customer") === n.customer_note).slice().reverse());
  }
  let body;
  try {
    body = await request.json();
  } catch {
    return wpError(400, "rest_invalid_json", "Invalid JSON body passed.");
  }
  if (match[2] && request.method === "POST") {
    if (typeof body.note !== "string" || body.note === "") return wpError(400, "rest_missing_callback_param", "Missing parameter(s): note", { params: ["note"] });
    const now = new Date().toISOString().slice(0, 19);
    const note = { id: ++noteIds, author: "WooCommerce", date_created: now, date_created_gmt: now, note: body.note, customer_note: body.customer_note === true, added_by_user: false };
    notes.push(note);
    if (note.customer_note) s.emails.customerNotes++;
    return json(201, note);
  }
  if (!match[2] && (request.method === "PUT" || request.method === "POST")) {
    if (body.status !== undefined) {
      if (!STATUSES.has(body.status)) return wpError(400, "rest_invalid_param", "Invalid parameter(s): status", { params: { status: `status is not one of ${[...STATUSES].join(", ")}.` } });
      if (body.status === "completed" && order.status !== "completed") s.emails.completed++;
      order.status = body.status;
      order.date_modified_gmt = new Date().toISOString().slice(0, 19);
    }
    return json(200, order);
  }
  return wpError(404, "rest_no_route", "No route was found matching the URL and request method.");
}
