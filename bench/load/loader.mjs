// The load generator: a separate process (forked by bench/run.mjs, commands over IPC) so that load
// generation never shares a process with Miniflare. Every request is generated and signed BEFORE
// a measurement starts (pool), so neither JSON building nor signing is in the measured window.
//
// Commands:
//   generate  build a request pool from the workload (seeded mix)
//   resign    refresh timestamped signatures (Stripe, HubSpot v3, Standard Webhooks: 300 s tolerance)
//   saturate  closed loop, autocannon, one step per connection count; consumes the pool in order
//   paced     open loop at a fixed rate (own sender): latency from the SCHEDULED send time, so a
//             stalled server is not hidden (no coordinated omission); optional per-request records
//   burst     many fresh updates to a few hot entities, sent paced (coalescing test)
import autocannon from "autocannon";
import http from "node:http";
import { writeFileSync } from "node:fs";
import { createWorkload } from "../lib/workload.mjs";
import { summarize } from "../lib/stats.mjs";
import { GENERATORS } from "../providers/index.mjs";

let workload = null;
let pool = [];
let cursor = 0;
let wraps = 0;
// Entities already sent since the last rewind (a fresh router instance knows none): a request is a
// "first touch" when it is the first delivery to one of its entities (a new Durable Object).
let seen = new Set();
let firstTouches = 0;
let lastWasFirst = false;

function nextRequest() {
  if (cursor >= pool.length) {
    cursor = 0;
    wraps += 1;
  }
  const r = pool[cursor++];
  let first = false;
  for (const key of r.entities ?? [r.entity]) {
    if (!seen.has(key)) {
      seen.add(key);
      first = true;
    }
  }
  if (first) firstTouches += 1;
  lastWasFirst = first;
  return r;
}

function resignAll(nowMs) {
  const seen = new Set();
  for (const req of pool) {
    if (seen.has(req)) continue;
    seen.add(req);
    req.headers = req.resign ? req.resign(nowMs) : req.headers;
  }
}

function attachResign(req) {
  const gen = GENERATORS[req.provider];
  const raw = req.body.toString("utf8");
  if (req.provider === "stripe") req.resign = (now) => ({ ...req.headers, ...gen.sign(raw, now) });
  else if (req.provider === "hubspot") {
    const url = "https://hooks.example.test/webhooks/bench/hubspot";
    req.resign = (now) => ({ ...req.headers, ...gen.sign(raw, now, url) });
  } else if (req.provider === "standard-webhooks") req.resign = (now) => ({ ...req.headers, ...gen.sign(req.headers["webhook-id"], raw, now) });
  return req;
}

function generate({ seed, sources, count, entityCount, zipfS, redeliveryRate }) {
  const t0 = performance.now();
  workload = createWorkload({ seed, sources, entityCount, zipfS, redeliveryRate });
  pool = [];
  cursor = 0;
  wraps = 0;
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const req = workload.next(now);
    if (!req.resign) attachResign(req);
    pool.push(req);
  }
  const sizes = summarize(pool.map((r) => r.body.length));
  const byProvider = {};
  for (const r of pool) {
    const p = (byProvider[r.provider] ??= { requests: 0, redeliveries: 0, bytes: [] });
    p.requests += 1;
    if (r.redelivery) p.redeliveries += 1;
    p.bytes.push(r.body.length);
  }
  for (const p of Object.values(byProvider)) p.bytes = summarize(p.bytes);
  return {
    count: pool.length,
    generateMs: Math.round(performance.now() - t0),
    redeliveries: pool.filter((r) => r.redelivery).length,
    sizes,
    byProvider,
    providers: workload.providers,
    entitiesTouched: workload.stats.entitiesTouched.size,
  };
}

