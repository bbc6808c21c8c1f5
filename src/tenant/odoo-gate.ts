/**
 * One Durable Object per tenant guarding its Odoo: the concurrency cap and the circuit breaker
 * (GateStore). The write consumer asks for a permit before claiming a write and reports the
 * outcome after; while the breaker is open, writes wait on the queue and ingest still acks.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { DeliverySettings } from "./delivery-settings";
import { GateStore, migrateGateStore, type GateHealth, type Outcome, type Permit } from "./gate-store";

export class OdooGate extends DurableObject<Env> {
  private readonly store: GateStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new GateStore(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => migrateGateStore(ctx.storage.sql));
  }

  async acquire(settings: DeliverySettings): Promise<Permit> {
    return this.store.acquire(settings, Date.now());
  }

  async release(
    token: string,
    outcome: Outcome | null,
    error: string | null,
    settings: DeliverySettings,
    calls = 1,
    failedCalls = 0,
  ): Promise<void> {
    this.store.release(token, outcome, error, settings, Date.now(), calls, failedCalls);
  }

  /** Whether a write holding a permit may retry a failed call now (the breaker is closed). */
  async allowsRetry(): Promise<boolean> {
    return this.store.allowsRetry();
  }

  async recordCheck(error: string | null): Promise<void> {
    this.store.recordCheck(error, Date.now());
  }

  async health(): Promise<GateHealth> {
    return this.store.health();
  }
}
