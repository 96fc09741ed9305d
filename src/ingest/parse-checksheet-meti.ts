// 経産省版 check sheets. Each item: number (1-1, 2-1-4), requirement (確認事項), mark (実施有無:
// ○ 〇 △ × -) and remark (備考). Section headings («2-1 内部組織») give the section path; «◆» notes
// before the table are preamble units.
//
// Two layouts:
//  - parseLeyserMetiPdf: LeySer sheet, text extracted from a PDF. Items are recognized line by line
//    (item-number lines, mark lines, heading lines, page furniture); the few blocks the PDF put in
//    the wrong place are moved back by the explicit RELOCATIONS table.
//  - parseMetiTable: RayKit sheet, markdown-like text with one tab-separated row per item.
import type { ManifestDocument, Unit } from '../corpus/schema';
import { decodeMarkup, normalizeText } from './normalize';
import { MARK_CHARS, compareItemNumbers, extractProductDetails, makeUnit, markOf, preambleId, splitLines, type ParsedUnit } from './units';

const ITEM_NUMBER = /^\d+(?:-\d+)+$/;
/** «1 情報セキュリティのための方針群», «2-1 内部組織»: a number and a short title, no sentence. */
const HEADING_CANDIDATE = /^(\d+(?:-\d+)?)\s+([^\s。○〇△×]+)$/;
const MARK_TOKEN = `[${MARK_CHARS.replace(/[-\\\]^]/g, '\\$&')}]`;

interface SourceLine {
  no: number;
  raw: string;
}

/** An item or preamble note while it is being read: raw lines per field, with line numbers. */
interface Draft {
  kind: Unit['kind'];
  item: string;
  title: SourceLine | null;
  heading: SourceLine[];
  answer: SourceLine[];
  mark: string | null;
  /** Lines that hold only the item number or the mark: part of the unit, no text of their own. */
  structural: number[];
}

function newDraft(kind: Unit['kind'], item: string): Draft {
  return { kind, item, title: null, heading: [], answer: [], mark: null, structural: [] };
}

// ---------------------------------------------------------------------------------------------
// LeySer sheet (PDF text)

/** Page furniture and table header the PDF extraction interleaved with the items. */
const LEYSER_FURNITURE: readonly RegExp[] = [
  /^\d+\/\d+$/, // page number «1/7»
  /^メシウス株式会社$/, // page footer
  /^LeySerセキュリティチェックシート\s*[（(]経産省版[）)]$/, // page header (document title)
  /^https:\/\/www\.meti\.go\.jp\/\S+$/, // link annotations repeated at the page foot
  /^項番\s+確認事項$/, // column headers …
  /^実施$/,
  /^有無$/,
  /^備考$/,
];

/**
 * Blocks the PDF extraction put in the wrong item. Each entry moves the remark lines from the
 * line starting with `first` through the line containing `last` out of item `from` and appends
 * them to the remark of item `to`. The build fails if a block is not found where expected, so a
 * new version of the sheet cannot be mis-assembled silently.
 */
export const LEYSER_METI_RELOCATIONS: ReadonlyArray<{ from: string; to: string; first: string; last: string; why: string }> = [
  {
    from: '2-1-4',
    to: '2-1-5',
    first: 'サポート窓口、苦情窓口は製品別に下記になります。',
    last: 'サポートの内容は、LeySerシリーズサポートサービス説明書にて規定しております。',
    why: '2-1-5 (サポート窓口、苦情窓口) is printed after 3-3-1 with its mark only; its remark sits inside 2-1-4',
  },
  {
    from: '6-6',
    to: '4-1',
    first: '情報資産台帳にて各資産名、管理責任者、C.I.Aレベル',
    last: '見直し、更新しております。',
    why: '4-1 (情報資産の目録, 管理責任者) is printed without remark; its remark follows the remark of 6-6',
  },
];

