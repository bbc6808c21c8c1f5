import { expect, it } from "vitest";
import { pollWatch, type PollState } from "../../../src/odoo/source/poll-window";
import { odooRows } from "../../support/odoo-rows";

const watch = { model: "res.partner", fields: ["name"], domain: [] };
const ids = (run: { records: { id: number }[] }) => run.records.map((r) => r.id);

it("pages within one second by id (write_date >= T and < T+1s, id > last), and a backlog continues where it stopped", async () => {
  const { rows, client } = odooRows();
  // Seven records in the same second (microseconds differ): `write_date = T` would match none of them.
  for (let id = 1; id <= 7; id++) rows.push({ id, writeDate: `2026-12-07 10:00:30.${String(id * 1000).padStart(6, "0")}`, visible: true });
  rows.push({ id: 8, writeDate: "2026-12-07 10:00:31.5", visible: true });
  const start: PollState = { writeDate: "2026-12-07 10:00:00", cursorDate: null, cursorId: null };

  const whole = await pollWatch(client, watch, start, { limit: 2, maxPages: 10 });
  expect(ids(whole)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(whole).toMatchObject({ backlog: false, next: { writeDate: "2026-12-07 10:00:31", cursorDate: null } });

  const first = await pollWatch(client, watch, start, { limit: 2, maxPages: 2 });
  expect(ids(first)).toEqual([1, 2, 3, 4]);
  expect(first).toMatchObject({ backlog: true, next: { cursorDate: "2026-12-07 10:00:30", cursorId: 4 } });
  const rest = await pollWatch(client, watch, first.next, { limit: 2, maxPages: 2 });
  expect(ids(rest)).toEqual([5, 6, 7, 8]);
});
