#!/usr/bin/env node
// `npm run bench` (full, ~6-9 min) / `npm run bench -- --quick` (~2 min smoke).
// Builds the worker as deployed, runs it on Miniflare directly (no wrangler dev proxy), drives it
// from a separate load-generator process over loopback, and writes bench/results/<date>.json + .md.
// See bench/README.md for what each number means and what is measured vs derived.
import { fork } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH, ROOT, buildWorker, readWranglerConfig } from "./lib/build.mjs";
import { startEmulator } from "./lib/emulator.mjs";
import { startMiniflare } from "./lib/miniflare-host.mjs";
import { cpuMs, machineCpu, startRssSampler } from "./lib/procstat.mjs";
import { auditGet, probeSources, putRouting, putSources, putTenant, statusesSince } from "./lib/setup.mjs";
import { round, summarize } from "./lib/stats.mjs";
import { computeCost } from "./lib/cost.mjs";
import { machineLine, renderBurst, renderCallsPerFlow, renderMarkdown, renderReconciliation } from "./lib/report.mjs";
import { freePort, profileRouter } from "./lib/profile.mjs";
import { outbound as reconcileOutbound, reconciliationPhase } from "./lib/reconcile.mjs";
import { outboundVersionRun, renderOutbound } from "./lib/outbound.mjs";
import { burstPhase, callsPerFlow, flowOf, writeDetail } from "./lib/shopify-burst.mjs";
import { rowsBreakdown } from "./lib/rows.mjs";
import { latencyChart } from "./lib/chart.mjs";
import { execFileSync } from "node:child_process";

const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const PROFILE = !argv.includes("--no-profile");
// Miniflare keeps D1 and Durable Object SQLite files on tmpfs by default (see README); --disk keeps
// them in the OS temp dir on disk (Miniflare's own default) for every phase.
const STATE = argv.includes("--disk") ? "disk" : "tmpfs";
const SEED = (argv.find((a) => a.startsWith("--seed=")) ?? "--seed=odoo-router-bench").slice(7);
// `npm run bench -- --reconciliation-only`: only the reconciliation phase (results get a -reconciliation suffix).
const RECONCILIATION_ONLY = argv.includes("--reconciliation-only");
const RECONCILE_ORDERS = QUICK ? 2_000 : 10_000;
// `npm run bench -- --outbound-only [--burst-products=N] [--odoo=19.0,17.0]`: only the way back
// (bench/lib/outbound.mjs; results get an -outbound suffix).
const OUTBOUND_ONLY = argv.includes("--outbound-only");
// The issue-11 burst (bench/lib/shopify-burst.mjs): a phase of the full run; `--burst` (or
// `--burst-only`) runs only it (results get a -burst suffix); `--no-burst` skips it.
const BURST_ONLY = argv.includes("--burst") || argv.includes("--burst-only") || argv.includes("--burst-profile");
const BURST = !argv.includes("--no-burst");
// `--burst-profile` (with --burst): the burst again with the inspector attached, and the router
// isolate's CPU profile from the first send until drained (slower: the timing is not the measure).
const BURST_PROFILE = argv.includes("--burst-profile");
const flag = (name, fallback) => (argv.find((a) => a.startsWith(`--${name}=`)) ?? `=${fallback}`).split("=")[1];
const OUTBOUND_PLAN = {
  name: QUICK ? "quick" : "full",
  seed: SEED,
  rate: 20,
  latencyS: QUICK ? 10 : 30,
  burst: { products: Number(flag("burst-products", QUICK ? 50 : 1000)), rounds: 10 },
  faultRate: 0.2,
  faultS: QUICK ? 10 : 30,
  shipments: Number(flag("shipments", QUICK ? 10 : 30)),
  drainS: 120,
  faultDrainS: 300,
  versions: flag("odoo", "19.0,17.0").split(","),
  // `--shop-bucket=10000:1000`: the fake shop's cost bucket (maximumAvailable:restoreRate); default
  // the fake's 1000:100 (Shopify Standard). 100 points/s bounds how many writes a shop takes.
  shopBucket: flag("shop-bucket", "") ? Object.fromEntries(["maximumAvailable", "restoreRate"].map((k, i) => [k, Number(flag("shop-bucket", "").split(":")[i])])) : null,
  // `--max-concurrency=N`: the bench tenant's delivery.maxConcurrency (default: the router's).
  maxConcurrency: flag("max-concurrency", "") ? Number(flag("max-concurrency", "")) : null,
  suffix: flag("suffix", ""),
};
OUTBOUND_PLAN.products = Math.max(OUTBOUND_PLAN.burst.products, (OUTBOUND_PLAN.rate * OUTBOUND_PLAN.latencyS) / 2);

