/**
 * The router's callbacks in a tenant's Odoo 17+: per outbound flow the routing enables and per
 * model the flow watches, one automation rule (`base.automation`, on create and write of the
 * watch's trigger fields, filtered by its domain) with one "Send Webhook Notification" action
 * (`ir.actions.server`, state `webhook`) that POSTs the watch's fields and `write_date` to the Odoo
 * source's callback URL `<publicUrl>/webhooks/{tenant}/{source}?token=<newest secret>`.
 *
 * Field names as in odoo/addons/base/models/ir_actions.py and addons/base_automation (17.0+;
 * odoo-outbound.md §1.2, §1.6): `model_id`, `trigger` (sent with `model_id` in the same create: 18
 * resets it when the model changes), `trigger_field_ids`, `filter_domain` (a Python literal),
 * `action_server_ids` (one2many, nested create), `webhook_url`, `webhook_field_ids`, `usage`.
 *
 * Rules are recognised by name (`Odoo router: <flow> <model> [<source>]`), so provisioning is
 * idempotent: an existing rule whose URL, fields, trigger fields or domain differ is updated, a
 * disabled one re-enabled, a rule of a flow no longer routed removed. Odoo 16 has no webhook
 * action: its changes are polled (src/odoo/source/poller.ts).
 */
import type { OdooClient } from "../client";
import type { OutboundFlowName, WatchedModel } from "../../outbound/flow";
import type { ProvisionedRule } from "./options";
import type { FlowWatch } from "./watches";

export const RULE_PREFIX = "Odoo router: ";
export const ruleName = (flow: OutboundFlowName, model: string, source: string) => `${RULE_PREFIX}${flow} ${model} [${source}]`;
export const callbackUrl = (publicUrl: string, tenant: string, source: string, token: string) =>
  `${publicUrl.replace(/\/+$/, "")}/webhooks/${encodeURIComponent(tenant)}/${encodeURIComponent(source)}?token=${encodeURIComponent(token)}`;

/** A JSON domain (`[["state","=","done"]]`) as the Python literal Odoo's `filter_domain` holds. */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) {
    // A domain leaf is a tuple ('field', 'op', value); the domain and value lists are lists.
    const isLeaf = value.length === 3 && typeof value[0] === "string" && typeof value[1] === "string";
    const inner = value.map(pythonLiteral).join(", ");
    return isLeaf ? `(${inner})` : `[${inner}]`;
  }
  throw new Error(`a domain holds only literals, not ${typeof value}`);
}

/** What one watch should look like in Odoo. */
export interface WantedRule {
  flow: OutboundFlowName;
  model: string;
  name: string;
  url: string;
  /** Fields the action sends: the watch's fields and write_date (the dedup key), sorted. */
  fields: string[];
  triggerFields: string[];
  filterDomain: string;
}

export function wantedRules(watches: FlowWatch[], source: string, url: string): WantedRule[] {
  return watches.map(({ flow, watch }) => wanted(flow, watch, source, url));
}

function wanted(flow: OutboundFlowName, watch: WatchedModel, source: string, url: string): WantedRule {
  return {
    flow,
    model: watch.model,
    name: ruleName(flow, watch.model, source),
    url,
    fields: [...new Set([...watch.fields, "write_date"])].filter((f) => f !== "id").sort(),
    triggerFields: [...new Set(watch.triggerFields)].sort(),
    filterDomain: watch.domain.length ? pythonLiteral(watch.domain) : "[]",
  };
}

/** A rule of this source as found in Odoo, with its first webhook action. */
export interface FoundRule {
  ruleId: number;
  name: string;
  model: string;
  active: boolean;
  trigger: string;
  triggerFields: string[];
  filterDomain: string;
  action: { id: number; url: string | null; fields: string[] } | null;
}

/** Each wanted rule's state in Odoo, and the source's rules nothing wants any more. */
export interface RuleState {
  flow: OutboundFlowName;
  model: string;
  name: string;
  present: boolean;
  active: boolean;
  /** The action's URL is the wanted one (newest token, this public URL). */
  urlCurrent: boolean;
  /** Sent fields, trigger fields, domain and trigger as wanted. */
  definitionCurrent: boolean;
  ruleId: number | null;
  actionId: number | null;
}

interface AutomationRow {
  id: number;
  name: string;
  model_id: [number, string] | number | false;
  active: boolean;
  trigger: string;
  trigger_field_ids: number[];
  filter_domain: string | false;
  action_server_ids: number[];
}

const m2oId = (v: unknown): number | null => (Array.isArray(v) ? (v[0] as number) : typeof v === "number" ? v : null);

