/**
 * What each alert rule finds now: the subjects whose condition holds, with the measured value.
 * Reads only (D1 and the tenant's gate); alerts/evaluate.ts turns findings into alert states.
 */
import type { Env } from "../env";
import { countEventExceptions, lastDeliveries, silentSources, type EventExceptionType } from "../db/exceptions";
import { countDeadSince, countRejectedSince } from "../db/event-counts";
import { listSources } from "../db/tenants";
import { gateNamespace, tenantDb } from "../tenant/region";
import type { Region } from "../tenant/region";
import { countReconciliationExceptions, EXCEPTION_TYPES as RECONCILIATION_TYPES, type ExceptionType as ReconciliationType } from "../db/reconciliations";
import { EXCEPTION_TYPES, type AlertRule, type StoredAlertSettings, type Weekday } from "./settings";

export interface Finding {
  subject: string;
  value: number;
  message: string;
}

/** null: the rule is not judged now (outside its hours): its alerts stay as they are. */
export type RuleResult = Finding[] | null;

const WEEKDAY_OF: Record<string, Weekday> = { Mon: "mon", Tue: "tue", Wed: "wed", Thu: "thu", Fri: "fri", Sat: "sat", Sun: "sun" };

/** The local weekday and hour of an instant in a time zone. */
export function localTime(at: number, timeZone: string): { weekday: Weekday; hour: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "numeric", hourCycle: "h23" }).formatToParts(at);
  const weekday = WEEKDAY_OF[parts.find((p) => p.type === "weekday")?.value ?? "Mon"] ?? "mon";
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0) % 24;
  return { weekday, hour };
}

/** Whether a source_silent rule is judged at this instant (its hours and weekdays, local time). */
export function withinSchedule(rule: Extract<AlertRule, { type: "source_silent" }>, at: number): boolean {
  if (!rule.hours && !rule.weekdays) return true;
  const { weekday, hour } = localTime(at, rule.timeZone);
  if (rule.weekdays && !rule.weekdays.includes(weekday)) return false;
  if (rule.hours && (hour < rule.hours.from || hour >= rule.hours.to)) return false;
  return true;
}

export interface TenantContext {
  env: Env;
  tenantId: string;
  region: Region | null;
  settings: StoredAlertSettings;
  now: number;
}

export async function findings(ctx: TenantContext, rule: AlertRule): Promise<RuleResult> {
  const db = tenantDb(ctx.env, ctx.region);
  switch (rule.type) {
    case "source_silent": {
      if (!withinSchedule(rule, ctx.now)) return null;
      const sources = (await listSources(ctx.env, ctx.tenantId)).filter((s) => !rule.source || s.source === rule.source);
      const last = await lastDeliveries(db, ctx.tenantId, sources.map((s) => s.source));
      const thresholds = { ...ctx.settings.exceptions, silentMinutes: rule.minutes, sources: {} };
      return silentSources(sources, last, thresholds, ctx.now).map((item) => ({
        subject: item.source,
        value: item.ageMinutes,
        message: `source ${item.source} has had no delivery for ${item.ageMinutes} minutes (since ${item.since})`,
      }));
    }
    case "dead_letters": {
      const n = await countDeadSince(db, ctx.tenantId, ctx.now - rule.minutes * 60_000, rule.source);
      const subject = rule.source ?? "*";
      return n >= rule.count ? [{ subject, value: n, message: `${n} events dead-lettered in the last ${rule.minutes} minutes${rule.source ? ` (source ${rule.source})` : ""}` }] : [];
    }
    case "breaker_open": {
      const health = await gateNamespace(ctx.env, ctx.region).getByName(ctx.tenantId).health();
      if (health.state === "closed" || !health.openedAt) return [];
      const minutes = Math.floor((ctx.now - Date.parse(health.openedAt)) / 60_000);
      return minutes >= rule.minutes
        ? [{ subject: "odoo", value: minutes, message: `the Odoo circuit breaker has been ${health.state} for ${minutes} minutes: ${health.reason ?? "no reason recorded"}` }]
        : [];
    }
    case "exceptions": {
      const types = rule.exceptionType ? [rule.exceptionType] : EXCEPTION_TYPES;
      let n = 0;
      for (const type of types) {
        if (n >= rule.count) break;
        if (isReconciliationType(type)) {
          n += await countReconciliationExceptions(db, ctx.tenantId, type, rule.count - n);
        } else if (type === "source_silent") {
          const sources = await listSources(ctx.env, ctx.tenantId);
          n += silentSources(sources, await lastDeliveries(db, ctx.tenantId, sources.map((s) => s.source)), ctx.settings.exceptions, ctx.now).length;
        } else {
          n += await countEventExceptions(db, ctx.tenantId, type as EventExceptionType, ctx.settings.exceptions, rule.count - n, ctx.now);
        }
      }
      const subject = rule.exceptionType ?? "*";
      return n >= rule.count ? [{ subject, value: n, message: `at least ${n} business exceptions (${subject === "*" ? "all types" : subject})` }] : [];
    }
    case "forged_deliveries": {
      const n = await countRejectedSince(db, ctx.tenantId, ctx.now - 60_000, rule.source);
      const subject = rule.source ?? "*";
      return n >= rule.perMinute ? [{ subject, value: n, message: `${n} refused (forged or unreadable) deliveries in the last minute` }] : [];
    }
  }
}

const isReconciliationType = (type: string): type is ReconciliationType => (RECONCILIATION_TYPES as readonly string[]).includes(type);
