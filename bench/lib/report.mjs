// The markdown report of one run (bench/results/<date>.md); the README quotes its first table.

const f0 = (x) => (x === null || x === undefined ? "n/a" : Math.round(x).toLocaleString("en-US"));
const f1 = (x) => (x === null || x === undefined ? "n/a" : Number(x).toFixed(1));
const f2 = (x) => (x === null || x === undefined ? "n/a" : Number(x).toFixed(2));
const ok = (cond) => (cond ? "met" : "**not met**");
import { callsPerFlow, renderTargets } from "./targets.mjs";

export function machineLine(r) {
  const m = r.machine;
  return `${m.cores} vCPU ${m.cpu}, ${m.memoryGb} GB RAM, ${m.os}; Node ${m.node}, Miniflare ${m.miniflare}, workerd ${m.workerd}; load average at start ${m.loadAvgAtStart.join(" / ")} (other processes shared the CPUs)`;
}

export function renderMarkdown(r, charts = {}) {
  const ing = r.ingest;
  const lat = ing.halfRate.latencyMs;
  const st = r.e2e.steady;
  const bu = r.e2e.bursts;
  const included = r.providers.filter((p) => p.included).map((p) => p.id);
  const skipped = r.providers.filter((p) => !p.included).map((p) => `${p.id} (${p.reason})`);
  const lines = [];
  lines.push(`# Router benchmark, ${r.date.slice(0, 10)} (${r.plan.name} run${r.commit ? `, commit ${r.commit}` : ""})`);
  lines.push("");
  lines.push(`Machine: ${machineLine(r)}. Miniflare state (D1, Durable Object SQLite files): ${r.ingest.state}.`);
  lines.push("");
  lines.push(
    `Workload: ${included.join(", ")}; ${r.workload.entityCount.toLocaleString("en-US")} entities, Zipf s=${r.workload.zipfS}, ${Math.round(r.workload.redeliveryRate * 100)} % redeliveries; bodies p50 ${f0(r.workload.pool.sizes.p50)} B (min ${f0(r.workload.pool.sizes.min)}, p95 ${f0(r.workload.pool.sizes.p95)}, max ${f0(r.workload.pool.sizes.max)}).` +
      (skipped.length ? ` Skipped: ${skipped.join("; ")}.` : ""),
  );
  lines.push("");
  lines.push("| Measure | Result | Target |");
  lines.push("|---|---|---|");
  lines.push(`| No-op worker, throughput at saturation (the limit) | ${f0(r.noop.best.rps)} req/s (${r.noop.best.connections} connections) | |`);
  lines.push(`| Ingest, throughput at saturation | ${f0(ing.best.rps)} req/s (${ing.best.connections} connections) = **${f1(100 * ing.ratioToNoop)} %** of the no-op | >= 25 %: ${ok(ing.ratioToNoop >= 0.25)} |`);
  if (r.ingestDiskState) {
    const d = r.ingestDiskState.step;
    lines.push(`| Ingest, same best step with Miniflare's state on disk instead of tmpfs | ${f0(d.rps)} req/s (${d.connections} connections) = ${f1((100 * d.rps) / r.noop.best.rps)} % of the no-op; p50 ${f1(d.latencyMs.p50)} ms | (local disk, not the router) |`);
  }
  lines.push(`| Ingest, ack latency at 50 % of saturation (${f0(ing.halfRate.rate)} req/s, open loop, client-side over loopback) | p50 ${f1(lat.p50)} / p95 ${f1(lat.p95)} / p99 **${f1(lat.p99)}** ms | p99 <= 50 ms: ${ok(lat.p99 <= 50)} |`);
  lines.push(`| End to end, webhook -> Odoo write committed, ${r.e2e.rate} req/s steady mix | p50 ${f0(st.e2eLatencyMs.p50)} / p99 ${f0(st.e2eLatencyMs.p99)} ms (${st.e2eLatencyMs.n} delivered events) | |`);
  lines.push(`| End to end, bursts on hot entities (${bu.sent.requests} updates to ${bu.sent.hotEntities.length} entities, ${r.plan.burst.rate} req/s) | p50 ${f0(bu.e2eLatencyMs.p50)} / p99 ${f0(bu.e2eLatencyMs.p99)} ms (${bu.e2eLatencyMs.n} delivered) | |`);
  lines.push(`| Odoo calls per accepted event, steady mix | ${f2(st.odooCallsPerAcceptedEvent)} (${st.odooCalls} calls / ${st.acceptedEvents} events) | |`);
  lines.push(`| Odoo calls per accepted event, bursts (coalescing) | **${f2(bu.odooCallsPerAcceptedEvent)}** (${bu.odooCalls} / ${bu.acceptedEvents}; ${bu.eventStatuses.superseded ?? 0} superseded) | <= 1.0: ${ok(bu.odooCallsPerAcceptedEvent <= 1)} |`);
  lines.push(`| Cost per million events (steady mix, list prices of ${r.cost.pricesChecked}) | **$${f2(r.cost.usdPerMillionEvents)}** ($${f2(r.cost.usdPerMillionEventsWithoutCpu)} without the CPU upper bound) | |`);
  const atPeak = r.ingest.memory.atPeak;
  const split = atPeak ? `; at the ingest peak ${f0(atPeak.anonKb / 1024)} MB anonymous, ${f0(atPeak.fileKb / 1024)} MB file, ${f0(atPeak.shmemKb / 1024)} MB shared, after deliveries to ${f0(r.ingest.poolStatus?.entitiesSent)} distinct entities` : "";
  lines.push(`| Peak RSS of the router's workerd process | ${f0(r.memory.routerPeakRssMb)} MB (ingest ${f0(r.memory.byPhaseMb.ingest)}, end to end ${f0(r.memory.byPhaseMb.e2e)}; no-op worker ${f0(r.memory.byPhaseMb.noop)}${split}) | <= 600 MB at 10,000 entities: ${ok(r.memory.routerPeakRssMb <= 600)}${(r.memory.entitiesAddressed ?? 10_000) < 10_000 ? ` (${f0(r.memory.entitiesAddressed)} entities addressed)` : ""} |`);
  lines.push("");
  lines.push("## Targets of issue 11");
  lines.push("");
  lines.push(renderTargets(r));
  lines.push("");
  lines.push("Compare two runs: `node bench/compare.mjs before.json after.json` (bench/README.md).");
  lines.push("");
  lines.push(...renderLoads(r, charts));
  if (r.burst) lines.push(renderBurst(r.burst));
  lines.push(...renderCallsPerFlow(r));
  if (r.rows) lines.push(...renderRows(r.rows));
  lines.push("## Cost per event (steady mix)");
  lines.push("");
  lines.push("| Item | Per event | USD per million events | Price | How it was obtained |");
  lines.push("|---|---|---|---|---|");
  const per = (x) => (x === null || x === undefined ? "n/a" : x !== 0 && Math.abs(x) < 0.1 ? Number(x).toPrecision(2) : f2(x));
  for (const it of r.cost.items) lines.push(`| ${it.what} | ${per(it.perEvent)} | $${f2(it.usdPerMillionEvents)} | ${it.price} | ${it.basis} |`);
  lines.push(`| **Total** | | **$${f2(r.cost.usdPerMillionEvents)}** | | |`);
  lines.push(`| Odoo calls (not billed by Cloudflare) | ${f2(r.cost.odooCallsPerEvent)} | | | measured (emulator call log) |`);
  lines.push("");
  lines.push(`Bursts window: $${f2(r.costBursts.usdPerMillionEvents)} per million events. Prices: ${Object.values(r.cost.prices).map((p) => p.source).filter((s, i, a) => a.indexOf(s) === i).join("; ")}. ${r.cost.notes.join(" ")}`);
  lines.push("");
  lines.push("## Saturation ramps");
  lines.push("");
  lines.push("| Worker | Connections | req/s | p50 ms | p99 ms | non-2xx | errors | first deliveries to an entity | workerd CPU % | load generator CPU % | machine busy % |");
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const [name, ramp] of [["no-op", r.noop.ramp], ["router (ingest)", ing.ramp]]) {
    for (const s of ramp) {
      const first = name === "no-op" ? "" : `${f0(100 * s.firstTouchShare)} %`;
      lines.push(`| ${name} | ${s.connections} | ${f0(s.rps)} | ${f1(s.latencyMs.p50)} | ${f1(s.latencyMs.p99)} | ${s.non2xx} | ${s.errors} | ${first} | ${f0(s.workerdCpuPct)} | ${f0(s.loaderCpuPct)} | ${f0(s.machineBusyPct)} |`);
    }
  }
  lines.push("");
  const g = ing.halfRate.latencyMsByGroup;
  if (g) {
    lines.push("");
    lines.push(`Ack latency at 50 % of saturation by kind of request: ${Object.entries(g).map(([k, v]) => `${k} (${v.n}) p50 ${f1(v.p50)} / p99 ${f1(v.p99)} ms`).join("; ")}.`);
  }
  lines.push("");
  lines.push(`Before each ramp, ${r.plan.warmupS} s (router) / 3 s (no-op) of unmeasured warm-up at ${r.plan.steps.at(-1)} connections` + (ing.warmup ? ` (router: ${f0(ing.warmup.rps)} req/s, ${f0(100 * ing.warmup.firstTouchShare)} % first deliveries).` : "."));
  const cw = ing.coldWarm;
  if (cw) {
    lines.push("");
    lines.push(`Cold vs warm entity objects (${cw.entities} ${cw.provider} entities never seen before, ${cw.connections} connections, closed loop): first delivery (object created) ${f0(cw.cold.rps)} req/s, p50 ${f1(cw.cold.latencyMs.p50)} ms, **${f2(cw.cold.workerdCpuMsPerRequest)} ms** workerd CPU per request; second delivery (object exists) ${f0(cw.warm.rps)} req/s, p50 ${f1(cw.warm.latencyMs.p50)} ms, **${f2(cw.warm.workerdCpuMsPerRequest)} ms** CPU per request.`);
  }
  lines.push("");
  lines.push("## Where the time goes (instrumented end-to-end run, steady mix)");
  lines.push("");
  const t = st.counters.timing;
  const rowT = (k, label) => (t[k] ? `| ${label} | ${t[k].n} | ${f1(t[k].sum / t[k].n)} | ${f1(t[k].max)} |` : null);
  lines.push("| Span (wall time, workerd clock) | Count | Mean ms | Max ms |");
  lines.push("|---|---|---|---|");
  for (const row of [
    rowT("fetch.webhook", "Webhook request in the Worker (until the ack)"),
    rowT("rpc.ingest", "  of which EntityObject.ingest RPC (caller side)"),
    rowT("do.EntityObject.ingest", "  EntityObject.ingest inside the object"),
    rowT("queue.odoo-writes", "odoo-writes consumer batch"),
    rowT("queue.audit-log", "audit-log consumer batch"),
  ]) if (row) lines.push(row);
  if (r.profile) {
    const { mix, cold, warm } = r.profile;
    lines.push("");
    lines.push(
      `CPU profile of the router isolate (Worker + its Durable Objects) with the inspector attached (slower than the measurement): ` +
        `the ingest mix at ${mix.connections} connections costs **${f2(mix.busyMsPerRequest)} ms of CPU per request** (${f0(mix.rps)} req/s under the profiler); ` +
        `a first delivery to an entity (its object is created) **${f2(cold.busyMsPerRequest)} ms**, a delivery to an existing object **${f2(warm.busyMsPerRequest)} ms** ` +
        `(the no-op worker needs about ${f2(r.noop.best.workerdCpuMs / (r.noop.best.requests || 1))} ms of workerd CPU per request). Self time, ms per request (native calls under their own name):`,
    );
    lines.push("");
    lines.push("| Source | Mix | First delivery (new object) | Existing object |");
    lines.push("|---|---|---|---|");
    const names = [...new Set([...mix.byFile.slice(0, 12), ...cold.byFile.slice(0, 8), ...warm.byFile.slice(0, 8)].map((x) => x.name))].filter((n) => n !== "native: (idle)");
    const ms = (p, n) => {
      const x = p.byFile.find((y) => y.name === n);
      return x ? x.msPerRequest.toFixed(3) : "–";
    };
    for (const n of names) lines.push(`| ${n} | ${ms(mix, n)} | ${ms(cold, n)} | ${ms(warm, n)} |`);
  }
  const doReq = st.counters.do.requests;
  const perIngest = st.counters.do.byMethod?.["do:EntityObject.ingest"];
  const ingests = doReq["EntityObject.ingest"];
  if (perIngest && ingests) {
    lines.push("");
    lines.push(`Per EntityObject.ingest call (including the outbox flush it starts after replying): ${f1(perIngest.sqlStatements / ingests)} SQL statements, ${f1(perIngest.rowsWritten / ingests)} rows written, ${f1(perIngest.rowsRead / ingests)} rows read, ${f2((perIngest.setAlarm ?? 0) / ingests)} setAlarm.`);
  }
  lines.push("");
  lines.push(`Durable Object requests in the steady window: ${Object.entries(doReq).map(([k, v]) => `${k} ${v}`).join(", ")}; ${st.counters.do.sqlStatements} SQL statements, ${st.counters.do.rowsWritten} rows written, ${st.counters.do.setAlarm} setAlarm for ${st.webhookRequests} webhook requests.`);
  lines.push("");
  lines.push(`Event statuses after the steady window: ${JSON.stringify(st.eventStatuses)}; replies ${JSON.stringify(st.replyStatuses)}${st.drained ? "" : `; NOT DRAINED after ${st.drainWaitS} s (${st.undrained} open)`}.`);
  lines.push(`Event statuses after the bursts: ${JSON.stringify(bu.eventStatuses)}${bu.drained ? "" : `; NOT DRAINED after ${bu.drainWaitS} s (${bu.undrained} open)`}.`);
  lines.push(`Timeline steps of the steady window's events: ${JSON.stringify(st.timelineSteps)}; write-queue messages retried: ${st.counters.worker.queueRetried?.["odoo-writes"] ?? 0}.`);
  if (st.deadEvents?.length) {
    const groups = new Map();
    for (const d of st.deadEvents) {
      const k = `${d.provider} ${d.topic}: ${String(d.error).slice(0, 200)}`;
      groups.set(k, (groups.get(k) ?? 0) + 1);
    }
    lines.push(`Dead events (steady, ${st.deadCount ?? st.deadEvents.length} in all): ${[...groups].map(([k, n]) => `${n} x ${k}`).join("; ")}.`);
  }
  lines.push("");
  return lines.join("\n") + "\n";
}

