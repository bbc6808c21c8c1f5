/**
 * The router as a browser reaches it: the Worker built as deployed (`wrangler deploy --dry-run`),
 * run by Miniflare on a loopback port with wrangler.toml's bindings, its D1 migrated, and the
 * Odoo emulator (scripts/odoo-emulator.mjs) on another loopback port as the tenant's Odoo.
 * Node side only (the browser project of vitest.config.ts).
 */
import { readD1Migrations } from "@cloudflare/vitest-plugin";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unstable_readConfig } from "wrangler";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

export interface RouterHost {
  url: string;
  adminToken: string;
  odooUrl: string;
  /** The emulator's control API (/__emulator/*). */
  emulator(method: string, route: string, body?: unknown): Promise<unknown>;
  /** Runs the Worker's scheduled handler as a Cron Trigger would (e.g. "* * * * *", the alerts). */
  cron(cron: string, at?: number): Promise<void>;
  stop(): Promise<void>;
}

/** What this host reads of wrangler.toml (through wrangler's own reader). */
interface WranglerConfig {
  compatibility_date: string;
  compatibility_flags?: string[];
  vars?: Record<string, unknown>;
  migrations: { new_sqlite_classes?: string[] }[];
  d1_databases: { binding: string }[];
  durable_objects: { bindings: { name: string; class_name: string }[] };
  queues: { producers: { binding: string; queue: string }[]; consumers: { queue: string; max_retries?: number; dead_letter_queue?: string }[] };
  ratelimits?: { name: string; namespace_id: string; simple: { limit: number; period: number } }[];
}

function buildWorker(outdir: string): string {
  const wrangler = path.join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const built = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", outdir], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
  });
  const bundle = path.join(outdir, "index.js");
  if (built.status !== 0 || !existsSync(bundle)) throw new Error(`wrangler deploy --dry-run failed:\n${built.stdout}\n${built.stderr}`);
  return bundle;
}

export async function startRouter(): Promise<RouterHost> {
  const emulatorModule = (await import(path.join(ROOT, "scripts", "odoo-emulator.mjs"))) as {
    startEmulatorServer(o: { port: number; host: string }): Promise<{ url: string; close(): Promise<void> }>;
  };
  const odoo = await emulatorModule.startEmulatorServer({ port: 0, host: "127.0.0.1" });
  const outdir = mkdtempSync(path.join(tmpdir(), "console-build-"));
  const config = unstable_readConfig({ config: path.join(ROOT, "wrangler.toml") }) as unknown as WranglerConfig;
  const sqliteClasses = new Set(config.migrations.flatMap((m) => m.new_sqlite_classes ?? []));
  const adminToken = `console-admin-${randomBytes(12).toString("hex")}`;
  const bundle = buildWorker(outdir);
  const router = {
    name: "router",
    modules: [{ type: "ESModule", path: bundle }],
    modulesRoot: outdir,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    bindings: {
      ...(config.vars as Record<string, string>),
      ADMIN_TOKEN: adminToken,
      SECRETS_KEY: randomBytes(32).toString("base64"),
      // A transient failure retried at once: the test waits for outcomes, not for backoff.
      RETRY_BASE_SECONDS: "0",
      SOURCE_CACHE_SECONDS: "0",
    },
    d1Databases: Object.fromEntries(config.d1_databases.map((d) => [d.binding, `console-${d.binding.toLowerCase()}`])),
    durableObjects: Object.fromEntries(
      config.durable_objects.bindings.map((b) => [b.name, { className: b.class_name, useSQLite: sqliteClasses.has(b.class_name) }]),
    ),
    queueProducers: Object.fromEntries(config.queues.producers.map((p) => [p.binding, { queueName: p.queue }])),
    queueConsumers: Object.fromEntries(
      config.queues.consumers.map((c) => [
        c.queue,
        { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: c.max_retries, ...(c.dead_letter_queue ? { deadLetterQueue: c.dead_letter_queue } : {}) },
      ]),
    ),
    ratelimits: Object.fromEntries(
      (config.ratelimits ?? []).map((r) => [r.name, { namespace_id: r.namespace_id, simple: { limit: r.simple.limit, period: r.simple.period } }]),
    ),
  };
  const mf = new Miniflare(convertV4MiniflareOptions({ host: "127.0.0.1", port: 0, logRequests: false, workers: [router] } as never));
  const url = (await mf.ready).href.replace(/\/$/, "");
  const migrations = await readD1Migrations(path.join(ROOT, "migrations"));
  for (const d of config.d1_databases) {
    const db = await mf.getD1Database(d.binding);
    for (const m of migrations) for (const query of m.queries) await db.prepare(query).run();
  }
  return {
    url,
    adminToken,
    odooUrl: odoo.url,
    async emulator(method, route, body) {
      const res = await fetch(`${odoo.url}/__emulator/${route}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`emulator ${method} ${route} -> ${res.status} ${await res.text()}`);
      return res.json();
    },
    async cron(cron, at = Date.now()) {
      const worker = await mf.getWorker();
      const result = await worker.scheduled({ cron, scheduledTime: new Date(at) });
      if (result.outcome !== "ok") throw new Error(`scheduled ${cron} -> ${result.outcome}`);
    },
    async stop() {
      await mf.dispose();
      await odoo.close();
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}
