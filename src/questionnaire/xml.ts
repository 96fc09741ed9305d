// Just enough XML for the parts of an XLSX package we read or patch (relationships, workbook,
// worksheet tags). Regular expressions over well-formed machine-written XML; no DOM in workerd.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A character reference outside Unicode (&#x110000;) is malformed XML; callers turn this into invalid_xlsx. */
function fromCharRef(code: number): string {
  if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) throw new SyntaxError('XML character reference outside Unicode');
  return String.fromCodePoint(code);
}

export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
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

/** Attributes of one start tag, keys as written (with prefix), values entity-decoded. */
export function parseAttributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (const m of tag.matchAll(re)) {
    if (m[1] !== undefined) attrs.set(m[1], decodeXmlEntities(m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

/** Value of an attribute whatever namespace prefix it carries (r:id, ns0:id …). */
export function prefixedAttr(attrs: Map<string, string>, local: string): string | undefined {
  for (const [k, v] of attrs) if (k === local || k.endsWith(`:${local}`)) return v;
  return undefined;
}

/** Every start tag (or empty-element tag) with the given local name, any prefix. */
export function startTags(xml: string, local: string): string[] {
  const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${local}(?=[\\s/>])[^>]*>`, 'g');
  return xml.match(re) ?? [];
}