/** End to end at each offered load, with the chart. */
function renderLoads(r, charts) {
  const loads = r.e2e?.loads;
  if (!loads?.length) return [];
  const out = ["## End to end at several offered loads (webhook -> Odoo committed, open loop)", ""];
  if (charts.e2e) out.push(`![End-to-end latency percentiles against offered load](${charts.e2e})`, "");
  out.push("| Offered load | Sent (s) | Accepted events | e2e p50 | p95 | p99 | max | ack p99 | accepted / s | written / s | write rate / ack rate | last write after last ack | statuses | Odoo calls / accepted event | machine busy % |");
  out.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const l of loads) {
    const e = l.e2eLatencyMs;
    out.push(
      `| ${l.rate} req/s | ${l.requests} (${l.durationS} s) | ${l.acceptedEvents} | ${f0(e.p50)} ms | ${f0(e.p95)} ms | **${f0(e.p99)} ms** | ${f0(e.max)} ms | ${f0(l.ackLatencyMs?.p99)} ms | ${f1(l.acceptedPerSecond)} | ${f1(l.writtenPerSecond)} | ${l.writeRateShareOfAckRate === null ? "n/a" : `${f0(100 * l.writeRateShareOfAckRate)} %`} | ${f1(l.lastWriteAfterLastAckS)} s | ${Object.entries(l.eventStatuses).map(([k, v]) => `${k} ${v}`).join(", ")}${l.drained ? "" : ` (**${l.undrained} not drained**)`} | ${f2(l.odooCallsPerAcceptedEvent)} | ${f0(l.machineBusyPct)} |`,
    );
  }
  out.push("");
  out.push(
    `E2E latency = the \`delivered\` time in the event's audit timeline minus the client's send time, for every accepted event delivered to Odoo; each load is sent at a fixed rate (open loop) and drained before the next (until nothing settles for ${r.plan.stallS ?? "?"} s, at most ${r.plan.drainS} s: events still open then, e.g. payments waiting for a customer the mix never sends, are \"not drained\" and not in the percentiles). ` +
      "Write rate / ack rate = (last ack - first send) / (last Odoo write - first send) over the events written: 100 % when the writes keep up with the acks.",
  );
  if (charts.ingest) out.push("", `Ingest ramp (ack latency against throughput): ![Ingest ack latency against throughput](${charts.ingest})`);
  out.push("");
  return out;
}

