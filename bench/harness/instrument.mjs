// Bench-only entry module that wraps the router's built bundle (./index.js, from
// `wrangler deploy --dry-run`) to COUNT what the platform would bill, without changing src/:
//   - Worker invocations: fetch requests, queue consumer invocations, messages delivered/acked/retried
//   - Durable Object requests (every RPC method call on EntityObject, and alarms), SQLite rows
//     read/written (cursor.rowsRead/rowsWritten of every sql.exec), setAlarm/deleteAlarm calls,
//     and the time objects are active (duration estimate)
//   - Queue messages written (send/sendBatch) with their size (one operation per 64 KB)
//   - D1 rows read/written, from the meta of every D1 response (patched at the D1 session layer,
//     so drizzle's .raw() selects are counted too)
// GET /__bench/counters returns them; POST /__bench/reset zeroes them. Used only for the cost
// phase: throughput and latency are measured on the plain bundle.
//
// bench/lib/build.mjs generates the entry module next to the bundle:
//   import * as router from "./index.js";
//   import { instrumentWorker, instrumentDurableObject } from "./bench-instrument.mjs";
//   export default instrumentWorker(router.default);
//   export const EntityObject = instrumentDurableObject(router.EntityObject);   // one per DO class
import { AsyncLocalStorage } from "node:async_hooks";

const als = new AsyncLocalStorage();
const origin = () => {
  const store = als.getStore();
  return typeof store === "string" ? store : store?.label ?? "other";
};

function fresh() {
  return {
    worker: { fetch: {}, queueInvocations: {}, queueMessages: {}, queueAcked: {}, queueRetried: {} },
    do: { requests: {}, sqlStatements: 0, rowsRead: 0, rowsWritten: 0, setAlarm: 0, deleteAlarm: 0, activeMs: 0, constructed: 0, sqlCounting: "pending", byMethod: {} },
    queues: { sendCalls: {}, messages: {}, bytes: {}, ops: {} },
    d1: { counting: "pending", byOrigin: {} },
    timing: {},
  };
}
let C = fresh();
const add = (obj, key, n = 1) => { obj[key] = (obj[key] ?? 0) + n; };
function time(name, ms) {
  const t = (C.timing[name] ??= { n: 0, sum: 0, max: 0 });
  t.n += 1;
  t.sum += ms;
  if (ms > t.max) t.max = ms;
}

// --- D1: count rows from the meta of every response ----------------------------------------
let d1Patched = false;
function patchD1(db) {
  if (d1Patched || !db) return;
  d1Patched = true;
  try {
    const sessionProto = Object.getPrototypeOf(db.withSession("first-primary"));
    let patched = 0;
    for (const name of ["_sendOrThrow", "_queryOrThrow"]) {
      const orig = sessionProto[name];
      if (typeof orig !== "function") continue;
      sessionProto[name] = async function (...args) {
        const from = origin();
        const results = await orig.apply(this, args);
        const o = (C.d1.byOrigin[from] ??= { calls: 0, statements: 0, rowsRead: 0, rowsWritten: 0 });
        o.calls += 1;
        for (const r of Array.isArray(results) ? results : [results]) {
          o.statements += 1;
          o.rowsRead += r?.meta?.rows_read ?? 0;
          o.rowsWritten += r?.meta?.rows_written ?? 0;
        }
        return results;
      };
      patched += 1;
    }
    C.d1.counting = patched > 0 ? "meta" : "unavailable";
  } catch (err) {
    C.d1.counting = `unavailable: ${err}`;
  }
}

// --- Queues: messages written -------------------------------------------------------------
function wrapQueue(queue, name) {
  if (!queue) return queue;
  const sizeOf = (body) => {
    try { return JSON.stringify(body).length; } catch { return 0; }
  };
  const record = (bodies) => {
    add(C.queues.sendCalls, name);
    add(C.queues.messages, name, bodies.length);
    for (const b of bodies) {
      const bytes = sizeOf(b) + 100; // ~100 B of metadata per message (Queues pricing page)
      add(C.queues.bytes, name, bytes);
      add(C.queues.ops, name, Math.ceil(bytes / 64_000));
    }
  };
  return {
    send(body, opts) { record([body]); return queue.send(body, opts); },
    sendBatch(messages, opts) { record(messages.map((m) => m.body)); return queue.sendBatch(messages, opts); },
    metrics: (...a) => queue.metrics(...a),
  };
}

