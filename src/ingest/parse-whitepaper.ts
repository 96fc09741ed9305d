// Security whitepapers (text extracted from a PDF): chapters «1 はじめに», numbered sections
// «2.8 データの削除» followed by their body, then the revision table (改訂履歴), which is not an
// answer. Each numbered section is one unit: heading = section title, answer = body.
import type { ManifestDocument, Unit } from '../corpus/schema';
import { normalizeText } from './normalize';
import { extractProductDetails, makeUnit, splitLines, type ParsedUnit } from './units';

const CHAPTER = /^\s*(\d{1,2})\s+(\S+)\s*$/;
const SECTION = /^\s*(\d{1,2}\.\d{1,2})\s+(\S.*?)\s*$/;
/** Everything from the revision table on is document history, not content. */
const END_OF_CONTENT = /^\s*【改訂履歴】/;

export function parseWhitepaper(text: string, doc: ManifestDocument): Unit[] {
  const lines = splitLines(text);
  const parsed: ParsedUnit[] = [];
  let chapter: string | null = null;
  let current: { unit: ParsedUnit; headingRaw: string; body: string[] } | null = null;

  const finish = () => {
    if (current === null) return;
    const answerRaw = current.body.join('\n');
    // The PDF puts blank lines at page breaks, inside sentences: they are not paragraph breaks.
    const answer = normalizeText(answerRaw);
    current.unit.original = { heading: current.headingRaw, answer: answerRaw };
    current.unit.answer = answer;
    current.unit.hasAnswer = answer !== '';
    current.unit.productDetails = extractProductDetails(answer, doc.products);
    parsed.push(current.unit);
    current = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trimEnd();
    const lineNo = i + 1;
    if (raw.trim() === '') continue;
    if (END_OF_CONTENT.test(raw)) break;
    const nfkc = raw.normalize('NFKC');
    const chapterMatch = CHAPTER.exec(nfkc);
    if (chapterMatch) {
      finish();
      chapter = `${chapterMatch[1]} ${normalizeText(chapterMatch[2] ?? '')}`;
      continue;
    }
    const sectionMatch = SECTION.exec(nfkc);
    if (sectionMatch) {
      finish();
      const item = sectionMatch[1] ?? '';
      // Keep the printed (un-NFKC'd) title for citations: drop only the leading section number.
      const headingRaw = raw.replace(/^\s*\S+\s+/, '');
      current = {
        unit: {
          item,
          kind: 'item',
          section: chapter === null ? [] : [chapter],
          heading: normalizeText(headingRaw),
          answer: '',
          original: { heading: headingRaw, answer: '' },
          mark: null,
          hasAnswer: false,
          productDetails: [],
          lines: [lineNo],
        },
        headingRaw,
        body: [],
      };
      continue;
    }
    if (current === null) throw new Error(`${doc.file}:${lineNo}: text before the first section: ${raw}`);
    current.body.push(raw);
    current.unit.lines.push(lineNo);
  }
  finish();
  return parsed.map((p, order) => makeUnit(doc, p, order, lines));
}
