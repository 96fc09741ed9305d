// Just enough XML for the parts of an XLSX package we read or patch (relationships, workbook,
// worksheet tags). No DOM in workerd, and no regular expression over uploaded XML whose cost can
// grow faster than the input: every scanner here moves forward only (linear time), and
// `scanXml` checks a part once before anything else reads it (tags closed, nesting balanced and
// bounded, no DOCTYPE). After that check every `<` in the part opens a tag that ends at the next
// `>`, which is what keeps the few tag-local regular expressions elsewhere linear too.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Raised for malformed XML; callers turn it into invalid_xlsx. */
export class XmlError extends SyntaxError {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

/** A character reference outside Unicode (&#x110000;) is malformed XML; callers turn this into invalid_xlsx. */
function fromCharRef(code: number): string {
  if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) throw new XmlError('XML character reference outside Unicode');
  return String.fromCodePoint(code);
}

export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  // Linear: each `&` is followed by a bounded run of name or digit characters up to `;`.
  return text.replace(/&(#x[0-9a-fA-F]{1,8}|#\d{1,10}|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return fromCharRef(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return fromCharRef(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? '';
  });
}

/** Escapes text content and drops the control characters XML 1.0 cannot carry. */
export function escapeXmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

export function escapeXmlAttr(text: string): string {
  return escapeXmlText(text).replaceAll('"', '&quot;');
}

function isSpace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;
}

export interface RawAttribute {
  name: string;
  /** As written, quotes included. */
  raw: string;
  /** Entity-decoded. */
  value: string;
}

/**
 * Attributes of one start tag in order (`<x:c r="A1" s='2'>` or just its attribute text), one
 * forward pass: name, `=`, quoted value. Anything else is skipped a character at a time.
 */
export function attributeList(tag: string): RawAttribute[] {
  const out: RawAttribute[] = [];
  const n = tag.length;
  let i = 0;
  // skip the tag name when given a whole tag
  if (tag.charCodeAt(0) === 0x3c) {
    i = 1;
    while (i < n && !isSpace(tag.charCodeAt(i)) && tag[i] !== '>' && tag[i] !== '/') i++;
  }
  while (i < n) {
    while (i < n && !isNameChar(tag.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < n && isNameChar(tag.charCodeAt(i))) i++;
    const name = tag.slice(nameStart, i);
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    if (tag[i] !== '=') continue;
    i++;
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    const q = tag[i];
    if (q !== '"' && q !== "'") continue;
    const close = tag.indexOf(q, i + 1);
    if (close < 0) break;
    if (name !== '') out.push({ name, raw: tag.slice(i, close + 1), value: decodeXmlEntities(tag.slice(i + 1, close)) });
    i = close + 1;
  }
  return out;
}

function isNameChar(ch: number): boolean {
  return (ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) || (ch >= 0x30 && ch <= 0x39) || ch === 0x5f || ch === 0x3a || ch === 0x2e || ch === 0x2d || ch > 0x7f;
}

/**
 * One attribute's value from a tag, without building the whole map (the hot path of measuring a
 * sheet: one lookup per cell). Exact name match, prefix included; entity-decoded.
 */
export function attributeValue(xml: string, start: number, end: number, name: string): string | undefined {
  // a manual scan bounded by the tag: indexOf would search past `end` to the end of the part
  // (and quoted values skipped, so ` r="…"` inside another attribute's value is not taken)
  const first = name.charCodeAt(0);
  let quote = 0;
  for (let i = start + 1; i + name.length < end; i++) {
    const ch = xml.charCodeAt(i);
    if (quote !== 0) {
      if (ch === quote) quote = 0;
      continue;
    }
    if (ch === 0x22 || ch === 0x27) {
      quote = ch;
      continue;
    }
    if (ch !== first || !isSpace(xml.charCodeAt(i - 1)) || !xml.startsWith(name, i)) continue;
    let j = i + name.length;
    {
      while (j < end && isSpace(xml.charCodeAt(j))) j++;
      if (xml[j] === '=') {
        j++;
        while (j < end && isSpace(xml.charCodeAt(j))) j++;
        const q = xml[j];
        if (q === '"' || q === "'") {
          const close = xml.indexOf(q, j + 1);
          if (close < 0 || close >= end) return undefined;
          return decodeXmlEntities(xml.slice(j + 1, close));
        }
      }
    }
  }
  return undefined;
}

/** Attributes of one start tag, keys as written (with prefix), values entity-decoded. */
export function parseAttributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const a of attributeList(tag)) attrs.set(a.name, a.value);
  return attrs;
}

