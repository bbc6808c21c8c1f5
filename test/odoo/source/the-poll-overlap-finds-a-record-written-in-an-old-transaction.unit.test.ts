import { describe, expect, it } from "vitest";
import { pollWatch, type PollState } from "../../../src/odoo/source/poll-window";
import { odooRows } from "../../support/odoo-rows";

const watch = { model: "res.partner", fields: ["name"], domain: [] };
const ids = (run: { records: { id: number }[] }) => run.records.map((r) => r.id);

describe("the poller's write_date window", () => {
  it("lists, on a later poll, a record whose long transaction started before the records already listed", async () => {
    const { rows, client } = odooRows();
    let state: PollState = { writeDate: "2026-12-07 10:00:00", cursorDate: null, cursorId: null };
    rows.push({ id: 1, writeDate: "2026-12-07 10:00:10.250000", visible: true });
    // A 90 s transaction started at 10:00:05: its write_date is 10:00:05, it commits at 10:01:35.
    rows.push({ id: 2, writeDate: "2026-12-07 10:00:05.900000", visible: false });
    let run = await pollWatch(client, watch, state);
    expect(ids(run)).toEqual([1]);
    state = run.next;
    expect(state.writeDate).toBe("2026-12-07 10:00:10");

    rows.push({ id: 3, writeDate: "2026-12-07 10:01:00.000001", visible: true });
    run = await pollWatch(client, watch, state);
    expect(ids(run)).toEqual([1, 3]); // the overlap lists 1 again: the entity drops it as a duplicate
    state = run.next;
    expect(state.writeDate).toBe("2026-12-07 10:01:00");

    rows[1]!.visible = true; // the long transaction commits
    run = await pollWatch(client, watch, state);
    expect(ids(run)).toContain(2);

    // Without the overlap window the record would be lost for good.
    expect(ids(await pollWatch(client, watch, state, { overlapSeconds: 0 }))).not.toContain(2);
  });
});
