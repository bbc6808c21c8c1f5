/**
 * Version-aware writes: what the tenant's Odoo database has, and a client that never sends it a
 * field it lacks. Odoo answers an unknown field in create/write values with
 * `ValueError: Invalid field 'x' on model 'y'` (odoo/models.py, 16.0-19.0), which dead-letters the
 * whole write; fields come and go between versions and with installed apps (res.partner `mobile`
 * removed in 19, `company_name` gone after 19, account.payment `ref` -> `memo` in 18, ...).
 *
 * The schema of each model is read once with `fields_get` and kept per isolate for ten minutes,
 * keyed by Odoo URL + database (not by tenant: two tenants on one database share it). An
 * "Invalid field" answer means the database changed under the cache (a module uninstalled): the
 * model's schema is read again and the call retried once.
 *
 * Values a flow sets on its own (the router's built-ins) that the database lacks are dropped and
 * listed (`droppedFields`, in the audit detail). Values the tenant's routing maps (`fields`) are
 * never dropped silently: the write fails as a configuration error naming kind, model and field.
 */
import type { OdooClient } from "./client";
import { OdooError } from "./errors";

export interface FieldInfo {
  type: string;
  /** Comodel of a relational field: x2many Command values are filtered against it. */
  relation?: string;
}
export type ModelSchema = Record<string, FieldInfo>;

const TTL_MS = 600_000;
const MAX_ENTRIES = 2000;
const schemas = new Map<string, { expires: number; fields: Promise<ModelSchema> }>();
const versions = new Map<string, { expires: number; version: Promise<string | null> }>();

