import { strToU8, unzipSync, zipSync } from 'fflate';
import { buildXlsx } from '../test/node/questionnaire-fixtures';
import { processQuestionnaire } from '../src/questionnaire/pipeline';
import { ApiError } from '../src/api/errors';
const snippets = ['&#x110000;', '&#99999999999;', '&#0;', '&#xD800;', '&#x1F600;', '&bogus;', '&', '&amp', '<', ']]>', '<![CDATA[x]]>', '<row r="0">', '<row r="-5"><c r="A-5"/></row>', '<c r="ZZZZ1" t="inlineStr"><is><t>x</t></is></c>', '<c r="A2" t="s"><v>-1</v></c>', '<c r="A2" t="e"><v>#N/A</v></c>', '<mergeCell ref="A1:XFD1048576"/>', '<cols><col min="1" max="16384" style="7"/></cols>', '</sheetData>', '<sheetData>', '\u0000', 'x"y', '<x><x></x></x>'];
const sheets = [{ name: 'S', rows: [['質問', '回答', '備考'], ['データのバックアップは取得していますか。', null, null], ['通信は暗号化されていますか。', 'はい', null], ['多要素認証に対応していますか？', '=1+1', null]] }];
const seen = new Map<string, number>();
for (const snip of snippets) for (const where of ['attr', 'newattr', 'tag', 'any'] as const) for (let at = 0; at < 60; at++) {
  const files = unzipSync(buildXlsx(sheets));
  const xml = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
  const spots: number[] = [];
  const pattern = { attr: /="/g, newattr: /<(?:row|c)\b/g, tag: />/g, any: null }[where];
  if (pattern) for (const m of xml.matchAll(pattern)) spots.push(m.index + m[0].length);
  const i = spots.length ? spots[at % spots.length]! : (at * 37) % (xml.length + 1);
  const attrName = ['x', 'spans', 'ht', 'customHeight', 'x14ac:dyDescent'][at % 5];
  const piece = where === 'newattr' ? ` ${attrName}="${snip.replaceAll('"', '&quot;')}"` : snip;
  files['xl/worksheets/sheet1.xml'] = strToU8(xml.slice(0, i) + piece + xml.slice(i));
  try {
    processQuestionnaire({ bytes: zipSync(files), fileName: 'q.xlsx', contentType: '', product: 'LeySerKids' }).filledFile();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'write_check_failed') {
      const k = `${where} ${JSON.stringify(snip)} ${JSON.stringify((e.details as any).differences.slice(0, 2))}`;
      if (!seen.has(k)) { seen.set(k, 1); console.log(k, '| context:', JSON.stringify(xml.slice(Math.max(0, i - 40), i) + '⟦' + piece + '⟧' + xml.slice(i, i + 40))); }
    } else if (!(e instanceof ApiError)) console.log('RAW', e);
  }
}
console.log('distinct', seen.size);
