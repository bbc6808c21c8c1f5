/**
 * A store-level test's entity object: a fresh object (its own name), its schema migrated, and the
 * EntityStore over its SQLite, handed to `fn` inside the object.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { EntityStore } from "../../src/entity/entity-store";
import { migrateEntityStore } from "../../src/entity/store-schema";

export function inNewEntityStore<T>(label: string, fn: (store: EntityStore, sql: SqlStorage) => T | Promise<T>): Promise<T> {
  return runInDurableObject(env.ENTITY.getByName(`${label}-${crypto.randomUUID()}`), (_instance, state) => {
    const sql = state.storage.sql;
    migrateEntityStore(sql);
    return fn(new EntityStore(sql), sql);
  });
}
