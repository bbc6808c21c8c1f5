// Types of the generic API fake (generic-api.mjs) for TypeScript tests that import it in Node.
export declare const name: string;
export declare const HOST: string;
export declare function matches(url: URL): boolean;
export declare function fetch(request: Request): Promise<Response>;
