import { readFileSync } from 'node:fs';
import { readXlsx } from '../src/questionnaire/xlsx';
const { model } = readXlsx(new Uint8Array(readFileSync(process.argv[2]!)));
for (const s of model.sheets) console.log(s.name, JSON.stringify(s.validations.map((v) => [v.choices.join('/'), v.ranges.map((r) => `${r.s.c}:${r.s.r + 1}-${r.e.c}:${r.e.r + 1}`)])).slice(0, 400));
