/**
 * The console's browser script (served as /console/app.js). Plain ES2020 in a string so the
 * Worker serves it without a bundler step; it never builds HTML from strings (every value goes
 * through textContent), so nothing an event carries can run in the page.
 * Written without template literals: this whole file is one String.raw template.
 */
export const CONSOLE_SCRIPT = String.raw`"use strict";
const SESSION_KEY = "router-console";
const STATUSES = document.body.dataset.statuses.split(" ");
const main = document.getElementById("main");

// ---- session: the token lives in sessionStorage (this tab only), never in a URL -------------
function session() {
  try { return JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null"); } catch (e) { return null; }
}
function signOut(message) {
  sessionStorage.removeItem(SESSION_KEY);
  showSignIn(message || "");
}

// ---- DOM building: text only, never parsed as markup-------------------------------------------
function el(tag, attrs) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of Array.prototype.slice.call(arguments, 2).flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
const show = (value) => (value === null || value === undefined || value === "" ? "—" : typeof value === "object" ? JSON.stringify(value) : String(value));
const when = (iso) => (iso ? new Date(iso).toLocaleString() : "—");
const statusBadge = (status) => el("span", { class: "status status-" + status, text: status });
let uid = 0;
const nextId = (prefix) => prefix + "-" + ++uid;

function field(labelText, control) {
  control.id = control.id || nextId("f");
  return el("div", { class: "field" }, el("label", { for: control.id, text: labelText }), control);
}
function heading(text) {
  return el("h2", { id: "view-title", tabindex: "-1", text: text });
}
function definitionList(entries) {
  return el("dl", null, entries.flatMap(([term, value]) => [el("dt", { text: term }), el("dd", null, value instanceof Node ? value : show(value))]));
}

// ---- API: the public audit routes, with the bearer token -----------------------------------
async function api(path, init) {
  const s = session();
  const headers = { authorization: "Bearer " + s.token };
  const options = Object.assign({ cache: "no-store" }, init || {}, { headers: headers });
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    options.body = JSON.stringify(options.body);
  }
  const response = await fetch("/v1/tenants/" + encodeURIComponent(s.tenant) + path, options);
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (response.status === 401) {
    signOut("The token was refused (revoked or mistyped): sign in again.");
    throw new Error("unauthorized");
  }
  return { status: response.status, ok: response.ok, body: body };
}
function apiError(result) {
  const error = result.body && result.body.error;
  return el("p", { class: "error", role: "alert", text: error ? error.code + ": " + error.message : "HTTP " + result.status });
}

// ---- sign in --------------------------------------------------------------------------------
function showSignIn(message) {
  document.getElementById("app").hidden = true;
  document.getElementById("sign-out").hidden = true;
  document.getElementById("who").textContent = "";
  document.getElementById("sign-in").hidden = false;
  document.getElementById("sign-in-error").textContent = message;
  document.getElementById("sign-in-tenant").focus();
}
document.getElementById("sign-in-form").addEventListener("submit", async (submit) => {
  submit.preventDefault();
  const form = submit.currentTarget;
  const tenant = form.tenant.value.trim();
  const token = form.token.value.trim();
  const error = document.getElementById("sign-in-error");
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(tenant)) { error.textContent = "Tenant id: lower-case letters, digits, _ and - (as in the tenant's URLs)."; form.tenant.focus(); return; }
  if (!token) { error.textContent = "Token: paste a tenant token or the admin token."; form.token.focus(); return; }
  error.textContent = "Checking…";
  // The health route takes any token of the tenant: a cheap check that the pair is right.
  const response = await fetch("/v1/tenants/" + encodeURIComponent(tenant) + "/health", { headers: { authorization: "Bearer " + token }, cache: "no-store" });
  if (response.status === 401) { error.textContent = "The token was refused."; return; }
  if (response.status === 404) { error.textContent = "No tenant " + tenant + " for this token."; return; }
  if (!response.ok) { error.textContent = "The router answered HTTP " + response.status + "."; return; }
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ tenant: tenant, token: token }));
  form.reset();
  start();
});
document.getElementById("sign-out").addEventListener("click", () => signOut("Signed out."));

function start() {
  const s = session();
  if (!s) return showSignIn("");
  document.getElementById("sign-in").hidden = true;
  document.getElementById("app").hidden = false;
  document.getElementById("sign-out").hidden = false;
  document.getElementById("who").textContent = "Tenant " + s.tenant;
  if (!location.hash) location.hash = "#events";
  else route();
}

// ---- views, by location.hash ------------------------------------------------------------------
const VIEWS = { events: eventsView, dead: deadLettersView, health: healthView, metrics: metricsView, exceptions: exceptionsView, alerts: alertsView };
let renderSeq = 0;
async function route() {
  if (!session()) return;
  const parts = location.hash.replace(/^#/, "").split("/");
  const name = VIEWS[parts[0]] ? parts[0] : "events";
  for (const link of document.querySelectorAll("nav a")) {
    if (link.getAttribute("href") === "#" + name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const seq = ++renderSeq;
  const view = parts[0] === "events" && parts[1] ? await timelineView(decodeURIComponent(parts[1])) : await VIEWS[name]();
  if (seq !== renderSeq) return; // a later navigation won
  main.replaceChildren(view);
  const title = document.getElementById("view-title");
  if (title) title.focus();
}
window.addEventListener("hashchange", () => { route().catch(report); });
function report(error) {
  if (error && error.message === "unauthorized") return;
  main.replaceChildren(el("p", { class: "error", role: "alert", text: "The console failed: " + (error && error.message) }));
}

// ---- events: the audit API's filters and cursor paging -------------------------------------
const eventFilters = { status: "", errorClass: "", direction: "", source: "", type: "", since: "", until: "", limit: "50" };
const ERROR_CLASSES = ["transient", "auth", "config", "data", "dependency"];
const eventPages = { cursors: [null] }; // cursor of each page seen, for "previous page"

function eventsTable(items, caption) {
  if (items.length === 0) return el("p", { text: "No events match." });
  return el("table", null,
    el("caption", { text: caption }),
    el("thead", null, el("tr", null, ["Received", "Event", "Source", "Type", "Status", "Error class", "Attempts", "Odoo record"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", null, items.map((e) => el("tr", null,
      el("td", { text: when(e.receivedAt) }),
      el("td", null, el("a", { href: "#events/" + encodeURIComponent(e.id), "aria-label": "Timeline of " + e.id }, el("code", { text: e.id }))),
      el("td", { text: e.source }),
      el("td", { text: e.type || e.topic }),
      el("td", null, statusBadge(e.status)),
      el("td", { text: e.errorClass || "—" }),
      el("td", { text: e.attempts }),
      el("td", { text: e.odoo ? e.odoo.model + " #" + e.odoo.id : "—" }),
    ))),
  );
}

function toIso(localValue) {
  return localValue ? new Date(localValue).toISOString() : "";
}

async function eventsView() {
  const statusSelect = el("select", { name: "status" }, el("option", { value: "", text: "any status" }), STATUSES.map((s) => el("option", { value: s, text: s })));
  statusSelect.value = eventFilters.status;
  const classSelect = el("select", { name: "errorClass" }, el("option", { value: "", text: "any class" }), ERROR_CLASSES.map((c) => el("option", { value: c, text: c })));
  classSelect.value = eventFilters.errorClass;
  // The way back: outbound = Odoo's changes sent to providers; inbound = the providers' deliveries.
  const directionSelect = el("select", { name: "direction" }, el("option", { value: "", text: "both directions" }),
    ["inbound", "outbound"].map((d) => el("option", { value: d, text: d })));
  directionSelect.value = eventFilters.direction;
  const inputs = {
    source: el("input", { name: "source", value: eventFilters.source, spellcheck: "false", placeholder: "e.g. shop" }),
    type: el("input", { name: "type", value: eventFilters.type, spellcheck: "false", placeholder: "order.created or a topic" }),
    since: el("input", { name: "since", type: "datetime-local", value: eventFilters.since }),
    until: el("input", { name: "until", type: "datetime-local", value: eventFilters.until }),
    limit: el("input", { name: "limit", type: "number", min: "1", max: "200", value: eventFilters.limit }),
  };
  const form = el("form", { class: "filters", role: "search", "aria-label": "Filter events" },
    field("Status", statusSelect),
    field("Error class", classSelect),
    field("Direction", directionSelect),
    field("Source", inputs.source),
    field("Type", inputs.type),
    field("Received since (local time)", inputs.since),
    field("Received until (local time)", inputs.until),
    field("Per page", inputs.limit),
    el("button", { type: "submit", class: "primary", text: "Apply filters" }),
    el("button", { type: "button", text: "Clear filters", onclick: () => {
      Object.assign(eventFilters, { status: "", errorClass: "", direction: "", source: "", type: "", since: "", until: "", limit: "50" });
      eventPages.cursors = [null];
      route().catch(report);
    } }),
  );
  form.addEventListener("submit", (submit) => {
    submit.preventDefault();
    eventFilters.status = statusSelect.value;
    eventFilters.errorClass = classSelect.value;
    eventFilters.direction = directionSelect.value;
    for (const key of ["source", "type", "since", "until", "limit"]) eventFilters[key] = inputs[key].value.trim();
    eventPages.cursors = [null];
    route().catch(report);
  });

  const page = eventPages.cursors.length;
  const query = new URLSearchParams();
  if (eventFilters.status) query.set("status", eventFilters.status);
  if (eventFilters.errorClass) query.set("errorClass", eventFilters.errorClass);
  if (eventFilters.direction) query.set("direction", eventFilters.direction);
  if (eventFilters.source) query.set("source", eventFilters.source);
  if (eventFilters.type) query.set("type", eventFilters.type);
  if (eventFilters.since) query.set("since", toIso(eventFilters.since));
  if (eventFilters.until) query.set("until", toIso(eventFilters.until));
  if (eventFilters.limit) query.set("limit", eventFilters.limit);
  const cursor = eventPages.cursors[page - 1];
  if (cursor) query.set("cursor", cursor);
  const result = await api("/events?" + query.toString());
  const body = result.ok ? result.body : null;
  const pager = el("div", { class: "pager" },
    el("button", { type: "button", text: "Previous page", disabled: page === 1, onclick: () => { eventPages.cursors.pop(); route().catch(report); } }),
    el("span", { text: "Page " + page }),
    el("button", { type: "button", text: "Next page", disabled: !(body && body.nextCursor), onclick: () => { eventPages.cursors.push(body.nextCursor); route().catch(report); } }),
  );
  return el("section", { "aria-labelledby": "view-title" },
    heading("Events"),
    form,
    el("p", { role: "status", text: body ? body.items.length + " event(s) on page " + page : "" }),
    body ? eventsTable(body.items, "Events, newest first") : apiError(result),
    pager,
  );
}

// ---- one event: its fields, the Odoo record and the timeline ------------------------------
async function timelineView(eventId) {
  const result = await api("/events/" + encodeURIComponent(eventId));
  const back = el("p", null, el("a", { href: "#events", text: "← Back to events" }));
  if (!result.ok) return el("section", null, heading("Event " + eventId), back, apiError(result));
  const e = result.body;
  let odoo = "—";
  if (e.odoo) {
    const label = e.odoo.model + " #" + e.odoo.id;
    // Only a web link: the URL is the tenant's configuration, never a script to run here.
    odoo = e.odoo.url && /^https?:[/][/]/.test(e.odoo.url)
      ? el("a", { href: e.odoo.url, target: "_blank", rel: "noopener noreferrer", text: label + " (open in Odoo)" })
      : el("span", { text: label });
  }
  const error = e.error ? [e.error.category, e.error.name, e.error.message].filter(Boolean).join(" · ") : null;
  return el("section", { "aria-labelledby": "view-title" },
    heading("Event " + e.id),
    back,
    definitionList([
      ["Status", statusBadge(e.status)],
      ["Reason", e.reason],
      ["Source", e.source + " (" + e.provider + ")"],
      ["Topic", e.topic],
      ["Type", e.type],
      ["External id", e.externalId],
      ["Delivery id", e.deliveryId],
      ["Attempts", e.attempts],
      ["Odoo record", odoo],
      ["Error", error],
      ["Replay of", e.replayOf ? el("a", { href: "#events/" + encodeURIComponent(e.replayOf), text: e.replayOf }) : null],
      ["Received", when(e.receivedAt)],
      ["Updated", when(e.updatedAt)],
    ]),
    el("table", null,
      el("caption", { text: "Timeline" }),
      el("thead", null, el("tr", null, ["#", "At", "Step", "Detail"].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", null, (e.timeline || []).map((t) => el("tr", null,
        el("td", { text: t.seq }), el("td", { text: when(t.at) }), el("td", { text: t.step }), el("td", null, el("code", { text: show(t.detail) })),
      ))),
    ),
    e.status === "dead" ? replayPanel({ eventIds: [e.id] }, "this event") : null,
  );
}

// ---- replay: dry run count first, then an explicit confirmation ----------------------------
function replayPanel(filter, what) {
  const output = el("div", { role: "status", "aria-live": "polite" });
  const panel = el("div", { class: "panel" }, el("h3", { text: "Replay " + what }));
  const countButton = el("button", { type: "button", class: "primary", text: "Count what would be replayed (dry run)" });
  countButton.addEventListener("click", async () => {
    output.replaceChildren(el("p", { text: "Counting…" }));
    const dry = await api("/replays", { method: "POST", body: Object.assign({ status: "dead" }, filter, { dryRun: true }) });
    if (!dry.ok) return output.replaceChildren(dry.status === 403 ? el("p", { class: "error", role: "alert", text: "Replays need an operate token (this one can only read)." }) : apiError(dry));
    const count = dry.body.count;
    if (count === 0) return output.replaceChildren(el("p", { text: "Dry run: nothing to replay." }));
    const confirm = el("button", { type: "button", class: "danger", text: "Confirm: replay " + count + " event(s)" });
    const cancel = el("button", { type: "button", text: "Cancel", onclick: () => { output.replaceChildren(); countButton.focus(); } });
    confirm.addEventListener("click", async () => {
      confirm.disabled = true;
      const started = await api("/replays", { method: "POST", body: Object.assign({ status: "dead" }, filter) });
      if (!started.ok) return output.replaceChildren(apiError(started));
      if (!started.body.jobId) return output.replaceChildren(el("p", { text: "Nothing left to replay." }));
      await followJob(started.body.jobId, output);
    });
    output.replaceChildren(el("p", { text: "Dry run: " + count + " event(s) would be replayed." }), el("div", { class: "pager" }, confirm, cancel));
    confirm.focus();
  });
  panel.append(el("p", { text: "Each event goes back through its entity as a new event; ordering still applies." }), countButton, output);
  return panel;
}
async function followJob(jobId, output) {
  for (let i = 0; i < 60; i++) {
    const job = await api("/replays/" + encodeURIComponent(jobId));
    if (!job.ok) return output.replaceChildren(apiError(job));
    const j = job.body;
    output.replaceChildren(el("p", { text: "Replay job " + j.jobId + ": " + j.status + " (" + j.replayed + " of " + j.total + " replayed, " + j.skipped + " skipped)" }));
    if (j.status === "done" || !output.isConnected) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

// ---- dead letters -----------------------------------------------------------------------------
async function deadLettersView() {
  const result = await api("/events?status=dead&limit=50");
  return el("section", { "aria-labelledby": "view-title" },
    heading("Dead letters"),
    el("p", { text: "Events Odoo refused for good, or that kept failing for the whole retry window." }),
    result.ok ? eventsTable(result.body.items, "Dead events, newest first (up to 50; the Events view pages through all)") : apiError(result),
    replayPanel({}, "all dead letters"),
  );
}

// ---- health -------------------------------------------------------------------------------------
async function healthView() {
  const result = await api("/health");
  if (!result.ok) return el("section", null, heading("Health"), apiError(result));
  const h = result.body;
  const odoo = h.odoo || {};
  const counts = h.events || {};
  return el("section", { "aria-labelledby": "view-title" },
    heading("Health"),
    definitionList(
      [["Tenant", h.tenant], ["Status", statusBadge(h.status)]]
        .concat(h.reason ? [["Why", h.reason]] : [])
        .concat([["Breaker", statusBadge(odoo.state || "unknown")]])
        .concat(Object.entries(odoo).filter(([k]) => k !== "state").map(([k, v]) => [k, /At$/.test(k) && v ? when(v) : v])),
    ),
    el("table", null,
      el("caption", { text: "Events not yet in Odoo" }),
      el("thead", null, el("tr", null, ["Waiting", "Retrying", "Dead"].map((x) => el("th", { scope: "col", text: x })))),
      el("tbody", null, el("tr", null,
        el("td", { text: show(counts.waiting) }), el("td", { text: show(counts.retrying) }),
        el("td", null, el("a", { href: "#dead", text: show(counts.dead) + " (dead letters)" })),
      )),
    ),
    el("button", { type: "button", text: "Refresh", onclick: () => route().catch(report) }),
  );
}

// ---- views over routes a deployment may not have yet ---------------------------------------
async function optionalView(title, path, render) {
  const result = await api(path);
  if (result.status === 404) {
    return el("section", { "aria-labelledby": "view-title" }, heading(title),
      el("p", { class: "notice", role: "status", text: title + ": not available on this deployment (GET /v1/tenants/{tenant}" + path.split("?")[0] + " answered 404)." }));
  }
  if (!result.ok) return el("section", null, heading(title), apiError(result));
  return el("section", { "aria-labelledby": "view-title" }, heading(title), render(result.body));
}
const itemsOr = (renderItems) => (body) =>
  Array.isArray(body && body.items) ? renderItems(body.items) : el("pre", { text: JSON.stringify(body, null, 2) });

// ---- metrics: totals per source and kind, and a bar chart of each series' buckets ----------
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}
function barChart(points, label) {
  const width = 640, height = 120, max = Math.max(1, ...points.map((p) => p.received));
  const chart = svg("svg", { viewBox: "0 0 " + width + " " + (height + 4), width: "100%", height: height + 4, role: "img", "aria-label": label });
  const step = width / Math.max(points.length, 24); // at least 24 slots, so one bucket is not one wall
  points.forEach((p, i) => {
    const bar = (value, fill, offset) => {
      const h = (value / max) * height;
      const rect = svg("rect", { x: i * step + offset * step * 0.45, y: height - h, width: Math.max(step * 0.4, 1), height: h, fill: fill });
      rect.append(svg("title", {}));
      rect.lastChild.textContent = new Date(p.at).toLocaleString() + ": " + value;
      chart.append(rect);
    };
    bar(p.received, "#0b5cad", 0);
    bar(p.delivered, "#1a7f37", 1);
  });
  return chart;
}
function metricsSeries(body) {
  const series = Array.isArray(body && body.series) ? body.series : null;
  if (!series) return el("pre", { text: JSON.stringify(body, null, 2) });
  if (series.length === 0) return el("p", { text: "No traffic in this range." });
  const pct = (v) => (v === null || v === undefined ? "—" : Math.round(v * 100) + " %");
  return el("div", null,
    el("p", { text: "From " + when(body.from) + " to " + when(body.to) + ", by " + body.bucket + ". Bars: received (blue), delivered (green)." }),
    series.map((s) => {
      const t = s.totals;
      const name = s.source + (s.kind ? " / " + s.kind : "");
      return el("div", { class: "panel" },
        el("h3", { text: name }),
        el("table", null, el("caption", { text: "Totals for " + name }),
          el("thead", null, el("tr", null, ["Received", "Accepted", "Duplicate", "Rejected", "Ignored", "Delivered", "Dead", "Success", "Retrying now", "Waiting now", "Ack p95 ms", "To Odoo p95 ms"].map((h) => el("th", { scope: "col", text: h })))),
          el("tbody", null, el("tr", null, [t.received, t.accepted, t.duplicate, t.rejected, t.ignored, t.delivered, t.dead, pct(t.successRate),
            s.now && s.now.retrying, s.now && s.now.waiting, t.ackLatencyMs && t.ackLatencyMs.p95, t.deliveryLatencyMs && t.deliveryLatencyMs.p95].map((v) => el("td", { text: show(v) }))))),
        barChart(s.points || [], "Received and delivered per " + body.bucket + " for " + name),
      );
    }),
  );
}

function metricsView() { return optionalView("Metrics", "/metrics?bucket=hour", metricsSeries); }
// ---- business exceptions (GET .../exceptions?type=) and alerts (GET .../alerts, POST .../ack) ----
const EXCEPTION_TYPES = [
  ["stuck", "Stuck entities"], ["order_not_in_odoo", "Orders not in Odoo"], ["invoice_not_posted", "Invoices not posted"],
  ["payment_not_applied", "Payments not applied"], ["refund_not_credited", "Refunds not credited"], ["source_silent", "Silent sources"],
  ["stock_not_synced", "Stock not at the providers"], ["shipment_not_sent", "Shipments not sent"],
  ["missing_in_odoo", "Missing in Odoo (reconciliation)"], ["amount_differs", "Amounts differ (reconciliation)"], ["state_differs", "States differ (reconciliation)"],
];
let exceptionType = "stuck";
function exceptionsTable(items, caption) {
  if (items.length === 0) return el("p", { role: "status", text: "No exceptions of this type." });
  return el("table", null, el("caption", { text: caption }),
    el("thead", null, el("tr", null, ["Source", "Reference", "Status", "Error class", "Age (min)", "Odoo record", "Error", "Event"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", null, items.map((x) => el("tr", null,
      el("td", { text: x.source }),
      el("td", { text: x.kind ? x.kind + " " + (x.externalId || "") : "—" }),
      el("td", null, x.status ? statusBadge(x.status) : "—"),
      el("td", { text: x.errorClass || "—" }),
      el("td", { text: show(x.ageMinutes) }),
      el("td", null, x.odoo ? (x.odoo.url ? el("a", { href: x.odoo.url, target: "_blank", rel: "noopener", text: x.odoo.model + " #" + x.odoo.id }) : x.odoo.model + " #" + x.odoo.id) : "—"),
      el("td", { text: x.error || "—" }),
      el("td", null, x.eventId ? el("a", { href: "#events/" + encodeURIComponent(x.eventId), "aria-label": "Timeline of " + x.eventId }, el("code", { text: x.eventId })) : "—"),
    ))),
  );
}
function exceptionsView() {
  const select = el("select", { name: "type" }, EXCEPTION_TYPES.map(([value, text]) => el("option", { value: value, text: text })));
  select.value = exceptionType;
  const form = el("form", { class: "filters", role: "search", "aria-label": "Choose the type of exception" },
    field("Type", select), el("button", { type: "submit", class: "primary", text: "Show" }));
  form.addEventListener("submit", (submit) => { submit.preventDefault(); exceptionType = select.value; route().catch(report); });
  const label = (EXCEPTION_TYPES.find(([value]) => value === exceptionType) || [exceptionType, exceptionType])[1];
  return optionalView("Exceptions", "/exceptions?type=" + encodeURIComponent(exceptionType) + "&limit=200", (body) => el("div", null,
    form,
    body && body.thresholds ? el("p", { text: "Stuck after " + body.thresholds.stuckMinutes + " min, waiting after " + body.thresholds.waitingMinutes + " min, silent after " + body.thresholds.silentMinutes + " min." }) : null,
    itemsOr((items) => exceptionsTable(items, label))(body)));
}
function alertsTable(items) {
  if (items.length === 0) return el("p", { role: "status", text: "No alerts." });
  return el("table", null, el("caption", { text: "Alerts, newest first" }),
    el("thead", null, el("tr", null, ["Opened", "State", "Rule", "Subject", "Message", "Acknowledged", "Resolved", ""].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", null, items.map((a) => el("tr", null,
      el("td", { text: when(a.openedAt) }),
      el("td", null, statusBadge(a.state)),
      el("td", { text: a.rule + " (" + a.type + ")" }),
      el("td", { text: a.subject }),
      el("td", { text: a.message }),
      el("td", { text: a.acknowledgedAt ? when(a.acknowledgedAt) + " by " + a.acknowledgedBy : "—" }),
      el("td", { text: a.resolvedAt ? when(a.resolvedAt) : "—" }),
      el("td", null, a.state === "open"
        ? el("button", { type: "button", text: "Acknowledge", "aria-label": "Acknowledge alert " + a.rule + " on " + a.subject, onclick: async () => {
            const ack = await api("/alerts/" + encodeURIComponent(a.id) + "/ack", { method: "POST" });
            if (!ack.ok) return main.prepend(apiError(ack));
            route().catch(report);
          } })
        : null),
    ))),
  );
}
function alertsView() {
  return optionalView("Alerts", "/alerts?limit=200", itemsOr(alertsTable));
}

start();
`;