async function saturate({ baseUrl, steps }) {
  const results = [];
  for (const step of steps) {
    const latencies = [];
    const statuses = {};
    const startCursor = cursor + wraps * pool.length;
    const firstBefore = firstTouches;
    const instance = autocannon({
      url: baseUrl,
      connections: step.connections,
      duration: step.durationS,
      pipelining: 1,
      timeout: 10,
      requests: [
        {
          method: "POST",
          setupRequest: (req) => {
            const r = nextRequest();
            return { ...req, method: "POST", path: r.path, headers: r.headers, body: r.body };
          },
        },
      ],
    });
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
    const r = await instance;
    const used = cursor + wraps * pool.length - startCursor;
    results.push({
      connections: step.connections,
      durationS: step.durationS,
      requests: r.requests.total,
      rps: r.requests.total / (r.duration || step.durationS),
      twoXX: r["2xx"],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      statuses,
      latencyMs: summarize(latencies),
      poolUsed: used,
      firstTouchShare: used ? Number(((firstTouches - firstBefore) / used).toFixed(3)) : null,
      poolWrapped: wraps > 0,
      throughputMBps: r.throughput.average / 1e6,
    });
  }
  return results;
}

/** Open-loop fixed-rate sender over keep-alive sockets. */
async function sendPaced({ baseUrl, rate, requests, maxSockets = 64, recordFile, groups }) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const records = new Array(requests.length);
  const latencies = [];
  const byGroup = {};
  const statuses = {};
  let errors = 0;
  let late = 0;
  const startPerf = performance.now() + 50;
  const interval = 1000 / rate;

  await new Promise((resolve) => {
    let sent = 0;
    let done = 0;
    const fire = (i) => {
      const r = requests[i];
      const scheduled = startPerf + i * interval;
      const sendPerf = performance.now();
      if (sendPerf - scheduled > 5) late += 1;
      const sendWall = Date.now();
      const req = http.request(
        { host: url.hostname, port: url.port, method: "POST", path: r.path, agent, headers: { ...r.headers, "content-length": r.body.length } },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const end = performance.now();
            const latency = end - scheduled; // from the scheduled time: queueing in the client counts
            latencies.push(latency);
            if (groups) (byGroup[groups[i]] ??= []).push(latency);
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            if (recordFile) {
              let eventIds = [];
              let replyStatus = null;
              try {
                const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
                replyStatus = body.status ?? null;
                const events = Array.isArray(body.events) ? body.events : [body];
                eventIds = events.filter((e) => e.status === "accepted" && e.eventId).map((e) => e.eventId);
              } catch {}
              records[i] = {
                i, provider: r.provider, kind: r.kind, entity: r.entity, redelivery: r.redelivery, bytes: r.body.length,
                sendWallMs: sendWall, latencyMs: latency, serviceMs: end - sendPerf, status: res.statusCode, replyStatus, eventIds,
              };
            }
            if (++done === requests.length) resolve();
          });
        },
      );
      req.on("error", () => {
        errors += 1;
        if (recordFile) records[i] = { i, provider: r.provider, error: true, sendWallMs: sendWall };
        if (++done === requests.length) resolve();
      });
      req.end(r.body);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < requests.length && startPerf + sent * interval <= now) fire(sent++);
      if (sent < requests.length) setTimeout(tick, Math.max(0, Math.min(5, startPerf + sent * interval - performance.now())));
    };
    setTimeout(tick, 50);
    if (requests.length === 0) resolve();
  });
  agent.destroy();
  if (recordFile) writeFileSync(recordFile, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const durationS = (performance.now() - startPerf) / 1000;
  return {
    rate, requests: requests.length, durationS, achievedRps: requests.length / durationS, statuses, errors, lateSends: late, latencyMs: summarize(latencies),
    ...(groups ? { latencyMsByGroup: Object.fromEntries(Object.entries(byGroup).map(([g, v]) => [g, summarize(v)])) } : {}),
  };
}