const PLAN = QUICK
  ? {
      name: "quick",
      steps: [1, 8, 32],
      stepS: 5,
      warmupS: 8,
      coldWarmEntities: 150,
      latencyS: 10,
      initialPool: 12_000,
      maxPool: 40_000,
      e2eRate: 5,
      e2eS: 12,
      // Offered loads of the end-to-end phase (open loop), in order; the first is the cost window.
      e2eLoads: [{ rate: 5, durationS: 12 }, { rate: 10, durationS: 5 }, { rate: 20, durationS: 5 }, { rate: 40, durationS: 5 }],
      // The issue-11 burst at a fifth of its size (579 deliveries).
      issueBurst: { scale: 0.2, senders: 20, drainS: 300 },
      burst: { perKind: 1, updatesPerEntity: 10, rate: 30 },
      drainS: 90,
      stallS: 20,
      profileS: 5,
    }
  : {
      name: "full",
      steps: [1, 4, 16, 64],
      stepS: 15,
      warmupS: 45,
      coldWarmEntities: 400,
      latencyS: 30,
      initialPool: 30_000,
      maxPool: 150_000,
      e2eRate: 5,
      e2eS: 60,
      e2eLoads: [{ rate: 5, durationS: 60 }, { rate: 10, durationS: 40 }, { rate: 20, durationS: 40 }, { rate: 40, durationS: 30 }],
      issueBurst: { scale: 1, senders: 20, drainS: 600 },
      burst: { perKind: 2, updatesPerEntity: 25, rate: 40 },
      drainS: 300,
      stallS: 45,
      profileS: 10,
    };
const WORKLOAD = { entityCount: 10_000, zipfS: 1.0, redeliveryRate: 0.2 };
const STATE_DIR = path.join(BENCH, ".state");
const RESULTS_DIR = path.join(BENCH, "results");

const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- child processes and cleanup -----------------------------------------------------------
const cleanups = [];
let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch {}
  }
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, async () => {
    log(`${sig}: stopping`);
    await cleanup();
    process.exit(130);
  });
}
process.on("exit", () => {
  // Last resort (synchronous): no process of ours may outlive the run.
  for (const pid of livePids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
});
const livePids = new Set();

function startLoader() {
  const child = fork(path.join(BENCH, "load", "loader.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  livePids.add(child.pid);
  let seq = 0;
  const pending = new Map();
  child.on("message", ({ id, ok, result, error }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (ok) p.resolve(result);
    else p.reject(new Error(`loader: ${error}`));
  });
  child.on("exit", (code) => {
    livePids.delete(child.pid);
    for (const p of pending.values()) p.reject(new Error(`loader exited (${code})`));
  });
  const call = (cmd, args) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, args });
    });
  return { pid: child.pid, call, stop: () => (child.exitCode === null ? call("exit").catch(() => {}) : null) };
}

async function withMiniflare(options, fn) {
  const inst = await startMiniflare({ state: STATE, ...options });
  if (inst.workerdPid) livePids.add(inst.workerdPid);
  const dispose = async () => {
    await inst.dispose();
    livePids.delete(inst.workerdPid);
  };
  cleanups.push(dispose);
  try {
    return await fn(inst);
  } finally {
    await dispose();
    cleanups.splice(cleanups.indexOf(dispose), 1);
  }
}

// --- measurement helpers --------------------------------------------------------------------
function cpuWindow(pids) {
  const start = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMs(pid)]));
  const machine0 = machineCpu();
  const t0 = performance.now();
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const machine1 = machineCpu();
    const out = { seconds: round(seconds, 2), machineBusyPct: round((100 * (machine1.busy - machine0.busy)) / (machine1.total - machine0.total), 0) };
    for (const [k, pid] of Object.entries(pids)) {
      const ms = cpuMs(pid) - start[k];
      out[`${k}CpuMs`] = round(ms, 0);
      out[`${k}CpuPct`] = round((ms / 10) / seconds, 0); // % of one core
    }
    return out;
  };
}

async function ensurePool(loader, needed, maxPool) {
  const st = await loader.call("status");
  const missing = Math.min(needed - st.remaining, maxPool - st.size);
  if (missing > 0) {
    const t0 = Date.now();
    const after = await loader.call("extend", { count: missing });
    log(`  pool +${missing} requests (${Date.now() - t0} ms), ${after.remaining} unsent`);
  }
}

/** Connection ramp (closed loop); returns every step and the best one. */
async function rampUp(loader, baseUrl, pids, { grow, warmupS }) {
  const steps = [];
  let estimate = 1500;
  let warmup = null;
  if (warmupS > 0) {
    // Not measured: JIT warm-up, and (router) the most popular entities' objects get created, as
    // they would exist in a router that has been running (the mix keeps creating new ones).
    const connections = PLAN.steps.at(-1);
    if (grow) await ensurePool(loader, Math.ceil(estimate * warmupS), PLAN.maxPool);
    await loader.call("resign");
    [warmup] = await loader.call("saturate", { baseUrl, steps: [{ connections, durationS: warmupS }] });
    log(`  warm-up ${warmupS} s at ${connections} conns: ${warmup.rps.toFixed(0)} req/s, ${(100 * warmup.firstTouchShare).toFixed(0)} % first deliveries to an entity`);
  }
  for (const connections of PLAN.steps) {
    if (grow) await ensurePool(loader, Math.ceil(estimate * PLAN.stepS * 1.3), PLAN.maxPool);
    await loader.call("resign");
    const cpu = cpuWindow(pids);
    const [r] = await loader.call("saturate", { baseUrl, steps: [{ connections, durationS: PLAN.stepS }] });
    Object.assign(r, cpu());
    steps.push(r);
    log(`  ${String(connections).padStart(3)} conns: ${r.rps.toFixed(0)} req/s, p50 ${r.latencyMs.p50?.toFixed(1)} ms, p99 ${r.latencyMs.p99?.toFixed(1)} ms, non-2xx ${r.non2xx}, errors ${r.errors}, workerd ${r.workerdCpuPct}% CPU, loader ${r.loaderCpuPct}%, ${(100 * r.firstTouchShare).toFixed(0)} % first deliveries`);
    estimate = Math.max(estimate, r.rps * 2.5);
  }
  const best = steps.reduce((a, b) => (b.twoXX / b.durationS > a.twoXX / a.durationS ? b : a));
  return { steps, best, warmup };
}


