/** The part of node:async_hooks workerd provides (nodejs_compat) that test/support/rows-written.ts uses. */
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, fn: () => R): R;
    getStore(): T | undefined;
  }
}
