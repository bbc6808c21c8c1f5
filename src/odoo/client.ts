/**
 * One interface over Odoo's external APIs. Writers call models through it and never see the
 * transport; the client counts calls so the audit trail can say what a write cost.
 */
export interface OdooConnection {
  url: string;
  database: string;
  login: string;
  apiKey: string;
  protocol: "jsonrpc" | "json2";
}

/** Merged under every call's own context (e.g. allowed_company_ids of a multi-company tenant). */
export type OdooContext = Record<string, unknown>;

export function withContext(kwargs: Record<string, unknown>, base: OdooContext | undefined): Record<string, unknown> {
  if (!base || Object.keys(base).length === 0) return kwargs;
  return { ...kwargs, context: { ...base, ...((kwargs.context as OdooContext | undefined) ?? {}) } };
}

export interface OdooClient {
  /** `model.method(*args, **kwargs)` as execute_kw would call it. */
  call<T = unknown>(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<T>;
  /** How many HTTP calls this client made (authentication included). */
  readonly calls: number;
  /** Authenticates and reads the server version (null where the transport cannot tell). */
  probe(): Promise<{ uid: number; serverVersion: string | null }>;
  /** The server version ("19.0", "18.0+e", "saas~18.2") without authenticating; null if unknown. */
  serverVersion(): Promise<string | null>;
}

export type Domain = unknown[];

export async function searchOne(
  odoo: OdooClient,
  model: string,
  domain: Domain,
): Promise<number | null> {
  // Archived records count: re-creating a record an operator archived would duplicate it.
  const ids = await odoo.call<number[]>(model, "search", [domain], { limit: 1, context: { active_test: false } });
  return ids[0] ?? null;
}
