/** Provider ids accepted in `PUT /v1/admin/tenants/{t}/sources/{s}`, each with its implementation. */
import type { Provider } from "./provider";
import { shopify } from "./shopify";

export const PROVIDERS: Readonly<Record<string, Provider>> = { shopify };

export const PROVIDER_IDS = Object.keys(PROVIDERS) as [string, ...string[]];