const TERMINAL = new Set(["delivered", "dead", "stale", "superseded", "duplicate", "ignored"]);

/**
 * Waits until every accepted event has a terminal status in the audit trail, or `timeoutS`, or
 * until no event became terminal for `PLAN.stallS`: the mix has events that wait for a dependency
 * it never sends (e.g. Stripe payments of customers it did not send), which would otherwise hold
 * every window for the whole timeout. Those are reported as not drained.
 */
async function drain(baseUrl, ids, sinceMs, timeoutS) {
  const t0 = Date.now();
  let lastOpen = Infinity;
  let progressAt = Date.now();
  for (;;) {
    const st = await statusesSince(baseUrl, sinceMs);
    const open = ids.filter((id) => !TERMINAL.has(st.get(id)));
    if (open.length === 0) return { drained: true, waitedS: round((Date.now() - t0) / 1000, 1), statuses: st };
    if (open.length < lastOpen) {
      lastOpen = open.length;
      progressAt = Date.now();
    }
    const stalled = Date.now() - progressAt > PLAN.stallS * 1000;
    if (stalled || Date.now() - t0 > timeoutS * 1000) return { drained: false, stalled, waitedS: round((Date.now() - t0) / 1000, 1), statuses: st, open: open.length };
    await sleep(1000);
  }
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

function readRecords(file) {
  return readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

async function counters(url) {
  return (await fetch(`${url}/__bench/counters`)).json();
}
async function resetCounters(url) {
  await fetch(`${url}/__bench/reset`, { method: "POST" });
}

/** One e2e window: send, drain, then collect what the run counted. */
async function e2eWindow({ name, send, inst, emulator, pids }) {
  await resetCounters(inst.url);
  await emulator.clearCalls();
  const sinceMs = Date.now() - 1000;
  const cpu = cpuWindow(pids);
  const file = path.join(STATE_DIR, `e2e-${name}.ndjson`);
  const sent = await send(file);
  const records = readRecords(file);
  const accepted = records.flatMap((r) => (r.eventIds ?? []).map((id) => ({ id, sendWallMs: r.sendWallMs, provider: r.provider, kind: r.kind, entity: r.entity })));
  log(`  ${name}: sent ${sent.requests} at ${sent.rate}/s, ${accepted.length} accepted events; draining...`);
  const drained = await drain(inst.url, accepted.map((a) => a.id), sinceMs, PLAN.drainS);
  await sleep(1500); // the last audit batches (max_batch_timeout 1 s)
  const window = cpu();
  // Counters first: the audit reads below are bench traffic, not part of the cost.
  const count = await counters(inst.url);
  const calls = await emulator.calls();

  // Timelines through the audit API: delivered time, steps, errors of dead events.
  const steps = {};
  const dead = [];
  const delivered = new Map();
  const flows = [];
  await mapLimit(accepted, 8, async (a) => {
    const ev = await auditGet(inst.url, `/events/${a.id}`);
    if (ev.status === "delivered") {
      const detail = writeDetail(ev);
      if (typeof detail?.odooCalls === "number") flows.push({ flow: flowOf(ev, detail), calls: detail.odooCalls });
    }
    for (const e of ev.timeline ?? []) {
      let key = e.step;
      if (e.step === "odoo_attempt") key = `odoo_attempt:${e.detail?.outcome ?? "?"}${e.detail?.error?.category ? `:${e.detail.error.category}` : ""}`;
      steps[key] = (steps[key] ?? 0) + 1;
      if (e.step === "delivered") delivered.set(a.id, Date.parse(e.at));
    }
    if (ev.status === "dead") dead.push({ id: a.id, provider: ev.provider, topic: ev.topic, error: typeof ev.error === "string" ? ev.error : JSON.stringify(ev.error) });
  });
  const latencies = accepted.filter((a) => delivered.has(a.id)).map((a) => delivered.get(a.id) - a.sendWallMs);
  const byStatus = {};
  for (const a of accepted) {
    const s = drained.statuses.get(a.id) ?? "missing";
    byStatus[s] = (byStatus[s] ?? 0) + 1;
  }
  const replyStatuses = {};
  for (const r of records) {
    const k = `${r.status} ${r.replyStatus ?? ""}`.trim();
    replyStatuses[k] = (replyStatuses[k] ?? 0) + 1;
  }
  const byMethod = {};
  for (const c of calls) {
    const k = c.service === "object" ? `${c.model}.${c.method}` : `${c.service}.${c.method ?? c.rpcMethod}`;
    byMethod[k] = (byMethod[k] ?? 0) + 1;
  }
  const webhookRequests = records.length;
  // Ack rate vs write rate over the events that were written: (last ack - first send) / (last
  // write - first send) = 1 when the writes keep up with the acks (see bench/README.md).
  const firstSend = Math.min(...records.map((r) => r.sendWallMs));
  const ackedAt = new Map();
  for (const r of records) for (const id of r.eventIds ?? []) ackedAt.set(id, r.sendWallMs + (r.serviceMs ?? 0));
  const written = [...delivered.keys()];
  const lastWrite = written.length ? Math.max(...written.map((id) => delivered.get(id))) : null;
  const lastAck = written.length ? Math.max(...written.map((id) => ackedAt.get(id) ?? 0)) : null;
  const rates = {
    ackLatencyMs: summarize(records.filter((r) => !r.error).map((r) => r.latencyMs)),
    acceptedPerSecond: round(accepted.length / sent.durationS, 2),
    writtenPerSecond: lastWrite ? round(written.length / ((lastWrite - firstSend) / 1000), 2) : null,
    writeRateShareOfAckRate: lastWrite && lastWrite > firstSend ? round(Math.min(1, (lastAck - firstSend) / (lastWrite - firstSend)), 3) : null,
    lastWriteAfterLastAckS: lastWrite ? round((lastWrite - lastAck) / 1000, 2) : null,
  };
  return {
    ...rates,
    odooCallsPerFlow: callsPerFlow(flows),
    flowCalls: flows,
    sent,
    webhookRequests,
    replyStatuses,
    acceptedEvents: accepted.length,
    eventStatuses: byStatus,
    drained: drained.drained,
    drainWaitS: drained.waitedS,
    undrained: drained.open ?? 0,
    e2eLatencyMs: summarize(latencies),
    odooCalls: calls.length,
    odooCallsPerAcceptedEvent: accepted.length ? round(calls.length / accepted.length, 2) : null,
    odooCallsPerDeliveredEvent: delivered.size ? round(calls.length / delivered.size, 2) : null,
    odooCallsByMethod: Object.fromEntries(Object.entries(byMethod).sort((a, b) => b[1] - a[1])),
    odooErrors: calls.filter((c) => c.outcome !== "ok").length,
    timelineSteps: Object.fromEntries(Object.entries(steps).sort((a, b) => b[1] - a[1])),
    deadEvents: dead.slice(0, 10),
    deadCount: dead.length,
    counters: count,
    cpu: window,
  };
}

/** The commit measured (short hash, "+dirty" when src/ has local changes): the before/after table names it. */
function gitCommit() {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "migrations", "wrangler.toml"], { cwd: ROOT, encoding: "utf8" }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

function machineInfo() {
  const cpus = os.cpus();
  const pkg = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      return null;
    }
  };
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    miniflare: pkg("miniflare"),
    workerd: pkg("workerd"),
    wrangler: pkg("wrangler"),
    autocannon: pkg("autocannon"),
    loadAvgAtStart: os.loadavg().map((x) => round(x, 2)),
  };
}

