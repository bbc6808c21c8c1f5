// `npm run bench:xml`: parse time of 1 MiB hostile XML documents with the router's own SOAP/XML
// reader (src/providers/schemes/soap.ts, bundled with esbuild and run on Node's V8, the engine
// workerd embeds). Writes bench/results/xml-<YYYY-MM-DD>.{json,md}. About 10 s.
//
// Every document is what an unauthenticated sender can post to a Salesforce source whose only
// secret is "none" once it knows the (non-secret) org id. The plain envelope of the same size is
// the yardstick: a linear reader parses the hostile ones in the same order of time.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const OUT = path.join(ROOT, "bench", ".build", "soap-bench.mjs");
const MiB = 1024 * 1024;
const RUNS = 5;

await build({ entryPoints: [path.join(ROOT, "src/providers/schemes/soap.ts")], bundle: true, format: "esm", platform: "neutral", outfile: OUT, logLevel: "silent" });
const { parseXml, XmlError } = await import(pathToFileURL(OUT).href);

/** Repeats `unit(i)` until the document (head + units + tail) reaches about 1 MiB. */
function fill(head, unit, tail) {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; size < MiB; i++) {
    const u = unit(i);
    parts.push(u);
    size += u.length;
  }
  parts.push(tail);
  return parts.join("");
}

const ORG = "00D5w000004qGTOEA2";
const ENVELOPE_HEAD =
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` +
  `<notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>${ORG}</OrganizationId>`;
const rootDeclarations = Array.from({ length: 20_000 }, (_, i) => ` xmlns:p${i}="urn:p${i}"`).join("");

const documents = {
  "plain envelope (Contact notifications)": fill(
    ENVELOPE_HEAD,
    (i) => `<Notification><Id>04l${String(i).padStart(15, "0")}</Id><sObject xmlns:sf="urn:sobject.enterprise.soap.sforce.com" xsi:type="sf:Contact" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><sf:Id>003${i}</sf:Id><sf:Email>c${i}@example.com</sf:Email></sObject></Notification>`,
    "</notifications></soapenv:Body></soapenv:Envelope>",
  ),
  "namespace flood (20,000 declarations on the root, every child declares one more)": fill(
    `<root xmlns="urn:root"${rootDeclarations}>`,
    (i) => `<p${i % 20_000}:c xmlns:q="urn:q${i}"><q:v>${i}</q:v></p${i % 20_000}:c>`,
    "</root>",
  ),
  "declarations only (one element, ~50,000 xmlns attributes)": fill("<root", (i) => ` xmlns:n${i}="urn:${i}"`, "/>"),
  "deep nesting (63 levels, repeated)": fill("<root>", () => "<a>".repeat(62) + "x" + "</a>".repeat(62), "</root>"),
  "entity references (&amp; x 200,000)": fill("<root>", () => "&amp;&lt;&#233;", "</root>"),
  "unterminated attribute quote (refused)": `<root a="` + "x".repeat(MiB),
  "DTD with nested entities (refused)": `<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>` + fill("<l>", () => "&b;", "</l>"),
};

function measure(xml) {
  const times = [];
  let outcome = "parsed";
  for (let run = 0; run < RUNS; run++) {
    const t0 = process.hrtime.bigint();
    try {
      parseXml(xml);
    } catch (err) {
      if (!(err instanceof XmlError)) throw err;
      outcome = `refused: ${err.message}`;
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { bytes: Buffer.byteLength(xml), outcome, medianMs: times[Math.floor(RUNS / 2)], maxMs: times.at(-1) };
}

const rows = Object.entries(documents).map(([name, xml]) => ({ name, ...measure(xml) }));
const date = new Date().toISOString().slice(0, 10);
const lines = [
  `# Hostile XML parse time, ${date} (Node ${process.version}, ${RUNS} runs each, load average ${loadavg()[0].toFixed(1)})`,
  "",
  "Compare each row with the plain envelope of the same size: the machine may be shared.",
  "",
  "| Document (~1 MiB) | Bytes | Outcome | Median ms | Max ms |",
  "|---|---|---|---|---|",
  ...rows.map((r) => `| ${r.name} | ${r.bytes.toLocaleString("en")} | ${r.outcome.slice(0, 60)} | ${r.medianMs.toFixed(1)} | ${r.maxMs.toFixed(1)} |`),
];
const dir = path.join(ROOT, "bench", "results");
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, `xml-${date}.json`), JSON.stringify({ date, node: process.version, runs: RUNS, loadAverage: loadavg()[0], rows }, null, 2) + "\n");
writeFileSync(path.join(dir, `xml-${date}.md`), lines.join("\n") + "\n");
console.log(lines.join("\n"));
