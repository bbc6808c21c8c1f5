/**
 * Hydration: a thin event ("customer 42 changed") is read from the provider's API before it is
 * written, through the source's connection (connections/open-session.ts). The write consumer hands
 * every claimed thin event to one HydrationLoader per queue batch, which reads the events of one
 * source and kind together: one `api.hydrate` call per batch the API allows.
 *
 *   found    -> the fetched snapshot is written by the usual flow (its version is recorded); other
 *               objects the read showed (`related`: a Xero invoice's payments) are fed into their
 *               own entity objects first, like webhook events;
 *   deleted  -> the routing's `deletes.<kind>`: "ignore" (recorded as ignored, with the reason) or
 *               "archive" (the Odoo record is archived: active = false on partners and products);
 *   failures -> ProviderApiError: transient and auth are retried (an auth_failed connection's
 *               events wait for new credentials), data and config are dead with the message.
 * A provider failure says nothing about Odoo's health: the Odoo gate's breaker is not told.
 */
import type { EventIdentity } from "../audit/audit-message";
import { readSettings, type Env } from "../env";
import { getSourceConfig } from "../db/tenants";
import { feedEvent } from "../entity/feed-event";
import { isThin, type CanonicalEvent } from "../events/canonical";
import { openSession } from "../connections/open-session";
import type { Mappings } from "../odoo/writers/context";
import type { Flow } from "../odoo/writers";
import type { NormalizedEvent } from "../providers/provider";
import { ProviderApiError, type ApiSession, type Hydrated, type ThinRef } from "../providers/provider-api";
import { PROVIDERS } from "../providers/registry";
import type { Routing } from "../tenant/routing";
import type { Region } from "../tenant/region";

/** How long the loader waits for the other thin events of a batch before it reads (ms). */
const COLLECT_MS = 20;
/** Refs per `hydrate` call; the client splits further to its API's own maximum. */
const MAX_REFS = 100;

type Waiter = { ref: ThinRef; resolve: (value: Hydrated) => void; reject: (error: unknown) => void };
type Group = { provider: string; region: Region | undefined; tenantId: string; sourceId: string; waiting: Waiter[]; timer: ReturnType<typeof setTimeout> | null };

/** Reads thin events from their providers, batched per source and kind within one queue batch. */
export class HydrationLoader {
  private readonly groups = new Map<string, Group>();
  private readonly sessions = new Map<string, Promise<ApiSession | null>>();

  constructor(private readonly env: Env) {}

  /** The object behind a thin event; throws ProviderApiError when it cannot be read. */
  load(region: Region | undefined, identity: EventIdentity, event: CanonicalEvent): Promise<Hydrated> {
    const data = event.data as { operation: string; resource: string };
    const ref: ThinRef = { kind: event.kind, externalId: event.externalId, resource: data.resource, operation: data.operation, version: event.version };
    const key = `${identity.tenantId}/${identity.sourceId}/${event.kind}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { provider: identity.provider, region, tenantId: identity.tenantId, sourceId: identity.sourceId, waiting: [], timer: null };
      this.groups.set(key, group);
    }
    const target = group;
    return new Promise<Hydrated>((resolve, reject) => {
      target.waiting.push({ ref, resolve, reject });
      if (target.waiting.length >= MAX_REFS) this.flush(target);
      else target.timer ??= setTimeout(() => this.flush(target), COLLECT_MS);
    });
  }

  /**
   * Feeds the other objects a read showed (a Xero invoice's payments) into their entity objects the
   * way every event goes in (src/entity/feed-event.ts): ordered, deduplicated, with the source's
   * retention and the routing's flows and batch holds. Done before the thin event's own write; a
   * retry of that write re-reads them, and a version an entity already has leaves no trace.
   */
  async feed(region: Region | undefined, identity: EventIdentity, related: NormalizedEvent[], routing: Routing): Promise<void> {
    const source = await getSourceConfig(this.env, identity.tenantId, identity.sourceId, readSettings(this.env).sourceCacheSeconds);
    const base = { tenantId: identity.tenantId, sourceId: identity.sourceId, provider: identity.provider, receivedAt: Date.now(), duplicateOf: null, ...(region ? { region } : {}) };
    for (const item of related) {
      await feedEvent(this.env, base, item, routing, source?.retention, { quietIfKnown: true, hasApi: source?.hasApi === true });
    }
  }

  private flush(group: Group): void {
    if (group.timer) clearTimeout(group.timer);
    group.timer = null;
    const waiting = group.waiting.splice(0, MAX_REFS);
    if (waiting.length) void this.read(group, waiting);
  }

  private async read(group: Group, waiting: Waiter[]): Promise<void> {
    try {
      const api = PROVIDERS[group.provider]?.api;
      if (!api?.hydrate) throw new ProviderApiError("config", `provider "${group.provider}" cannot read thin events`);
      const sessionKey = `${group.tenantId}/${group.sourceId}`;
      if (!this.sessions.has(sessionKey)) this.sessions.set(sessionKey, openSession(this.env, group.region, group.tenantId, group.sourceId));
      const session = await this.sessions.get(sessionKey)!;
      if (!session) {
        throw new ProviderApiError("config", `source "${group.sourceId}" has no api connection any more: PUT its api to read thin events`);
      }
      // One ref per entity: two thin events of one entity in a batch read it once.
      const refs = [...new Map(waiting.map((w) => [w.ref.externalId, w.ref])).values()];
      const results = await api.hydrate(session, refs);
      for (const waiter of waiting) {
        const result = results.get(waiter.ref.externalId);
        if (result) waiter.resolve(result);
        else waiter.reject(new ProviderApiError("data", `${group.provider} ${waiter.ref.kind} ${waiter.ref.externalId}: the provider's answer left it out`));
      }
    } catch (err) {
      for (const waiter of waiting) waiter.reject(err);
    }
  }
}