async function paced({ baseUrl, rate, durationS, maxSockets, recordFile }) {
  const n = Math.max(1, Math.round(rate * durationS));
  const requests = [];
  const groups = [];
  for (let i = 0; i < n; i++) {
    const r = nextRequest();
    requests.push(r);
    // Which requests create an entity object (first delivery to one of its entities) and which are
    // exact redeliveries: their latency is summarised apart as well.
    groups.push(lastWasFirst ? "firstDelivery" : r.redelivery ? "redelivery" : "existingEntity");
  }
  return sendPaced({ baseUrl, rate, requests, maxSockets, recordFile, groups });
}

/**
 * Bursts on hot entities: `entities` of the most popular ones (of `kind`, per included provider in
 * turn), each getting `updatesPerEntity` fresh updates, interleaved and sent at `rate`.
 */
async function burst({ baseUrl, rate, hot, updatesPerEntity, recordFile }) {
  const keys = [];
  for (const h of hot) keys.push(...workload.hottest(h.provider, h.entities, h.kind));
  const now = Date.now();
  const requests = [];
  for (let u = 0; u < updatesPerEntity; u++) for (const key of keys) requests.push(attachResign(workload.update(key, now)));
  const result = await sendPaced({ baseUrl, rate, requests, recordFile });
  return { ...result, hotEntities: keys };
}

/**
 * Cold vs warm entity objects: `n` entities never sent before (disjoint ids), each sent one fresh
 * delivery ("cold": the object is created), then one more ("warm": the object exists).
 */
let coldWarm = null;
function coldWarmPrepare({ sources, n }) {
  const source = sources.find((s) => s.id === "shopify") ?? sources[0];
  const w = createWorkload({ seed: "cold-warm", sources: [source], entityCount: n, redeliveryRate: 0, idOffset: 5_000_000 });
  const keys = w.hottest(source.id, n);
  const now = Date.now();
  coldWarm = {
    cold: keys.map((k) => attachResign(w.update(k, now))),
    warm: keys.map((k) => attachResign(w.update(k, now))),
  };
  return { provider: source.id, entities: keys.length };
}

/** Closed loop over a fixed list of requests with `connections` concurrent senders. */
async function closed({ which, baseUrl, connections }) {
  const requests = coldWarm[which];
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const statuses = {};
  let next = 0;
  const t0 = performance.now();
  const one = (r) =>
    new Promise((resolve) => {
      const start = performance.now();
      const req = http.request(
        { host: url.hostname, port: url.port, method: "POST", path: r.path, agent, headers: { ...r.headers, "content-length": r.body.length } },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - start);
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on("error", () => resolve());
      req.end(r.body);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < requests.length) await one(requests[next++]);
    }),
  );
  agent.destroy();
  const durationS = (performance.now() - t0) / 1000;
  return { which, requests: requests.length, connections, durationS, rps: requests.length / durationS, statuses, latencyMs: summarize(latencies) };
}

/** Appends `count` more requests of the same workload (between measurements). */
function extend({ count }) {
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const req = workload.next(now);
    if (!req.resign) attachResign(req);
    pool.push(req);
  }
  return status();
}

function status() {
  return { size: pool.length, cursor, wraps, remaining: wraps > 0 ? 0 : pool.length - cursor, entitiesSent: seen.size };
}

const handlers = {
  generate,
  extend,
  status,
  rewind: () => {
    cursor = 0;
    wraps = 0;
    seen = new Set();
    firstTouches = 0;
    return status();
  },
  coldWarmPrepare,
  closed,
  resign: () => {
    resignAll(Date.now());
    return { ok: true };
  },
  saturate,
  paced,
  burst,
  exit: () => {
    setImmediate(() => process.exit(0));
    return { ok: true };
  },
};

process.on("message", async ({ id, cmd, args }) => {
  try {
    const result = await handlers[cmd](args ?? {});
    process.send({ id, ok: true, result });
  } catch (err) {
    process.send({ id, ok: false, error: err?.stack ?? String(err) });
  }
});
process.on("disconnect", () => process.exit(0));
