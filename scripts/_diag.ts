import { readFileSync } from 'node:fs';
import { readXlsx } from '../src/questionnaire/xlsx';
import { detectLayout } from '../src/questionnaire/detect';
import { cellText, columnLetters } from '../src/questionnaire/model';
const [file, verbose] = process.argv.slice(2);
const { model } = readXlsx(new Uint8Array(readFileSync(file!)));
const d = detectLayout(model);
for (const l of d.sheets) {
  const s = model.sheets.find((x) => x.name === l.sheet)!;
  const ids = s.cells.filter((row) => /^[A-Z&]{2,5}-\d+(\.\d+)?$/.test((row[0] ?? '').trim())).length;
  console.log(`${l.sheet}#${l.block}: hdr=${l.headerRow! + 1} hdrs=${l.headerRows.length} q=${columnLetters(l.questionCol)} id=${l.idCol === null ? '-' : columnLetters(l.idCol)} a=${l.answerCol === null ? '-' : columnLetters(l.answerCol)} r=${l.remarksCol === null ? '-' : columnLetters(l.remarksCol)} rows=${l.questionRows.length} colA-IDs=${ids} sections=${l.sectionRows.length} choices=${l.answerChoices} ${l.notes.map((n) => n.code).join(',')}`);
  if (verbose) for (const r of l.questionRows) { const a = cellText(s, r, 0); if (!/^[A-Z&]{2,5}-\d+/.test(a) || verbose === 'all') console.log(`   ${r + 1}: [${a}] ${cellText(s, r, l.questionCol).slice(0, 70)}`); }
}
for (const k of d.skipped) console.log('skip', k.sheet, k.reason, k.detail ?? '');
