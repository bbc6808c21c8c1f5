declare const fake: { readonly name: string; matches(url: URL): boolean; fetch(request: Request): Promise<Response> };
export default fake;
