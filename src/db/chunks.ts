/**
 * D1 binds at most 100 parameters per query: lists of ids are bound a chunk at a time (each
 * repository picks its chunk size to leave room for its query's own parameters).
 */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
