// Hostile uploads (issue 13): the peak V8 heap while the worst crafted file of each kind is
// processed, and the time of the worst crafted ~100 KB file relative to a normal ~100 KB file.
//
// Heap: each kind runs in a fresh child (node --trace-gc). Heap only grows between collections,
// so the peak is the largest "before" figure of any GC line, or the heap at the end if larger.
// That includes the Worker's own baseline (corpus + index), as the isolate's would.
// Time: in one process, median of 3 runs each, processQuestionnaire end to end (JSON result).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { ROOT, RESULT_PREFIX, median, printResult } from './util';

export interface HostileHeap {
  kind: string;
  fileBytes: number;
  outcome: string;
  peakHeapBytes: number;
  baselineHeapBytes: number;
}
export interface HostileTime {
  kind: string;
  fileBytes: number;
  outcome: string;
  ms: number;
}
export interface HostileTimes {
  normal: HostileTime[];
  crafted: HostileTime[];
}

type Built = { bytes: Uint8Array; name: string; format: 'json' | 'file' };

async function crafted(): Promise<Record<string, () => Built>> {
  const H = await import('../../test/hostile/files');
  const { zipBomb, lieAboutSize } = await import('../../test/node/questionnaire-fixtures');
  const x = (bytes: Uint8Array, format: 'json' | 'file' = 'json'): Built => ({ bytes, name: 'q.xlsx', format });
  const kinds: Record<string, () => Built> = {};
  for (const [k, f] of Object.entries(H.LOCAL_HEADER_LIES)) kinds[`zip: ${k}`] = () => x(f());
  for (const [k, f] of Object.entries(H.POLYGLOTS)) kinds[`format: ${k}`] = () => x(f());
  kinds['zip bomb, lying central directory'] = () => x(lieAboutSize(zipBomb(8 * 1024 * 1024), 'xl/media/padding.bin', 1000));
  kinds['write-back: last <row> never closed (?format=file)'] = () => x(H.unclosedLastRow(), 'file');
  kinds['shared strings: 1.4 M tiny <si>'] = () => x(H.manySharedStrings(1_400_000));
  for (const [k, f] of Object.entries(H.QUADRATIC_SHEET_XML)) kinds[`regex: ${k} (4 MB XML)`] = () => x(H.sheetWorkbook(f(4_000_000)));
  kinds['styles: 400,000 cell formats (22 MB part)'] = () => x(H.manyCellFormats(400_000));
  kinds['styles: 50,000 cell formats, the most admitted'] = () => x(H.manyCellFormats(50_000));
  kinds['size: 1 M valueless styled cells (20 MB worksheet)'] = () => x(H.valuelessCells(20_000));
  kinds['size: 300,000 valueless styled cells, the most admitted'] = () => x(H.valuelessCells(5_999));
  for (const [k, v] of Object.entries(H.EXPANDING_XLSX)) kinds[`issue 19: ${k}`] = () => x(v.build());
  kinds['issue 19: 20,000 merges and 200 dropdown ranges on 200 question rows, the most merges admitted'] = () => x(H.manyMergesAndDropdowns(200, 20_000));
  kinds['CSV: 100 KB header cell of ※'] = () => ({ bytes: H.csvWithLongHeaderCell(100_000), name: 'q.csv', format: 'json' });
  kinds['NFKC: 300 questions of 112 × U+FDFA'] = () => ({ bytes: H.csvOfExpandingQuestions(300, 112), name: 'q.csv', format: 'json' });
  return kinds;
}

/** ~100 KB files: the crafted ones (stored zip entries, so the file is the XML) and the baselines. */
async function hundredKb(): Promise<{ normal: Record<string, () => Built>; crafted: Record<string, () => Built> }> {
  const H = await import('../../test/hostile/files');
  const SIZE = 100_000;
  const stored = (xml: string): Built => ({ bytes: H.storedWorkbook(xml), name: 'q.xlsx', format: 'json' });
  const craftedKinds: Record<string, () => Built> = {};
  for (const [k, f] of Object.entries(H.QUADRATIC_SHEET_XML)) craftedKinds[`XLSX: ${k}`] = () => stored(f(SIZE));
  for (const [k, f] of Object.entries(H.EXPANDING_SHEET_XML)) craftedKinds[`XLSX (issue 19): ${k}`] = () => stored(f(SIZE));
  craftedKinds['CSV: header cell of ※'] = () => ({ bytes: H.csvWithLongHeaderCell(SIZE), name: 'q.csv', format: 'json' });
  craftedKinds['CSV: questions expanding 18× under NFKC (U+FDFA)'] = () => ({ bytes: H.csvOfExpandingQuestions(Math.floor(SIZE / 340), 112), name: 'q.csv', format: 'json' });
  craftedKinds['CSV: questions of varied squared words (㌀–㍗), ×3–6 under NFKC'] = () => ({ bytes: H.csvOfSquaredWords(SIZE), name: 'q.csv', format: 'json' });
  craftedKinds['CSV: 2,000-character questions of varied words'] = () => ({ bytes: H.csvOfLongVariedQuestions(SIZE), name: 'q.csv', format: 'json' });
  return {
    normal: {
      'XLSX: ordinary question rows': () => stored(H.normalSheetXml(SIZE)),
      'CSV: ordinary question rows': () => ({ bytes: H.normalCsv(SIZE), name: 'q.csv', format: 'json' }),
    },
    crafted: craftedKinds,
  };
}

