// What the HubSpot, Zendesk and Salesforce fakes share: JSON answers, a rolling-window rate
// limit, call counters (calls, max concurrent, refreshes in flight, 429s served) and injected
// faults (an exact status/body for the next N calls: 5xx, HTML, garbage, 429).

export function json(status, body, headers = {}) {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** The state every account of a fake keeps besides its objects. */
export function accountRuntime() {
  return {
    counters: { calls: 0, inFlight: 0, maxConcurrent: 0, refreshes: 0, refreshesInFlight: 0, maxRefreshesInFlight: 0, served429: 0, byPath: {} },
    /** [{ status, body, contentType, headers, times, path? }] */
    faults: [],
    /** Added latency of every API call (ms), so concurrency is observable. */
    latencyMs: 0,
  };
}

/** Calls started in the last `perSeconds`, at most `count`: `take()` says whether one more fits, and how long until it would. */
export class RollingWindow {
  constructor(count, perSeconds) {
    this.count = count;
    this.windowMs = perSeconds * 1000;
    this.starts = [];
  }
  take(now = Date.now()) {
    while (this.starts.length && this.starts[0] <= now - this.windowMs) this.starts.shift();
    if (this.starts.length >= this.count) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((this.starts[0] + this.windowMs - now) / 1000)) };
    this.starts.push(now);
    return { ok: true, remaining: this.count - this.starts.length };
  }
}

/** Runs one API call of an account: counters, latency, and the next injected fault on that path if any. */
export async function tracked(runtime, path, handler) {
  const c = runtime.counters;
  c.calls += 1;
  c.byPath[path] = (c.byPath[path] ?? 0) + 1;
  c.inFlight += 1;
  c.maxConcurrent = Math.max(c.maxConcurrent, c.inFlight);
  try {
    if (runtime.latencyMs) await new Promise((resolve) => setTimeout(resolve, runtime.latencyMs));
    const fault = runtime.faults.find((f) => f.times > 0 && (!f.path || path.includes(f.path)));
    if (fault) {
      fault.times -= 1;
      if (fault.status === 429) c.served429 += 1;
      return new Response(fault.body ?? "", { status: fault.status, headers: { "content-type": fault.contentType ?? "text/html", ...(fault.headers ?? {}) } });
    }
    const response = await handler();
    if (response.status === 429) c.served429 += 1;
    return response;
  } finally {
    c.inFlight -= 1;
  }
}

/** A token-endpoint call, counted (refreshes, and how many ran at once). */
export async function trackedRefresh(runtime, handler) {
  const c = runtime.counters;
  c.refreshes += 1;
  c.refreshesInFlight += 1;
  c.maxRefreshesInFlight = Math.max(c.maxRefreshesInFlight, c.refreshesInFlight);
  try {
    if (runtime.latencyMs) await new Promise((resolve) => setTimeout(resolve, runtime.latencyMs));
    return await handler();
  } finally {
    c.refreshesInFlight -= 1;
  }
}

/** `POST /__fake/.../faults` body: `{status, body?, contentType?, headers?, times?, path?}`. */
export function addFault(runtime, spec) {
  runtime.faults.push({ times: 1, ...spec });
}

export async function readForm(request) {
  return Object.fromEntries(new URLSearchParams(await request.text()));
}

export async function readJson(request) {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

export const randomToken = (prefix) => `${prefix}-${crypto.randomUUID()}`;