// --- the run ----------------------------------------------------------------------------------
async function main() {
  const started = new Date();
  mkdirSync(STATE_DIR, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const results = {
    schema: "odoo-webhook-router.bench/v1",
    date: started.toISOString(),
    plan: PLAN,
    workload: { ...WORKLOAD, seed: SEED },
    machine: machineInfo(),
    commit: gitCommit(),
  };
  log(`plan ${PLAN.name}; ${results.machine.cores} x ${results.machine.cpu}, ${results.machine.memoryGb} GB, load avg ${results.machine.loadAvgAtStart.join(" ")}`);

  const config = readWranglerConfig();
  const build = buildWorker(config, (m) => log(m));
  results.build = { bundleKiB: round(build.bundleBytes / 1024, 0), compatibilityDate: config.compatibilityDate, durableObjectClasses: build.classes, queueConsumers: config.consumers };

  if (OUTBOUND_ONLY) {
    await runOutbound(results, config, build);
    results.durationS = round((Date.now() - started.getTime()) / 1000, 0);
    writeResults(results, started, `-outbound${OUTBOUND_PLAN.suffix ? `-${OUTBOUND_PLAN.suffix}` : ""}`);
    return;
  }

  if (BURST_ONLY) {
    await runIssueBurst(results, config, build);
    results.durationS = round((Date.now() - started.getTime()) / 1000, 0);
    writeResults(results, started, `-burst${BURST_PROFILE ? "-profile" : ""}${QUICK ? "-quick" : ""}`);
    return;
  }

  if (RECONCILIATION_ONLY) {
    await runReconciliation(results, config, build);
    results.durationS = round((Date.now() - started.getTime()) / 1000, 0);
    writeResults(results, started, "-reconciliation");
    return;
  }

  const loader = startLoader();
  cleanups.push(() => loader.stop());
  const peaks = {};

  // 1. Ingest (ack path) on the plain bundle; the router's queues are drained by a no-work sink.
  log("ingest: router on Miniflare (plain bundle), queues consumed by a no-work sink");
  await withMiniflare({ worker: "router", queues: "sink", config, build }, async (inst) => {
    const rss = startRssSampler(inst.workerdPid);
    await putTenant(inst.url, { url: "http://127.0.0.1:9", database: "unused", login: "unused", apiKey: "unused", protocol: "jsonrpc" });
    const sources = await probeSources(inst.url, await putSources(inst.url));
    results.providers = sources.map((s) => ({ id: s.id, included: s.included, reason: s.reason, probe: s.probe?.status ?? null, options: s.included ? Object.keys(s.options ?? {}) : undefined }));
    const included = sources.filter((s) => s.included);
    log(`providers: ${sources.map((s) => `${s.id}${s.included ? "" : ` (skipped: ${s.reason})`}`).join(", ")}`);
    if (included.length === 0) throw new Error("no provider is usable");
    results.sources = included.map((s) => ({ id: s.id, path: s.path, url: s.url }));

    const gen = await loader.call("generate", { seed: SEED, sources: results.sources, count: PLAN.initialPool, ...WORKLOAD });
    results.workload.pool = gen;
    log(`workload: ${gen.count} requests generated in ${gen.generateMs} ms; body bytes p50 ${gen.sizes.p50} (min ${gen.sizes.min}, p95 ${gen.sizes.p95}, max ${gen.sizes.max}); ${gen.redeliveries} redeliveries`);

    const pids = { workerd: inst.workerdPid, loader: loader.pid, orchestrator: process.pid };
    const ramp = await rampUp(loader, inst.url, pids, { grow: true, warmupS: PLAN.warmupS });
    const rate = Math.max(1, Math.round((0.5 * ramp.best.twoXX) / ramp.best.durationS));
    log(`ingest saturation ${ramp.best.rps.toFixed(0)} req/s at ${ramp.best.connections} conns; latency at ${rate} req/s (50 %), open loop`);
    await ensurePool(loader, Math.ceil(rate * PLAN.latencyS * 1.1), PLAN.maxPool);
    await loader.call("resign");
    const cpu = cpuWindow(pids);
    const lat = await loader.call("paced", { baseUrl: inst.url, rate, durationS: PLAN.latencyS, maxSockets: 64 });
    Object.assign(lat, cpu());
    log(`  ack latency p50 ${lat.latencyMs.p50?.toFixed(1)} / p95 ${lat.latencyMs.p95?.toFixed(1)} / p99 ${lat.latencyMs.p99?.toFixed(1)} ms, statuses ${JSON.stringify(lat.statuses)}`);
    const st = await loader.call("status");

    // Cold vs warm entity objects: the same deliveries' cost when the object is new vs exists.
    const cw = await loader.call("coldWarmPrepare", { sources: results.sources, n: PLAN.coldWarmEntities });
    const coldWarm = { provider: cw.provider, entities: cw.entities, connections: 4 };
    for (const which of ["cold", "warm"]) {
      await loader.call("resign");
      const win = cpuWindow(pids);
      const r = await loader.call("closed", { which, baseUrl: inst.url, connections: 4 });
      Object.assign(r, win());
      r.workerdCpuMsPerRequest = round(r.workerdCpuMs / r.requests, 2);
      coldWarm[which] = r;
      log(`  ${which} entity objects (${cw.entities} ${cw.provider} entities, 4 conns): ${r.rps.toFixed(0)} req/s, p50 ${r.latencyMs.p50.toFixed(1)} ms, ${r.workerdCpuMsPerRequest} ms workerd CPU per request`);
    }
    peaks.ingest = rss.stop();
    results.ingest = { state: inst.state, warmup: ramp.warmup, ramp: ramp.steps, best: ramp.best, halfRate: { ...lat }, coldWarm, poolStatus: st, memory: peaks.ingest };
  });

  // 1b. The same ingest step with Miniflare's state on disk (its default): how much of the local
  // cost is this machine's disk (SQLite commits of every object) rather than the router.
  if (results.ingest.state.startsWith("tmpfs")) {
    log("ingest with state on disk (Miniflare's default), best step only");
    await withMiniflare({ worker: "router", queues: "sink", config, build, state: "disk" }, async (inst) => {
      await putTenant(inst.url, { url: "http://127.0.0.1:9", database: "unused", login: "unused", apiKey: "unused", protocol: "jsonrpc" });
      await probeSources(inst.url, await putSources(inst.url));
      await loader.call("rewind");
      await loader.call("resign");
      const connections = results.ingest.best.connections;
      const [warm] = await loader.call("saturate", { baseUrl: inst.url, steps: [{ connections: PLAN.steps.at(-1), durationS: Math.min(PLAN.warmupS, 20) }] });
      await loader.call("resign");
      const pids = { workerd: inst.workerdPid, loader: loader.pid, orchestrator: process.pid };
      const cpu = cpuWindow(pids);
      const [r] = await loader.call("saturate", { baseUrl: inst.url, steps: [{ connections, durationS: PLAN.stepS }] });
      Object.assign(r, cpu());
      results.ingestDiskState = { state: inst.state, warmupRps: warm.rps, step: r };
      log(`  disk state: ${r.rps.toFixed(0)} req/s at ${connections} conns (tmpfs: ${results.ingest.best.rps.toFixed(0)}), p50 ${r.latencyMs.p50?.toFixed(1)} ms, workerd ${r.workerdCpuPct}% CPU, ${(100 * r.firstTouchShare).toFixed(0)} % first deliveries`);
    });
  }

  // 2. The limit: a no-op worker on the same runtime and settings, same requests (same pool, from the start).
  log("no-op worker on Miniflare, same requests");
  await withMiniflare({ worker: "noop", config, build }, async (inst) => {
    const rss = startRssSampler(inst.workerdPid);
    await loader.call("rewind");
    const pids = { workerd: inst.workerdPid, loader: loader.pid, orchestrator: process.pid };
    const ramp = await rampUp(loader, inst.url, pids, { grow: false, warmupS: 3 });
    peaks.noop = rss.stop();
    results.noop = { ramp: ramp.steps, best: ramp.best, memory: peaks.noop };
  });
  results.ingest.ratioToNoop = round(results.ingest.best.rps / results.noop.best.rps, 3);
  log(`ingest / no-op throughput: ${(100 * results.ingest.ratioToNoop).toFixed(1)} %`);

  // 3. Where the ack path spends CPU: a separate instance with the inspector on (never measured).
  if (PROFILE) {
    log("profile: router isolate CPU profile during ingest (separate instance, inspector attached)");
    const inspectorPort = await freePort();
    await withMiniflare({ worker: "router", queues: "sink", config, build, inspectorPort }, async (inst) => {
      await putTenant(inst.url, { url: "http://127.0.0.1:9", database: "unused", login: "unused", apiKey: "unused", protocol: "jsonrpc" });
      await probeSources(inst.url, await putSources(inst.url));
      await loader.call("rewind");
      await loader.call("resign");
      // Same warm-up as the ingest measurement, so the profile shows the same mix of new/existing objects.
      await loader.call("saturate", { baseUrl: inst.url, steps: [{ connections: PLAN.steps.at(-1), durationS: Math.min(PLAN.warmupS, 20) }] });
      await loader.call("resign");
      const connections = results.ingest.best.connections;
      const bundlePath = path.join(build.dir, "index.js");
      const mix = await profileRouter({
        inspectorPort,
        bundlePath,
        drive: async () => {
          const [r] = await loader.call("saturate", { baseUrl: inst.url, steps: [{ connections, durationS: PLAN.profileS }] });
          return { requests: r.requests, rps: r.rps, firstTouchShare: r.firstTouchShare };
        },
      });
      mix.connections = connections;
      log(`  mix: ${mix.busyMsPerRequest} ms of router-isolate CPU per request (${mix.rps.toFixed(0)} req/s under the profiler); top: ${mix.byFile.slice(0, 5).map((f) => `${f.name} ${f.pct}%`).join(", ")}`);
      // The same deliveries to objects that do not exist yet, then to the same objects again.
      await loader.call("coldWarmPrepare", { sources: results.sources, n: PLAN.coldWarmEntities });
      const byState = {};
      for (const which of ["cold", "warm"]) {
        await loader.call("resign");
        byState[which] = await profileRouter({
          inspectorPort,
          bundlePath,
          drive: async () => {
            const r = await loader.call("closed", { which, baseUrl: inst.url, connections: 4 });
            return { requests: r.requests, rps: r.rps };
          },
        });
        log(`  ${which} objects: ${byState[which].busyMsPerRequest} ms of router-isolate CPU per request; top: ${byState[which].byFile.slice(0, 4).map((f) => `${f.name} ${f.msPerRequest} ms`).join(", ")}`);
      }
      results.profile = { mix, cold: byState.cold, warm: byState.warm };
    });
  }

  // 4. End to end + cost: instrumented bundle, real consumers, the Odoo emulator as a separate process.
  log("end to end: instrumented router, queues consumed by the router, Odoo emulator process");
  const emulator = await startEmulator();
  livePids.add(emulator.pid);
  cleanups.push(() => emulator.stop());
  await withMiniflare({ worker: "router", instrumented: true, queues: "router", config, build }, async (inst) => {
    const rss = startRssSampler(inst.workerdPid);
    await putTenant(inst.url, emulator.odooConnection);
    await putRouting(inst.url);
    await putSources(inst.url);
    const pids = { workerd: inst.workerdPid, emulator: emulator.pid, loader: loader.pid, orchestrator: process.pid };
    const total = PLAN.e2eLoads.reduce((n, l) => n + l.rate * l.durationS, 0);
    const gen = await loader.call("generate", { seed: `${SEED}-e2e`, sources: results.sources, count: total, ...WORKLOAD });
    log(`  e2e workload: ${gen.count} requests, ${gen.redeliveries} redeliveries`);
    // One open-loop window per offered load, lowest first; each drains before the next. The first
    // (5 req/s) is the cost window ("steady", as in earlier runs).
    const windows = [];
    for (const load of PLAN.e2eLoads) {
      await loader.call("resign");
      const w = await e2eWindow({
        name: `load-${load.rate}`,
        inst,
        emulator,
        pids,
        send: (recordFile) => loader.call("paced", { baseUrl: inst.url, rate: load.rate, durationS: load.durationS, maxSockets: Math.max(16, load.rate), recordFile }),
      });
      w.rate = load.rate;
      w.durationS = load.durationS;
      windows.push(w);
      log(`  ${load.rate} req/s: e2e p50 ${w.e2eLatencyMs.p50} / p95 ${w.e2eLatencyMs.p95} / p99 ${w.e2eLatencyMs.p99} ms; ${w.acceptedPerSecond} accepted/s, ${w.writtenPerSecond} written/s (write/ack ${w.writeRateShareOfAckRate}); ${w.odooCallsPerAcceptedEvent} Odoo calls per accepted event; statuses ${JSON.stringify(w.eventStatuses)}`);
    }
    const steady = windows[0];
    const loads = windows.map((w) => ({
      rate: w.rate,
      durationS: w.durationS,
      requests: w.webhookRequests,
      achievedRps: round(w.sent.achievedRps, 2),
      lateSends: w.sent.lateSends,
      acceptedEvents: w.acceptedEvents,
      e2eLatencyMs: w.e2eLatencyMs,
      ackLatencyMs: w.ackLatencyMs,
      acceptedPerSecond: w.acceptedPerSecond,
      writtenPerSecond: w.writtenPerSecond,
      writeRateShareOfAckRate: w.writeRateShareOfAckRate,
      lastWriteAfterLastAckS: w.lastWriteAfterLastAckS,
      eventStatuses: w.eventStatuses,
      drained: w.drained,
      undrained: w.undrained,
      drainWaitS: w.drainWaitS,
      odooCallsPerAcceptedEvent: w.odooCallsPerAcceptedEvent,
      rowsPerAcceptedEvent: rowsBreakdown(w).perAcceptedEvent,
      machineBusyPct: w.cpu.machineBusyPct,
      workerdCpuPct: w.cpu.workerdCpuPct,
    }));
    const odooCallsPerFlow = callsPerFlow(windows.flatMap((w) => w.flowCalls));
    for (const w of windows) delete w.flowCalls;

    const hot = [];
    for (const s of results.sources) {
      if (s.id === "shopify" || s.id === "woocommerce") for (const kind of ["order", "customer"]) hot.push({ provider: s.id, kind, entities: PLAN.burst.perKind });
    }
    if (hot.length === 0) hot.push({ provider: results.sources[0].id, entities: PLAN.burst.perKind * 2 });
    const bursts = await e2eWindow({
      name: "bursts",
      inst,
      emulator,
      pids,
      send: (recordFile) => loader.call("burst", { baseUrl: inst.url, rate: PLAN.burst.rate, hot, updatesPerEntity: PLAN.burst.updatesPerEntity, recordFile }),
    });
    bursts.hot = hot;
    log(`  bursts: e2e p50 ${bursts.e2eLatencyMs.p50} / p99 ${bursts.e2eLatencyMs.p99} ms; ${bursts.odooCalls} Odoo calls, ${bursts.odooCallsPerAcceptedEvent} per accepted event; statuses ${JSON.stringify(bursts.eventStatuses)}`);
    peaks.e2e = rss.stop();
    delete bursts.flowCalls;
    results.e2e = { rate: steady.rate, durationS: steady.durationS, steady, loads, bursts, odooCallsPerFlow, memory: peaks.e2e, emulatorUrl: emulator.url };
    results.e2e.loadWindows = windows.slice(1).map((w) => ({ rate: w.rate, timelineSteps: w.timelineSteps, odooCallsByMethod: w.odooCallsByMethod, deadCount: w.deadCount, deadEvents: w.deadEvents, counters: w.counters }));
  });
  emulator.stop();

  if (BURST) await runIssueBurst(results, config, build);

  await runReconciliation(results, config, build);

  results.cost = computeCost(results.e2e.steady, results.build.queueConsumers);
  results.rows = rowsBreakdown(results.e2e.steady);
  results.costBursts = computeCost(results.e2e.bursts, results.build.queueConsumers);
  results.memory = {
    routerPeakRssMb: round(Math.max(peaks.ingest.peakRssKb, peaks.e2e.peakRssKb) / 1024, 0),
    byPhaseMb: Object.fromEntries(Object.entries(peaks).map(([k, p]) => [k, round(p.peakRssKb / 1024, 0)])),
    entitiesAddressed: results.ingest.poolStatus?.entitiesSent ?? null,
    sampledEveryMs: 100,
  };
  results.machine.loadAvgAtEnd = os.loadavg().map((x) => round(x, 2));
  results.durationS = round((Date.now() - started.getTime()) / 1000, 0);

  writeResults(results, started, QUICK ? "-quick" : "");
}

/** The issue-11 burst (bench/lib/shopify-burst.mjs): plain bundle, real consumers, its own emulator. */
async function runIssueBurst(results, config, build) {
  const o = PLAN.issueBurst;
  log(`burst: the issue-11 Shopify burst (scale ${o.scale}), plain bundle, real consumers, Odoo emulator process`);
  const emulator = await startEmulator();
  livePids.add(emulator.pid);
  cleanups.push(() => emulator.stop());
  try {
    const inspectorPort = BURST_PROFILE ? await freePort() : undefined;
    await withMiniflare({ worker: "router", queues: "router", config, build, inspectorPort }, async (inst) => {
      const rss = startRssSampler(inst.workerdPid);
      await putTenant(inst.url, emulator.odooConnection);
      // Payments invoice their order first, as in test/support/odoo-calls-per-flow.ts (the flow
      // whose budget issue 11 sets).
      await putRouting(inst.url, { orderInvoicing: "on_payment", pricelists: { create: true } });
      const pids = { workerd: inst.workerdPid, emulator: emulator.pid, orchestrator: process.pid };
      const cpu = cpuWindow(pids);
      const around = BURST_PROFILE ? (drive) => profileRouter({ inspectorPort, bundlePath: path.join(build.dir, "index.js"), drive }) : undefined;
      results.burst = await burstPhase({ inst, emulator, scale: o.scale, senders: o.senders, drainS: o.drainS, seed: `${SEED}-burst`, log, around });
      results.burst.cpu = cpu();
      results.burst.memory = rss.stop();
      const b = results.burst;
      if (b.profile) log(`  burst profile: ${b.profile.busyMsPerRequest} ms of router-isolate CPU per accepted event (${b.profile.idlePct} % idle); top: ${b.profile.byFile.slice(0, 6).map((f) => `${f.name} ${f.pct}%`).join(", ")}`);
      log(`  burst: ${b.ackRate} acks/s (p99 ${round(b.ackLatencyMs.p99, 0)} ms), ${b.uniqueEventsWrittenPerSecond} unique events written/s, last Odoo write ${b.lastWriteAfterLastAckS} s after the last ack, write/ack ${b.writeRateShareOfAckRate}; ${b.odooCallsPerUniqueEvent} Odoo calls per unique event; statuses ${JSON.stringify(b.statuses)}`);
    });
  } finally {
    emulator.stop();
  }
}

/** Reconciliation of RECONCILE_ORDERS orders (bench/lib/reconcile.mjs): its own router and emulator. */
async function runReconciliation(results, config, build) {
  log(`reconciliation: router on Miniflare with the WooCommerce fake and the Odoo emulator, ${RECONCILE_ORDERS} orders`);
  const emulator = await startEmulator();
  livePids.add(emulator.pid);
  cleanups.push(() => emulator.stop());
  try {
    await withMiniflare({ worker: "router", queues: "router", config, build, outbound: reconcileOutbound }, async (inst) => {
      results.reconciliation = await reconciliationPhase({ inst, emulator, orders: RECONCILE_ORDERS, log });
    });
  } finally {
    emulator.stop();
  }
}

/** The way back (bench/lib/outbound.mjs), per Odoo version: its own emulator and router each. */
async function runOutbound(results, config, build) {
  results.plan = OUTBOUND_PLAN;
  const runs = [];
  for (const version of OUTBOUND_PLAN.versions) {
    runs.push(
      await outboundVersionRun({
        version,
        plan: OUTBOUND_PLAN,
        log,
        startEmulator: async (o) => {
          const emulator = await startEmulator(o);
          livePids.add(emulator.pid);
          cleanups.push(() => emulator.stop());
          return emulator;
        },
        withRouter: (outbound, fn) => withMiniflare({ worker: "router", queues: "router", config, build, outbound }, fn),
      }),
    );
  }
  results.machine.loadAvgAtEnd = os.loadavg().map((x) => round(x, 2));
  results.outbound = { plan: OUTBOUND_PLAN, runs, machineLine: machineLine(results) };
}

function writeResults(results, started, suffix) {
  const day = started.toISOString().slice(0, 10);
  // `--suffix=x` (any phase): results/<date>-x...; e.g. --suffix=before / --suffix=after.
  if (OUTBOUND_PLAN.suffix && !OUTBOUND_ONLY) suffix = `-${OUTBOUND_PLAN.suffix}${suffix}`;
  const jsonFile = path.join(RESULTS_DIR, `${day}${suffix}.json`);
  const mdFile = path.join(RESULTS_DIR, `${day}${suffix}.md`);
  writeFileSync(jsonFile, JSON.stringify(results, null, 2) + "\n");
  // Charts next to the .md (linked from it): e2e latency against offered load, ingest ramp.
  const charts = {};
  if (results.e2e?.loads?.length) {
    charts.e2e = `${day}${suffix}.svg`;
    writeFileSync(path.join(RESULTS_DIR, charts.e2e), e2eChart(results));
  }
  if (results.ingest?.ramp?.length) {
    charts.ingest = `${day}${suffix}-ingest.svg`;
    writeFileSync(path.join(RESULTS_DIR, charts.ingest), ingestChart(results));
  }
  const md = OUTBOUND_ONLY
    ? `# Router benchmark, ${day} (way back only)\n\n${renderOutbound(results.outbound)}`
    : RECONCILIATION_ONLY
    ? `# Router benchmark, ${day} (reconciliation only)\n\n${machineLine(results)}\n\n${renderReconciliation(results.reconciliation)}`
    : BURST_ONLY
    ? `# Router benchmark, ${day} (issue-11 burst only${results.commit ? `, commit ${results.commit}` : ""})\n\n${machineLine(results)}\n\n${renderBurst(results.burst)}\n${renderCallsPerFlow(results).join("\n")}`
    : renderMarkdown(results, charts) + renderReconciliation(results.reconciliation);
  writeFileSync(mdFile, md);
  console.log(`\n${md}`);
  log(`wrote ${path.relative(ROOT, jsonFile)} and ${path.relative(ROOT, mdFile)} in ${results.durationS} s`);
}

function e2eChart(r) {
  const loads = r.e2e.loads;
  const series = ["p50", "p95", "p99"].map((p) => ({ name: `e2e ${p}`, points: loads.map((l) => [l.rate, l.e2eLatencyMs[p]]) }));
  return latencyChart({
    title: "Webhook -> Odoo committed: latency against offered load",
    subtitle: `${r.date.slice(0, 10)}, ${r.plan.name} run${r.commit ? `, commit ${r.commit}` : ""}; open loop, steady mix; ${r.machine.cores} vCPU, load avg ${r.machine.loadAvgAtStart[0]}`,
    xLabel: "offered load (webhook requests per second)",
    yLabel: "end-to-end latency (log scale)",
    series,
    xTicks: loads.map((l) => l.rate),
    targets: [{ name: "p99 target 2 s (at 20 req/s)", y: 2000 }, { name: "p50 target 300 ms (at 20 req/s)", y: 300 }],
  });
}

function ingestChart(r) {
  const ramp = r.ingest.ramp;
  const half = r.ingest.halfRate;
  const series = [
    { name: "ack p50, ramp", points: ramp.map((s) => [s.rps, s.latencyMs.p50, `${s.connections} conn`]) },
    { name: "ack p99, ramp", points: ramp.map((s) => [s.rps, s.latencyMs.p99, `${s.connections} conn`]) },
    { name: "p99 at 50 %, open loop", points: [[half.achievedRps ?? half.rate, half.latencyMs.p99]] },
  ];
  return latencyChart({
    title: "Ingest: ack latency against throughput",
    subtitle: `closed-loop ramp over ${ramp.map((s) => s.connections).join("/")} connections (queues drained by a sink); no-op worker saturates at ${Math.round(r.noop?.best?.rps ?? 0)} req/s`,
    xLabel: "throughput (2xx per second)",
    yLabel: "ack latency, client side (log scale)",
    series,
    targets: [{ name: "ack p99 target 50 ms (at 50 %)", y: 50 }],
  });
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (err) {
  console.error(err);
  await cleanup();
  process.exit(1);
}