/** What to write for a claimed event: itself, its fetched snapshot, an archive, or nothing (ignored). */
export type Prepared =
  | { write: "event"; event: CanonicalEvent; detail: Record<string, unknown> }
  | { write: "flow"; flow: Flow; detail: Record<string, unknown> }
  | { write: "nothing"; reason: string; detail: Record<string, unknown> };

/** A claimed event, hydrated when it is thin; deletions upstream become the routing's delete action. */
export async function prepareWrite(
  loader: HydrationLoader,
  region: Region | undefined,
  identity: EventIdentity,
  event: CanonicalEvent,
  routing: Routing,
  mappings: Mappings,
): Promise<Prepared> {
  if (!isThin(event.data)) return { write: "event", event, detail: {} };
  // A thin "deleted" needs no read: the sender said so.
  const fetched: Hydrated = event.action === "delete" ? { status: "deleted" } : await loader.load(region, identity, event);
  if (fetched.status === "failed") throw fetched.error;
  if (fetched.status === "found") {
    if (fetched.related?.length) await loader.feed(region, identity, fetched.related, routing);
    return { write: "event", event: fetched.event, detail: { hydrated: { version: fetched.event.version, thinVersion: event.version } } };
  }
  const said = event.action === "delete" ? `${event.provider} says it was deleted` : `${event.provider} no longer has it`;
  const action = routing.deletes[event.kind as keyof Routing["deletes"]] ?? "ignore";
  if (action === "ignore") {
    return { write: "nothing", reason: `${event.kind} ${event.externalId} deleted upstream (${said}): the routing's deletes.${event.kind} is "ignore"`, detail: { hydrated: { deleted: true } } };
  }
  const target = await archiveTarget(mappings, event.kind, event.externalId);
  if (!target) {
    return { write: "nothing", reason: `${event.kind} ${event.externalId} deleted upstream (${said}) and not in Odoo: nothing to archive`, detail: { hydrated: { deleted: true } } };
  }
  return { write: "flow", flow: archiveFlow(target), detail: { hydrated: { deleted: true }, archived: target } };
}

/** The Odoo record an entity was written to, where archiving it means something (partners, products). */
async function archiveTarget(mappings: Mappings, kind: string, externalId: string) {
  if (kind === "customer" || kind === "company") return mappings.get(kind, externalId);
  // A product is written as its variants; a one-variant product's variant has the product's id.
  if (kind === "product") return mappings.get("variant", externalId);
  return null;
}

/**
 * `active = false`, as a user's "Archive" does (res.partner and product.template have `active`;
 * archiving a template archives its variants). Odoo refuses to archive a contact linked to an
 * active user ("You cannot archive contacts linked to an active user"): that refusal is the
 * event's business error.
 */
function archiveFlow(target: { model: string; id: number }): Flow {
  return async (ctx) => {
    if (target.model === "product.product") {
      const [variant] = await ctx.odoo.call<{ product_tmpl_id: [number, string] | false }[]>("product.product", "read", [[target.id], ["product_tmpl_id"]], {
        context: { active_test: false },
      });
      const template = variant?.product_tmpl_id ? variant.product_tmpl_id[0] : null;
      if (template) await ctx.odoo.call("product.template", "write", [[template], { active: false }]);
      else await ctx.odoo.call("product.product", "write", [[target.id], { active: false }]);
    } else {
      await ctx.odoo.call(target.model, "write", [[target.id], { active: false }]);
    }
    return { odoo: target, detail: { archived: true } };
  };
}
