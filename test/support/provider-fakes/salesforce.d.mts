// Types of the plain ES module beside it (the fakes are JavaScript: they also run in workerd as-is).
declare const fake: { name: string; matches(url: URL): boolean; fetch(request: Request): Promise<Response> };
export default fake;
