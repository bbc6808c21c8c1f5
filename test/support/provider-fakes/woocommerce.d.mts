// Types of the WooCommerce API fake (woocommerce.mjs), for tests that import it in Node.
export const name: string;
export const LIMIT: { requests: number; windowMs: number };
export function matches(url: URL): boolean;
export function fetch(request: Request): Promise<Response>;