/** The rules named for this source (archived ones too), with their webhook actions. */
export async function findRules(odoo: OdooClient, source: string): Promise<FoundRule[]> {
  const suffix = ` [${source}]`;
  const rows = (
    await odoo.call<AutomationRow[]>("base.automation", "search_read", [[["name", "=like", `${RULE_PREFIX}%`]]], {
      fields: ["name", "model_id", "active", "trigger", "trigger_field_ids", "filter_domain", "action_server_ids"],
      context: { active_test: false },
    })
  ).filter((r) => r.name.endsWith(suffix));
  if (rows.length === 0) return [];
  const actionIds = rows.flatMap((r) => r.action_server_ids);
  const actions = actionIds.length
    ? await odoo.call<{ id: number; state: string; webhook_url: string | false; webhook_field_ids: number[] }[]>(
        "ir.actions.server",
        "read",
        [actionIds, ["state", "webhook_url", "webhook_field_ids"]],
      )
    : [];
  const fieldIds = [...new Set([...rows.flatMap((r) => r.trigger_field_ids), ...actions.flatMap((a) => a.webhook_field_ids)])];
  const fieldNames = new Map(
    fieldIds.length
      ? (await odoo.call<{ id: number; name: string }[]>("ir.model.fields", "read", [fieldIds, ["name"]])).map((f) => [f.id, f.name])
      : [],
  );
  const modelIds = [...new Set(rows.map((r) => m2oId(r.model_id)).filter((id): id is number => id !== null))];
  const models = new Map(
    modelIds.length ? (await odoo.call<{ id: number; model: string }[]>("ir.model", "read", [modelIds, ["model"]])).map((m) => [m.id, m.model]) : [],
  );
  const names = (ids: number[]) => ids.map((id) => fieldNames.get(id) ?? `#${id}`).sort();
  return rows.map((r) => {
    const action = actions.find((a) => r.action_server_ids.includes(a.id) && a.state === "webhook");
    return {
      ruleId: r.id,
      name: r.name,
      model: models.get(m2oId(r.model_id) ?? 0) ?? "",
      active: r.active,
      trigger: r.trigger,
      triggerFields: names(r.trigger_field_ids),
      filterDomain: r.filter_domain || "[]",
      action: action ? { id: action.id, url: action.webhook_url || null, fields: names(action.webhook_field_ids) } : null,
    };
  });
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether a rule's URL is the one provisioning would write now (same public URL, newest token). */
export type UrlCheck = (wanted: WantedRule, url: string | null) => boolean;
const sameUrl: UrlCheck = (w, url) => url === w.url;

/**
 * Whether a URL calls this source with its newest token, whatever public URL it was provisioned
 * with (GET and the check do not know the public URL).
 */
export function carriesToken(tenant: string, source: string, token: string): UrlCheck {
  return (_w, url) => {
    if (!url) return false;
    try {
      const parsed = new URL(url);
      return parsed.pathname.endsWith(`/webhooks/${encodeURIComponent(tenant)}/${encodeURIComponent(source)}`) && parsed.searchParams.get("token") === token;
    } catch {
      return false;
    }
  };
}

/** Odoo 18 adds the domain's fields to the trigger fields: more trigger fields only mean more re-reads. */
const covers = (found: string[], wantedList: string[]) => wantedList.every((f) => found.includes(f)) && (wantedList.length > 0 || found.length === 0);

/** How each wanted rule stands against what Odoo has; `stray`: this source's rules nothing wants. */
export function compareRules(wantedList: WantedRule[], found: FoundRule[], urlIsCurrent: UrlCheck = sameUrl): { states: RuleState[]; stray: FoundRule[] } {
  const states = wantedList.map((w): RuleState => {
    const rule = found.find((f) => f.name === w.name);
    if (!rule) return { flow: w.flow, model: w.model, name: w.name, present: false, active: false, urlCurrent: false, definitionCurrent: false, ruleId: null, actionId: null };
    return {
      flow: w.flow,
      model: w.model,
      name: w.name,
      present: true,
      active: rule.active,
      urlCurrent: urlIsCurrent(w, rule.action?.url ?? null),
      definitionCurrent:
        rule.model === w.model &&
        rule.trigger === "on_create_or_write" &&
        rule.action !== null &&
        sameList(rule.action.fields, w.fields) &&
        covers(rule.triggerFields, w.triggerFields) &&
        rule.filterDomain === w.filterDomain,
      ruleId: rule.ruleId,
      actionId: rule.action?.id ?? null,
    };
  });
  const stray = found.filter((f) => !wantedList.some((w) => w.name === f.name));
  return { states, stray };
}

export interface ProvisionOutcome {
  flow: OutboundFlowName;
  model: string;
  name: string;
  status: "created" | "updated" | "unchanged" | "failed";
  ruleId: number | null;
  actionId: number | null;
  error?: string;
}

/**
 * Makes Odoo hold exactly the wanted rules of this source: creates the missing ones, updates those
 * that differ (URL, fields, trigger fields, domain, disabled), removes this source's rules nothing
 * wants. One failing rule (a field missing in this database, a right refused) does not stop the
 * others; its error is Odoo's words.
 */
export async function provisionRules(odoo: OdooClient, wantedList: WantedRule[], source: string): Promise<{ outcomes: ProvisionOutcome[]; removed: FoundRule[] }> {
  const found = await findRules(odoo, source);
  const { states, stray } = compareRules(wantedList, found);
  const ids = await resolveIds(odoo, wantedList);
  const outcomes: ProvisionOutcome[] = [];
  for (const [index, w] of wantedList.entries()) {
    const state = states[index]!;
    const base = { flow: w.flow, model: w.model, name: w.name };
    try {
      const resolved = ids.of(w);
      const actionVals = { webhook_url: w.url, webhook_field_ids: [[6, 0, resolved.fields]] };
      const ruleVals = { trigger_field_ids: [[6, 0, resolved.triggerFields]], filter_domain: w.filterDomain, active: true };
      if (!state.present) {
        const ruleId = await odoo.call<number>("base.automation", "create", [
          {
            name: w.name,
            model_id: resolved.modelId,
            // With model_id in the same call: 18+ resets the trigger when the model changes.
            trigger: "on_create_or_write",
            filter_pre_domain: false,
            ...ruleVals,
            action_server_ids: [[0, 0, { name: w.name, state: "webhook", model_id: resolved.modelId, usage: "base_automation", ...actionVals }]],
          },
        ]);
        outcomes.push({ ...base, status: "created", ruleId, actionId: await firstActionId(odoo, ruleId) });
        continue;
      }
      if (state.active && state.urlCurrent && state.definitionCurrent) {
        outcomes.push({ ...base, status: "unchanged", ruleId: state.ruleId, actionId: state.actionId });
        continue;
      }
      await odoo.call("base.automation", "write", [[state.ruleId], { ...ruleVals, model_id: resolved.modelId, trigger: "on_create_or_write" }]);
      let actionId = state.actionId;
      if (actionId === null) {
        await odoo.call("base.automation", "write", [
          [state.ruleId],
          { action_server_ids: [[0, 0, { name: w.name, state: "webhook", model_id: resolved.modelId, usage: "base_automation", ...actionVals }]] },
        ]);
        actionId = await firstActionId(odoo, state.ruleId!);
      } else {
        await odoo.call("ir.actions.server", "write", [[actionId], actionVals]);
      }
      outcomes.push({ ...base, status: "updated", ruleId: state.ruleId, actionId });
    } catch (err) {
      outcomes.push({ ...base, status: "failed", ruleId: state.ruleId, actionId: state.actionId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  await removeRules(odoo, stray);
  return { outcomes, removed: stray };
}

/** Unlinks rules and their actions (the actions first: they are the callbacks). */
export async function removeRules(odoo: OdooClient, rules: FoundRule[]): Promise<void> {
  if (rules.length === 0) return;
  const actionIds = rules.flatMap((r) => (r.action ? [r.action.id] : []));
  if (actionIds.length) await odoo.call("ir.actions.server", "unlink", [actionIds]);
  await odoo.call("base.automation", "unlink", [rules.map((r) => r.ruleId)]);
}

/**
 * The provisioned rules as the source's options record them (what a callback is checked against):
 * every rule that exists in Odoo with a webhook action, also one whose update failed (it still calls).
 */
export function recordedRules(outcomes: ProvisionOutcome[]): ProvisionedRule[] {
  return outcomes.flatMap((o) => (o.ruleId !== null && o.actionId !== null ? [{ flow: o.flow, model: o.model, ruleId: o.ruleId, actionId: o.actionId }] : []));
}

async function firstActionId(odoo: OdooClient, ruleId: number): Promise<number | null> {
  const [row] = await odoo.call<{ action_server_ids: number[] }[]>("base.automation", "read", [[ruleId], ["action_server_ids"]]);
  const ids = row?.action_server_ids ?? [];
  if (ids.length === 0) return null;
  const actions = await odoo.call<{ id: number; state: string }[]>("ir.actions.server", "read", [ids, ["state"]]);
  return actions.find((a) => a.state === "webhook")?.id ?? null;
}

/** ir.model and ir.model.fields ids of every wanted rule, in two reads; a missing one is named. */
async function resolveIds(odoo: OdooClient, wantedList: WantedRule[]) {
  const models = [...new Set(wantedList.map((w) => w.model))];
  const names = [...new Set(wantedList.flatMap((w) => [...w.fields, ...w.triggerFields]))];
  const modelRows = models.length ? await odoo.call<{ id: number; model: string }[]>("ir.model", "search_read", [[["model", "in", models]], ["model"]]) : [];
  const fieldRows = models.length
    ? await odoo.call<{ id: number; name: string; model: string }[]>("ir.model.fields", "search_read", [
        [["model", "in", models], ["name", "in", names]],
        ["name", "model"],
      ])
    : [];
  return {
    of(w: WantedRule) {
      const modelId = modelRows.find((m) => m.model === w.model)?.id;
      if (modelId === undefined) throw new Error(`${w.model} is not installed in this Odoo database (the ${w.flow} flow watches it)`);
      const idOf = (name: string) => {
        const id = fieldRows.find((f) => f.model === w.model && f.name === name)?.id;
        if (id === undefined) throw new Error(`${w.model} has no field "${name}" in this Odoo database (the ${w.flow} flow needs it)`);
        return id;
      };
      return { modelId, fields: w.fields.map(idOf), triggerFields: w.triggerFields.map(idOf) };
    },
  };
}
