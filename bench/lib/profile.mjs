// CPU profile of the router's isolate (Worker + its Durable Objects run in it) through workerd's
// inspector (Chrome DevTools protocol), while the loader drives ingest traffic. Self time is
// attributed to source files through the `// src/...` / `// node_modules/...` section comments
// esbuild writes into the bundle; native work called from JS (SQLite `exec`, `setAlarm`, queue
// `send`, `Response`...) shows under its own name. Profiling slows the worker: these numbers explain
// where time goes, they are not the throughput measurement.
import { readFileSync } from "node:fs";
import net from "node:net";

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function connect(inspectorPort, workerName) {
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json();
  const target = targets.find((t) => t.id === `core:user:${workerName}` || t.title?.endsWith(`core:user:${workerName}`));
  if (!target) throw new Error(`no inspector target for ${workerName}: ${targets.map((t) => t.id).join(", ")}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let seq = 0;
  const pending = new Map();
  ws.onmessage = (m) => {
    const d = JSON.parse(m.data);
    if (d.id && pending.has(d.id)) {
      pending.get(d.id)(d);
      pending.delete(d.id);
    }
  };
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = ++seq;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

function sectionsOf(bundlePath) {
  const lines = readFileSync(bundlePath, "utf8").split("\n");
  const section = new Array(lines.length);
  let current = "(bundle runtime helpers)";
  for (let i = 0; i < lines.length; i++) {
    const m = /^\/\/ ((?:src|node_modules|scripts)\/\S+)$/.exec(lines[i]);
    if (m) current = m[1].replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*/, "node_modules/$1");
    section[i] = current;
  }
  return section;
}

/** Profiles the router isolate while `drive()` runs; `requests` = how many requests drive() sent. */
export async function profileRouter({ inspectorPort, workerName = "router", bundlePath, drive }) {
  const session = await connect(inspectorPort, workerName);
  try {
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: 250 });
    await session.send("Profiler.start");
    const driven = await drive();
    const profile = (await session.send("Profiler.stop")).result.profile;
    const requests = driven.requests;
    const section = sectionsOf(bundlePath);
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfUs = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i];
      selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
    const byFile = {};
    const byFunction = {};
    let total = 0;
    let idle = 0;
    for (const [id, us] of selfUs) {
      const cf = nodes.get(id).callFrame;
      total += us;
      if (cf.functionName === "(idle)") idle += us;
      const inBundle = cf.url?.endsWith("/index.js") || cf.url?.endsWith("index.js");
      const file = inBundle ? section[cf.lineNumber] ?? "(bundle)" : cf.url ? cf.url.split("/").pop() : `native: ${cf.functionName || "(anonymous)"}`;
      byFile[file] = (byFile[file] ?? 0) + us;
      const fn = `${cf.functionName || "(anonymous)"}${inBundle ? ` [${section[cf.lineNumber]}]` : ""}`;
      byFunction[fn] = (byFunction[fn] ?? 0) + us;
    }
    const top = (o, n) =>
      Object.entries(o)
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([name, us]) => ({ name, pct: Number(((100 * us) / total).toFixed(1)), msPerRequest: Number((us / 1000 / requests).toFixed(3)) }));
    return {
      requests,
      rps: driven.rps,
      sampledMs: Math.round(total / 1000),
      busyMsPerRequest: Number(((total - idle) / 1000 / requests).toFixed(2)),
      idlePct: Number(((100 * idle) / total).toFixed(1)),
      byFile: top(byFile, 20),
      byFunction: top(byFunction, 25),
    };
  } finally {
    session.close();
  }
}