/** The issue-11 burst (bench/lib/shopify-burst.mjs). */
export function renderBurst(b) {
  if (!b) return "";
  const z = b.size;
  const lines = [
    `## Burst: ${f0(z.deliveries)} signed Shopify deliveries, ${b.senders} concurrent senders (issue 11)`,
    "",
    `${f0(z.customers)} customers, ${f0(z.orders)} orders, ${f0(z.updates)} updates (${z.outOfOrderPairs} pairs sent newest first), ${f0(z.redeliveries)} exact redeliveries; Odoo emulator process; router as built with its own consumers.`,
    "",
    "| Measure | Result | Target |",
    "|---|---|---|",
    `| Acks | ${f1(b.ackRate)} req/s over ${f1(b.sendSeconds)} s, ack p50 ${f0(b.ackLatencyMs.p50)} / p99 ${f0(b.ackLatencyMs.p99)} ms; ${f0(b.acceptedEvents)} accepted events (${f1(b.acceptedPerSecond)} / s) | |`,
    `| Unique events written into Odoo per second | **${f2(b.uniqueEventsWrittenPerSecond)}** (${f0(b.uniqueEventsWritten)} written) | |`,
    `| Write rate / ack rate (saturation) | **${b.writeRateShareOfAckRate === null ? "n/a" : `${f0(100 * b.writeRateShareOfAckRate)} %`}** | >= 80 %: ${ok(b.writeRateShareOfAckRate >= 0.8)} |`,
    `| Last Odoo write after the last ack | **${f1(b.lastWriteAfterLastAckS)} s** | <= 10 s: ${ok(b.lastWriteAfterLastAckS !== null && b.lastWriteAfterLastAckS <= 10)} |`,
    `| Odoo calls per unique event written | ${f2(b.odooCallsPerUniqueEvent)} (${f0(b.odooCalls)} calls, ${b.odooErrors} errors) | |`,
    "",
    `Statuses: ${JSON.stringify(b.statuses)}${b.drained ? "" : ` (**not drained after ${b.drainWaitS} s**)`}; replies ${JSON.stringify(b.replies)}; workerd ${f0(b.cpu?.workerdCpuPct)} % CPU, machine busy ${f0(b.cpu?.machineBusyPct)} %, peak RSS ${f0((b.memory?.peakRssKb ?? 0) / 1024)} MB.`,
    "",
  ];
  if (b.profile) {
    lines.push(
      `CPU profile of the router isolate (Worker and its Durable Objects, one thread) from the first send until drained, inspector attached (\`--burst-profile\`; slower than the measurement): **${b.profile.busyMsPerRequest} ms of CPU per accepted event**, ${b.profile.idlePct} % idle. Self time per accepted event:`,
      "",
      "| Source | ms | % |",
      "|---|---|---|",
      ...b.profile.byFile.slice(0, 15).map((f) => `| ${f.name} | ${f.msPerRequest} | ${f.pct} |`),
      "",
    );
  }
  return lines.join("\n");
}