// --- Durable Object namespace: caller-side RPC timing -------------------------------------
function wrapNamespace(ns) {
  if (!ns) return ns;
  const wrapStub = (stub) => new Proxy(stub, {
    get(target, prop) {
      const value = target[prop];
      if (typeof prop !== "string" || prop === "then" || typeof value !== "function") return value;
      return (...args) => {
        const t0 = performance.now();
        const p = target[prop](...args);
        return Promise.resolve(p).finally(() => time(`rpc.${prop}`, performance.now() - t0));
      };
    },
  });
  return new Proxy(ns, {
    get(target, prop) {
      if (prop === "getByName") return (name, o) => wrapStub(target.getByName(name, o));
      if (prop === "get") return (id, o) => wrapStub(target.get(id, o));
      const value = target[prop];
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const envCache = new WeakMap();
/** The env the router sees: DO namespaces and queues wrapped for counting (by binding name). */
function wrapEnv(env) {
  patchD1(env.DB);
  let wrapped = envCache.get(env);
  if (wrapped) return wrapped;
  wrapped = { ...env };
  for (const [name, value] of Object.entries(env)) {
    if (!value || typeof value !== "object") continue;
    try {
      if (typeof value.idFromName === "function" && typeof value.get === "function") wrapped[name] = wrapNamespace(value);
      else if (typeof value.send === "function" && typeof value.sendBatch === "function") wrapped[name] = wrapQueue(value, name);
    } catch {}
  }
  envCache.set(env, wrapped);
  return wrapped;
}

// --- Durable Object: requests, SQLite rows, alarms, active time ----------------------------
let storagePatched = false;
function patchStorage(storage) {
  if (storagePatched) return;
  storagePatched = true;
  try {
    const sql = storage.sql;
    const proto = Object.getPrototypeOf(sql);
    const exec = proto.exec;
    const counted = function (...args) {
      const cursor = exec.apply(this, args);
      C.do.sqlStatements += 1;
      const m = (C.do.byMethod[origin()] ??= { sqlStatements: 0, rowsRead: 0, rowsWritten: 0, setAlarm: 0 });
      m.sqlStatements += 1;
      // Callers consume the cursor synchronously (toArray/one) right after exec: read the counts
      // once that is done.
      queueMicrotask(() => {
        try {
          C.do.rowsRead += cursor.rowsRead;
          C.do.rowsWritten += cursor.rowsWritten;
          m.rowsRead += cursor.rowsRead;
          m.rowsWritten += cursor.rowsWritten;
        } catch {}
      });
      return cursor;
    };
    try { proto.exec = counted; } catch {}
    if (proto.exec !== counted) Object.defineProperty(proto, "exec", { value: counted, configurable: true, writable: true });
    C.do.sqlCounting = proto.exec === counted ? "cursor" : "unavailable";
  } catch (err) {
    C.do.sqlCounting = `unavailable: ${err}`;
  }
  try {
    const sproto = Object.getPrototypeOf(storage);
    for (const [name, key] of [["setAlarm", "setAlarm"], ["deleteAlarm", "deleteAlarm"]]) {
      const orig = sproto[name];
      const wrapped = function (...args) {
        C.do[key] += 1;
        const m = (C.do.byMethod[origin()] ??= { sqlStatements: 0, rowsRead: 0, rowsWritten: 0, setAlarm: 0 });
        m[key] = (m[key] ?? 0) + 1;
        return orig.apply(this, args);
      };
      try { sproto[name] = wrapped; } catch {}
      if (sproto[name] !== wrapped) Object.defineProperty(sproto, name, { value: wrapped, configurable: true, writable: true });
    }
  } catch {}
}

/**
 * Subclass of a Durable Object class whose every method counts as one request when it is entered
 * from outside the object (an RPC call, fetch or alarm), not when the object calls it itself.
 */
export function instrumentDurableObject(Base) {
  if (typeof Base !== "function") return Base;
  class Instrumented extends Base {
    constructor(ctx, env) {
      patchStorage(ctx.storage);
      // The object's start-up (schema set-up in the constructor / blockConcurrencyWhile) is
      // counted under its own label, not as "other".
      als.run({ object: null, label: `do:${Base.name}.startup` }, () => {
        super(ctx, wrapEnv(env));
      });
      C.do.constructed += 1;
      this.__active = 0;
      this.__since = 0;
      try {
        const waitUntil = ctx.waitUntil.bind(ctx);
        const self = this;
        ctx.waitUntil = (p) => {
          self.__enter();
          Promise.resolve(p).finally(() => self.__exit());
          return waitUntil(p);
        };
      } catch {}
    }
    __enter() {
      if (this.__active++ === 0) this.__since = performance.now();
    }
    __exit() {
      if (--this.__active === 0) C.do.activeMs += performance.now() - this.__since;
    }
  }
  const names = new Set();
  for (let proto = Base.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === "DurableObject") break;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const desc = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== "constructor" && typeof desc.value === "function") names.add(name);
    }
  }
  const className = Base.name;
  for (const name of names) {
    const original = Base.prototype[name];
    Object.defineProperty(Instrumented.prototype, name, {
      configurable: true,
      writable: true,
      value: function (...args) {
        const store = als.getStore();
        if (store?.object === this) return original.apply(this, args); // the object calling itself
        const label = `${className}.${name}`;
        add(C.do.requests, label);
        this.__enter();
        const t0 = performance.now();
        return als.run({ object: this, label: `do:${label}` }, async () => {
          try {
            return await original.apply(this, args);
          } finally {
            time(`do.${label}`, performance.now() - t0);
            this.__exit();
          }
        });
      },
    });
  }
  Object.defineProperty(Instrumented, "name", { value: className });
  return Instrumented;
}

// --- Worker handlers -----------------------------------------------------------------------
function routeOf(pathname) {
  if (pathname.startsWith("/webhooks/")) return "webhook";
  if (pathname.startsWith("/v1/admin/")) return "admin";
  if (pathname.startsWith("/v1/tenants/")) return "audit";
  return "other";
}

export function instrumentWorker(worker) {
  return {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/__bench/counters") {
      return Response.json(C);
    }
    if (url.pathname === "/__bench/reset" && request.method === "POST") {
      C = fresh();
      C.d1.counting = d1Patched ? "meta" : "pending";
      C.do.sqlCounting = storagePatched ? "cursor" : "pending";
      return new Response(null, { status: 204 });
    }
    const route = routeOf(url.pathname);
    add(C.worker.fetch, route);
    const t0 = performance.now();
    try {
      return await als.run(`fetch:${route}`, () => worker.fetch(request, wrapEnv(env), ctx));
    } finally {
      time(`fetch.${route}`, performance.now() - t0);
    }
  },

  async queue(batch, env, ctx) {
    const name = batch.queue;
    add(C.worker.queueInvocations, name);
    add(C.worker.queueMessages, name, batch.messages.length);
    const states = new Map();
    let all = null;
    const wrapped = {
      queue: batch.queue,
      metadata: batch.metadata,
      messages: batch.messages.map((m) => ({
        get id() { return m.id; },
        get timestamp() { return m.timestamp; },
        get body() { return m.body; },
        get attempts() { return m.attempts; },
        ack() { if (!states.has(m.id)) states.set(m.id, "ack"); return m.ack(); },
        retry(o) { if (!states.has(m.id)) states.set(m.id, "retry"); return m.retry(o); },
      })),
      ackAll() { all ??= "ack"; return batch.ackAll(); },
      retryAll(o) { all ??= "retry"; return batch.retryAll(o); },
    };
    let threw = false;
    const t0 = performance.now();
    try {
      return await als.run(`queue:${name}`, () => worker.queue(wrapped, wrapEnv(env), ctx));
    } catch (err) {
      threw = true;
      throw err;
    } finally {
      time(`queue.${name}`, performance.now() - t0);
      for (const m of batch.messages) {
        const s = states.get(m.id) ?? (threw ? "retry" : all ?? "ack");
        add(s === "ack" ? C.worker.queueAcked : C.worker.queueRetried, name);
      }
    }
  },
};
}
