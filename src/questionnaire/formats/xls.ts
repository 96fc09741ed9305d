// .xls (Excel 97-2003, BIFF8 in an OLE compound file): recognised, and refused with the fix (save
// it as .xlsx in Excel). SheetJS reads .xls straight from the upload, with no bound before it
// parses: a 6.6 KB compound file whose FAT chain loops made its CFB reader allocate until the
// isolate died, and shared formulas, deep directory paths, SST, MULRK, MERGECELLS and HLINK records
// each cost more than 128 MB or tens of seconds of CPU (issue 19). A vetted reader (CFB header,
// FAT and mini-FAT chains walked with cycle and length checks, directory bounds, every BIFF record
// measured) is not built; until it is, refusing the file beats an isolate reset. Nothing of the
// upload is parsed: the magic bytes decide, and an encrypted workbook or another Office program's
// OLE file keeps its own message (limits.ts).
import { AppError } from '../../messages/error';
import { checkUploadSize, isEncryptedCfb } from '../limits';
import type { QuestionnaireFormat } from './types';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** OLE containers of other Office programs: not a workbook. */
const OTHER_OLE = /\.(doc|dot|ppt|pps|pot|msg|msi|pub|vsd|mpp)$/i;

export function xlsNotSupported(): AppError {
  return new AppError('xls_not_supported');
}

export const xlsFormat: QuestionnaireFormat = {
  id: 'xls',
  label: 'Excel 97-2003 workbook (refused: save it as .xlsx)',
  // not offered by the file picker: it is refused
  extensions: [],
  sniff: (bytes, name) => CFB_MAGIC.every((b, i) => bytes[i] === b) && !OTHER_OLE.test(name) && !isEncryptedCfb(bytes),
  open(bytes) {
    checkUploadSize(bytes.length);
    throw xlsNotSupported();
  },
};
