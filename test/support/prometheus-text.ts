/**
 * A strict reader of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): throws on the first line a
 * Prometheus server would refuse or misread, and returns the samples for assertions. Checked:
 * line grammar (names, label escapes, float values), one TYPE per family before its samples,
 * samples only of declared families, no duplicate series, non-negative counters, and histograms
 * whose buckets are cumulative and end in +Inf equal to _count, with a _sum.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count"];

function parseValue(text: string, line: number): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`line ${line}: "${text}" is not a float`);
  return Number(text);
}

function parseSample(text: string, line: number): Sample {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(text)?.[0];
  if (!name) throw new Error(`line ${line}: no metric name`);
  let i = name.length;
  const labels: Record<string, string> = {};
  if (text[i] === "{") {
    i++;
    while (text[i] !== "}") {
      const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i))?.[0];
      if (!labelName || !LABEL_NAME.test(labelName)) throw new Error(`line ${line}: bad label name at ${i}`);
      if (labelName in labels) throw new Error(`line ${line}: label ${labelName} twice`);
      i += labelName.length;
      if (text.slice(i, i + 2) !== '="') throw new Error(`line ${line}: expected =" after ${labelName}`);
      i += 2;
      let value = "";
      for (;;) {
        const ch = text[i];
        if (ch === undefined) throw new Error(`line ${line}: unterminated label value`);
        if (ch === '"') break;
        if (ch === "\\") {
          const next = text[i + 1];
          if (next === "\\") value += "\\";
          else if (next === '"') value += '"';
          else if (next === "n") value += "\n";
          else throw new Error(`line ${line}: bad escape \\${next}`);
          i += 2;
        } else {
          value += ch;
          i++;
        }
      }
      labels[labelName] = value;
      i++;
      if (text[i] === ",") i++;
      else if (text[i] !== "}") throw new Error(`line ${line}: expected , or } at ${i}`);
    }
    i++;
  }
  if (text[i] !== " ") throw new Error(`line ${line}: expected one space before the value`);
  const [valueText, timestamp, ...rest] = text.slice(i + 1).split(" ");
  if (rest.length || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) throw new Error(`line ${line}: trailing text`);
  return { name, labels, value: parseValue(valueText ?? "", line) };
}

export function parsePrometheusText(text: string): Sample[] {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a newline");
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const seenSamplesOf = new Set<string>();
  const series = new Set<string>();
  const samples: Sample[] = [];
  const familyOf = (name: string) => {
    if (types.has(name) && types.get(name) !== "histogram") return name;
    const suffix = HISTOGRAM_SUFFIXES.find((s) => name.endsWith(s));
    const base = suffix ? name.slice(0, -suffix.length) : name;
    return types.get(base) === "histogram" ? base : null;
  };
  text
    .slice(0, -1)
    .split("\n")
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.startsWith("#")) {
        const match = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(raw);
        if (!match) return; // a plain comment
        const [, keyword, name, rest] = match as unknown as [string, string, string, string];
        if (!METRIC_NAME.test(name)) throw new Error(`line ${line}: bad metric name ${name}`);
        if (keyword === "TYPE") {
          if (!TYPES.has(rest)) throw new Error(`line ${line}: unknown type ${rest}`);
          if (types.has(name)) throw new Error(`line ${line}: second TYPE for ${name}`);
          if (seenSamplesOf.has(name)) throw new Error(`line ${line}: TYPE of ${name} after its samples`);
          types.set(name, rest);
        } else {
          if (helps.has(name)) throw new Error(`line ${line}: second HELP for ${name}`);
          helps.add(name);
        }
        return;
      }
      if (raw.trim() === "") throw new Error(`line ${line}: empty line`);
      const sample = parseSample(raw, line);
      const family = familyOf(sample.name);
      if (!family) throw new Error(`line ${line}: sample of undeclared family ${sample.name}`);
      seenSamplesOf.add(family);
      const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
      if (series.has(key)) throw new Error(`line ${line}: duplicate series ${key}`);
      series.add(key);
      if (types.get(family) === "counter" && !(sample.value >= 0)) throw new Error(`line ${line}: negative counter`);
      samples.push(sample);
    });
  checkHistograms(samples, types);
  return samples;
}

function checkHistograms(samples: Sample[], types: Map<string, string>): void {
  for (const [family, type] of types) {
    if (type !== "histogram") continue;
    const groups = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
    for (const s of samples.filter((x) => x.name.startsWith(family))) {
      const { le, ...rest } = s.labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { buckets: [] }));
      if (s.name === `${family}_bucket`) {
        if (le === undefined) throw new Error(`${family}_bucket without le`);
        group.buckets.push([parseValue(le, 0), s.value]);
      } else if (s.name === `${family}_sum`) group.sum = s.value;
      else if (s.name === `${family}_count`) group.count = s.value;
    }
    for (const [key, g] of groups) {
      const sorted = [...g.buckets].sort((a, b) => a[0] - b[0]);
      if (sorted.at(-1)?.[0] !== Infinity) throw new Error(`${family}${key}: no +Inf bucket`);
      sorted.forEach(([, v], i) => {
        if (i > 0 && v < sorted[i - 1]![1]) throw new Error(`${family}${key}: buckets are not cumulative`);
      });
      if (g.count !== sorted.at(-1)![1]) throw new Error(`${family}${key}: _count differs from the +Inf bucket`);
      if (g.sum === undefined) throw new Error(`${family}${key}: no _sum`);
    }
  }
}
