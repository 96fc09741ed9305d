// The filled workbook is the customer's workbook: only the answer and remarks cells of question
// rows change. Compared part by part (zip entries), cell by cell (sheet XML) and through SheetJS.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { processQuestionnaire } from '../../src/questionnaire/pipeline';
import { patchSheetXml } from '../../src/questionnaire/write-xlsx';
import { inflateEntry, readZip, type ZipArchive } from '../../src/questionnaire/zip';
import type { CellEdit } from '../../src/questionnaire/answer';
import { buildXlsx } from './questionnaire-fixtures';

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures', name)));
const text = (zip: ZipArchive, name: string) =>
  new TextDecoder().decode(
    inflateEntry(
      zip,
      zip.entries.find((e) => e.name === name)!,
    ),
  );

/** Raw local record (header + compressed data) of an entry, as stored. */
function rawRecord(zip: ZipArchive, name: string): Uint8Array {
  const e = zip.entries.find((x) => x.name === name)!;
  const b = zip.bytes;
  const start = e.localHeaderOffset;
  const dataStart = start + 30 + (b[start + 26]! | (b[start + 27]! << 8)) + (b[start + 28]! | (b[start + 29]! << 8));
  return b.subarray(start, dataStart + e.compressedSize);
}

function cellsByRef(sheetXml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sheetXml.matchAll(/<c\b[^>]*?\br="([A-Z]+\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g)) out.set(m[1]!, m[0]);
  return out;
}

const rowTags = (xml: string) => xml.match(/<row\b[^>]*>/g) ?? [];
const withoutSheetData = (xml: string) => xml.replace(/<sheetData>[\s\S]*<\/sheetData>/, '<sheetData/>');

describe('XLSX round trip on school-cloud-checklist.xlsx', () => {
  const original = fixture('school-cloud-checklist.xlsx');
  const outcome = processQuestionnaire({ bytes: original, fileName: 'school-cloud-checklist.xlsx', contentType: '', product: 'LeySerKids' });
  const filled = outcome.filledFile();
  const before = readZip(original);
  const after = readZip(filled.bytes);
  const sheetPart = 'xl/worksheets/sheet2.xml';
  const targets = new Map<string, string>();
  for (const r of outcome.response.rows) {
    if (r.filled.answer !== null) targets.set(`D${r.row}`, r.filled.answer);
    if (r.filled.remarks !== null) targets.set(`E${r.row}`, r.filled.remarks);
  }

  it('writes something (answers and markers)', () => {
    expect(targets.size).toBeGreaterThan(40);
    expect(filled.fileName).toBe('school-cloud-checklist_filled.xlsx');
  });

  it('keeps the same parts in the same order; every part but the answered sheet is byte-identical', () => {
    expect(after.entries.map((e) => e.name)).toEqual(before.entries.map((e) => e.name));
    for (const e of before.entries) {
      if (e.name === sheetPart) continue;
      expect(rawRecord(after, e.name), e.name).toEqual(rawRecord(before, e.name));
      expect(after.entries.find((x) => x.name === e.name)!.centralRecord.subarray(0, 42)).toEqual(e.centralRecord.subarray(0, 42));
    }
  });

  it('in the answered sheet, everything outside the cells is identical: columns, merges, validations, views', () => {
    const a = text(before, sheetPart);
    const b = text(after, sheetPart);
    expect(withoutSheetData(b)).toBe(withoutSheetData(a));
    expect(rowTags(b)).toEqual(rowTags(a));
    expect(b).toContain('<mergeCell ref="B7:B15" />');
    expect(b).toContain('<formula1>=選択肢!$A$1:$A$4</formula1>');
  });

  it('every cell other than the answer/remarks cells of question rows is identical, styles of targets kept', () => {
    const a = cellsByRef(text(before, sheetPart));
    const b = cellsByRef(text(after, sheetPart));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [ref, xml] of a) {
      if (targets.has(ref)) {
        const style = /\bs="(\d+)"/.exec(xml)?.[1];
        expect(b.get(ref)).toContain(`s="${style}"`);
        expect(b.get(ref)).toContain('t="inlineStr"');
      } else {
        expect(b.get(ref), ref).toBe(xml);
      }
    }
  });

  it('SheetJS sees the same workbook plus the answers: sheet order, hidden sheet, merges, values', () => {
    const wa = XLSX.read(original, { type: 'array' });
    const wb = XLSX.read(filled.bytes, { type: 'array' });
    expect(wb.SheetNames).toEqual(wa.SheetNames);
    expect(wb.Workbook?.Sheets?.map((s) => s.Hidden)).toEqual(wa.Workbook?.Sheets?.map((s) => s.Hidden));
    for (const name of wa.SheetNames) {
      const sa = wa.Sheets[name]!;
      const sb = wb.Sheets[name]!;
      expect(sb['!merges']).toEqual(sa['!merges']);
      expect(sb['!cols']).toEqual(sa['!cols']);
      const refs = new Set([...Object.keys(sa), ...Object.keys(sb)].filter((k) => !k.startsWith('!')));
      for (const ref of refs) {
        if (name === 'チェックシート' && targets.has(ref)) expect(sb[ref]?.v).toBe(targets.get(ref));
        else expect(sb[ref]?.v, `${name}!${ref}`).toEqual(sa[ref]?.v);
      }
    }
  });

  it('section rows, blank rows and the header row are left alone', () => {
    for (const row of [4, 5, 6, 16, 17, 28, 39, 50]) {
      expect(targets.has(`D${row}`)).toBe(false);
      expect(targets.has(`E${row}`)).toBe(false);
    }
  });
});

