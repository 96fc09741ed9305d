import { strToU8, unzipSync, zipSync } from 'fflate';
import { buildXlsx } from '../test/node/questionnaire-fixtures';
import { processQuestionnaire } from '../src/questionnaire/pipeline';
const [snip, where] = [process.argv[2]!, process.argv[3]!];
const sheets = [{ name: 'S', rows: [['質問', '回答', '備考'], ['データのバックアップは取得していますか。', null, null], ['通信は暗号化されていますか。', 'はい', null], ['多要素認証に対応していますか？', '=1+1', null]] }];
for (let at = 0; at < 60; at++) {
  const files = unzipSync(buildXlsx(sheets));
  const xml = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
  const spots: number[] = [];
  const pattern = ({ attr: /="/g, newattr: /<(?:row|c)\b/g, tag: />/g, any: null } as any)[where];
  if (pattern) for (const m of xml.matchAll(pattern)) spots.push(m.index + m[0].length);
  const i = spots.length ? spots[at % spots.length]! : (at * 37) % (xml.length + 1);
  files['xl/worksheets/sheet1.xml'] = strToU8(xml.slice(0, i) + snip + xml.slice(i));
  const t = Date.now();
  try { processQuestionnaire({ bytes: zipSync(files), fileName: 'q.xlsx', contentType: '', product: 'LeySerKids' }).filledFile(); } catch {}
  if (Date.now() - t > 2000) { console.log('SLOW at', at, Date.now() - t); break; }
}
