// A tenant's alert webhook receiver (not a provider): any host under `.alerts.test` records every
// POST it gets (headers and raw body) and answers 204, or the next queued status. Per host, so
// tests with unique hosts never see each other's deliveries.
//   POST /__fake/statuses   {"statuses":[500,503]}   the next answers (then 204 again)
//   GET  /__fake/received   [{headers, body, status}] what was delivered so far

const hosts = new Map();

function stateOf(host) {
  let state = hosts.get(host);
  if (!state) hosts.set(host, (state = { statuses: [], received: [] }));
  return state;
}

export const alertReceiver = {
  name: "alert-receiver",
  matches: (url) => url.hostname.endsWith(".alerts.test"),
  async fetch(request) {
    const url = new URL(request.url);
    const state = stateOf(url.hostname);
    if (url.pathname === "/__fake/statuses" && request.method === "POST") {
      state.statuses.push(...(await request.json()).statuses);
      return new Response(null, { status: 204 });
    }
    if (url.pathname === "/__fake/received") return Response.json(state.received);
    if (request.method !== "POST") return new Response("method not allowed", { status: 405 });
    const status = state.statuses.shift() ?? 204;
    state.received.push({ headers: Object.fromEntries(request.headers), body: await request.text(), status });
    return new Response(status === 204 ? null : "receiver error", { status });
  },
};