async function processOnce(b: Built): Promise<{ outcome: string; ms: number }> {
  const { processQuestionnaire } = await import('../../src/questionnaire/pipeline');
  const t = performance.now();
  let outcome = '200';
  try {
    const o = processQuestionnaire({ bytes: b.bytes, fileName: b.name, contentType: '', product: 'LeySerKids' });
    if (b.format === 'file') o.filledFile();
  } catch (err) {
    const e = err as { status?: number; code?: string };
    outcome = e.status ? `${e.status} ${e.code}` : `crash ${String(err).slice(0, 80)}`;
  }
  return { outcome, ms: performance.now() - t };
}

// --- child modes --------------------------------------------------------------------------

async function childHeap(kind: string): Promise<void> {
  const kinds = await crafted();
  const build = kinds[kind];
  if (!build) throw new Error(`unknown kind ${kind}`);
  const b = build();
  await import('../../src/questionnaire/pipeline');
  await processOnce({ bytes: strToU8('質問,回答\nバックアップは取得していますか。,\n'), name: 'warm.csv', format: 'json' });
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().heapUsed;
  process.stdout.write('HEAP_MARK\n');
  const r = await processOnce(b);
  const end = process.memoryUsage().heapUsed;
  printResult({ outcome: r.outcome, fileBytes: b.bytes.length, baseline, end });
}

async function childTimes(): Promise<void> {
  const sets = await hundredKb();
  await processOnce({ bytes: strToU8('質問,回答\nバックアップは取得していますか。,\n'), name: 'warm.csv', format: 'json' });
  const time = async (kind: string, build: () => Built): Promise<HostileTime> => {
    const b = build();
    const runs: Array<{ outcome: string; ms: number }> = [];
    for (let i = 0; i < 3; i++) runs.push(await processOnce(b));
    return { kind, fileBytes: b.bytes.length, outcome: runs[0]?.outcome ?? '', ms: median(runs.map((r) => r.ms)) };
  };
  const normal: HostileTime[] = [];
  for (const [k, f] of Object.entries(sets.normal)) normal.push(await time(k, f));
  const craftedTimes: HostileTime[] = [];
  for (const [k, f] of Object.entries(sets.crafted)) craftedTimes.push(await time(k, f));
  printResult({ normal, crafted: craftedTimes } satisfies HostileTimes);
}

// --- parent -------------------------------------------------------------------------------

/** Peak heap of one kind in a fresh `node --trace-gc` child. */
function heapOf(kind: string): Promise<HostileHeap> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--trace-gc', '--max-semi-space-size=1', '--import', 'tsx', path.join(ROOT, 'scripts/bench/hostile.ts'), '--heap', kind], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const lines = out.split('\n');
      const mark = lines.indexOf('HEAP_MARK');
      const result = lines.find((l) => l.startsWith(RESULT_PREFIX));
      if (!result || mark < 0) {
        reject(new Error(`hostile heap child (${kind}) exited with ${code}: ${err.slice(-1500)}${out.slice(-1500)}`));
        return;
      }
      const r = JSON.parse(result.slice(RESULT_PREFIX.length)) as { outcome: string; fileBytes: number; baseline: number; end: number };
      let peak = r.end;
      // "… Mark-Compact 45.1 (52.3) -> 40.2 (50.1) MB, …": the first figure is the heap before the GC
      for (const l of lines.slice(mark)) {
        const m = /(?:Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Sweep)[^0-9]*([\d.]+) \([\d.]+\) -> /.exec(l);
        if (m) peak = Math.max(peak, Number(m[1]) * 1024 * 1024);
      }
      resolve({ kind, fileBytes: r.fileBytes, outcome: r.outcome, peakHeapBytes: peak, baselineHeapBytes: r.baseline });
    });
  });
}

export async function runHostileHeap(only?: string[]): Promise<HostileHeap[]> {
  const out: HostileHeap[] = [];
  for (const kind of only ?? Object.keys(await crafted())) out.push(await heapOf(kind));
  return out;
}

const mode = process.argv.indexOf('--heap');
if (mode >= 0) await childHeap(process.argv[mode + 1] ?? '');
else if (process.argv.includes('--times')) await childTimes();
