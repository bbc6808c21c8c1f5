/**
 * The Stripe API client against its fake (provider-fakes/stripe.mjs) in Node unit tests: a session
 * per key (each key is its own fake account) with a gate that lets every call through, and the
 * fake's controls.
 */
import * as fake from "./provider-fakes/stripe.mjs";
import { createApiSession, type RateGate } from "../../src/connections/api-session";
import { stripeApi } from "../../src/providers/stripe-api";
import type { ApiSession } from "../../src/providers/provider-api";

export const OPEN_GATE: RateGate = { acquire: async () => ({ release: async () => undefined }) };

export const newStripeKey = (mode: "test" | "live" = "test") => `rk_${mode}_${crypto.randomUUID().replaceAll("-", "")}`;

export function stripeSession(secretKey: string, gate: RateGate = OPEN_GATE): ApiSession {
  return createApiSession({ api: stripeApi, credentials: { secretKey }, gate, fetch: (url, init) => fake.fetch(new Request(url, init)) });
}

/** A control call of the fake (`/__fake/<path>`) for the account of `key`. */
export async function stripeFake(key: string, path: string, body?: unknown): Promise<any> {
  const response = await fake.fetch(
    new Request(`https://api.stripe.com/__fake/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  if (!response.ok) throw new Error(`fake control ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
