// The corpus contract: documents (from corpus/manifest.json) and the answer units cut from them.
// Single source of truth for the unit shape; the build step validates every unit against it and
// the Worker, API and web pages use the inferred types.
import * as z from 'zod';

export const DocumentKindSchema = z.enum(['whitepaper', 'checksheet']);

export const ManifestDocumentSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  file: z.string(),
  title: z.string(),
  kind: DocumentKindSchema,
  basis: z.string().optional(),
  products: z.array(z.string()).min(1),
  version: z.string().nullable(),
  issued: z.string().nullable(),
  updated: z.string().optional(),
  items: z.string().optional(),
  format: z.string().optional(),
});
export type ManifestDocument = z.infer<typeof ManifestDocumentSchema>;

export const ManifestSchema = z.object({
  publisher: z.string(),
  documents: z.array(ManifestDocumentSchema).min(1),
});

/** Mark as printed in the source (○ 〇 △ × -) and its normalized meaning. */
export const MarkValueSchema = z.enum(['yes', 'partial', 'no', 'na']);
export type MarkValue = z.infer<typeof MarkValueSchema>;
export const MarkSchema = z.object({ printed: z.string(), value: MarkValueSchema });
export type Mark = z.infer<typeof MarkSchema>;

/** 1-based, inclusive line range in the source file. Scrambled items can span several ranges. */
export const LineRangeSchema = z.object({ start: z.number().int().positive(), end: z.number().int().positive() });

export const ProductDetailSchema = z.object({
  /** Products this part of the answer is about, as named in the manifest. */
  products: z.array(z.string()).min(1),
  /** The part of the answer text for those products (normalized). */
  text: z.string(),
});

export const UnitSchema = z.object({
  /** `<documentId>#<item>`, item as printed: `leyserkids-whitepaper#2.8`, `leyser-checksheet-meti#6-30`. */
  id: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  /** Item number as printed (`2.8`, `25`, `6-30`), or a stable name for preamble notes (`iso27001`). */
  item: z.string(),
  kind: z.enum(['item', 'preamble']),
  /** Order of the unit in its document (0-based), for document pages. */
  order: z.number().int().nonnegative(),
  /** Enclosing section path, e.g. ["6 アクセス制御"] or ["サービス基本特性", "サービス内容"]. */
  section: z.array(z.string()),
  /** 見出し / 確認事項 / 項目, normalized (NFKC, PDF artefacts removed). */
  heading: z.string(),
  /** 本文 / 備考 / 事業者回答, normalized. For 同上 rows: the resolved text of the referenced unit. */
  answer: z.string(),
  /** The answer as printed (normalized) when it differs from `answer`, e.g. "同上". */
  answerAsPrinted: z.string().optional(),
  /** For 同上 rows: the id of the unit whose answer this one repeats. */
  sameAs: z.string().optional(),
  /** Original (un-normalized) source text of heading and answer, for citations. */
  original: z.object({ heading: z.string(), answer: z.string() }),
  mark: MarkSchema.nullable(),
  /** False when the source carries no disclosed answer for this item. */
  hasAnswer: z.boolean(),
  products: z.array(z.string()).min(1),
  /** Per-product parts of the answer («・LeySerKids …»), when the source lists them. */
  productDetails: z.array(ProductDetailSchema),
  version: z.string().nullable(),
  issued: z.string().nullable(),
  updated: z.string().nullable(),
  location: z.object({ file: z.string(), ranges: z.array(LineRangeSchema).min(1) }),
});
export type Unit = z.infer<typeof UnitSchema>;

export const DocumentInfoSchema = ManifestDocumentSchema.extend({ unitCount: z.number().int().nonnegative() });
export type DocumentInfo = z.infer<typeof DocumentInfoSchema>;
