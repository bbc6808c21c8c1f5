/**
 * Fault injection: a seeded random scenario (scenario.ts) driven through the router in workerd
 * (driver.ts). Inside `npm test` this is the small profile (~300 deliveries, < 60 s); `npm run chaos`
 * runs the full one (10,000 deliveries over 3,340 entities, 1,002 of them orders) through scripts/chaos/.
 */
import { describe, expect, inject, it } from "vitest";
import { formatReport, runChaos } from "./driver";
import { FULL_PROFILE, SMALL_PROFILE, fingerprint, generateScenario, type ChaosProfile } from "./scenario";

const options = inject("chaos");
const base = options?.profile === "full" ? FULL_PROFILE : SMALL_PROFILE;
const profile: ChaosProfile = {
  ...base,
  ...(options?.seed !== undefined ? { seed: options.seed } : {}),
  ...(options?.events !== undefined ? { events: options.events } : {}),
  ...(options?.entities !== undefined ? { entities: options.entities } : {}),
};

describe("chaos scenario generator", () => {
  it("is pure: the same seed gives the same scenario, another seed another one", () => {
    const a = generateScenario(SMALL_PROFILE);
    const b = generateScenario(SMALL_PROFILE);
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(a.deliveries).toEqual(b.deliveries);
    expect(fingerprint(generateScenario({ ...SMALL_PROFILE, seed: SMALL_PROFILE.seed + 1 }))).not.toBe(fingerprint(a));
  });

  it("meets the issue's shape: 20 % redelivered, ~30 % out of order, every entity written", () => {
    const s = generateScenario(profile);
    expect(s.deliveries).toHaveLength(profile.events);
    expect(s.stats.redeliveries / profile.events).toBeCloseTo(profile.redeliveryRate, 2);
    expect(s.stats.outOfOrderRate).toBeGreaterThan(profile.outOfOrderRate - 0.03);
    expect(new Set(s.deliveries.filter((d) => d.entity).map((d) => d.entity)).size).toBe(profile.entities);
  });
});

describe(`chaos run (${profile.name} profile)`, () => {
  it(
    `loses nothing, duplicates nothing, converges and never writes out of order (seed ${profile.seed})`,
    async () => {
      const report = await runChaos(profile);
      // The full run's report is parsed by scripts/chaos/run.mjs (markdown, then the JSON on one line).
      if (profile.name === "full") console.log(`\n<<<CHAOS-REPORT\n${formatReport(report)}\n${JSON.stringify(report)}\nCHAOS-REPORT>>>`);
      else console.log(`\n${formatReport(report)}`);
      expect(report.invariants).toEqual({ lost: 0, duplicateOdooRecords: 0, divergentEntities: 0, outOfOrderWrites: 0 });
      expect(report.details.unacked).toBe(0);
      expect(report.details.dedupeFailures).toBe(0);
    },
    profile.name === "full" ? 40 * 60_000 : 90_000,
  );
});
