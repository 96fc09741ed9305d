// Shared pieces of the document parsers: building a Unit from parsed parts, line ranges, marks,
// preamble ids and per-product details. Pure functions (text in, data out).
import type { ManifestDocument, Mark, Unit } from '../corpus/schema';

export type ProductDetail = Unit['productDetails'][number];
export type LineRange = Unit['location']['ranges'][number];

/** What a parser knows about one unit; makeUnit adds the document-level fields. */
export interface ParsedUnit {
  item: string;
  kind: Unit['kind'];
  section: string[];
  heading: string;
  answer: string;
  answerAsPrinted?: string;
  sameAs?: string;
  original: { heading: string; answer: string };
  mark: Mark | null;
  hasAnswer: boolean;
  productDetails: ProductDetail[];
  /** 1-based source line numbers the unit's text came from (any order, duplicates allowed). */
  lines: number[];
}

export function makeUnit(doc: ManifestDocument, parsed: ParsedUnit, order: number, sourceLines: readonly string[]): Unit {
  const unit: Unit = {
    id: `${doc.id}#${parsed.item}`,
    documentId: doc.id,
    documentTitle: doc.title,
    item: parsed.item,
    kind: parsed.kind,
    order,
    section: parsed.section,
    heading: parsed.heading,
    answer: parsed.answer,
    original: parsed.original,
    mark: parsed.mark,
    hasAnswer: parsed.hasAnswer,
    products: [...doc.products],
    productDetails: parsed.productDetails,
    version: doc.version,
    issued: doc.issued,
    updated: doc.updated ?? null,
    location: { file: doc.file, ranges: lineRanges(parsed.lines, sourceLines) },
  };
  if (parsed.answerAsPrinted !== undefined) unit.answerAsPrinted = parsed.answerAsPrinted;
  if (parsed.sameAs !== undefined) unit.sameAs = parsed.sameAs;
  return unit;
}

/**
 * Collapses line numbers into ranges. Blank lines between two of the unit's lines do not split a
 * range (the PDF text has one between every line); any other line does.
 */
export function lineRanges(lineNumbers: readonly number[], sourceLines: readonly string[]): LineRange[] {
  const sorted = [...new Set(lineNumbers)].sort((a, b) => a - b);
  const ranges: LineRange[] = [];
  for (const n of sorted) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && onlyBlankBetween(last.end, n, sourceLines)) last.end = n;
    else ranges.push({ start: n, end: n });
  }
  return ranges;
}

function onlyBlankBetween(a: number, b: number, sourceLines: readonly string[]): boolean {
  for (let n = a + 1; n < b; n++) if ((sourceLines[n - 1] ?? '').trim() !== '') return false;
  return true;
}

/** Splits a source text into lines; index i holds line i+1. */
export function splitLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

const MARK_VALUES: Record<string, Mark['value']> = { '○': 'yes', 〇: 'yes', '△': 'partial', '×': 'no', '-': 'na', '－': 'na' };
/** The characters printed in the 実施有無 column. */
export const MARK_CHARS = Object.keys(MARK_VALUES).join('');

export function markOf(printed: string): Mark | null {
  const value = MARK_VALUES[printed];
  return value === undefined ? null : { printed, value };
}

/** Orders item numbers as printed: 2-1-5 before 3-1-1, 6-9 before 6-10, 1.2 before 1.10. */
export function compareItemNumbers(a: string, b: string): number {
  const pa = a.split(/[-.]/).map(Number);
  const pb = b.split(/[-.]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Stable ids for the notes printed before the check-sheet tables, recognized by what they say.
 * A new kind of note fails the build until it is named here (ids are cited, so they must not
 * depend on position).
 */
const PREAMBLE_IDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ISO\s*27001の認証について/, 'iso27001'],
  [/ISMSクラウドセキュリティ認証について/, 'isms-cloud'],
  [/予告なく変更/, 'changes'],
  [/について安全・信頼性に係る情報を記載/, 'scope'],
  [/を基に/, 'basis'],
  [/基本情報、情報セキュリティ基本方針/, 'company-info'],
];

export function preambleId(normalizedText: string): string {
  for (const [pattern, id] of PREAMBLE_IDS) if (pattern.test(normalizedText)) return id;
  throw new Error(`unrecognized preamble note (name it in PREAMBLE_IDS): ${normalizedText.slice(0, 60)}`);
}