/** Value of an attribute whatever namespace prefix it carries (r:id, ns0:id …). */
export function prefixedAttr(attrs: Map<string, string>, local: string): string | undefined {
  for (const [k, v] of attrs) if (k === local || k.endsWith(`:${local}`)) return v;
  return undefined;
}

export interface XmlTag {
  /** Local name, prefix removed. */
  local: string;
  /** Prefix with its colon ('' when none). */
  prefix: string;
  kind: 'open' | 'close' | 'empty';
  /** Offsets of `<` and just past `>`. */
  start: number;
  end: number;
}

/** Bounds a part must keep to be read at all (limits.ts sets the numbers). */
export interface XmlScanLimits {
  maxDepth: number;
}

/**
 * Walks every tag of `xml` in one forward pass and calls `onTag` for each; comments, processing
 * instructions and CDATA are skipped. Throws XmlError for what would make later scanners
 * ambiguous or slow: an unclosed tag, comment or CDATA section, `<` inside a tag, a DOCTYPE
 * (entity declarations), unbalanced nesting or nesting deeper than `limits.maxDepth`.
 */
export function scanXml(xml: string, limits: XmlScanLimits, onTag?: (tag: XmlTag, xml: string) => void): void {
  const stack: string[] = [];
  const n = xml.length;
  let i = xml.indexOf('<');
  while (i >= 0 && i < n) {
    const next = xml.charCodeAt(i + 1);
    if (next === 0x3f /* ? */) {
      const close = xml.indexOf('?>', i + 2);
      if (close < 0) throw new XmlError('unclosed processing instruction');
      i = xml.indexOf('<', close + 2);
      continue;
    }
    if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', i)) {
        const close = xml.indexOf('-->', i + 4);
        if (close < 0) throw new XmlError('unclosed comment');
        i = xml.indexOf('<', close + 3);
        continue;
      }
      if (xml.startsWith('<![CDATA[', i)) {
        const close = xml.indexOf(']]>', i + 9);
        if (close < 0) throw new XmlError('unclosed CDATA section');
        i = xml.indexOf('<', close + 3);
        continue;
      }
      throw new XmlError('DOCTYPE and entity declarations are not allowed');
    }
    // a tag: ends at the first `>` outside quotes, and holds no `<`
    let j = i + 1;
    let quote = 0;
    for (; j < n; j++) {
      const ch = xml.charCodeAt(j);
      if (quote !== 0) {
        if (ch === quote) quote = 0;
        else if (ch === 0x3c) throw new XmlError('"<" inside an attribute value');
      } else if (ch === 0x3e /* > */) break;
      else if (ch === 0x22 || ch === 0x27) quote = ch;
      else if (ch === 0x3c) throw new XmlError('unclosed tag');
    }
    if (j >= n) throw new XmlError('unclosed tag');
    const end = j + 1;
    const closing = next === 0x2f; /* / */
    const empty = !closing && xml.charCodeAt(j - 1) === 0x2f;
    let k = closing ? i + 2 : i + 1;
    const nameStart = k;
    while (k < j && isNameChar(xml.charCodeAt(k))) k++;
    const qname = xml.slice(nameStart, k);
    if (qname === '') throw new XmlError('tag without a name');
    const colon = qname.lastIndexOf(':');
    const tag: XmlTag = {
      local: colon < 0 ? qname : qname.slice(colon + 1),
      prefix: colon < 0 ? '' : qname.slice(0, colon + 1),
      kind: closing ? 'close' : empty ? 'empty' : 'open',
      start: i,
      end,
    };
    if (closing) {
      if (stack.pop() !== qname) throw new XmlError('mismatched closing tag');
    } else if (!empty) {
      stack.push(qname);
      if (stack.length > limits.maxDepth) throw new XmlError('elements nested too deeply');
    }
    onTag?.(tag, xml);
    i = xml.indexOf('<', end);
  }
  if (stack.length > 0) throw new XmlError('unclosed element');
}

/** Text between an open tag and its matching close tag, inner tags removed, entities decoded. */
export function textBetween(xml: string, openEnd: number, closeStart: number): string {
  let out = '';
  let i = openEnd;
  while (i < closeStart) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= closeStart) {
      out += xml.slice(i, closeStart);
      break;
    }
    out += xml.slice(i, lt);
    const gt = xml.indexOf('>', lt);
    i = gt < 0 ? closeStart : gt + 1;
  }
  return decodeXmlEntities(out);
}
