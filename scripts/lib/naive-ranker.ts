// The naive baseline every figure is compared with (issue 10): MiniSearch with its default BM25
// over the same units, kuromoji base forms of nouns, verbs and adjectives as terms, the product
// filter, nothing else (no lexicon, synonyms, glossary, query structure or verdict).
import kuromoji from 'kuromoji';
import MiniSearch from 'minisearch';
import { createRequire } from 'node:module';
import path from 'node:path';

interface UnitText {
  id: string;
  heading: string;
  answer: string;
  products: readonly string[];
}

export interface NaiveRanker {
  /** Unit ids, best first, within the product's units. */
  rank(question: string, product: string | undefined, limit: number): string[];
}

export async function createNaiveRanker(units: readonly UnitText[]): Promise<NaiveRanker> {
  const dicPath = path.join(path.dirname(createRequire(import.meta.url).resolve('kuromoji/package.json')), 'dict');
  const tokenizer = await new Promise<kuromoji.Tokenizer<kuromoji.IpadicFeatures>>((resolve, reject) => kuromoji.builder({ dicPath }).build((err, t) => (err ? reject(err) : resolve(t))));
  const words = (text: string) =>
    tokenizer
      .tokenize(text.normalize('NFKC').toLowerCase())
      .filter((t) => t.pos === '名詞' || t.pos === '動詞' || t.pos === '形容詞')
      .map((t) => (t.basic_form && t.basic_form !== '*' ? t.basic_form : t.surface_form))
      .join(' ');
  const mini = new MiniSearch<{ id: string; h: string; a: string }>({ fields: ['h', 'a'], tokenize: (s) => s.split(' ').filter(Boolean) });
  mini.addAll(units.map((u) => ({ id: u.id, h: words(u.heading), a: words(u.answer) })));
  const products = new Map(units.map((u) => [u.id, u.products]));
  return {
    rank(question, product, limit) {
      const filter = product === undefined ? undefined : (r: { id: unknown }) => products.get(String(r.id))?.includes(product) ?? false;
      return mini
        .search(words(question), { filter })
        .slice(0, limit)
        .map((r) => String(r.id));
    },
  };
}
