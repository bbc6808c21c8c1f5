/**
 * `GET /v1/admin/tenants/{t}/odoo/check`: can the router write to this tenant's Odoo? Authenticates,
 * reads the server version, checks that the models of the tenant's flows are installed, and asks
 * Odoo for the API user's rights on each of them (check_access_rights up to Odoo 18, has_access
 * from 18 on), without writing anything. The flows are those of the kinds the tenant's sources'
 * providers emit (every flow for a tenant without sources, or with configurable providers); kinds
 * its sources only send as thin events are listed as needing the source's API connection.
 */
import { OdooError } from "./errors";
import { majorVersion, type SchemaAwareClient } from "./schema";
import { RECORD_MODELS } from "./writers";
import { WRITTEN_KINDS, type Routing, type WrittenKind } from "../tenant/routing";
import { PROVIDERS } from "../providers/registry";
import { dataByKind } from "../providers/topics";


type Need = { model: string; operations: readonly string[] };
const RW = ["read", "create", "write"] as const;

/** What each flow (src/odoo/writers) reads and writes. Wizards only need create. Tickets: below
 *  (their model depends on the apps installed). */
const FLOW_NEEDS: Record<string, readonly Need[]> = {
  customer: [
    { model: "res.partner", operations: RW },
    { model: "res.country", operations: ["read"] },
    { model: "res.country.state", operations: ["read"] },
  ],
  company: [{ model: "res.partner", operations: RW }],
  product: [{ model: "product.product", operations: RW }],
  order: [
    { model: "res.partner", operations: RW },
    { model: "product.product", operations: RW },
    { model: "sale.order", operations: RW },
    { model: "sale.order.line", operations: ["read", "create", "unlink"] },
  ],
  invoice: [{ model: "account.move", operations: RW }],
  payment: [
    { model: "sale.order", operations: ["read"] },
    { model: "account.move", operations: ["read", "write"] },
    { model: "account.payment", operations: RW },
    { model: "account.payment.register", operations: ["create"] },
    { model: "res.currency", operations: ["read"] },
  ],
  refund: [
    { model: "sale.order", operations: ["read"] },
    { model: "account.move", operations: RW },
    { model: "account.move.reversal", operations: ["create"] },
    { model: "account.payment", operations: RW },
    { model: "account.payment.register", operations: ["create"] },
  ],
  deal: [
    { model: "crm.lead", operations: RW },
    { model: "crm.stage", operations: ["read"] },
  ],
};

export interface OdooCheck {
  ok: boolean;
  authenticated: boolean;
  uid: number | null;
  serverVersion: string | null;
  /** The canonical kinds whose flows were checked. */
  kinds: string[];
  rights: { model: string; operation: string; allowed: boolean | null }[];
  /** Fields the routing maps (`fields`) that this database lacks: such events are dead-lettered. */
  missingFields: { kind: string; model: string; field: string; from: string }[];
  /** Per currency the tenant's sources or routing use: active in Odoo, and the orders' pricelist. */
  currencies: { code: string; active: boolean; pricelistId: number | null }[];
  /**
   * Kinds the tenant's sources send only as thin events (ids) and that cannot be written until the
   * source has an API connection (`api` of the source) to read the objects: not in `kinds`.
   */
  needsApi: ApiNeed[];
  problems: string[];
  odooCalls: number;
}

/** A tenant's source as the check sees it: its provider, and whether it has an API connection. */
export interface SourceFeed {
  provider: string;
  api: boolean;
}

/** Kinds that only thin topics of a provider feed, for sources without an API connection. */
export interface ApiNeed {
  provider: string;
  kinds: string[];
}

/**
 * The kinds a tenant with these sources can write, from each provider's declared topics
 * (src/providers/topics.ts): full and partial topics write; thin ones only once the object is read
 * from the provider, so a kind fed only by thin topics counts when the source has `api` (and the
 * provider an API client), else it is listed in `needsApi`. Every kind for a tenant without
 * sources or with a configurable provider.
 */
export function kindsOf(sources: SourceFeed[]): { kinds: string[]; needsApi: ApiNeed[] } {
  const all: string[] = [...WRITTEN_KINDS];
  const providers = sources.map((s) => ({ source: s, provider: PROVIDERS[s.provider] }));
  if (sources.length === 0 || providers.some((p) => !p.provider || p.provider.topics === "configured")) return { kinds: all, needsApi: [] };
  const kinds = new Set<string>();
  const waiting = new Map<string, Set<string>>();
  for (const { source, provider } of providers) {
    if (!provider || provider.topics === "configured") continue;
    for (const [kind, data] of dataByKind(provider.topics)) {
      if (data !== "thin" || (source.api && provider.api)) kinds.add(kind);
      else waiting.set(provider.id, (waiting.get(provider.id) ?? new Set()).add(kind));
    }
  }
  const needsApi = [...waiting]
    .map(([provider, thin]) => ({ provider, kinds: all.filter((k) => thin.has(k) && !kinds.has(k)) }))
    .filter((n) => n.kinds.length > 0);
  return { kinds: all.filter((k) => kinds.has(k)), needsApi };
}