/** A product name as it may be printed: "LeySer Web出願" also matches "LeySer Web 出願". */
function productPattern(name: string): string {
  const chars = [...name.normalize('NFKC').replace(/\s+/g, ' ')];
  const isLatin = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);
  let pattern = '';
  chars.forEach((c, i) => {
    if (c === ' ') pattern += '\\s*';
    else {
      const prev = chars[i - 1];
      if (prev !== undefined && prev !== ' ' && isLatin(prev) !== isLatin(c)) pattern += '\\s*';
      pattern += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  });
  return pattern;
}

/** Finds which manifest product a printed name refers to, at the start of `text`. */
function productAt(text: string, products: readonly string[]): { product: string; length: number } | null {
  let best: { product: string; length: number } | null = null;
  for (const product of products) {
    const m = new RegExp(`^(?:${productPattern(product)})`).exec(text);
    if (m && (best === null || m[0].length > best.length)) best = { product, length: m[0].length };
  }
  return best;
}

/**
 * Reads a list of product names at the start of a bullet («LeySer System、LeySer Plus、LeySer
 * Connect …»). Returns the products and the remaining text, or null if the bullet is not about
 * products.
 */
function productList(text: string, products: readonly string[]): { products: string[]; rest: string } | null {
  const found: string[] = [];
  let pos = 0;
  for (;;) {
    const sep = /^[\s、,]*/.exec(text.slice(pos));
    const at = pos + (sep?.[0].length ?? 0);
    const hit = productAt(text.slice(at), products);
    if (hit) {
      found.push(hit.product);
      pos = at + hit.length;
      continue;
    }
    // A doubled series word before a full name («・LeySer LeySer Web出願», MIC sheet item 59).
    const word = /^(\S+)\s+/.exec(text.slice(at));
    const after = word ? productAt(text.slice(at + word[0].length), products) : null;
    if (word && after && after.product.startsWith(word[1] ?? '')) {
      pos = at + word[0].length;
      continue;
    }
    break;
  }
  if (found.length === 0) return null;
  const rest = text.slice(pos);
  if (rest !== '' && !/^[\s:、]/.test(rest)) return null; // a name followed by more word: not a label
  return { products: [...new Set(found)], rest: rest.replace(/^[\s:、]+/, '').trim() };
}

/**
 * Per-product parts of a normalized answer, when the answer lists them:
 *  - bullets led by product names: «・LeySerKids» followed by its lines (until the next bullet, a
 *    ※ note, or a full sentence that speaks for all products again);
 *  - labels: «LeySer System:2003年11月1日 LeySer Plus:2018年8月13日 …» (two or more labels).
 * Product names are mapped to the manifest spelling.
 */
export function extractProductDetails(answer: string, products: readonly string[]): ProductDetail[] {
  return [...bulletDetails(answer, products), ...labelDetails(answer, products)];
}

function bulletDetails(answer: string, products: readonly string[]): ProductDetail[] {
  const details: ProductDetail[] = [];
  const paragraphs = answer.split('\n');
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i] ?? '';
    if (!p.startsWith('・')) continue;
    const list = productList(p.slice(1), products);
    if (list === null) continue;
    const parts = list.rest === '' ? [] : [list.rest];
    for (let j = i + 1; j < paragraphs.length; j++) {
      const next = paragraphs[j] ?? '';
      if (/^[・※◆]|^- /.test(next)) break;
      // The first line under a bare product bullet is that product's; later full sentences are
      // general again («電子メールは24時間365日受け付けております…»).
      if (parts.length > 0 && /[。]$/.test(next)) break;
      parts.push(next);
    }
    if (parts.length > 0) details.push({ products: list.products, text: parts.join('\n') });
  }
  return details;
}

function labelDetails(answer: string, products: readonly string[]): ProductDetail[] {
  const label = new RegExp(`(${products.map(productPattern).join('|')})\\s*:`, 'g');
  const hits = [...answer.matchAll(label)];
  if (hits.length < 2) return [];
  const details: ProductDetail[] = [];
  hits.forEach((hit, k) => {
    const start = (hit.index ?? 0) + hit[0].length;
    const end = hits[k + 1]?.index ?? answer.length;
    const product = productAt(hit[1] ?? '', products)?.product;
    const text = answer.slice(start, end).trim();
    if (product !== undefined && text !== '') details.push({ products: [product], text });
  });
  return details;
}