/** Methods whose arguments carry field values (create/write dicts, load columns). */
const VALUE_METHODS = new Set(["create", "write", "load"]);
/** Odoo's text for an unknown field in values (odoo/models.py create/_write/read, 16.0-19.0). */
const INVALID_FIELD = /Invalid field '([^']+)' (?:on model|in) '([^']+)'/;

/** The Odoo database a connection writes to: what the schema cache is keyed by. */
export const databaseKey = (connection: { url: string; database: string }) =>
  `${connection.url.replace(/\/+$/, "")}\u0000${connection.database}`;

/** Mapped fields of the event being written: model -> field -> the routing key that maps it. */
export type MappedFields = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The major version of a server version ("19.0", "18.0+e", "saas~18.2" -> 19, 18, 18); null if unknown. */
export function majorVersion(serverVersion: string | null): number | null {
  const major = Number.parseInt((serverVersion ?? "").replace(/^saas~/, ""), 10);
  return Number.isFinite(major) ? major : null;
}

export class SchemaAwareClient implements OdooClient {
  /** "model.field" values this client did not send because the database lacks the field. */
  readonly droppedFields: string[] = [];

  constructor(
    private readonly inner: OdooClient,
    private readonly database: string,
    private readonly mapped: MappedFields = new Map(),
  ) {}

  get calls(): number {
    return this.inner.calls;
  }

  probe() {
    return this.inner.probe();
  }

  /** The fields of `model` in this database (cached; read with fields_get). */
  async fields(model: string): Promise<ModelSchema> {
    const key = `${this.database}\u0000${model}`;
    const now = Date.now();
    const hit = schemas.get(key);
    if (hit && hit.expires > now) return hit.fields;
    if (schemas.size > MAX_ENTRIES) schemas.clear();
    const fields = this.inner
      .call<Record<string, { type: string; relation?: string }>>(model, "fields_get", [], { attributes: ["type", "relation"] })
      .then((raw) => Object.fromEntries(Object.entries(raw).map(([name, f]) => [name, { type: f.type, relation: f.relation }])));
    schemas.set(key, { expires: now + TTL_MS, fields });
    // A failed read is not cached: the next write asks again.
    fields.catch(() => schemas.get(key)?.fields === fields && schemas.delete(key));
    return fields;
  }

  /** The server version ("19.0", "18.0+e", "saas~18.2"), cached like the schemas; null if unknown. */
  async serverVersion(): Promise<string | null> {
    const now = Date.now();
    const hit = versions.get(this.database);
    if (hit && hit.expires > now) return hit.version;
    const version = this.inner.serverVersion().catch(() => null);
    versions.set(this.database, { expires: now + TTL_MS, version });
    return version;
  }

  forget(model: string): void {
    schemas.delete(`${this.database}\u0000${model}`);
  }

  async call<T = unknown>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<T> {
    if (method === "fields_get") return (await this.fieldsGet(model, args, kwargs)) as T;
    if (!VALUE_METHODS.has(method)) return this.inner.call<T>(model, method, args, kwargs);
    for (let attempt = 0; ; attempt++) {
      const filtered = await this.filterArgs(model, method, args);
      try {
        return await this.inner.call<T>(model, method, filtered, kwargs);
      } catch (err) {
        const invalid = err instanceof OdooError && err.odooName === "builtins.ValueError" ? INVALID_FIELD.exec(err.message) : null;
        if (!invalid || attempt > 0) throw err;
        // The database lost a field since its schema was read: read it again, then retry once.
        this.forget(model);
        this.forget(invalid[2]!);
      }
    }
  }

  /** fields_get answered from the cached schema (hasField asks it before every write). */
  private async fieldsGet(model: string, args: unknown[], kwargs: Record<string, unknown>): Promise<Record<string, FieldInfo>> {
    const attributes = (args[1] ?? kwargs.attributes) as string[] | undefined;
    if (attributes && attributes.some((a) => a !== "type" && a !== "relation")) {
      return this.inner.call(model, "fields_get", args, kwargs);
    }
    const schema = await this.fields(model);
    const wanted = (args[0] ?? kwargs.allfields) as string[] | undefined;
    const names = wanted && wanted.length ? wanted.filter((n) => n in schema) : Object.keys(schema);
    return Object.fromEntries(names.map((n) => [n, schema[n]!]));
  }

  private async filterArgs(model: string, method: string, args: unknown[]): Promise<unknown[]> {
    if (method === "create") {
      const values = Array.isArray(args[0])
        ? await Promise.all((args[0] as Record<string, unknown>[]).map((v) => this.filterValues(model, v)))
        : await this.filterValues(model, args[0] as Record<string, unknown>);
      return [values, ...args.slice(1)];
    }
    if (method === "write") return [args[0], await this.filterValues(model, args[1] as Record<string, unknown>), ...args.slice(2)];
    // load(fields, data): a column the database lacks is refused like a value (no silent drop of
    // data rows: columns are the router's own, so a missing one is a bug worth failing on).
    const columns = (args[0] as string[]) ?? [];
    const schema = await this.fields(model);
    for (const column of columns) {
      const field = column.split(/[/:.]/)[0]!;
      if (field !== "id" && field !== "" && !(field in schema)) this.refuse(model, field, await this.serverVersion());
    }
    return args;
  }

  /** The values the database can take; x2many Command dicts are filtered against their comodel. */
  private async filterValues(model: string, values: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!values || typeof values !== "object") return values;
    const schema = await this.fields(model);
    const kept: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(values)) {
      const info = schema[field];
      if (!info) {
        const mappedBy = this.mapped.get(model)?.get(field);
        if (mappedBy) {
          // Read again before refusing: the operator may just have created the field.
          this.forget(model);
          const fresh = await this.fields(model);
          if (fresh[field]) {
            kept[field] = value;
            continue;
          }
          this.refuse(model, field, await this.serverVersion(), mappedBy);
        }
        const dropped = `${model}.${field}`;
        if (!this.droppedFields.includes(dropped)) this.droppedFields.push(dropped);
        continue;
      }
      kept[field] = info.relation && (info.type === "one2many" || info.type === "many2many") && Array.isArray(value)
        ? await this.filterCommands(info.relation, value)
        : value;
    }
    return kept;
  }

  /** [0, 0, vals] (create) and [1, id, vals] (update) carry values of the comodel. */
  private async filterCommands(comodel: string, commands: unknown[]): Promise<unknown[]> {
    return Promise.all(
      commands.map(async (command) => {
        if (!Array.isArray(command) || (command[0] !== 0 && command[0] !== 1) || typeof command[2] !== "object" || command[2] === null) {
          return command;
        }
        return [command[0], command[1], await this.filterValues(comodel, command[2] as Record<string, unknown>)];
      }),
    );
  }

  private refuse(model: string, field: string, version: string | null, mappedBy?: string): never {
    const where = `this Odoo database${version ? ` (${version})` : ""}`;
    throw new OdooError(
      "business",
      mappedBy
        ? `configuration: the routing maps ${mappedBy} to ${model}.${field}, but ${model} has no field "${field}" in ${where}: create the field in Odoo (or install its module) or change the mapping, then replay`
        : `${model} has no field "${field}" in ${where}`,
      null,
    );
  }
}

/** The client a write uses: the transport client behind the schema filter. */
export function schemaAware(inner: OdooClient, connection: { url: string; database: string }, mapped?: MappedFields): SchemaAwareClient {
  return new SchemaAwareClient(inner, databaseKey(connection), mapped);
}
