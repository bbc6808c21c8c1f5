/** An object's SQL that counts the statements run and the rows they wrote (as Cloudflare bills them). */
export function countingSql(sql: SqlStorage) {
  const cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  const counted = {
    exec: (query: string, ...bindings: unknown[]) => {
      const cursor = sql.exec(query, ...(bindings as SqlStorageValue[]));
      cursors.push(cursor);
      return cursor;
    },
  } as unknown as SqlStorage;
  return { sql: counted, statements: () => cursors.length, rowsWritten: () => cursors.reduce((n, c) => n + c.rowsWritten, 0) };
}
