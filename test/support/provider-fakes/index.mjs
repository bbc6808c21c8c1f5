// Provider API FAKES (not the providers): each speaks one provider's real wire format, from its
// docs (paths, pagination cursors, 429 + Retry-After, expired access tokens -> 401, single-use
// rotating refresh tokens, error shapes), so the router's clients are tested against the real
// contract. Plain ES modules: they run in the tests' auxiliary worker (worker.mjs) and in Node
// (bench, `npm run dev` walk-throughs).
//
// A fake module exports `{ name, matches(url: URL): boolean, fetch(request: Request): Promise<Response> }`.
// It answers the provider's production hosts (so a connection without `baseUrl` reaches it in
// tests) and keeps its state per account (shop, realm, tenant id...), so tests with unique accounts
// never see each other. Test-only control endpoints live under `/__fake/` on the same host
// (seed objects, inject faults, read call counters).
//
// To add a fake: write `<provider>.mjs` beside this file and add it to FAKES below.

import * as genericApi from "./generic-api.mjs";
import * as stripe from "./stripe.mjs";
import hubspot from "./hubspot.mjs";
import quickbooks from "./quickbooks.mjs";
import salesforce from "./salesforce.mjs";
import shopify from "./shopify.mjs";
import paypal from "./paypal.mjs";
import square from "./square.mjs";
import xero from "./xero.mjs";
import zendesk from "./zendesk.mjs";
import * as woocommerce from "./woocommerce.mjs";
import { alertReceiver } from "./alert-receiver.mjs";

/** @type {{ name: string, matches(url: URL): boolean, fetch(request: Request): Promise<Response> }[]} */
export const FAKES = [genericApi, stripe, quickbooks, xero, shopify, square, hubspot, zendesk, salesforce, woocommerce, alertReceiver, paypal];

/** The fake answering this URL, or null (the call then goes to the Odoo emulator). */
export function fakeFor(url) {
  const parsed = typeof url === "string" ? new URL(url) : url;
  return FAKES.find((fake) => fake.matches(parsed)) ?? null;
}
