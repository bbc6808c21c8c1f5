// Types of the Stripe API fake (stripe.mjs) for the TypeScript tests that import it in Node.
export const name: string;
export function matches(url: URL): boolean;
export function fetch(request: Request): Promise<Response>;