const FLOW_TARGETS = { "order create": 5, "order update": 3, "customer update": 2, payment: 6, refund: 6 };

/** Odoo calls per flow (the successful attempt's `odooCalls` in each delivered event's timeline). */
export function renderCallsPerFlow(r) {
  const sources = [
    ["end-to-end mix", r.e2e?.odooCallsPerFlow],
    ["burst", r.burst?.odooCallsPerFlow],
    ["after the burst (warm), emulator log", r.burst?.paymentsAndRefunds?.odooCallsPerFlow],
    ["after the burst (warm), router's count", r.burst?.paymentsAndRefunds?.routerCountedCallsPerFlow],
  ].filter(([, v]) => v && Object.keys(v).length);
  if (!sources.length) return [];
  const out = ["## Odoo calls per flow", "", "| Flow | Where | Events | Median | Mean | Min | Max | Target |", "|---|---|---|---|---|---|---|---|"];
  const best = callsPerFlow(r);
  for (const [where, flows] of sources) {
    for (const [flow, v] of Object.entries(flows)) {
      const t = FLOW_TARGETS[flow];
      const judged = best[flow] === v && t !== undefined;
      out.push(`| ${flow} | ${where} | ${v.n} | **${v.p50}** | ${f2(v.mean)} | ${v.min} | ${v.max} | ${t === undefined ? "" : `<= ${t}${judged ? `: ${ok(v.p50 <= t)}` : ""}`} |`);
    }
  }
  out.push("");
  out.push("Mix and burst: calls of the attempt that wrote, as the router counts them (`odooCalls` in the write's audit detail); calls of failed attempts are in the emulator's totals only. After the burst: one event at a time, so the emulator's call log during its write is that event's (every HTTP call, authentication included), with the router's count next to it. The target is judged on the median of the warmest emulator-counted sample (payments/refunds after the burst, else the burst, else the mix).");
  out.push("");
  return out;
}