export function parseLeyserMetiPdf(text: string, doc: ManifestDocument): Unit[] {
  const lines = splitLines(text);
  const content: SourceLine[] = [];
  lines.forEach((raw, i) => {
    const t = raw.trim();
    if (t === '' || LEYSER_FURNITURE.some((re) => re.test(t.normalize('NFKC')))) return;
    content.push({ no: i + 1, raw: raw.trimEnd() });
  });

  // Section headings landed anywhere (even between items of other sections); a number is a
  // heading when it is a chapter («6») or the parent of other item numbers («2-1» of «2-1-4»).
  const leadingNumbers = content.map((l) => /^\s*(\d+(?:-\d+)*)(?:\s|$)/.exec(l.raw)?.[1]).filter((n): n is string => n !== undefined);
  const sectionTitles = new Map<string, string>();
  const isHeadingLine = (l: SourceLine): boolean => {
    const m = HEADING_CANDIDATE.exec(l.raw.trim());
    if (!m) return false;
    const num = m[1] ?? '';
    return !num.includes('-') || leadingNumbers.some((n) => n.startsWith(`${num}-`));
  };
  for (const l of content) {
    if (!isHeadingLine(l)) continue;
    const [num, title] = l.raw.trim().split(/\s+/, 2) as [string, string];
    sectionTitles.set(num, `${num} ${normalizeText(title)}`);
  }

  const drafts: Draft[] = [];
  let current: Draft | null = null;
  let inRemark = false;

  for (const l of content) {
    const t = l.raw.trim();
    if (isHeadingLine(l)) {
      // A heading ends a preamble note; an item continues after it (the heading is misplaced).
      if (current?.kind === 'preamble') current = null;
      continue;
    }
    if (t.startsWith('◆')) {
      current = newDraft('preamble', '');
      drafts.push(current);
      // «◆ISO27001の認証について» is a title; «◆本チェックシートは…» is a note in itself.
      if (/について$/.test(t)) current.title = l;
      else current.answer.push(l);
      continue;
    }
    const itemStart = /^(\d+(?:-\d+)+)(?:\s+(.*))?$/.exec(t);
    if (itemStart && ITEM_NUMBER.test(itemStart[1] ?? '')) {
      current = newDraft('item', itemStart[1] ?? '');
      drafts.push(current);
      inRemark = false;
      const rest = itemStart[2] ?? '';
      if (rest === '') current.structural.push(l.no);
      else inRemark = readItemText(current, { no: l.no, raw: rest }, false);
      continue;
    }
    if (current === null) throw new Error(`${doc.file}:${l.no}: text outside any item: ${t}`);
    if (current.kind === 'preamble') current.answer.push(l);
    else inRemark = readItemText(current, l, inRemark);
  }

  applyRelocations(drafts, doc);
  const parsed = drafts.map((d) => draftToParsed(d, doc, (item) => sectionPath(item, sectionTitles)));
  return orderAndBuild(parsed, doc, lines);
}

/**
 * Reads one line of an item: before the mark it is requirement text, the mark may stand alone or
 * start / end the line («… こと。 ○ 備考…», «○ 備考…»), after the mark it is remark text. Returns
 * whether the remark has begun. A «- » after the mark is a remark bullet, not a mark.
 */
function readItemText(draft: Draft, line: SourceLine, inRemark: boolean): boolean {
  if (inRemark || draft.mark !== null) {
    draft.answer.push(line);
    return true;
  }
  const m = new RegExp(`^(.*?)(?:^|\\s)(${MARK_TOKEN})(?:\\s+(.*))?$`).exec(line.raw.trim());
  if (!m) {
    draft.heading.push(line);
    return false;
  }
  const [, before = '', mark = '', after = ''] = m;
  draft.mark = mark;
  if (before.trim() !== '') draft.heading.push({ no: line.no, raw: before.trimEnd() });
  if (after.trim() !== '') draft.answer.push({ no: line.no, raw: after });
  if (before.trim() === '' && after.trim() === '') draft.structural.push(line.no);
  return true;
}

function applyRelocations(drafts: Draft[], doc: ManifestDocument): void {
  const byItem = (item: string) => {
    const d = drafts.find((x) => x.kind === 'item' && x.item === item);
    if (d === undefined) throw new Error(`${doc.file}: relocation refers to missing item ${item}`);
    return d;
  };
  for (const r of LEYSER_METI_RELOCATIONS) {
    const from = byItem(r.from);
    const to = byItem(r.to);
    const start = from.answer.findIndex((l) => normalizeText(l.raw).startsWith(r.first));
    const end = from.answer.findIndex((l, k) => k >= start && normalizeText(l.raw).includes(r.last));
    if (start < 0 || end < 0) throw new Error(`${doc.file}: relocation ${r.from}→${r.to}: block «${r.first}» not found in ${r.from}`);
    const block = from.answer.splice(start, end - start + 1);
    to.answer.push(...block);
    to.answer.sort((a, b) => a.no - b.no);
  }
}

function sectionPath(item: string, titles: ReadonlyMap<string, string>): string[] {
  const parts = item.split('-');
  const path: string[] = [];
  for (let k = 1; k < parts.length; k++) {
    const title = titles.get(parts.slice(0, k).join('-'));
    if (title !== undefined) path.push(title);
  }
  return path;
}

// ---------------------------------------------------------------------------------------------
// RayKit sheet (tab-separated rows)

/** «- ◆…» and «- ・…»: markdown list syntax the conversion added in front of the notes. */
const MARKDOWN_BULLET = /^-\s+(?=[◆・])/gm;

