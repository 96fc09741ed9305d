// Shared by the ingest-*.test.ts files: the real corpus, ingested once per test file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentInfo, ManifestDocument, Unit } from '../../src/corpus/schema';
import { ingestCorpus, readManifest } from '../../src/ingest/ingest';

export const CORPUS_DIR = path.resolve(import.meta.dirname, '../../corpus');

export interface Corpus {
  documents: DocumentInfo[];
  units: Unit[];
  manifest: ManifestDocument[];
  unit(id: string): Unit;
  unitsOf(documentId: string): Unit[];
  source(documentId: string): string;
}

export async function loadCorpus(): Promise<Corpus> {
  const { documents, units } = await ingestCorpus(CORPUS_DIR);
  const manifest = await readManifest(CORPUS_DIR);
  const byId = new Map(units.map((u) => [u.id, u]));
  return {
    documents,
    units,
    manifest,
    unit(id) {
      const u = byId.get(id);
      if (u === undefined) throw new Error(`no unit ${id}`);
      return u;
    },
    unitsOf: (documentId) => units.filter((u) => u.documentId === documentId).sort((a, b) => a.order - b.order),
    source(documentId) {
      const doc = manifest.find((d) => d.id === documentId);
      if (doc === undefined) throw new Error(`no document ${documentId}`);
      return readFileSync(path.join(CORPUS_DIR, doc.file), 'utf8');
    },
  };
}

export function manifestDocument(corpus: Corpus, id: string): ManifestDocument {
  const doc = corpus.manifest.find((d) => d.id === id);
  if (doc === undefined) throw new Error(`no document ${id}`);
  return doc;
}