export async function checkOdoo(
  odoo: SchemaAwareClient,
  sourceKinds: string[],
  routing: Routing,
  sourceCurrencies: string[] = [],
  needsApi: ApiNeed[] = [],
): Promise<OdooCheck> {
  const kinds = sourceKinds.filter((k) => routing.flows[k as WrittenKind] !== "ignore");
  const problems: string[] = [];
  let probe: { uid: number; serverVersion: string | null };
  try {
    probe = await odoo.probe();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      authenticated: false,
      uid: null,
      serverVersion: null,
      kinds,
      rights: [],
      missingFields: [],
      currencies: [],
      needsApi,
      problems: [message],
      odooCalls: odoo.calls,
    };
  }
  const needs = new Map<string, Set<string>>();
  const need = (model: string, operations: readonly string[]) => {
    const set = needs.get(model) ?? new Set<string>();
    operations.forEach((o) => set.add(o));
    needs.set(model, set);
  };
  for (const kind of kinds) for (const n of FLOW_NEEDS[kind] ?? []) need(n.model, n.operations);
  if (routing.orderInvoicing === "on_payment" && kinds.includes("payment")) {
    // Confirming the order and creating its invoice run as the API user.
    need("sale.order", ["write"]);
    need("account.move", ["create"]);
    need("sale.advance.payment.inv", ["create"]);
  }

  // One read of the installed models: a missing app is named as such, not as a refused right.
  const wanted = [...needs.keys(), "res.partner", "helpdesk.ticket", "helpdesk.stage", "project.task"];
  const installed = new Set(
    (await odoo.call<{ model: string }[]>("ir.model", "search_read", [[["model", "in", wanted]], ["model"]])).map((r) => r.model),
  );
  if (kinds.includes("ticket")) {
    need("res.partner", ["read", "create"]); // requesters
    if (installed.has("helpdesk.ticket")) {
      need("helpdesk.ticket", RW);
      need("helpdesk.stage", ["read"]);
    } else if (routing.tickets.fallback === "project.task") need("project.task", RW);
    else problems.push('tickets: the Helpdesk app is not installed and the routing has no tickets fallback ("project.task")');
  }
  problems.push(...(await missingRoutedRecords(odoo, routing, installed)));
  const missingFields = await missingMappedFields(odoo, routing, kinds, installed);
  for (const m of missingFields) {
    problems.push(
      `routing fields.${m.kind} maps "${m.from}" to ${m.model}.${m.field}, which this Odoo database${probe.serverVersion ? ` (${probe.serverVersion})` : ""} does not have: ${m.kind} events will be dead-lettered until the field exists or the mapping is changed`,
    );
  }
  const currencies = await currencyChecks(odoo, routing, kinds, sourceCurrencies, installed, problems);

  const rights: OdooCheck["rights"] = [];
  for (const [model, operations] of needs) {
    if (!installed.has(model)) {
      problems.push(`${model} is not installed in this Odoo (needed for ${kindsNeeding(model, kinds).join(", ") || "tickets"} events)`);
      continue;
    }
    for (const operation of operations) {
      const allowed = await hasRight(odoo, model, operation);
      rights.push({ model, operation, allowed });
      if (allowed === false) problems.push(`the API user may not ${operation} ${model}`);
      if (allowed === null) problems.push(`could not check the right to ${operation} ${model}`);
    }
  }
  const major = majorVersion(probe.serverVersion);
  // 16.0 is written to as well: its field differences are handled by the schema-aware client.
  if (major !== null && major < 16) problems.push(`Odoo ${probe.serverVersion} is older than the supported 16.0`);
  return {
    ok: problems.length === 0,
    authenticated: true,
    uid: probe.uid,
    serverVersion: probe.serverVersion,
    kinds,
    rights,
    missingFields,
    currencies,
    needsApi,
    problems,
    odooCalls: odoo.calls,
  };
}

/** The mapped fields (routing `fields`) of the checked kinds that the record models lack. */
async function missingMappedFields(odoo: SchemaAwareClient, routing: Routing, kinds: string[], installed: Set<string>): Promise<OdooCheck["missingFields"]> {
  const missing: OdooCheck["missingFields"] = [];
  for (const kind of kinds) {
    const mappings = routing.fields[kind] ?? [];
    if (mappings.length === 0 || !Object.hasOwn(RECORD_MODELS, kind)) continue;
    for (const model of RECORD_MODELS[kind as WrittenKind]) {
      if (!installed.has(model) && model !== "res.partner") continue;
      // A ticket goes to Helpdesk when it is installed, else to the routing's fallback task.
      if (model === "project.task" && (installed.has("helpdesk.ticket") || routing.tickets.fallback !== "project.task")) continue;
      const fields = await odoo.fields(model);
      for (const m of mappings) if (!(m.to in fields)) missing.push({ kind, model, field: m.to, from: m.from });
    }
  }
  return missing;
}

