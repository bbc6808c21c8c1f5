// Durable Object rows and D1 rows written per accepted event, split by the path that wrote them,
// from what one end-to-end window counted (bench/harness/instrument.mjs):
//   - DO: `counters.do.byMethod`, keyed by the object method that was entered from outside
//     (`do:EntityObject.claim`, `do:OdooGate.acquire`, ...; "other" = SQL run outside any method
//     call, e.g. an object's constructor/schema set-up); rows = cursor.rowsWritten + setAlarm;
//   - D1: `counters.d1.byOrigin`, keyed by the handler that ran the query (`fetch:webhook`,
//     `queue:odoo-writes`, `queue:audit-log`, `do:...`); bench traffic (admin, audit reads) excluded.
// The paths of issue 11 are matched by method name, so a new object class or a renamed method
// lands in the right path or in "other" (listed raw as well).

const PATHS = [
  ["ingest", /\.ingest$|^fetch:webhook$/],
  ["Odoo gate (acquire/release)", /Gate\./],
  ["locks", /lock/i],
  ["claim", /\.claim$/],
  ["complete", /\.complete$/],
  ["retry / defer", /\.(recordRetry|defer|retry)$/],
  ["wake-ups", /\.(addWaiter|wake|releaseForDeadDependency)$/],
  ["alarm", /\.alarm$/],
  ["object start-up (schema)", /\.startup$/],
  ["write consumer (D1)", /^queue:odoo-writes$/],
  ["audit consumer", /^queue:audit-log$/],
];

export function pathOf(label) {
  for (const [name, re] of PATHS) if (re.test(label)) return name;
  return "other";
}

const BENCH_TRAFFIC = /^fetch:(admin|audit)$/;

/**
 * @param {object} window an e2e window result (counters, acceptedEvents, webhookRequests)
 * @returns {{perAcceptedEvent: {do: number, d1: number}, perWebhookRequest: {do: number, d1: number}, byPath: object[], raw: object[]}}
 */
export function rowsBreakdown(window) {
  const c = window.counters;
  const accepted = window.acceptedEvents || 0;
  const requests = window.webhookRequests || 0;
  const raw = [];
  for (const [label, m] of Object.entries(c.do.byMethod ?? {})) raw.push({ store: "DO", label, rows: (m.rowsWritten ?? 0) + (m.setAlarm ?? 0), statements: m.sqlStatements ?? 0, setAlarm: m.setAlarm ?? 0 });
  for (const [label, o] of Object.entries(c.d1.byOrigin ?? {})) if (!BENCH_TRAFFIC.test(label)) raw.push({ store: "D1", label, rows: o.rowsWritten ?? 0, statements: o.statements ?? 0 });
  const byPath = new Map();
  for (const r of raw) {
    const p = pathOf(r.label);
    const e = byPath.get(p) ?? { path: p, doRows: 0, d1Rows: 0, doStatements: 0, d1Statements: 0, labels: [] };
    if (r.store === "DO") {
      e.doRows += r.rows;
      e.doStatements += r.statements;
    } else {
      e.d1Rows += r.rows;
      e.d1Statements += r.statements;
    }
    e.labels.push(r.label);
    byPath.set(p, e);
  }
  const per = (x, n) => (n ? Number((x / n).toFixed(2)) : null);
  const order = [...PATHS.map(([n]) => n), "other"];
  const paths = [...byPath.values()]
    .sort((a, b) => order.indexOf(a.path) - order.indexOf(b.path))
    .map((e) => ({ ...e, doRowsPerAcceptedEvent: per(e.doRows, accepted), d1RowsPerAcceptedEvent: per(e.d1Rows, accepted) }));
  const doRows = raw.filter((r) => r.store === "DO").reduce((s, r) => s + r.rows, 0);
  const d1Rows = raw.filter((r) => r.store === "D1").reduce((s, r) => s + r.rows, 0);
  return {
    acceptedEvents: accepted,
    webhookRequests: requests,
    doRows,
    d1Rows,
    perAcceptedEvent: { do: per(doRows, accepted), d1: per(d1Rows, accepted) },
    perWebhookRequest: { do: per(doRows, requests), d1: per(d1Rows, requests) },
    byPath: paths,
    raw: raw.map((r) => ({ ...r, perAcceptedEvent: per(r.rows, accepted) })),
  };
}