/** DO and D1 rows written per accepted event, by path (bench/lib/rows.mjs). */
function renderRows(rows) {
  const out = [
    "## Rows written per accepted event, by path (5 req/s window)",
    "",
    `${f0(rows.acceptedEvents)} accepted events from ${f0(rows.webhookRequests)} webhook requests: **${f2(rows.perAcceptedEvent.do)} DO rows** (target <= 8: ${ok(rows.perAcceptedEvent.do <= 8)}) and **${f2(rows.perAcceptedEvent.d1)} D1 rows** (target <= 6: ${ok(rows.perAcceptedEvent.d1 <= 6)}) per accepted event; per webhook request ${f2(rows.perWebhookRequest.do)} DO / ${f2(rows.perWebhookRequest.d1)} D1.`,
    "",
    "| Path | DO rows / accepted event | D1 rows / accepted event | DO SQL statements | D1 statements | Counted as |",
    "|---|---|---|---|---|---|",
  ];
  for (const p of rows.byPath) out.push(`| ${p.path} | ${f2(p.doRowsPerAcceptedEvent)} | ${f2(p.d1RowsPerAcceptedEvent)} | ${f0(p.doStatements)} | ${f0(p.d1Statements)} | ${p.labels.join(", ")} |`);
  out.push("");
  out.push("DO rows = `cursor.rowsWritten` of every SQL statement run inside that method call + 1 per `setAlarm`; D1 rows = `meta.rows_written` of the queries run by that handler (indexes included, as D1 counts them); object start-up = the SQL an object runs when it is constructed (its schema set-up; DDL rows count); `other` = SQL outside any method call or start-up. Bench traffic (admin, audit reads) excluded.");
  out.push("");
  return out;
}

