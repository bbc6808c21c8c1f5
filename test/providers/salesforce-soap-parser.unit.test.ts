import { describe, expect, it } from "vitest";
import { attribute, childElement, isNil, parseXml, qnameLocal, soapBody, XmlError, XSI_NS } from "../../src/providers/schemes/soap";

describe("the dependency-free SOAP/XML reader", () => {
  it("resolves namespaces by URI whatever the prefixes, and reads xsi:type / xsi:nil", () => {
    const body = soapBody(
      `<?xml version="1.0"?><e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="${XSI_NS}">` +
        `<e:Body><n xmlns="urn:x"><o i:type="s:Account" xmlns:s="urn:s"><s:Id>1</s:Id><s:Gone i:nil="true"/></o></n></e:Body></e:Envelope>`,
    );
    const n = childElement(body, "n", "urn:x")!;
    const o = childElement(n, "o", "urn:x")!;
    expect(qnameLocal(attribute(o, XSI_NS, "type")!)).toBe("Account");
    expect(childElement(o, "Id", "urn:s")!.text).toBe("1");
    expect(isNil(childElement(o, "Gone")!)).toBe(true);
  });

  it("decodes entities, character references and CDATA, and skips comments", () => {
    const root = parseXml(`<a><!-- note --><b>Smith &amp; Sons &lt;3 &#233;&#x2603;</b><c><![CDATA[<raw> & text]]></c></a>`);
    expect(childElement(root, "b")!.text).toBe("Smith & Sons <3 é☃");
    expect(childElement(root, "c")!.text).toBe("<raw> & text");
  });

  it("refuses DTDs (no entity expansion), unknown entities and mismatched or unclosed tags", () => {
    expect(() => parseXml(`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`)).toThrow(XmlError);
    // External entities (XXE) and nested expansion ("billion laughs") never get as far as a lookup.
    expect(() => parseXml(`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "http://169.254.169.254/">]><a>&x;</a>`)).toThrow(/DTD/);
    expect(() => parseXml(`<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>`)).toThrow(/DTD/);
    expect(() => parseXml(`<a><!ENTITY x "y"></a>`)).toThrow(XmlError);
    expect(() => parseXml(`<a>&nbsp;</a>`)).toThrow(XmlError);
    expect(() => parseXml(`<a><b></a></b>`)).toThrow(XmlError);
    expect(() => parseXml(`<a><b>`)).toThrow(XmlError);
    expect(() => parseXml(`<a/><b/>`)).toThrow(XmlError);
    expect(() => parseXml(`<p:a/>`)).toThrow(XmlError);
  });

  it("refuses a document that is not a SOAP 1.1 envelope", () => {
    expect(() => soapBody(`<Envelope><Body/></Envelope>`)).toThrow(XmlError);
    expect(() => soapBody(`{"json":true}`)).toThrow(XmlError);
  });

  it("bounds nesting depth", () => {
    expect(() => parseXml("<a>".repeat(100) + "</a>".repeat(100))).toThrow(/deeply/);
  });
});
