#!/usr/bin/env node
// Node HTTP server for the Odoo external-API EMULATOR (not Odoo).
//   node scripts/odoo-emulator.mjs            (PORT=8069, HOST=127.0.0.1)
// or, from tests:
//   const { url, close } = await startEmulatorServer({ port: 0 });
// The emulator core (scripts/odoo-emulator/emulator.mjs) is Web-standard JS;
// this file only adapts node:http to Request/Response.

import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { createEmulator } from './odoo-emulator/emulator.mjs';

/** Convert an IncomingMessage into a Web Request. */
async function toRequest(req, fallbackHost) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const hasBody = !['GET', 'HEAD'].includes(req.method);
  return new Request(`http://${req.headers.host ?? fallbackHost}${req.url}`, {
    method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

/**
 * Start the emulator on node:http.
 * @param {{port?: number, host?: string, emulator?: ReturnType<typeof createEmulator>}} [options]
 * @returns {Promise<{url: string, port: number, emulator: ReturnType<typeof createEmulator>, close(): Promise<void>}>}
 */
export async function startEmulatorServer({ port = 8069, host = '127.0.0.1', emulator = createEmulator() } = {}) {
  const server = http.createServer(async (req, res) => {
    try {
      const response = await emulator.fetch(await toRequest(req, `${host}:${port}`));
      if (response.headers.get('x-emulator-fault') === 'reset') {
        req.socket.destroy(); // fault "reset": drop the connection, nothing is answered
        return;
      }
      const headers = [];
      response.headers.forEach((value, name) => headers.push(name, value));
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`odoo-emulator server error (not an Odoo response): ${err?.stack ?? err}\n`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return {
    url,
    port: actualPort,
    emulator,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

const runDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  const { url, close } = await startEmulatorServer({
    port: Number(process.env.PORT ?? 8069),
    host: process.env.HOST ?? '127.0.0.1',
  });
  console.log(`Odoo EMULATOR (not Odoo) listening on ${url} — JSON-RPC /jsonrpc, JSON-2 /json/2/<model>/<method>, control /__emulator/*`);
  const stop = () => close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