/**
 * Currencies in use (the sources' declared ones, the routing's `currencies`, `pricelists` codes and
 * `defaultCurrency`): each must be an active res.currency; orders in it need a pricelist in it
 * (the routing's, an active one, or `pricelists.create`), except in the company currency.
 */
async function currencyChecks(
  odoo: SchemaAwareClient,
  routing: Routing,
  kinds: string[],
  sourceCurrencies: string[],
  installed: Set<string>,
  problems: string[],
): Promise<OdooCheck["currencies"]> {
  const pinned = Object.keys(routing.pricelists).filter((k) => k !== "create");
  const codes = [...new Set([...sourceCurrencies, ...(routing.currencies ?? []), ...pinned, ...(routing.defaultCurrency ? [routing.defaultCurrency] : [])])];
  if (codes.length === 0) return [];
  const rows = await odoo.call<{ id: number; name: string; active: boolean }[]>(
    "res.currency",
    "search_read",
    [[["name", "in", codes]], ["name", "active"]],
    { context: { active_test: false } },
  );
  const orders = kinds.includes("order") && installed.has("sale.order");
  const [company] = orders
    ? await odoo.call<{ currency_id: [number, string] | false }[]>("res.company", "search_read", [routing.companyId ? [["id", "=", routing.companyId]] : [], ["currency_id"]], { limit: 1 })
    : [];
  const out: OdooCheck["currencies"] = [];
  for (const code of codes) {
    const currency = rows.find((r) => r.name === code);
    if (!currency?.active) {
      problems.push(`currency ${code} is ${currency ? "not active" : "not"} in this Odoo database: activate it (Accounting > Currencies); ${code} documents are dead-lettered until then`);
      out.push({ code, active: false, pricelistId: null });
      continue;
    }
    let pricelistId: number | null = null;
    if (orders) {
      const named = routing.pricelists[code];
      const domain = [["currency_id", "=", currency.id], ["active", "=", true], ...(typeof named === "number" ? [["id", "=", named]] : [])];
      pricelistId = (await odoo.call<number[]>("product.pricelist", "search", [domain], { limit: 1 }))[0] ?? null;
      if (typeof named === "number" && pricelistId === null) {
        problems.push(`routing pricelists.${code} names product.pricelist ${named}, which is not an active ${code} pricelist`);
      } else if (pricelistId === null && !routing.pricelists.create && company?.currency_id && company.currency_id[0] !== currency.id) {
        problems.push(
          `no active ${code} pricelist in this Odoo database: ${code} orders will be dead-lettered; create one, name it in routing pricelists.${code}, or set routing pricelists.create = true`,
        );
      }
    }
    out.push({ code, active: true, pricelistId });
  }
  return out;
}

/** Records the routing names by id (journals, taxes, project, team, company) that do not exist. */
async function missingRoutedRecords(odoo: SchemaAwareClient, routing: Routing, installed: Set<string>): Promise<string[]> {
  const named: [string, string, number[]][] = [
    ["paymentJournals", "account.journal", Object.values(routing.paymentJournals)],
    ["lineTaxIds", "account.tax", routing.lineTaxIds ?? []],
    ["companyId", "res.company", routing.companyId ? [routing.companyId] : []],
    ["tickets.projectId", "project.project", routing.tickets.projectId ? [routing.tickets.projectId] : []],
    ["tickets.teamId", "helpdesk.team", routing.tickets.teamId ? [routing.tickets.teamId] : []],
  ];
  const problems: string[] = [];
  for (const [setting, model, ids] of named) {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) continue;
    if (model.startsWith("helpdesk.") && !installed.has("helpdesk.ticket")) continue;
    try {
      const found = await odoo.call<number[]>(model, "search", [[["id", "in", wanted]]], { context: { active_test: false } });
      const missing = wanted.filter((id) => !found.includes(id));
      if (missing.length) problems.push(`routing ${setting} names ${model} ${missing.join(", ")}, which does not exist`);
      if (model === "account.journal" && found.length) {
        // The payment wizard only offers bank, cash and credit card journals.
        const rows = await odoo.call<{ id: number; type: string }[]>(model, "read", [found, ["type"]]);
        for (const j of rows.filter((r) => !["bank", "cash", "credit"].includes(r.type))) {
          problems.push(`routing ${setting} names account.journal ${j.id} of type ${j.type}: payments need a bank, cash or credit card journal`);
        }
      }
    } catch (err) {
      problems.push(`could not check routing ${setting} (${model}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return problems;
}

const kindsNeeding = (model: string, kinds: string[]) => kinds.filter((k) => FLOW_NEEDS[k]?.some((n) => n.model === model));

export async function hasRight(odoo: Pick<SchemaAwareClient, "call">, model: string, operation: string): Promise<boolean | null> {
  try {
    return Boolean(await odoo.call(model, "check_access_rights", [operation], { raise_exception: false }));
  } catch (err) {
    if (!(err instanceof OdooError) || err.category !== "business") return null;
  }
  try {
    // Newer Odoo: has_access on an empty recordset answers the model-level right.
    return Boolean(await odoo.call(model, "has_access", [[], operation]));
  } catch {
    return null;
  }
}
