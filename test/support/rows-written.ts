/**
 * Counts the rows the router writes, as Cloudflare bills them, inside the test runtime (the entity
 * objects, the gate and the queue consumers run in the test's isolate):
 *   - Durable Object SQLite: `cursor.rowsWritten` of every `sql.exec`, plus one row per `setAlarm`
 *     (as billed), attributed to the object method that ran it (`EntityObject.ingest`, ...; the
 *     outbox flush an object starts after a change is `EntityObject.flush`);
 *   - D1: `meta.rows_written` of every statement, attributed to the table it writes.
 * The same counts the benchmark's instrumentation takes (bench/harness/instrument.mjs), per path.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "cloudflare:workers";
import { EntityObject } from "../../src/entity/entity-object";
import { OdooGate } from "../../src/tenant/odoo-gate";

export interface PathCount {
  statements: number;
  rowsWritten: number;
  setAlarm: number;
}

export interface RowCounts {
  /** Durable Object rows per method (`Class.method`). */
  do: Record<string, PathCount>;
  /** D1 rows per statement kind (`insert events`, `update timeline_chunks`, ...). */
  d1: Record<string, PathCount>;
  /** Durable Object rows per method and statement (the SQL text, shortened). */
  doStatements: Record<string, PathCount>;
}

const als = new AsyncLocalStorage<string>();
let counts: RowCounts = { do: {}, d1: {}, doStatements: {} };
let installed = false;

const bucket = (table: Record<string, PathCount>, key: string) => (table[key] ??= { statements: 0, rowsWritten: 0, setAlarm: 0 });

/** What a D1 statement writes, for the breakdown: its verb and first table. */
function d1Label(text: string): string {
  const sql = text.replace(/\s+/g, " ").trim().toLowerCase();
  const m = /^(insert(?: or \w+)? into|update|delete from|select|replace into)\s+[`"]?(\w+)/.exec(sql);
  return m ? `${m[1]!.split(" ")[0]} ${m[2]}` : sql.slice(0, 30);
}

/** The SQL texts of a D1 session call's query argument (one statement or a batch). */
function sqlOf(query: unknown): string[] {
  const list = Array.isArray(query) ? query : [query];
  return list.map((q) => (typeof q === "string" ? q : ((q as { sql?: string })?.sql ?? JSON.stringify(q).slice(0, 60))));
}

function wrapMethods(cls: { prototype: object; name: string }, names: string[]): void {
  const proto = cls.prototype as Record<string, unknown>;
  for (const name of names) {
    const original = proto[name];
    if (typeof original !== "function") continue;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      return als.run(`${cls.name}.${name}`, () => (original as (...a: unknown[]) => unknown).apply(this, args));
    };
  }
}

/** Patches the runtime once (SqlStorage, the D1 session, the objects' methods); then counts. */
export async function installRowCounter(sql: SqlStorage, storage: DurableObjectStorage): Promise<void> {
  if (installed) return;
  installed = true;
  const sqlProto = Object.getPrototypeOf(sql) as { exec: (...a: unknown[]) => SqlStorageCursor<Record<string, SqlStorageValue>> };
  const exec = sqlProto.exec;
  sqlProto.exec = function (this: unknown, ...args: unknown[]) {
    const cursor = exec.apply(this, args);
    const count = bucket(counts.do, als.getStore() ?? "other");
    const byStatement = bucket(counts.doStatements, `${als.getStore() ?? "other"}: ${String(args[0]).replace(/\s+/g, " ").slice(0, 90)}`);
    count.statements += 1;
    byStatement.statements += 1;
    // Callers read the cursor right after exec: its counts are final once they did.
    queueMicrotask(() => {
      count.rowsWritten += cursor.rowsWritten;
      byStatement.rowsWritten += cursor.rowsWritten;
    });
    return cursor;
  };
  const storageProto = Object.getPrototypeOf(storage) as { setAlarm: (...a: unknown[]) => Promise<void> };
  const setAlarm = storageProto.setAlarm;
  storageProto.setAlarm = function (this: unknown, ...args: unknown[]) {
    bucket(counts.do, als.getStore() ?? "other").setAlarm += 1;
    return setAlarm.apply(this, args);
  };

  const session = Object.getPrototypeOf((env as unknown as { DB: D1Database }).DB.withSession("first-primary")) as Record<string, unknown>;
  for (const name of ["_sendOrThrow", "_queryOrThrow"]) {
    const original = session[name];
    if (typeof original !== "function") continue;
    session[name] = async function (this: unknown, ...args: unknown[]) {
      const results = await (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      // args[1]: the statement (or the batch's statements), see workerd's d1-api.
      const queries = sqlOf(args[1]);
      const list = (Array.isArray(results) ? results : [results]) as { meta?: { rows_written?: number } }[];
      list.forEach((result, i) => {
        const count = bucket(counts.d1, d1Label(queries[i] ?? queries[0] ?? "?"));
        count.statements += 1;
        count.rowsWritten += result?.meta?.rows_written ?? 0;
      });
      return results;
    };
  }

  wrapMethods(EntityObject, [
    "ingest",
    "replay",
    "claim",
    "erase",
    "lockForDependent",
    "unlockForDependent",
    "addWaiter",
    "wake",
    "releaseForDeadDependency",
    "defer",
    "recordRetry",
    "complete",
    "alarm",
    "flush",
  ]);
  wrapMethods(OdooGate, Object.getOwnPropertyNames(OdooGate.prototype).filter((n) => n !== "constructor"));
}

export function resetRowCounts(): void {
  counts = { do: {}, d1: {}, doStatements: {} };
}

export function rowCounts(): RowCounts {
  return structuredClone(counts);
}

export const total = (table: Record<string, PathCount>, match: (key: string) => boolean = () => true) =>
  Object.entries(table)
    .filter(([key]) => match(key))
    .reduce((sum, [, c]) => sum + c.rowsWritten + c.setAlarm, 0);

/** A readable breakdown: one line per path, rows (statements, setAlarm). */
export function describeCounts(c: RowCounts, per: number): string {
  const lines = (table: Record<string, PathCount>) =>
    Object.entries(table)
      .sort(([, a], [, b]) => b.rowsWritten + b.setAlarm - (a.rowsWritten + a.setAlarm))
      .map(([k, v]) => `  ${k.padEnd(40)} rows ${String(v.rowsWritten + v.setAlarm).padStart(4)} (${(v.rowsWritten + v.setAlarm) / per}/event)  statements ${v.statements}  setAlarm ${v.setAlarm}`);
  return [
    `DO (${total(c.do)} rows):`,
    ...lines(c.do),
    `DO statements:`,
    ...lines(c.doStatements).filter((l) => !/rows {3}0 /.test(l)),
    `D1 (${total(c.d1)} rows):`,
    ...lines(c.d1),
  ].join("\n");
}
