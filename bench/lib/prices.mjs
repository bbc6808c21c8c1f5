// Cloudflare list prices used for "USD per million events" (Workers Paid plan, marginal prices
// beyond the monthly included usage; the $5/month minimum and the included allowances are NOT
// subtracted). Checked on 2026-11-23 against the cloudflare-docs sources of these pages.
export const PRICES_CHECKED = "2026-11-23";

export const PRICES = {
  workersRequests: {
    usdPerMillion: 0.3,
    unit: "request",
    source: "https://developers.cloudflare.com/workers/platform/pricing/ (Standard: 10 M included, +$0.30 per additional million)",
  },
  workersCpuMs: {
    usdPerMillion: 0.02,
    unit: "CPU ms",
    source: "https://developers.cloudflare.com/workers/platform/pricing/ (30 M CPU ms included, +$0.02 per additional million CPU ms)",
  },
  doRequests: {
    usdPerMillion: 0.15,
    unit: "request",
    source:
      "https://developers.cloudflare.com/durable-objects/platform/pricing/ (1 M included, +$0.15/million; every RPC method call is a request, alarm invocations too)",
  },
  doDurationGbS: {
    usdPerMillion: 12.5,
    unit: "GB-s",
    source: "https://developers.cloudflare.com/durable-objects/platform/pricing/ (400,000 GB-s included, +$12.50/million GB-s, billed at 128 MB per active object)",
  },
  doRowsWritten: {
    usdPerMillion: 1.0,
    unit: "row",
    source:
      "https://developers.cloudflare.com/durable-objects/platform/pricing/ (SQLite storage: 50 M rows written/month included, +$1.00/million; each setAlarm() is one row written; deletes count)",
  },
  doRowsRead: {
    usdPerMillion: 0.001,
    unit: "row",
    source: "https://developers.cloudflare.com/durable-objects/platform/pricing/ (25 B rows read/month included, +$0.001/million)",
  },
  queueOps: {
    usdPerMillion: 0.4,
    unit: "operation",
    source:
      "https://developers.cloudflare.com/queues/platform/pricing/ (1 M operations/month included, +$0.40/million; one operation per 64 KB written, read or deleted; ~3 per message; each retry is one more read)",
  },
  d1RowsWritten: {
    usdPerMillion: 1.0,
    unit: "row",
    source:
      "https://developers.cloudflare.com/d1/platform/pricing/ (50 M rows written/month included, +$1.00/million; an index adds a written row)",
  },
  d1RowsRead: {
    usdPerMillion: 0.001,
    unit: "row",
    source: "https://developers.cloudflare.com/d1/platform/pricing/ (25 B rows read/month included, +$0.001/million)",
  },
};
