// 総務省版 check sheet: a spreadsheet converted to tab-separated text. Item rows start with the
// item number; the category / item / sub-item / answer cells shift from row to row (merged cells
// of the original sheet come out empty, and some rows lack a column), so a row is read as
// "label cells, then the answer cell". Rows whose only text is the category are category rows.
// The header notes («・本チェックシートは…») are preamble units.
import type { ManifestDocument, Unit } from '../corpus/schema';
import { CJK, decodeMarkup, normalizeText } from './normalize';
import { extractProductDetails, makeUnit, preambleId, splitLines, type ParsedUnit } from './units';

const ITEM_ROW = /^(\d+)\t/;
const SAME_AS_ABOVE = '同上';
/**
 * Question wording (「…の有無と、「有り」の場合は…」, 「…か否か」, 「（例：…）」): a row whose last
 * cell reads like this has no answer; the sheet left the 事業者回答 column empty or repeated the
 * item's description in it (items 23, 58, 60–66).
 */
const QUESTION_WORDING = /の有無|か否か|[（(]例[：:]/;
const ANSWER_START = /^(有り|無し|同上)/;

/**
 * In-cell line breaks of the spreadsheet came out as spaces. Japanese text has no spaces of its
 * own, so a space between two Japanese characters is such a break («有り お客様ご自身で…»), as is
 * a run of spaces (a blank line) and a space before a «・» bullet. Restore them so normalizeText
 * keeps the parts apart instead of gluing them into one word.
 */
const CELL_BREAK = new RegExp(`(?<=${CJK.source}) +(?=${CJK.source})| {2,}`, 'gu');

function cellText(raw: string): string {
  return decodeMarkup(raw)
    .replace(CELL_BREAK, '\n\n')
    .replace(/\s+(?=・)/g, '\n');
}

function normalizeCell(raw: string): string {
  return normalizeText(cellText(raw));
}

/** A label cell can hold two labels on two lines («開示情報の時点 開示情報の日付»). */
function labelParts(raw: string): string[] {
  return normalizeCell(raw).split('\n');
}

function readsAsQuestion(normalized: string): boolean {
  return QUESTION_WORDING.test(normalized) && !ANSWER_START.test(normalized) && !normalized.endsWith('。');
}

export function parseChecksheetMic(text: string, doc: ManifestDocument): Unit[] {
  const lines = splitLines(text);
  const preamble: ParsedUnit[] = [];
  const items: ParsedUnit[] = [];
  let tableStarted = false;
  let category: string | null = null;
  /** Label cells of earlier rows by column, inherited where a row leaves them empty. */
  let context: string[] = [];

  lines.forEach((rawLine, i) => {
    const lineNo = i + 1;
    const line = rawLine.trimEnd();
    if (line.trim() === '') return;
    const cells = line.split('\t').map((c) => c.trim());

    if (!tableStarted) {
      if (cells.length > 1) {
        tableStarted = true; // the column header row («【情報開示項目】 … 事業者回答»)
        return;
      }
      // Header notes are bullets; the other header lines are title, publisher and dates (manifest).
      if (line.trim().startsWith('・')) {
        const answer = normalizeCell(line.trim().replace(/^・/, ''));
        preamble.push({
          item: preambleId(answer),
          kind: 'preamble',
          section: [],
          heading: '',
          answer,
          original: { heading: '', answer: line.trim() },
          mark: null,
          hasAnswer: true,
          productDetails: [],
          lines: [lineNo],
        });
      }
      return;
    }

    const itemMatch = ITEM_ROW.exec(line);
    if (!itemMatch) {
      const text = cells.filter((c) => c !== '');
      if (text.length !== 1) throw new Error(`${doc.file}:${lineNo}: unexpected row: ${line}`);
      category = labelParts(text[0] ?? '').join(' / ');
      context = [];
      return;
    }

    const item = itemMatch[1] ?? '';
    const fields = cells.slice(1);
    while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
    const filled = fields.map((c, col) => ({ raw: c, col })).filter((f) => f.raw !== '');
    const last = filled[filled.length - 1];
    if (last === undefined) throw new Error(`${doc.file}:${lineNo}: empty item row ${item}`);

    const lastNormalized = normalizeCell(last.raw);
    // One text cell only (26, 73): a label with nothing next to it.
    const answerCell = filled.length > 1 && !readsAsQuestion(lastNormalized) ? last : null;
    // The description printed in the answer column (5-column rows, e.g. 23) is the printed non-answer.
    const descriptionInAnswerColumn = answerCell === null && filled.length > 1 && last.col >= 3 ? last : null;
    const labels = filled.filter((f) => f !== answerCell);

    const firstLabelCol = labels[0]?.col ?? 0;
    const inherited = context.slice(0, firstLabelCol).filter((c): c is string => c !== undefined && c !== '');
    for (const l of labels) {
      context[l.col] = labelParts(l.raw).join(' / ');
      context.length = l.col + 1;
    }

    const answer = answerCell === null ? '' : lastNormalized;
    const unit: ParsedUnit = {
      item,
      kind: 'item',
      section: [...(category === null ? [] : [category]), ...inherited],
      heading: labels.flatMap((l) => labelParts(l.raw)).join(' / '),
      answer,
      original: {
        heading: labels
          .filter((l) => l !== descriptionInAnswerColumn)
          .map((l) => l.raw)
          .join('\n'),
        answer: answerCell?.raw ?? descriptionInAnswerColumn?.raw ?? '',
      },
      mark: null,
      hasAnswer: answer !== '',
      productDetails: answer === '' ? [] : extractProductDetails(answer, doc.products),
      lines: [lineNo],
    };
    if (descriptionInAnswerColumn !== null) unit.answerAsPrinted = lastNormalized;
    items.push(unit);
  });

  resolveSameAsAbove(items, doc);
  const ordered = [...preamble, ...items];
  return ordered.map((p, order) => makeUnit(doc, p, order, lines));
}

/** 同上 («same as above») repeats the nearest previous row that has a real answer. */
function resolveSameAsAbove(items: ParsedUnit[], doc: ManifestDocument): void {
  items.forEach((unit, k) => {
    if (unit.answer !== SAME_AS_ABOVE) return;
    const referenced = items
      .slice(0, k)
      .reverse()
      .find((u) => u.hasAnswer && u.answer !== SAME_AS_ABOVE);
    if (referenced === undefined) throw new Error(`${doc.file}: item ${unit.item} says 同上 but nothing above has an answer`);
    unit.answerAsPrinted = SAME_AS_ABOVE;
    unit.answer = referenced.answer;
    unit.sameAs = `${doc.id}#${referenced.item}`;
    unit.productDetails = referenced.productDetails;
  });
}