/** The reconciliation phase (bench/lib/reconcile.mjs) as a table. */
export function renderReconciliation(rec) {
  if (!rec) return "";
  const row = (r) =>
    `| ${r.label} | ${r.seconds} s | ${r.pages} | ${r.providerCalls} (${r.provider429} x 429, max ${r.providerMaxConcurrent} in flight) | ${r.counts.listed} / ${r.counts.unchanged} / ${r.counts.fed} / ${r.counts.written} / ${r.counts.exceptions} | ${r.odooCalls} | **${r.odooWrites}** |`;
  return [
    `## Reconciliation (WooCommerce fake -> router -> Odoo emulator, ${rec.orders.toLocaleString("en-US")} orders)`,
    "",
    "| Run | Time | Pages | Provider calls | listed / unchanged / fed / written / exceptions | Odoo calls | Odoo writes |",
    "|---|---|---|---|---|---|---|",
    row(rec.firstSight),
    row(rec.unchanged),
    row(rec.withChanges),
    "",
    `Shop request limit of the fake: ${rec.shopLimit.requests} per ${rec.shopLimit.windowMs / 1000} s. Odoo calls of the unchanged run: ${JSON.stringify(rec.unchanged.odooCallsByMethod)}; of the run with changes: ${JSON.stringify(rec.withChanges.odooCallsByMethod)}.`,
    "",
  ].join("\n");
}
