/**
 * Arbitraries of the fuzz tests (test/fuzz/): hostile values (numbers at and past every range the
 * router reads, dates out of range, non-decimal amounts, long and odd strings, deep nesting) and
 * deliveries built by mutating real provider payloads with them, so that a case gets past the
 * first "is this JSON" check and reaches the field mappings.
 *
 * The fuzz tests call pure functions, never HTTP. The schema ones run in Node (`unit` project);
 * the provider one in workerd, where Web Crypto (verify, signing) is about twice as fast as Node's.
 * `FUZZ_RUNS` from the environment (`npm run fuzz` raises it; vitest.config.ts passes it into
 * workerd as a binding, which nodejs_compat puts in process.env) sets the cases per property;
 * `FUZZ_SEED` replays one failing run.
 */
import fc from "fast-check";

const settings: { FUZZ_RUNS?: string; FUZZ_SEED?: string } = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
/** Cases per property: 10,000 in `npm test`, more with `npm run fuzz`. */
export const FUZZ_RUNS = Number(settings.FUZZ_RUNS) > 0 ? Number(settings.FUZZ_RUNS) : 10_000;
export const fuzzParameters = (runs = FUZZ_RUNS): fc.Parameters<unknown> => ({
  numRuns: runs,
  ...(Number.isInteger(Number(settings.FUZZ_SEED)) && settings.FUZZ_SEED ? { seed: Number(settings.FUZZ_SEED) } : {}),
  endOnFailure: true,
});

/**
 * A JSON token written as is into the body text (JSON.stringify cannot write 1e400 or an integer
 * of 30 digits): `raw("1e400")` is a placeholder replaced by `jsonText`.
 */
const RAW = "\u0000raw:";
const raw = (token: string) => `${RAW}${token}`;

export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000raw:((?:[^"\\]|\\.)*)"/g, (_m, token: string) => JSON.parse(`"${token}"`) as string);
}

const deep = (depth: number, inner: string) => raw("[".repeat(depth) + inner + "]".repeat(depth));

/** Numbers at and beyond the edges: epoch seconds and ms past year 9999, 2^53, 1e21, 1e300... */
const edgeNumber = fc.constantFrom(
  0, -0, 1, -1, 0.5, 1e-7, 12.5, 2 ** 31, 2 ** 32, 1e13, 1e15, 1e16, 1e20, 1e21, 1e22, 1e300, -1e300,
  Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE,
  8.64e15, 8.64e15 + 1, 253_402_300_800_000, 253_402_300_799_999, -62_135_596_800_001, 1_700_000_000, 1_700_000_000_000,
);
/** Number tokens JSON.stringify cannot produce: overflow to Infinity, 2^64 and beyond kept as text, -0. */
const edgeToken = fc.constantFrom("1e400", "-1e400", "123456789012345678901234567890", "18446744073709551616", "9007199254740993", "-0", "0.0000001", "1E+21");
const edgeString = fc.constantFrom(
  "", " ", "12,50", "1e21", "1e+21", "abc", "NaN", "Infinity", "-", ".", "0x10", "１２", "-12.345", "9999999999999999999999.99",
  "2026-13-45T99:99:99Z", "+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00Z", "9999-12-31T23:59:59.999Z",
  "10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "1970-01-01", "2026-11-20T10:00:00", "9007199254740991",
  "\u0000", "\ud800", "%E0%A4%A", "<x>&amp;</x>", "a.b.c", "customer.created", "orders/create", "USD", "usd", "EURO",
  "https://api.paypal.com/v2/payments/captures/%E0%A4%A",
);
const longString = "x".repeat(70_000);

/** One hostile value: a scalar, a long string, a container, or deep nesting (a stack for the JSON reviver). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: edgeNumber },
  { weight: 2, arbitrary: edgeToken.map(raw) },
  { weight: 4, arbitrary: edgeString },
  { weight: 1, arbitrary: fc.constantFrom(256, 1025).map((n) => "x".repeat(n)) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { id: null }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  // Rare, they are large: a 70 KB string, nesting deep enough to overflow a recursive walk.
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, null, null, null, longString, deep(5_000, "1"), deep(20_000, "12345678901234567")) },
);

/** Every path into a JSON value (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) value.forEach((item, i) => (out.push([...prefix, i]), pathsOf(item, [...prefix, i], out)));
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) out.push([...prefix, key]), pathsOf(item, [...prefix, key], out);
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let current = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = current[key];
    if (typeof next !== "object" || next === null) return; // an earlier change replaced this subtree
    current = next as Record<string | number, unknown>;
  }
  const key = path.at(-1)!;
  // An earlier change may have put an array where an object was: its "length" (WooCommerce's
  // dimensions.length) is not a field to set, and a hostile value there throws a RangeError.
  if (Array.isArray(current) && typeof key === "string") return;
  // A copy: the constants above are shared between cases (and a container put in itself is a cycle).
  current[key] = typeof value === "object" && value !== null ? structuredClone(value) : value;
}

/** A JSON seed with 1 to 4 of its values (leaves or whole subtrees) replaced by hostile values. */
export function mutatedJson(seed: string): fc.Arbitrary<string> {
  const paths = pathsOf(JSON.parse(seed));
  return fc.array(fc.tuple(fc.nat({ max: Math.max(0, paths.length - 1) }), hostileValue), { minLength: 1, maxLength: 4 }).map((changes) => {
    const copy = JSON.parse(seed) as unknown;
    for (const [index, value] of changes) setAt(copy, paths[index] ?? [], value);
    return jsonText(copy);
  });
}

/** An XML seed with 1 to 3 text nodes replaced (raw, so that markup can break too). */
export function mutatedXml(seed: string): fc.Arbitrary<string> {
  const spans = [...seed.matchAll(/>([^<]+)</g)].map((m) => ({ start: m.index + 1, end: m.index + 1 + m[1]!.length }));
  const replacement = fc.oneof(edgeString, fc.constantFrom("<a>", "&bogus;", "]]>", "<!DOCTYPE x>", "true", "false", "x".repeat(300), longString));
  return fc.array(fc.tuple(fc.nat({ max: spans.length - 1 }), replacement), { minLength: 1, maxLength: 3 }).map((changes) => {
    let text = seed;
    // Right to left, so that earlier offsets stay valid.
    const unique = [...new Map(changes.map(([i, v]) => [i, v])).entries()].sort((a, b) => b[0] - a[0]);
    for (const [i, value] of unique) text = text.slice(0, spans[i]!.start) + value + text.slice(spans[i]!.end);
    return text;
  });
}

/** Bodies: mutated seeds mostly, then arbitrary JSON, cut seeds and random bytes. */
export function hostileBody(seeds: string[], mutate: (seed: string) => fc.Arbitrary<string> = mutatedJson): fc.Arbitrary<Uint8Array> {
  const encode = (text: string) => new TextEncoder().encode(text);
  return fc.oneof(
    { weight: 12, arbitrary: fc.oneof(...seeds.map(mutate)).map(encode) },
    { weight: 2, arbitrary: fc.constantFrom(...seeds).map(encode) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => encode(JSON.stringify(v) ?? "null")) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([s, n]) => encode(s.slice(0, n % (s.length + 1)))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  );
}

/** A header value as a sender could write it (no CR/LF: the Headers class refuses those itself). */
export const hostileHeader: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", " ", "1e21", "9007199254740993", "-1", "abc", "v1,", "t=,v1=", "sha256=", "Zm9v", "%%", "null", "x".repeat(300)),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n\0]/g, "")),
);
