// Types of the PayPal API fake (paypal.mjs), for tests that import it in Node.
declare const fake: { readonly name: string; matches(url: URL): boolean; fetch(request: Request): Promise<Response> };
export default fake;
