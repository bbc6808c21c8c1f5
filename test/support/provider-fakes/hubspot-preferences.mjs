// The communication preferences part of the HubSpot fake (hubspot.mjs routes to it): the
// "unsubscribe from all email" status of an address, as the 2026-03 API serves it
// (developers.hubspot.com/docs/api-reference/2026-03/communication-preferences):
// - GET  /communication-preferences/2026-03/statuses/{email}/unsubscribe-all?channel=EMAIL ->
//   `{status: "COMPLETE", results: [...]}`; `results` is empty unless the address opted out of all;
// - POST the same path -> opts the address out of all email (a replay keeps the first time);
// - `channel` is required (400 VALIDATION_ERROR), an address that is not one is 400 too.
// Test control: POST /__fake/portals/{id}/opt-outs {email, at?} seeds an opt-out.

const PATH = /^\/communication-preferences\/(2026-03|v4)\/statuses\/([^/]+)\/unsubscribe-all$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json;charset=utf-8" } });
const validation = (message) => json(400, { status: "error", message, correlationId: crypto.randomUUID(), category: "VALIDATION_ERROR" });

export function optOutsOf(portal) {
  portal.optOuts ??= new Map();
  return portal.optOuts;
}

function answer(email, at) {
  const now = new Date().toISOString();
  return {
    status: "COMPLETE",
    results: at ? [{ channel: "EMAIL", status: "NOT_SUBSCRIBED", subscriberIdString: email, timestamp: at, wideStatusType: "PORTAL_WIDE" }] : [],
    startedAt: now,
    completedAt: now,
  };
}

/** The answer to a preferences call, or null when the path is not one of them. */
export function preferencesRoute(portal, request, url) {
  const m = PATH.exec(url.pathname);
  if (!m) return null;
  const email = decodeURIComponent(m[2]).toLowerCase();
  if (url.searchParams.get("channel") !== "EMAIL") return validation("channel is required and must be one of [EMAIL, SMS, WHATSAPP]; only EMAIL is served by this fake");
  if (!EMAIL.test(email)) return validation(`${email} is not a valid email address`);
  const optOuts = optOutsOf(portal);
  if (request.method === "GET") return json(200, answer(email, optOuts.get(email) ?? null));
  if (request.method !== "POST") return json(405, { status: "error", message: "Method Not Allowed", category: "VALIDATION_ERROR" });
  if (!optOuts.has(email)) optOuts.set(email, new Date().toISOString());
  return json(200, answer(email, optOuts.get(email)));
}
