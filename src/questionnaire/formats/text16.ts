// "Unicode text" (Excel's "Unicode テキスト" export): UTF-16 with a byte-order mark, tab-separated.
// The text is transcoded to UTF-8, read and patched by the CSV code, and transcoded back with the
// same byte order and BOM. UTF-16 ↔ UTF-8 is lossless for well-formed text, so every byte we do
// not write comes back as uploaded; that is checked on the upload itself before anything else.
import { AppError } from '../../messages/error';
import { checkUploadSize } from '../limits';
import { openParsedCsv, readCsv } from './csv';
import type { QuestionnaireFormat } from './types';

export const TEXT_SHEET_NAME = 'Text';

function invalidText(): AppError {
  return new AppError('invalid_text');
}

function encodeUtf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, !bigEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), !bigEndian);
  return out;
}

export const text16Format: QuestionnaireFormat = {
  id: 'text16',
  label: 'Unicode text (UTF-16, tab-separated)',
  extensions: ['.txt'],
  sniff: (bytes) => (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff),
  open(bytes) {
    checkUploadSize(bytes.length);
    const bigEndian = bytes[0] === 0xfe;
    let text: string;
    try {
      text = new TextDecoder(bigEndian ? 'utf-16be' : 'utf-16le', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
    } catch {
      throw invalidText();
    }
    const encodeBack = (s: string) => encodeUtf16(s, bigEndian);
    // lossless? (an odd trailing byte or a lone surrogate would not come back as uploaded)
    const again = encodeBack(text);
    if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) throw invalidText();
    const csv = readCsv(new TextEncoder().encode(text));
    const utf8 = new TextDecoder('utf-8');
    return openParsedCsv(csv, 'text16', TEXT_SHEET_NAME, { encoding: bigEndian ? 'utf-16be' : 'utf-16le' }, (b) => encodeBack(utf8.decode(b)), 'text/plain; charset=utf-16');
  },
};
