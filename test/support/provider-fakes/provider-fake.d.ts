/** What a provider API fake module (`<provider>.mjs` here) default-exports, for TypeScript tests that import one. */
export interface ProviderFake {
  readonly name: string;
  matches(url: URL): boolean;
  fetch(request: Request): Promise<Response>;
}
