/**
 * A small, dependency-free XML reader for SOAP 1.1 messages (workerd has no DOMParser), good enough
 * for machine-generated envelopes such as Salesforce Outbound Messaging: elements, attributes,
 * namespaces (prefixes resolved to URIs), text with the five predefined entities and character
 * references, CDATA, comments and processing instructions. DTDs are refused outright (no entity
 * expansion, no external entities); depth and element count are bounded.
 *
 * Linear in its input: this runs on unauthenticated bytes (a Salesforce source may have no token),
 * so no step may cost more than a bounded amount per input character. Namespace scopes are a
 * chain (an element's own declarations, then its parent's scope) instead of a copied map: copying
 * made a document with thousands of `xmlns` declarations quadratic (81 KB took seconds of CPU).
 * A lookup walks at most MAX_DEPTH links.
 */
export class XmlError extends Error {
  override readonly name = "XmlError";
}

export const SOAP11_ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
export const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

export interface XmlElement {
  /** Local name (prefix removed). */
  name: string;
  /** The prefix as written ("" when none). */
  prefix: string;
  /** Namespace URI of the element ("" when it has none). */
  namespace: string;
  /** Attributes by their name as written, e.g. "xsi:type", "xmlns:sf". */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), entity-decoded; children's text not included. */
  text: string;
  /** Prefix -> namespace URI in scope at this element ("" = default namespace). */
  scope: NamespaceScope;
}

/** The namespace declarations in scope at an element: its own, then its ancestors'. */
export class NamespaceScope {
  constructor(
    private readonly own: ReadonlyMap<string, string> | null,
    private readonly parent: NamespaceScope | null,
  ) {}

  get(prefix: string): string | undefined {
    for (let scope: NamespaceScope | null = this; scope; scope = scope.parent) {
      const uri = scope.own?.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  }
}

const EMPTY_SCOPE = new NamespaceScope(null, null);

const MAX_DEPTH = 64;
const MAX_ELEMENTS = 200_000;
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(raw: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&([^;&\s]{1,10});/g, (_m, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) throw new XmlError(`bad character reference &${ref};`);
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[ref];
    if (value === undefined) throw new XmlError(`unknown entity &${ref};`);
    return value;
  });
}

