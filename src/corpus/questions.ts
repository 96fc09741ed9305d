// The question library contract (issue 17): for every unit with a disclosed answer, the ways
// customers ask for it, in Japanese and English, written from the unit's text and public
// frameworks' vocabulary (never from a labelled row). One JSON object per line in
// corpus/questions/<documentId>.jsonl. The library is search content only: what kaitou shows
// and writes is always the unit's official text, never a library question.
import * as z from 'zod';

/** How a question is phrased; the list a unit should cover (scripts/questions.ts reports gaps). */
export const JA_KINDS = ['plain', 'requirement', 'label', 'request', 'paraphrase', 'procurement', 'other'] as const;
export const EN_KINDS = ['yesno', 'describe', 'control', 'paraphrase'] as const;

export const LibraryQuestionSchema = z.object({
  /** The unit this question is answered by: `<documentId>#<item>`. */
  unit: z.string().regex(/^[a-z0-9-]+#.+$/),
  lang: z.enum(['ja', 'en']),
  kind: z.enum([...new Set([...JA_KINDS, ...EN_KINDS])] as [string, ...string[]]),
  text: z.string().trim().min(2).max(400),
  /** unitTextHash of the unit text this question was written for: a changed unit makes its questions stale. */
  written: z.string().regex(/^[0-9a-f]{12}$/),
});
export type LibraryQuestion = z.infer<typeof LibraryQuestionSchema>;

/** Minimum per unit with a disclosed answer (issue 17): below it, `npm run questions` lists the unit. */
export const MIN_QUESTIONS = { ja: 7, en: 5 } as const;
