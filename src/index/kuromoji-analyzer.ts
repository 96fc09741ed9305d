// Build-time analysis with kuromoji (IPADIC). Node only: the dictionary needs ~1 s and ~250 MB to
// load, far over what a Worker may spend, so the Worker gets its results (index + lexicon) instead.
import kuromoji from 'kuromoji';
import { createRequire } from 'node:module';
import path from 'node:path';
import { normalizeToken } from '../analysis/normalize';
import { keepContentToken, latinTokens, type LexiconEntries } from '../analysis/lexicon';

type Tokenizer = kuromoji.Tokenizer<kuromoji.IpadicFeatures>;

let tokenizerPromise: Promise<Tokenizer> | undefined;

export function loadTokenizer(): Promise<Tokenizer> {
  tokenizerPromise ??= new Promise((resolve, reject) => {
    const dicPath = path.join(path.dirname(createRequire(import.meta.url).resolve('kuromoji/package.json')), 'dict');
    kuromoji.builder({ dicPath }).build((err, tokenizer) => (err ? reject(err) : resolve(tokenizer)));
  });
  return tokenizerPromise;
}

const CONTENT_NOUN_EXCLUDED = new Set(['非自立', '代名詞', '数', '接尾', '特殊']);
const KATAKANA_ONLY = /^[\u30A1-\u30FA\u30FC]+$/;

function isContent(t: kuromoji.IpadicFeatures): boolean {
  switch (t.pos) {
    case '名詞':
      return !CONTENT_NOUN_EXCLUDED.has(t.pos_detail_1);
    case '動詞':
    case '形容詞':
      return t.pos_detail_1 === '自立';
    default:
      return false;
  }
}

/**
 * IPADIC splits some loanwords it does not know into short pieces (クラウド → クラ|ウド). Two
 * adjacent katakana pieces of at most two characters each are joined back.
 */
function repairKatakanaSplits(tokens: kuromoji.IpadicFeatures[]): kuromoji.IpadicFeatures[] {
  const out: kuromoji.IpadicFeatures[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (prev && KATAKANA_ONLY.test(prev.surface_form) && KATAKANA_ONLY.test(t.surface_form) && [...prev.surface_form].length <= 2 && [...t.surface_form].length <= 2) {
      const surface = prev.surface_form + t.surface_form;
      out[out.length - 1] = { ...prev, surface_form: surface, basic_form: surface, pos: '名詞', pos_detail_1: '一般', word_type: 'KNOWN' };
    } else out.push(t);
  }
  return out;
}

/** True when kuromoji reads `text` as one dictionary word (repaired loanwords count as known). */
function isKnownWord(tokenizer: Tokenizer, text: string): boolean {
  const tokens = repairKatakanaSplits(tokenizer.tokenize(text));
  return tokens.length === 1 && tokens[0]!.word_type === 'KNOWN';
}

/**
 * kuromoji reads an unknown katakana compound as one word in some contexts and as its parts in
 * others (クラウドサービス vs クラウド|サービス), which would split the index vocabulary. Such
 * compounds are cut into dictionary words when they can be, so both spellings meet on the parts.
 */
function splitKatakanaCompound(tokenizer: Tokenizer, surface: string): string[] | undefined {
  const chars = [...surface];
  // Pieces of at least three characters: shorter ones are mostly accidental dictionary hits (イン, マイ).
  for (let i = chars.length - 3; i >= 3; i--) {
    const head = chars.slice(0, i).join('');
    const rest = chars.slice(i).join('');
    if (!isKnownWord(tokenizer, head)) continue;
    if (isKnownWord(tokenizer, rest)) return [head, rest];
    const tail = splitKatakanaCompound(tokenizer, rest);
    if (tail) return [head, ...tail];
  }
  return undefined;
}

export interface IndexAnalysis {
  words: string[];
}

/**
 * Analyzes search-normalized text into content words and records surface→base pairs in `lexicon`.
 * With `resolved` (the finished lexicon), a surface form always yields the lexicon's reading
 * rather than kuromoji's reading in this context (向け: suffix here, verb there), which is what
 * the query segmenter will produce for it.
 */
export function analyzeForIndex(tokenizer: Tokenizer, normalized: string, lexicon?: LexiconVotes, resolved?: LexiconEntries): IndexAnalysis {
  const words: string[] = [];
  // Latin/digit runs are cut the same way the query segmenter cuts them; kuromoji gets the rest.
  for (const part of normalized.split(/([a-z0-9][a-z0-9._-]*[a-z0-9]|[a-z0-9])/)) {
    if (!part) continue;
    if (/^[a-z0-9]/.test(part)) {
      for (const t of latinTokens(part)) if (keepContentToken(t)) words.push(t);
      continue;
    }
    for (const t of repairKatakanaSplits(tokenizer.tokenize(part))) {
      if (t.pos === '記号') continue;
      const pieces = t.word_type === 'UNKNOWN' && KATAKANA_ONLY.test(t.surface_form) ? splitKatakanaCompound(tokenizer, t.surface_form) : undefined;
      if (pieces) {
        const bases = pieces.map(normalizeToken).filter(keepContentToken);
        words.push(...bases);
        lexicon?.vote(t.surface_form, bases.join(' ') || null);
        for (const p of pieces) lexicon?.vote(p, keepContentToken(normalizeToken(p)) ? normalizeToken(p) : null);
        continue;
      }
      const base = normalizeToken(t.basic_form === '*' ? t.surface_form : t.basic_form);
      const content = isContent(t) && keepContentToken(base);
      lexicon?.vote(t.surface_form, content ? base : null);
      if (resolved && Object.hasOwn(resolved, t.surface_form)) {
        const reading = resolved[t.surface_form];
        if (reading) words.push(...reading.split(' ').filter(keepContentToken));
      } else if (content) words.push(base);
    }
  }
  return { words };
}

/** Collects surface→base observations; the most frequent reading wins (行っ: 行う vs 行く). */
export class LexiconVotes {
  private readonly votes = new Map<string, Map<string, number>>();

  vote(surface: string, base: string | null): void {
    for (const key of new Set([surface, normalizeToken(surface)])) {
      if ([...key].length === 1 && /^[\u3041-\u30FF]$/.test(key)) continue; // single kana: unreliable at query time
      if (!/[\p{L}\p{N}]/u.test(key) || /^[a-z0-9]/.test(key)) continue;
      const m = this.votes.get(key) ?? new Map<string, number>();
      const k = base ?? '\u0000';
      m.set(k, (m.get(k) ?? 0) + 1);
      this.votes.set(key, m);
    }
  }

  entries(): LexiconEntries {
    const out: LexiconEntries = {};
    for (const key of [...this.votes.keys()].sort()) {
      const best = [...this.votes.get(key)!.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
      out[key] = best === '\u0000' ? null : best;
    }
    return out;
  }
}
