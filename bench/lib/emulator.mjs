// The Odoo EMULATOR (scripts/odoo-emulator.mjs, not Odoo) as a separate Node process on a free
// loopback port, configured for the bench tenant through its /__emulator/* control API.
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./build.mjs";

export const ODOO = { database: "bench", login: "router@bench.test", apiKey: "bench-odoo-api-key", version: "19.0" };

/**
 * @param {{version?: string, webhooks?: {publicUrl: string, routerUrl: string}}} [o] the Odoo version
 *   the emulator plays (default 19.0); `webhooks`: its rules' calls to `publicUrl` go to `routerUrl`
 *   (bench/harness/odoo-emulator-host.mjs, the way-back phase)
 */
export async function startEmulator({ version = ODOO.version, webhooks } = {}) {
  const script = webhooks ? path.join(ROOT, "bench", "harness", "odoo-emulator-host.mjs") : path.join(ROOT, "scripts", "odoo-emulator.mjs");
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...(webhooks ? { ROUTER_PUBLIC_URL: webhooks.publicUrl, ROUTER_URL: webhooks.routerUrl } : {}) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start:\n${output}`)), 20_000);
    const onData = (d) => {
      output += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (output += d));
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}):\n${output}`)));
  });
  const control = async (method, route, body) => {
    const res = await fetch(`${url}/__emulator/${route}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator ${method} ${route} -> ${res.status} ${await res.text()}`);
    return res.json();
  };
  await control("POST", "config", { ...ODOO, version });
  return {
    url,
    pid: child.pid,
    child,
    control,
    calls: () => control("GET", "calls"),
    clearCalls: () => control("DELETE", "calls"),
    odooConnection: { url, database: ODOO.database, login: ODOO.login, apiKey: ODOO.apiKey, protocol: "jsonrpc" },
    stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}
