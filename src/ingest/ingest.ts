// Build-time ingestion (Node): reads corpus/manifest.json and the documents it lists, cuts each
// document into answer units with the parser for its layout, and validates the result against the
// corpus contract (src/corpus/schema.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ManifestSchema, UnitSchema, type DocumentInfo, type ManifestDocument, type Unit } from '../corpus/schema';
import { parseChecksheetMic } from './parse-checksheet-mic';
import { parseLeyserMetiPdf, parseMetiTable } from './parse-checksheet-meti';
import { parseWhitepaper } from './parse-whitepaper';

export type DocumentParser = (text: string, doc: ManifestDocument) => Unit[];

/**
 * Which parser reads which document. Keyed by document id because layouts differ between
 * documents of the same kind (the two 経産省 sheets); a new document needs an entry here.
 */
export const PARSERS: Readonly<Record<string, DocumentParser>> = {
  'leyser-web-whitepaper': parseWhitepaper,
  'leyserkids-whitepaper': parseWhitepaper,
  'leyser-checksheet-mic': parseChecksheetMic,
  'leyser-checksheet-meti': parseLeyserMetiPdf,
  'raykit-checksheet-meti': parseMetiTable,
};

export async function readManifest(corpusDir: string): Promise<ManifestDocument[]> {
  const raw: unknown = JSON.parse(await readFile(path.join(corpusDir, 'manifest.json'), 'utf8'));
  return ManifestSchema.parse(raw).documents;
}

/** Parses one document's text; exported so tests can run a single document. */
export function parseDocument(text: string, doc: ManifestDocument): Unit[] {
  const parser = PARSERS[doc.id];
  if (parser === undefined) throw new Error(`no parser for document ${doc.id} (add it to PARSERS in src/ingest/ingest.ts)`);
  return parser(text, doc).map((unit) => {
    const result = UnitSchema.safeParse(unit);
    if (!result.success) throw new Error(`${unit.id}: invalid unit: ${result.error.message}`);
    return result.data;
  });
}

export async function ingestCorpus(corpusDir: string): Promise<{ documents: DocumentInfo[]; units: Unit[] }> {
  const manifest = await readManifest(corpusDir);
  const documents: DocumentInfo[] = [];
  const units: Unit[] = [];
  const seen = new Set<string>();
  for (const doc of manifest) {
    const text = await readFile(path.join(corpusDir, doc.file), 'utf8');
    const docUnits = parseDocument(text, doc);
    if (docUnits.length === 0) throw new Error(`${doc.id}: no units`);
    for (const unit of docUnits) {
      if (seen.has(unit.id)) throw new Error(`duplicate unit id ${unit.id}`);
      seen.add(unit.id);
    }
    units.push(...docUnits);
    documents.push({ ...doc, unitCount: docUnits.length });
  }
  return { documents, units };
}
