import { expect, it } from "vitest";
import { localTime, withinSchedule } from "../../src/alerts/rules";

it("a source_silent rule with hours and weekdays is judged only then, in its time zone", () => {
  const rule = {
    id: "shop-hours",
    type: "source_silent" as const,
    minutes: 30,
    hours: { from: 9, to: 18 },
    weekdays: ["mon", "tue", "wed", "thu", "fri"] as ("mon" | "tue" | "wed" | "thu" | "fri")[],
    timeZone: "Europe/Paris",
  };
  // Monday 2026-12-07 07:30 UTC = 08:30 in Paris (UTC+1): before opening.
  expect(localTime(Date.parse("2026-12-07T07:30:00Z"), "Europe/Paris")).toEqual({ weekday: "mon", hour: 8 });
  expect(withinSchedule(rule, Date.parse("2026-12-07T07:30:00Z"))).toBe(false);
  // 08:30 UTC = 09:30 Paris: judged.
  expect(withinSchedule(rule, Date.parse("2026-12-07T08:30:00Z"))).toBe(true);
  // 17:00 UTC = 18:00 Paris: closed ([from, to) hours).
  expect(withinSchedule(rule, Date.parse("2026-12-07T17:00:00Z"))).toBe(false);
  // Saturday noon: not a weekday of the rule.
  expect(withinSchedule(rule, Date.parse("2026-12-12T11:00:00Z"))).toBe(false);
  // Sunday 23:30 UTC is already Monday 00:30 in Paris, but before 9.
  expect(localTime(Date.parse("2026-12-13T23:30:00Z"), "Europe/Paris")).toEqual({ weekday: "mon", hour: 0 });
  // No hours, no weekdays: always judged.
  expect(withinSchedule({ ...rule, hours: undefined, weekdays: undefined }, Date.parse("2026-12-12T11:00:00Z"))).toBe(true);
});
