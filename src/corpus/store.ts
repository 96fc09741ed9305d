// The corpus as the Worker sees it: generated at build time (scripts/build-index.ts), imported as
// JSON so wrangler bundles it; nothing is parsed from the source documents at runtime.
import corpusJson from '../generated/corpus.json';
import type { DocumentInfo, Unit } from './schema';
import { AppError } from '../messages/error';

interface CorpusArtifact {
  documents: DocumentInfo[];
  units: Unit[];
}

const corpus = corpusJson as unknown as CorpusArtifact;

const unitsById = new Map<string, Unit>(corpus.units.map((u) => [u.id, u]));
const unitsByDocument = new Map<string, Unit[]>();
for (const u of corpus.units) {
  const list = unitsByDocument.get(u.documentId) ?? [];
  list.push(u);
  unitsByDocument.set(u.documentId, list);
}
for (const list of unitsByDocument.values()) list.sort((a, b) => a.order - b.order);

/** Every product named in the manifest, in manifest order, without duplicates. */
export const PRODUCTS: readonly string[] = [...new Set(corpus.documents.flatMap((d) => d.products))];

/** The product name itself, or unknown_product listing the known ones (lookup and questionnaire alike). */
export function requireKnownProduct(product: string): string {
  const problem = unknownProduct(product);
  if (problem) throw problem;
  return product;
}

/** unknown_product listing the known ones, or null for a known product (null: every product, as approvals take it). */
export function unknownProduct(product: string | null): AppError | null {
  return product === null || PRODUCTS.includes(product) ? null : new AppError('unknown_product', { product, knownProducts: PRODUCTS });
}

export function listDocuments(): DocumentInfo[] {
  return corpus.documents;
}
const documentsById = new Map(corpus.documents.map((d) => [d.id, d]));
export function getDocument(id: string): DocumentInfo | undefined {
  return documentsById.get(id);
}
export function getUnit(id: string): Unit | undefined {
  return unitsById.get(id);
}
export function unitsOfDocument(documentId: string): Unit[] {
  return unitsByDocument.get(documentId) ?? [];
}
export function allUnits(): readonly Unit[] {
  return corpus.units;
}
