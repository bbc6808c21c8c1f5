import { describe, expect, it } from "vitest";
import { childElement, childElements, parseXml, soapBody, XmlError } from "../../src/providers/schemes/soap";

// Documents built to make a parser that copies the namespace map per element quadratic: many
// declarations in scope, and many elements that each declare one more. Before the scopes became a
// chain, the 81 KB one took ~3 s of CPU and the 1 MiB one ran out of memory; the test timeout
// (30 s) is the only clock here: the assertions are on what is parsed.
function namespaceFlood(declarations: number, children: number): string {
  const declared = Array.from({ length: declarations }, (_, i) => ` xmlns:p${i}="urn:p${i}"`).join("");
  const child = (i: number) => `<p${i % declarations}:c xmlns:q="urn:q${i}"><q:v>${i}</q:v></p${i % declarations}:c>`;
  return `<root xmlns="urn:root"${declared}>${Array.from({ length: children }, (_, i) => child(i)).join("")}</root>`;
}

describe("the SOAP/XML reader on namespace floods", () => {
  it("reads the 81 KB document with 4,250 xmlns declarations, resolving every prefix", () => {
    const xml = namespaceFlood(4_250, 400);
    expect(xml.length).toBeGreaterThan(80_000);
    const root = parseXml(xml);
    expect(root.namespace).toBe("urn:root");
    expect(root.children).toHaveLength(400);
    const last = root.children[399]!;
    expect(last.namespace).toBe("urn:p399");
    expect(childElement(last, "v", "urn:q399")?.text).toBe("399");
  });

  it("reads a 1 MiB document with 20,000 declarations on the root and 12,000 elements declaring their own", () => {
    const xml = namespaceFlood(20_000, 12_000);
    expect(xml.length).toBeGreaterThan(1_000_000);
    const root = parseXml(xml);
    expect(root.children).toHaveLength(12_000);
    expect(root.children[11_999]!.namespace).toBe("urn:p11999");
    expect(root.children.every((c, i) => childElements(c, "v", `urn:q${i}`).length === 1)).toBe(true);
  });

  it("refuses a flood wrapped in a SOAP envelope that is not one, with an XmlError (not a crash)", () => {
    expect(() => soapBody(namespaceFlood(5_000, 5_000))).toThrow(XmlError);
  });
});
