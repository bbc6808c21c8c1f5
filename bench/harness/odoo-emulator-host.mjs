#!/usr/bin/env node
// The Odoo EMULATOR's Node server (scripts/odoo-emulator.mjs) for the way-back phase, with one
// difference: its automation rules' webhook calls to ROUTER_PUBLIC_URL (an https origin, as the
// router's provisioning requires: Odoo sends the token in the URL) are sent to ROUTER_URL, the
// router's plain-http loopback address on Miniflare. This stands in for the TLS-terminating proxy
// in front of a deployed router; the path, query (?token=), headers, body and timing are Odoo's.
import { startEmulatorServer } from '../../scripts/odoo-emulator.mjs';
import { createEmulator } from '../../scripts/odoo-emulator/emulator.mjs';

const from = process.env.ROUTER_PUBLIC_URL;
const to = process.env.ROUTER_URL;
const forward = (url) => (from && to && String(url).startsWith(from) ? to + String(url).slice(from.length) : url);
const emulator = createEmulator({ fetch: (url, init) => globalThis.fetch(forward(url), init) });
const { url } = await startEmulatorServer({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1', emulator });
console.log(`odoo-emulator listening on ${url} (webhooks to ${from} go to ${to})`);
