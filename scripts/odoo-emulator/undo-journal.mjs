// Rollback of the Odoo external-API EMULATOR's transactions (not Odoo): an undo journal.
//
// Odoo runs every RPC call in one PostgreSQL transaction, rolled back when the call fails. The
// emulator used to get the same effect by copying its whole database (structuredClone) before
// every writing call, so each write cost time in proportion to everything written before it:
// after a bench had written ~2,000 orders that copy was 85 % of the emulator's CPU and its
// answers took 12 ms of CPU each, making the emulator, not the router, the bottleneck of a burst.
//
// Now every change made while a transaction is open first records how to undo itself: a field of
// a record set or deleted (records are wrapped in a Proxy that records it, so no writer can forget),
// a row added to or removed from a table, a counter moved. A rollback runs the journal backwards;
// a commit forgets it. Savepoints nest (load() rolls back one row and keeps the others).

export class UndoJournal {
  /** @type {Array<() => void> | null} null while no transaction is open */
  #undo = null;

  get open() { return this.#undo !== null; }

  /** How to put back what the change about to be made replaces (ignored outside a transaction). */
  record(undo) { this.#undo?.push(undo); }

  /** Opens the transaction (the outermost savepoint) or a savepoint inside it. */
  savepoint() {
    const outermost = this.#undo === null;
    this.#undo ??= [];
    return { at: this.#undo.length, outermost };
  }

  /** Undoes everything since the savepoint; the outermost one also ends the transaction. */
  rollbackTo(savepoint) {
    const undo = this.#undo;
    if (undo) {
      for (let i = undo.length - 1; i >= savepoint.at; i--) undo[i]();
      undo.length = savepoint.at;
    }
    if (savepoint.outermost) this.#undo = null;
  }

  /** Keeps everything since the savepoint; the outermost one commits the transaction. */
  release(savepoint) {
    if (savepoint.outermost) this.#undo = null;
  }
}

/** An object (a record, or the id counters) whose property sets and deletes are journaled. */
export function journaled(target, journal) {
  return new Proxy(target, {
    set(t, key, value) {
      if (journal.open) {
        const had = Object.hasOwn(t, key);
        const old = t[key];
        journal.record(() => { if (had) t[key] = old; else delete t[key]; });
      }
      t[key] = value;
      return true;
    },
    deleteProperty(t, key) {
      if (journal.open && Object.hasOwn(t, key)) {
        const old = t[key];
        journal.record(() => { t[key] = old; });
      }
      delete t[key];
      return true;
    },
  });
}

/** A model's table (id -> record) whose inserts and deletes are journaled. */
export class JournaledTable extends Map {
  /** @param {UndoJournal} journal */
  constructor(journal) {
    super();
    this.journal = journal;
  }

  set(id, record) {
    if (this.journal?.open) this.#recordUndo(id);
    return super.set(id, record);
  }

  delete(id) {
    if (this.journal?.open && super.has(id)) this.#recordUndo(id);
    return super.delete(id);
  }

  #recordUndo(id) {
    const had = super.has(id);
    const old = super.get(id);
    this.journal.record(() => { if (had) Map.prototype.set.call(this, id, old); else Map.prototype.delete.call(this, id); });
  }
}
