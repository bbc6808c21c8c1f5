// Starts the built worker directly on Miniflare (no `wrangler dev` proxy in front), listening on
// 127.0.0.1 with a free port, and finds the workerd process Miniflare spawned (for RSS and CPU).
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { randomBytes } from "node:crypto";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { childPids, procName } from "./procstat.mjs";
import { readMigrations } from "./build.mjs";

export const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString("hex")}`;
const SECRETS_KEY = randomBytes(32).toString("base64");

const esm = (dir, ...files) => files.map((f) => ({ type: "ESModule", path: path.join(dir, f) }));

function consumerOptions(c) {
  // Every setting of wrangler.toml that Miniflare simulates. max_concurrency is not simulated locally
  // (Miniflare's broker delivers one batch at a time per queue, see bench/README.md).
  return {
    maxBatchSize: c.maxBatchSize,
    maxBatchTimeout: c.maxBatchTimeout,
    maxRetries: c.maxRetries,
    retryDelay: c.retryDelay,
    ...(c.deadLetterQueue ? { deadLetterQueue: c.deadLetterQueue } : {}),
  };
}

/**
 * @param {object} o
 * @param {"noop" | "router"} o.worker
 * @param {boolean} [o.instrumented]  router only: the counting entry (cost phase)
 * @param {"router" | "sink"} [o.queues]  who consumes the router's queues: the router itself (as
 *   deployed) or the no-work sink (ingest phase)
 * @param {number} [o.inspectorPort]  only for the CPU profile (never during a measurement)
 * @param {"tmpfs" | "disk"} [o.state]  where Miniflare keeps D1 / Durable Object SQLite files:
 *   tmpfs (/dev/shm, the default when available) or the OS temp dir on disk (Miniflare's default)
 * @param {(request: Request) => Promise<Response>} [o.outbound]  router only: answers the router's
 *   outbound fetches (the reconciliation phase serves provider API fakes from Node this way)
 */
export async function startMiniflare({ worker, instrumented = false, queues = "router", config, build, inspectorPort, state = "tmpfs", outbound }) {
  const compat = { compatibilityDate: config.compatibilityDate, compatibilityFlags: config.compatibilityFlags };
  let workers;
  if (worker === "noop") {
    workers = [{ name: "noop", modules: esm(build.dir, "noop-worker.mjs"), modulesRoot: build.dir, ...compat }];
  } else {
    const consumers = Object.fromEntries(config.consumers.map((c) => [c.queue, consumerOptions(c)]));
    const routerWorker = {
      name: "router",
      modules: instrumented ? esm(build.dir, "bench-entry.mjs", "bench-instrument.mjs", "index.js") : esm(build.dir, "index.js"),
      modulesRoot: build.dir,
      ...compat,
      bindings: { ...config.vars, ADMIN_TOKEN, SECRETS_KEY },
      d1Databases: Object.fromEntries(config.d1.map((d) => [d.binding, `bench-${d.binding.toLowerCase()}`])),
      durableObjects: Object.fromEntries(config.durableObjects.map((d) => [d.binding, { className: d.className, useSQLite: d.sqlite }])),
      queueProducers: Object.fromEntries(config.producers.map((p) => [p.binding, { queueName: p.queue }])),
      ratelimits: Object.fromEntries(config.ratelimits.map((r) => [r.binding, { namespace_id: r.namespaceId, simple: { limit: r.limit, period: r.period } }])),
      ...(queues === "router" ? { queueConsumers: consumers } : {}),
      ...(outbound ? { outboundService: outbound } : {}),
    };
    workers = [routerWorker];
    if (queues === "sink") {
      const produced = new Set(config.producers.map((p) => p.queue));
      workers.push({
        name: "queue-sink",
        modules: esm(build.dir, "queue-sink.mjs"),
        modulesRoot: build.dir,
        ...compat,
        queueConsumers: Object.fromEntries(config.consumers.filter((c) => produced.has(c.queue)).map((c) => [c.queue, consumerOptions(c)])),
      });
    }
  }

  const before = new Set(childPids(process.pid));
  // Miniflare puts its state under os.tmpdir() (read from TMPDIR when the instance is created).
  const stateDir = state === "tmpfs" && tmpfsAvailable() ? "/dev/shm" : null;
  const savedTmp = process.env.TMPDIR;
  if (stateDir) process.env.TMPDIR = stateDir;
  let mf;
  try {
    mf = new Miniflare(
      convertV4MiniflareOptions({
        host: "127.0.0.1",
        port: 0,
        ...(inspectorPort ? { inspectorPort } : {}),
        logRequests: false,
        workers,
      }),
    );
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  const url = await mf.ready;
  const pid = childPids(process.pid).find((p) => !before.has(p) && procName(p) === "workerd") ?? null;

  if (worker === "router") {
    for (const d of config.d1) {
      const db = await mf.getD1Database(d.binding, "router");
      for (const statement of readMigrations(d.migrationsDir)) await db.prepare(statement).run();
    }
  }
  return {
    mf,
    url: url.href.replace(/\/$/, ""),
    port: Number(url.port),
    workerdPid: pid,
    state: stateDir ? `tmpfs (${stateDir})` : "disk (OS temp dir)",
    d1: worker === "router" ? () => mf.getD1Database(config.d1[0].binding, "router") : null,
    async dispose() {
      await mf.dispose();
    },
  };
}

export function tmpfsAvailable() {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