describe('sheet XML patching', () => {
  const edit = (r: number, c: number, text: string, isChoice = false): CellEdit => ({ sheet: 'S', r, c, text, isChoice });

  it('replaces existing cells (keeping style, dropping the old value) and inserts missing ones in column order', () => {
    const xml =
      '<worksheet xmlns="x"><dimension ref="A1:B2"/><cols><col min="3" max="3" width="40" style="5" customWidth="1"/></cols><sheetData>' +
      '<row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3" t="s"><v>1</v></c></row>' +
      '<row r="2" spans="1:2"><c r="A2" s="2"><v>1</v></c></row></sheetData></worksheet>';
    const { xml: out, unplaced } = patchSheetXml(xml, [edit(0, 1, 'はい', true), edit(1, 2, '本文 & <出典>'), edit(1, 1, '=cmd')]);
    expect(unplaced).toEqual([]);
    expect(out).toContain('<c r="A1" t="s"><v>0</v></c><c r="B1" s="3" t="inlineStr"><is><t xml:space="preserve">はい</t></is></c>');
    expect(out).toContain(
      '<row r="2" spans="1:3"><c r="A2" s="2"><v>1</v></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">\'=cmd</t></is></c><c r="C2" s="5" t="inlineStr"><is><t xml:space="preserve">本文 &amp; &lt;出典&gt;</t></is></c></row>',
    );
    expect(out).toContain('<dimension ref="A1:C2"/>');
  });

  it('handles prefixed namespaces, rows and cells without r attributes, and self-closing rows', () => {
    const xml = '<x:worksheet xmlns:x="m"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>q</x:t></x:is></x:c></x:row><x:row/><x:row r="3"><x:c r="A3"/></x:row></x:sheetData></x:worksheet>';
    const { xml: out, unplaced } = patchSheetXml(xml, [edit(0, 1, 'a'), edit(1, 0, 'b'), edit(2, 0, 'c')]);
    expect(unplaced).toEqual([]);
    expect(out).toBe(
      '<x:worksheet xmlns:x="m"><x:sheetData>' +
        '<x:row><x:c t="inlineStr"><x:is><x:t>q</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t xml:space="preserve">a</x:t></x:is></x:c></x:row>' +
        '<x:row><x:c r="A2" t="inlineStr"><x:is><x:t xml:space="preserve">b</x:t></x:is></x:c></x:row>' +
        '<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t xml:space="preserve">c</x:t></x:is></x:c></x:row>' +
        '</x:sheetData></x:worksheet>',
    );
  });

  it('reports edits whose row is missing instead of inventing it', () => {
    const { unplaced } = patchSheetXml('<worksheet><sheetData><row r="1"/></sheetData></worksheet>', [edit(5, 0, 'x')]);
    expect(unplaced).toHaveLength(1);
  });

  it('a generated workbook with shared strings elsewhere keeps them, and SheetJS reads the answers', () => {
    const bytes = buildXlsx([
      {
        name: 'S',
        rows: [
          ['No', '質問', '回答', '備考'],
          [1, 'データのバックアップは取得していますか。', null, null],
        ],
      },
    ]);
    const out = processQuestionnaire({ bytes, fileName: 'gen.xlsx', contentType: '', product: 'LeySerKids' });
    const wb = XLSX.read(out.filledFile().bytes, { type: 'array' });
    const row = out.response.rows[0]!;
    expect(wb.Sheets.S!['B2']?.v).toBe('データのバックアップは取得していますか。');
    if (row.filled.remarks !== null) expect(wb.Sheets.S!['D2']?.v).toBe(row.filled.remarks);
  });
});
