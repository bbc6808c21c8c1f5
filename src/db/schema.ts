/**
 * D1 schema (drizzle). The SQL in migrations/ is generated from this file by `npm run db:generate`
 * and applied by wrangler (`wrangler d1 migrations apply`), the one migration ledger.
 */
import { eq, sql, type SQL } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { REGIONS } from "../tenant/region";

const timestamps = {
  createdAt: integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`),
  updatedAt: integer("updated_at").notNull().default(sql`(unixepoch('subsec') * 1000)`),
};

/** A company using the router, with its Odoo connection (API key encrypted with SECRETS_KEY). */
export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  odooUrl: text("odoo_url").notNull(),
  odooDatabase: text("odoo_database").notNull(),
  odooLogin: text("odoo_login").notNull(),
  odooApiKeySealed: text("odoo_api_key_sealed").notNull(),
  odooProtocol: text("odoo_protocol", { enum: ["jsonrpc", "json2"] }).notNull(),
  /** Per-tenant delivery settings (concurrency cap, retry policy, breaker); {} = defaults. */
  delivery: text("delivery", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  /** Payload and personal-data retention (retention/retention.ts); {} = defaults. */
  retention: text("retention", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  /** Data residency (src/tenant/region.ts): where its objects and tenant data live; null = default. */
  region: text("region", { enum: REGIONS }),
  ...timestamps,
});

/** A webhook endpoint of a tenant: `POST /webhooks/{tenant}/{source}`. */
export const sources = sqliteTable(
  "sources",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    provider: text("provider").notNull(),
    /** JSON array of secrets, sealed as one value. */
    secretsSealed: text("secrets_sealed").notNull(),
    options: text("options", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** The provider API connection (`api` of the source, JSON), sealed on its own; null = none. */
    apiSealed: text("api_sealed"),
    /** What an admin may see of it: baseUrl and the provider's public fields (never a secret). */
    apiPublic: text("api_public", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Raised by every PUT of `api` (a time stamp, only increasing): the connection object drops tokens and status of older versions. */
    apiVersion: integer("api_version").notNull().default(0),
    /** Set by the connection object (src/connections/): "connected" | "auth_failed"; null = not used yet. */
    apiStatus: text("api_status", { enum: ["connected", "auth_failed"] }),
    /** The provider's own words for an auth_failed status (never a token). */
    apiStatusDetail: text("api_status_detail"),
    apiStatusAt: integer("api_status_at"),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Bearer tokens of the audit API; only the SHA-256 of the token is kept. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["read", "operate"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamps.createdAt,
    /** After this instant the token is refused (401); null = no expiry. */
    expiresAt: integer("expires_at"),
    /** Set by DELETE .../tokens/{id}: refused from then on, kept for the record. */
    revokedAt: integer("revoked_at"),
    /** Updated at most once a minute per token (see db/api-tokens.ts). */
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_tenant").on(t.tenantId, t.id)],
);

/**
 * Who changed what through the admin and operate APIs (db/admin-changes.ts): the actor is a token
 * id and role, never a token; before/after have every secret replaced by "[redacted]".
 */
export const adminChanges = sqliteTable(
  "admin_changes",
  {
    id: text("id").primaryKey(),
    /** null for deployment-wide actions (secrets re-seal). */
    tenantId: text("tenant_id"),
    /** e.g. "tenant.put", "source.delete", "token.revoke", "replay.create" (README, "Change audit"). */
    action: text("action").notNull(),
    /** What was changed within the tenant: a source id, token id, replay job id... */
    target: text("target"),
    actorKind: text("actor_kind", { enum: ["admin", "tenant"] }).notNull(),
    actorTokenId: text("actor_token_id"),
    actorRole: text("actor_role").notNull(),
    requestId: text("request_id").notNull(),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("admin_changes_tenant").on(t.tenantId, t.id)],
);

/**
 * The kinds the way back looks up by Odoo record (MappingStore.externalIdOf: an Odoo change goes
 * out to the provider's customer, company, variant, order or deal). Only their mappings have an
 * entry in mappings_by_odoo_record (migrations/0016): an address, payment, refund, invoice or
 * ticket mapping is one written row, not two.
 */
export const WAY_BACK_KINDS = ["company", "customer", "deal", "order", "variant"] as const;
export type WayBackKind = (typeof WAY_BACK_KINDS)[number];
/** The index's predicate, which a query must carry for SQLite to read it. */
export const WAY_BACK_SQL = `kind IN (${WAY_BACK_KINDS.map((k) => `'${k}'`).join(", ")})`;

/**
 * External id <-> Odoo id: consulted before any Odoo search, written right after a create.
 * WITHOUT ROWID (migrations/0016): a new mapping writes its row and its by-record entry only.
 */
export const mappings = sqliteTable(
  "mappings",
  {
    tenantId: text("tenant_id").notNull(),
    sourceId: text("source_id").notNull(),
    kind: text("kind").notNull(),
    externalId: text("external_id").notNull(),
    odooModel: text("odoo_model").notNull(),
    odooId: integer("odoo_id").notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sourceId, t.kind, t.externalId] }),
    index("mappings_by_odoo_record").on(t.tenantId, t.sourceId, t.odooModel, t.odooId).where(sql.raw(WAY_BACK_SQL)),
  ],
);

/**
 * The way back: what the router last wrote at each provider object (src/db/outbound-ledger.ts),
 * per tenant, target source and the flow's object key ("inventory:<item>@<location>").
 */
export const outboundLedger = sqliteTable(
  "outbound_ledger",
  {
    tenantId: text("tenant_id").notNull(),
    sourceId: text("source_id").notNull(),
    objectKey: text("object_key").notNull(),
    /** The value the provider holds after the write, as JSON. */
    value: text("value").notNull(),
    writtenAt: integer("written_at").notNull(),
    eventId: text("event_id").notNull(),
    /** The provider's record (admin URL or id), for the audit trail. */
    link: text("link"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.sourceId, t.objectKey] })],
);

/** A resync of one outbound flow (src/outbound/resync.ts, POST /v1/tenants/{t}/outbound/resyncs). */
export const outboundResyncs = sqliteTable(
  "outbound_resyncs",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    /** The tenant's Odoo source the events are fed on. */
    sourceId: text("source_id").notNull(),
    flow: text("flow").notNull(),
    dryRun: integer("dry_run", { mode: "boolean" }).notNull(),
    state: text("state", { enum: ["running", "done", "failed"] }).notNull(),
    /** Which of the flow's watched models is being listed, and the last id listed of it. */
    modelIndex: integer("model_index").notNull().default(0),
    afterId: integer("after_id").notNull().default(0),
    pages: integer("pages").notNull().default(0),
    /** Odoo records listed; entities they belong to (per page); events fed (accepted). */
    listed: integer("listed").notNull().default(0),
    entities: integer("entities").notNull().default(0),
    fed: integer("fed").notNull().default(0),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("outbound_resyncs_tenant").on(t.tenantId, t.id)],
);

/**
 * An audit row whose free text may hold personal data, not yet redacted. A row that only holds a
 * person's hash is not in it: redaction drops the hash, so the rows of events_tenant_person are
 * the hashed rows still to redact (retention/audit-redaction.ts reads them there). Most events
 * carry a hash: an entry in this index too was one more written row for nearly every event.
 */
export const UNREDACTED = sql.raw("redacted_at IS NULL AND (error IS NOT NULL OR attempts > 1 OR status = 'rejected')");

/**
 * The predicate of the (tenant, status) index (migrations/0016): every status but the common ones,
 * `delivered` and `duplicate` (a redelivery), whose entry was a written row per event for a
 * newest-first listing that finds them on the (tenant, id) index a few rows apart anyway. SQLite
 * uses a partial index only when the query's WHERE carries its predicate (it cannot infer it from
 * status = 'dead'), so a query of other statuses adds this term: `whereStatus`, STATUS_INDEXED_SQL.
 * The open statuses (waiting, retrying, dead) are in this index only: an event queued, then
 * delivered writes and deletes one index entry (an open-only index beside it was dropped).
 */
const COMMON_STATUSES: readonly string[] = ["delivered", "duplicate"];
export const STATUS_INDEXED_SQL = "status NOT IN ('delivered', 'duplicate')";

/** The events of one status, with the status index's predicate when that status is in it. */
export const whereStatus = (status: string): SQL[] =>
  COMMON_STATUSES.includes(status) ? [eq(events.status, status)] : [eq(events.status, status), sql.raw(STATUS_INDEXED_SQL)];

/**
 * One row per received delivery (accepted, duplicate, ignored or stale) with its latest status.
 * Rows are written by the audit consumer; `status_seq` (the entity object's timeline sequence)
 * keeps a late, older status from overwriting a newer one. WITHOUT ROWID keyed by `id`
 * (migrations/0016; drizzle has no word for it): a text primary key of a rowid table is a second
 * b-tree, one more written row per insert.
 */
export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    sourceId: text("source_id").notNull(),
    provider: text("provider").notNull(),
    topic: text("topic").notNull(),
    type: text("type"),
    kind: text("kind"),
    externalId: text("external_id"),
    deliveryId: text("delivery_id"),
    version: integer("version"),
    status: text("status").notNull(),
    statusSeq: integer("status_seq").notNull(),
    reason: text("reason"),
    duplicateOf: text("duplicate_of"),
    replayOf: text("replay_of"),
    attempts: integer("attempts").notNull().default(0),
    odooModel: text("odoo_model"),
    odooId: integer("odoo_id"),
    error: text("error", { mode: "json" }).$type<{ category: string; name: string | null; message: string }>(),
    receivedAt: integer("received_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** Hash of the person's email the payload carried (events/personal-data.ts), for erasures. */
    personHash: text("person_hash"),
    /** When personal data was redacted from this row's free text (retention or erasure). */
    redactedAt: integer("redacted_at"),
    /** A retrying or dead event's error class (audit/error-class.ts); null otherwise. */
    errorClass: text("error_class"),
    /**
     * The event's timeline entries, one per seq in seq order (migrations/0016): each audit message
     * adds its entries in the same row write as its state. Null on rows written before, whose
     * entries are in timeline_chunks (read with these).
     */
    timeline: text("timeline", { mode: "json" }).$type<{ seq: number; at: number; step: string; detail: Record<string, unknown> | null }[]>(),
  },
  (t) => [
    index("events_tenant_id").on(t.tenantId, t.id),
    index("events_tenant_status").on(t.tenantId, t.status, t.id).where(sql.raw(STATUS_INDEXED_SQL)),
    // Partial indexes: only the rows an erasure or the retention sweep looks for cost an entry.
    // A customer's events by external id are found on events_tenant_entity (SQLite chose it over a
    // customer-only index, which migrations/0016 drops).
    index("events_tenant_person").on(t.tenantId, t.personHash).where(sql`person_hash IS NOT NULL`),
    // What the retention sweep still has to look at: rows whose free text may hold personal data.
    index("events_tenant_unredacted").on(t.tenantId, t.id).where(sql`${UNREDACTED}`),
    index("events_tenant_error_class").on(t.tenantId, t.errorClass, t.id).where(sql`error_class IS NOT NULL`),
    index("events_tenant_entity").on(t.tenantId, t.sourceId, t.kind, t.externalId, t.id).where(sql`external_id IS NOT NULL`),
  ],
);

/** Erasures done through POST /v1/tenants/{t}/erasures: who, when, what was erased (never the email). */
export const erasures = sqliteTable(
  "erasures",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    /** "admin" or "token:<token id>". */
    requestedBy: text("requested_by").notNull(),
    /** "email" or "externalId". */
    subjectType: text("subject_type").notNull(),
    /** SHA-256 of the subject (salted with the tenant id): the email never appears in clear. */
    subjectHash: text("subject_hash").notNull(),
    sourceId: text("source_id"),
    counts: text("counts", { mode: "json" }).$type<Record<string, number>>().notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("erasures_tenant").on(t.tenantId, t.id)],
);

/**
 * The timeline of an event (received, verified, ordered, queued, each Odoo attempt, outcome), in
 * chunks: the entries one audit message carried for the event are one row, keyed by the first
 * entry's seq. Written until migrations/0016; since then an event's entries are on its row
 * (events.timeline), one written row less per message. Read, redacted and erased with them.
 * WITHOUT ROWID (migrations/0015; drizzle has no word for it): a chunk is one written row, not two.
 */
export const timelineChunks = sqliteTable(
  "timeline_chunks",
  {
    eventId: text("event_id").notNull(),
    firstSeq: integer("first_seq").notNull(),
    entries: text("entries", { mode: "json" })
      .$type<{ seq: number; at: number; step: string; detail: Record<string, unknown> | null }[]>()
      .notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.firstSeq] })],
);

/** Replays asked for through POST /v1/tenants/{t}/replays, worked through page by page. */
export const replayJobs = sqliteTable(
  "replay_jobs",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    filter: text("filter", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["queued", "running", "done"] }).notNull(),
    total: integer("total").notNull(),
    /** Events replayed (accepted again by their entity), or skipped (stale, or payload expired). */
    replayed: integer("replayed").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    /** Only events with ids in (cursor, upperId] are left: the job covers what existed when asked. */
    cursor: text("cursor"),
    upperId: text("upper_id").notNull(),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("replay_jobs_tenant").on(t.tenantId, t.id)],
);

/** Versions of each tenant's Odoo routing; the newest is in force. */
export const routings = sqliteTable(
  "routings",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
);

/**
 * Metric rollups (src/metrics/rollup.ts): one row per tenant, minute, source and kind, holding
 * every metric of that minute in `counts`, added to by every audit batch that carries such a
 * timeline entry. Counters (received, accepted, ...) and latency histograms (ack_ms, e2e_ms,
 * odoo_ms: the label is the bucket's upper bound) share it, so minutes roll up into hours and days
 * by a SUM over `json_each(counts)` (db/metric-rollups.ts). One row per key rather than one per
 * metric and label: D1 bills written rows (migrations/0016). Both metric tables are WITHOUT ROWID
 * (drizzle has no word for it): a new row is one written row, not two.
 */
export const metricCounts = sqliteTable(
  "metric_counts",
  {
    tenantId: text("tenant_id").notNull(),
    sourceId: text("source_id").notNull(),
    /** '' for events without a kind (rejected deliveries). */
    kind: text("kind").notNull(),
    /** Start of the minute (epoch ms). */
    minuteAt: integer("minute_at").notNull(),
    /**
     * {"[metric,label]": [n, sum_ms]}: the label is a rejection's reason, an Odoo attempt's outcome,
     * a histogram bucket's upper bound, or ''; sum_ms is the sum of the observed latencies (0 for
     * counters).
     */
    counts: text("counts", { mode: "json" }).$type<Record<string, [number, number]>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.minuteAt, t.sourceId, t.kind] })],
);

/** The same counts since the beginning (no minute): the counters GET /metrics exposes. */
export const metricTotals = sqliteTable(
  "metric_totals",
  {
    tenantId: text("tenant_id").notNull(),
    sourceId: text("source_id").notNull(),
    kind: text("kind").notNull(),
    counts: text("counts", { mode: "json" }).$type<Record<string, [number, number]>>().notNull(),
    /** The newest receipt of a delivery that was not refused (epoch ms): the silent-source exception. */
    lastReceivedAt: integer("last_received_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.sourceId, t.kind] })],
);

/** Alert rules, notification targets and exception thresholds of a tenant (alerts/settings.ts). */
export const alertSettings = sqliteTable("alert_settings", {
  tenantId: text("tenant_id").primaryKey().references(() => tenants.id, { onDelete: "cascade" }),
  config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Alerts raised by the minute cron (alerts/evaluate.ts): one open or acknowledged per rule and subject. */
export const alerts = sqliteTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    ruleId: text("rule_id").notNull(),
    ruleType: text("rule_type").notNull(),
    /** What the alert is about: a source id, "odoo" (breaker), "*" (the whole tenant)... */
    subject: text("subject").notNull(),
    state: text("state", { enum: ["open", "acknowledged", "resolved"] }).notNull(),
    message: text("message").notNull(),
    /** The measured value when last evaluated (minutes silent, dead letters, ...). */
    value: integer("value").notNull(),
    openedAt: integer("opened_at").notNull(),
    acknowledgedAt: integer("acknowledged_at"),
    /** "admin" or "token:<token id>". */
    acknowledgedBy: text("acknowledged_by"),
    resolvedAt: integer("resolved_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("alerts_one_open").on(t.tenantId, t.ruleId, t.subject).where(sql`state != 'resolved'`),
    index("alerts_tenant").on(t.tenantId, t.id),
  ],
);

/** Outbound webhook notifications of alerts, retried by the minute cron until delivered. */
export const alertNotifications = sqliteTable(
  "alert_notifications",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    alertId: text("alert_id").notNull(),
    /** "alert.opened" or "alert.resolved". */
    type: text("type").notNull(),
    payload: text("payload").notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** When to try again; null once delivered or given up. */
    nextAttemptAt: integer("next_attempt_at"),
    deliveredAt: integer("delivered_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("alert_notifications_due").on(t.nextAttemptAt).where(sql`next_attempt_at IS NOT NULL`),
    index("alert_notifications_alert").on(t.alertId),
  ],
);

export const alertNotificationAttempts = sqliteTable(
  "alert_notification_attempts",
  {
    notificationId: text("notification_id").notNull(),
    attempt: integer("attempt").notNull(),
    at: integer("at").notNull(),
    /** The receiver's HTTP status; null when it could not be reached. */
    status: integer("status"),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.attempt] })],
);

/** mail.activity records made in the tenant's Odoo for data/config dead events (tenant database). */
export const odooActivities = sqliteTable(
  "odoo_activities",
  {
    tenantId: text("tenant_id").notNull(),
    eventId: text("event_id").notNull(),
    odooModel: text("odoo_model"),
    odooResId: integer("odoo_res_id"),
    activityId: integer("activity_id"),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.eventId] })],
);

/**
 * A source's reconciliation schedule (`reconcile` of PUT .../sources/{s}) and where it stands:
 * `watermark` is the end of the last window reconciled (epoch ms), `last_slot` the schedule slot
 * (floor(now / every)) last started, so one minute cron starts each slot once.
 */
export const sourceReconciliations = sqliteTable(
  "source_reconciliations",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    sourceId: text("source_id").notNull(),
    everySeconds: integer("every_seconds").notNull(),
    lookbackHours: integer("lookback_hours").notNull(),
    watermark: integer("watermark"),
    lastSlot: integer("last_slot"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.sourceId] })],
);

/** Reconciliation runs (scheduled or POST /v1/tenants/{t}/reconciliations), worked through page by page. */
export const reconciliationJobs = sqliteTable(
  "reconciliation_jobs",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    sourceId: text("source_id").notNull(),
    trigger: text("trigger", { enum: ["schedule", "request"] }).notNull(),
    dryRun: integer("dry_run", { mode: "boolean" }).notNull(),
    state: text("state", { enum: ["running", "done", "failed"] }).notNull(),
    /** listing: pages are being listed, fed and compared; settling: waiting for the fed writes to finish. */
    phase: text("phase", { enum: ["listing", "settling", "done"] }).notNull(),
    since: integer("since").notNull(),
    until: integer("until").notNull(),
    cursor: text("cursor"),
    pages: integer("pages").notNull().default(0),
    listed: integer("listed").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    fed: integer("fed").notNull().default(0),
    written: integer("written").notNull().default(0),
    exceptions: integer("exceptions").notNull().default(0),
    warning: text("warning"),
    error: text("error"),
    settleDeadline: integer("settle_deadline"),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("reconciliation_jobs_tenant").on(t.tenantId, t.id)],
);

/** Records a job fed (a new version being written): compared with Odoo once their write settled. */
export const reconciliationPending = sqliteTable(
  "reconciliation_pending",
  {
    jobId: text("job_id").notNull(),
    kind: text("kind").notNull(),
    externalId: text("external_id").notNull(),
    eventId: text("event_id").notNull(),
    /** The provider's values to compare (see src/reconcile/compare.ts). */
    listed: text("listed", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.kind, t.externalId] })],
);

/**
 * What still differs between a provider and Odoo: one row per record and exception type, kept up
 * to date by each reconciliation (found again: `job_id`/values/`last_seen_at` move on; found equal:
 * the row goes). `id` is stable from the first finding (paging order).
 */
export const reconciliationExceptions = sqliteTable(
  "reconciliation_exceptions",
  {
    id: text("id").notNull(),
    tenantId: text("tenant_id").notNull(),
    sourceId: text("source_id").notNull(),
    kind: text("kind").notNull(),
    externalId: text("external_id").notNull(),
    type: text("type", { enum: ["missing_in_odoo", "amount_differs", "state_differs"] }).notNull(),
    jobId: text("job_id").notNull(),
    odooModel: text("odoo_model"),
    odooId: integer("odoo_id"),
    providerValue: text("provider_value", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    odooValue: text("odoo_value", { mode: "json" }).$type<Record<string, unknown> | null>(),
    firstSeenAt: integer("first_seen_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sourceId, t.kind, t.externalId, t.type] }),
    uniqueIndex("reconciliation_exceptions_id").on(t.tenantId, t.id),
    index("reconciliation_exceptions_job").on(t.jobId, t.id),
  ],
);

/**
 * Odoo as a source (src/odoo/source/poller.ts): how far the poller has listed each watched model
 * of a tenant's Odoo source. `writeDate` is the newest `write_date` listed (Odoo's naive UTC text, to
 * the second); a poll lists from it minus an overlap window. `cursorDate`/`cursorId`: where a run
 * that stopped on its page budget continues (null = caught up).
 */
export const odooPollWatermarks = sqliteTable(
  "odoo_poll_watermarks",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    sourceId: text("source_id").notNull(),
    flow: text("flow").notNull(),
    model: text("model").notNull(),
    writeDate: text("write_date").notNull(),
    cursorDate: text("cursor_date"),
    cursorId: integer("cursor_id"),
    polledAt: integer("polled_at").notNull(),
    /** Records listed by the last run (for the operator: how busy the model is). */
    listed: integer("listed").notNull().default(0),
    /** The last run's failure, null once one succeeds. */
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.sourceId, t.flow, t.model] })],
);