export function parseMetiTable(text: string, doc: ManifestDocument): Unit[] {
  const lines = splitLines(text);
  const drafts: Draft[] = [];
  const sectionTitles = new Map<string, string>();
  let preamble: Draft | null = null;
  let tableStarted = false;

  for (const [i, rawLine] of lines.entries()) {
    const no = i + 1;
    const line = rawLine.trimEnd();
    const t = line.trim();
    if (t === '') continue;
    const cells = line.split('\t').map((c) => c.trim());

    if (!tableStarted) {
      if (cells.length > 1) {
        tableStarted = true; // column header «項番 確認事項 実施有無 備考»
        continue;
      }
      const unbulleted = t.replace(MARKDOWN_BULLET, '');
      if (unbulleted.startsWith('◆')) {
        preamble = newDraft('preamble', '');
        drafts.push(preamble);
        if (/について$/.test(unbulleted)) preamble.title = { no, raw: t };
        else preamble.answer.push({ no, raw: t });
      } else if (preamble !== null) {
        preamble.answer.push({ no, raw: t });
      }
      // Before the first note: document title and version (in the manifest).
      continue;
    }

    const [first = '', requirement = '', markCell = '', remark = ''] = cells;
    if (ITEM_NUMBER.test(first)) {
      const draft = newDraft('item', first);
      draft.heading.push({ no, raw: requirement });
      // Some rows put the mark and the remark in one cell («○ 情報資産がある領域…»).
      const m = new RegExp(`^(${MARK_TOKEN})(?:\\s+(.*))?$`).exec(markCell);
      if (markCell !== '' && !m) throw new Error(`${doc.file}:${no}: unreadable mark cell: ${markCell}`);
      draft.mark = m?.[1] ?? null;
      const remarkText = [m?.[2] ?? '', remark].filter((s) => s !== '').join(' ');
      if (remarkText !== '') draft.answer.push({ no, raw: remarkText });
      else draft.structural.push(no);
      drafts.push(draft);
      continue;
    }
    const heading = /^(\d+(?:-\d+)?)\s+(\S.*)$/.exec(first);
    if (heading && cells.slice(1).every((c) => c === '')) {
      sectionTitles.set(heading[1] ?? '', `${heading[1]} ${normalizeText(heading[2] ?? '')}`);
      continue;
    }
    throw new Error(`${doc.file}:${no}: unexpected row: ${line}`);
  }

  const parsed = drafts.map((d) => draftToParsed(d, doc, (item) => sectionPath(item, sectionTitles), tableCellText));
  return orderAndBuild(parsed, doc, lines);
}

/** In-cell line breaks came out as spaces; restore bullets («・», «- », sub-marks «○») as lines. */
function tableCellText(raw: string): string {
  return decodeMarkup(raw)
    .replace(MARKDOWN_BULLET, '')
    .replace(/\s+(?=・|-\s|○\s)/g, '\n');
}

// ---------------------------------------------------------------------------------------------
// Shared

function draftToParsed(d: Draft, doc: ManifestDocument, sectionOf: (item: string) => string[], prepare: (raw: string) => string = (raw) => raw): ParsedUnit {
  const rawLines = (ls: SourceLine[]) => ls.map((l) => l.raw).join('\n');
  const headingRaw = d.title !== null ? d.title.raw : rawLines(d.heading);
  const answerRaw = rawLines(d.answer);
  // The ◆ of a note is a bullet, not text (and must not make its wrapped line a list entry).
  const text = (raw: string) => normalizeText(prepare(raw).replace(/^\s*◆/, ''));
  const heading = text(headingRaw);
  const answer = text(answerRaw);
  const item = d.kind === 'preamble' ? preambleId(`${heading}\n${answer}`) : d.item;
  const lineNumbers = [...(d.title ? [d.title.no] : []), ...d.heading.map((l) => l.no), ...d.answer.map((l) => l.no), ...d.structural];
  if (lineNumbers.length === 0) throw new Error(`${doc.file}: item ${item} has no text`);
  return {
    item,
    kind: d.kind,
    section: d.kind === 'preamble' ? [] : sectionOf(d.item),
    heading,
    answer,
    original: { heading: headingRaw, answer: answerRaw },
    mark: d.mark === null ? null : markOf(d.mark),
    hasAnswer: answer !== '' || d.mark !== null,
    productDetails: extractProductDetails(answer, doc.products),
    lines: lineNumbers,
  };
}

/** Preamble notes first (as printed), then items in item-number order (2-1-5 after 2-1-4). */
function orderAndBuild(parsed: ParsedUnit[], doc: ManifestDocument, lines: readonly string[]): Unit[] {
  const preamble = parsed.filter((p) => p.kind === 'preamble');
  const items = parsed.filter((p) => p.kind === 'item').sort((a, b) => compareItemNumbers(a.item, b.item));
  return [...preamble, ...items].map((p, order) => makeUnit(doc, p, order, lines));
}