function splitName(qname: string): [prefix: string, local: string] {
  const colon = qname.indexOf(":");
  return colon < 0 ? ["", qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const NAME = /[^\s/>]+/y;

/** Parses a whole document and returns its root element. */
export function parseXml(source: string): XmlElement {
  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlElement[] = [];
  const texts: string[][] = [];
  let root: XmlElement | null = null;
  let count = 0;

  const appendText = (value: string) => {
    if (stack.length === 0) {
      if (value.trim() !== "") throw new XmlError("text outside the root element");
      return;
    }
    texts[texts.length - 1]!.push(value);
  };

  while (i < source.length) {
    const lt = source.indexOf("<", i);
    if (lt < 0) {
      appendText(decodeEntities(source.slice(i)));
      break;
    }
    if (lt > i) appendText(decodeEntities(source.slice(i, lt)));

    if (source.startsWith("<?", lt)) {
      const end = source.indexOf("?>", lt + 2);
      if (end < 0) throw new XmlError("unterminated processing instruction");
      i = end + 2;
    } else if (source.startsWith("<!--", lt)) {
      const end = source.indexOf("-->", lt + 4);
      if (end < 0) throw new XmlError("unterminated comment");
      i = end + 3;
    } else if (source.startsWith("<![CDATA[", lt)) {
      const end = source.indexOf("]]>", lt + 9);
      if (end < 0) throw new XmlError("unterminated CDATA section");
      appendText(source.slice(lt + 9, end));
      i = end + 3;
    } else if (source.startsWith("<!", lt)) {
      throw new XmlError("DTDs and declarations are not accepted");
    } else if (source.startsWith("</", lt)) {
      const end = source.indexOf(">", lt + 2);
      if (end < 0) throw new XmlError("unterminated end tag");
      const name = source.slice(lt + 2, end).trim();
      const open = stack.pop();
      const ownText = texts.pop();
      if (!open || !ownText) throw new XmlError(`unexpected end tag </${name}>`);
      const [prefix, local] = splitName(name);
      if (local !== open.name || prefix !== open.prefix) throw new XmlError(`end tag </${name}> does not close <${qualified(open)}>`);
      open.text = ownText.join("");
      i = end + 1;
    } else {
      NAME.lastIndex = lt + 1;
      const nameMatch = NAME.exec(source);
      if (!nameMatch) throw new XmlError("element without a name");
      const qname = nameMatch[0];
      let j = NAME.lastIndex;
      const attributes: Record<string, string> = {};
      for (;;) {
        ATTRIBUTE.lastIndex = j;
        const attr = ATTRIBUTE.exec(source);
        if (!attr) break;
        attributes[attr[1]!] = decodeEntities(attr[2] ?? attr[3] ?? "");
        j = ATTRIBUTE.lastIndex;
      }
      while (j < source.length && /\s/.test(source[j]!)) j++;
      const selfClosing = source.startsWith("/>", j);
      if (!selfClosing && source[j] !== ">") throw new XmlError(`malformed start tag <${qname}`);
      i = j + (selfClosing ? 2 : 1);

      if (++count > MAX_ELEMENTS) throw new XmlError("too many elements");
      if (stack.length >= MAX_DEPTH) throw new XmlError("elements nested too deeply");
      const parent = stack[stack.length - 1];
      let declared: Map<string, string> | null = null;
      for (const [name, value] of Object.entries(attributes)) {
        if (name === "xmlns") (declared ??= new Map()).set("", value);
        else if (name.startsWith("xmlns:")) (declared ??= new Map()).set(name.slice(6), value);
      }
      const inherited = parent?.scope ?? EMPTY_SCOPE;
      const scope = declared ? new NamespaceScope(declared, inherited) : inherited;
      const [prefix, local] = splitName(qname);
      const namespace = scope.get(prefix);
      if (prefix !== "" && namespace === undefined) throw new XmlError(`undeclared namespace prefix "${prefix}"`);
      const element: XmlElement = { name: local, prefix, namespace: namespace ?? "", attributes, children: [], text: "", scope };
      if (parent) parent.children.push(element);
      else if (root) throw new XmlError("more than one root element");
      else root = element;
      if (!selfClosing) {
        stack.push(element);
        texts.push([]);
      }
    }
  }
  if (stack.length > 0) throw new XmlError(`unclosed element <${qualified(stack[stack.length - 1]!)}>`);
  if (!root) throw new XmlError("no root element");
  return root;
}

const qualified = (element: XmlElement) => (element.prefix ? `${element.prefix}:${element.name}` : element.name);

/** Children with this local name (and namespace, when given). */
export function childElements(parent: XmlElement, name: string, namespace?: string): XmlElement[] {
  return parent.children.filter((c) => c.name === name && (namespace === undefined || c.namespace === namespace));
}

export function childElement(parent: XmlElement, name: string, namespace?: string): XmlElement | null {
  return parent.children.find((c) => c.name === name && (namespace === undefined || c.namespace === namespace)) ?? null;
}

/** An attribute addressed by namespace URI + local name, whatever prefix the document used. */
export function attribute(element: XmlElement, namespace: string, local: string): string | null {
  for (const [name, value] of Object.entries(element.attributes)) {
    const [prefix, attrLocal] = splitName(name);
    if (attrLocal === local && prefix !== "" && prefix !== "xmlns" && element.scope.get(prefix) === namespace) return value;
  }
  return null;
}

/** `xsi:nil="true"`: the element is present but null. */
export function isNil(element: XmlElement): boolean {
  const nil = attribute(element, XSI_NS, "nil");
  return nil === "true" || nil === "1";
}

/** The local part of a QName-valued attribute such as `xsi:type="sf:Account"` -> "Account". */
export function qnameLocal(value: string): string {
  return splitName(value.trim())[1];
}

/** The `<Body>` of a SOAP 1.1 envelope. */
export function soapBody(xml: string): XmlElement {
  const envelope = parseXml(xml);
  if (envelope.name !== "Envelope" || envelope.namespace !== SOAP11_ENVELOPE_NS) {
    throw new XmlError(`root element is not a SOAP 1.1 Envelope (found ${envelope.name} in "${envelope.namespace}")`);
  }
  const body = childElement(envelope, "Body", SOAP11_ENVELOPE_NS);
  if (!body) throw new XmlError("SOAP envelope has no Body");
  return body;
}
