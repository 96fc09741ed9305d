// Query analysis (Worker, no dictionary): the customer's question → weighted search concepts.
// A concept is one thing the question asks about, with the words that can stand for it: the
// customer's own word (weight 1), its synonyms (lower weight), or for English questions the
// Japanese terms of the glossary.
import { normalizeForSearch } from './normalize';
import { japaneseBigrams } from './bigrams';
import { LexiconSegmenter } from './lexicon';
import { ENGLISH_GLOSSARY } from './glossary-en';
import { englishStems } from './english';
import { ENGLISH_GENERIC, isStopword } from './stopwords';
import { fieldRequest, isDeclarativeRequirement, itemParts, type FieldSubject, type PartRole } from './structure';
import type { RankingOptions } from '../search/options';

/** One way to say a concept: a word, or a phrase whose words must all occur (ファイア+ウォール). */
export interface Alternative {
  terms: string[];
  weight: number;
}
export interface Concept {
  /** The word as analyzed from the question (or the glossary's Japanese term for English). */
  label: string;
  alternatives: Alternative[];
  /** Weight (share of the highest idf) when no alternative occurs in the corpus; default by word shape. */
  unknownShare?: number;
  /** Weight of the part of the item the concept comes from (its point 1; title, details, examples less). */
  emphasis: number;
  /** Whether the concept occurs in the item's point (not only in its title, details, examples or follow-ups). */
  inPoint?: boolean;
}

/**
 * What a Japanese interrogative asks for: «いつ» asks for a time, «どこ» for a place. The words are
 * stop words, but the documents answer them with words like 時期 or 国内, which are added as one
 * extra concept (weighted like a synonym, and cheap when absent).
 */
const INTERROGATIVE_HINTS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/いつ|何時頃|時期|タイミング/, ['時期', '年月日', '期日', 'タイミング', '時点', '開始']],
  [/どこ|どちらの国|どの国|何処|所在/, ['場所', '所在', '所在地', '国内', 'リージョン', '地域']],
  [/どのくらい|どれくらい|どの程度|何日|何か月|何ヶ月|何年|何時間|何世代/, ['期間', '日数', '時間', '世代', '日前', '日後']],
  [/何時から|何時まで|受付時間|営業時間/, ['受付時間', '時間帯', '営業日']],
  [/誰が|だれが|誰の|どなた|どちらの責任|責任は/, ['責任', '責任範囲', '管理範囲', '担当']],
];
export interface AnalyzedQuery {
  normalized: string;
  language: 'ja' | 'en';
  concepts: Concept[];
  bigrams: string[];
  /** Japanese renderings used for an English question (shown as a note). */
  translatedTerms: string[];
  /** Whether the item has more than a point (a title, details, examples, follow-ups or boilerplate lists). */
  structured: boolean;
  /** A form field asking for a datum about the responding organization or the service's name (analysis/structure.ts). */
  field?: FieldSubject;
  /** A Japanese item stating a requirement (〜している。〜すること。), the form of the check sheets' headings. */
  declarative: boolean;
  /** For an English question: its words as the question library indexes English (analysis/english.ts), each with its part's weight. */
  englishTerms: { term: string; emphasis: number }[];
}

const JAPANESE = /[\u3041-\u30FF\u4E00-\u9FFF]/g;
const LATIN = /[a-z]/g;

export function detectLanguage(normalized: string): 'ja' | 'en' {
  const ja = normalized.match(JAPANESE)?.length ?? 0;
  const latin = normalized.match(LATIN)?.length ?? 0;
  return ja === 0 && latin > 0 ? 'en' : ja * 3 < latin && ja < 4 ? 'en' : 'ja';
}

function fieldOf(question: string): { field?: FieldSubject } {
  const field = fieldRequest(question);
  return field ? { field } : {};
}

export class QueryAnalyzer {
  /** For each word, the synonym groups (as lists of members' words) where some member contains it. */
  private readonly groupsByWord = new Map<string, string[][][]>();
  private readonly commonBigrams: ReadonlySet<string>;
  private readonly hints: { pattern: RegExp; label: string; words: string[] }[];
  private readonly glossary: { src: string; pattern: RegExp; ja: readonly string[] }[];

  constructor(
    private readonly segmenter: LexiconSegmenter,
    /** Number of units containing a word (0: the corpus never uses it); picks the specific word of a phrase (要素, not 認証). */
    private readonly docFreq: (word: string) => number,
    /** Pre-segmented synonym groups and common bigrams from the search artifact. */
    synonymGroups: readonly string[][][],
    commonBigrams: readonly string[],
    private readonly options: RankingOptions['query'],
  ) {
    for (const group of synonymGroups)
      for (const word of new Set(group.flat())) {
        const list = this.groupsByWord.get(word) ?? [];
        list.push(group);
        this.groupsByWord.set(word, list);
      }
    this.commonBigrams = new Set(commonBigrams);
    this.hints = INTERROGATIVE_HINTS.map(([pattern, hints]) => ({ pattern, label: `?${hints[0]}`, words: [...new Set(hints.flatMap((h) => segmenter.words(h)))] }));
    this.glossary = ENGLISH_GLOSSARY.map(([src, ja]) => ({ src, pattern: new RegExp(`(?<![a-z0-9])(?:${src})[a-z]*`, 'gi'), ja }));
  }

  analyze(question: string): AnalyzedQuery {
    const normalized = normalizeForSearch(question);
    const language = detectLanguage(normalized);
    // The item's parts, each with its weight: a word weighs as much as the most emphasised part it occurs in.
    // Whether the item states a requirement: it decides its clauses' roles and, for Japanese, the heading's weight.
    const folded = question.normalize('NFKC').toLowerCase();
    const declarativeForm = isDeclarativeRequirement(folded);
    const allParts = itemParts(folded, declarativeForm);
    const parts = allParts.flatMap((p) => (p.role === 'drop' ? [] : [{ text: normalizeForSearch(p.text), emphasis: this.emphasisOf(p.role), point: p.role === 'point' }]));
    const emphasis = new Map<string, number>();
    const inPoint = new Set<string>();
    const emphasise = (word: string, e: number, point: boolean) => {
      emphasis.set(word, Math.max(emphasis.get(word) ?? 0, e));
      if (point) inPoint.add(word);
    };
    const words: string[] = [];
    let bigramSource: string[];
    const translatedTerms: string[] = [];
    const unmapped: string[] = [];
    const phrases: Concept[] = [];
    const englishTerms = new Map<string, number>();
    if (language === 'en') {
      for (const part of parts) for (const t of englishStems(part.text)) englishTerms.set(t, Math.max(englishTerms.get(t) ?? 0, part.emphasis));
      // One concept per glossary entry the item uses: its Japanese terms are alternatives for the
      // one English notion (delete → 削除 | 消去), so a notion weighs once however many terms it has.
      const entries = new Map<string, { ja: readonly string[]; emphasis: number; point: boolean }>();
      const absent = new Map<string, { label: string; emphasis: number; point: boolean }>();
      for (const part of parts) {
        const covered = new Array<boolean>(part.text.length).fill(false);
        // Entries are ordered phrases first: a match inside text an earlier entry already took is
        // a part of that phrase (multi-factor authentication → 多要素認証, not also 認証).
        for (const { pattern, ja, src } of this.glossary) {
          let hit: string | null = null;
          for (const m of part.text.matchAll(pattern)) {
            const start = m.index + (m[0].length - m[0].trimStart().length);
            const end = m.index + m[0].length;
            if (covered.slice(start, end).every(Boolean)) continue;
            hit ??= m[0].trim();
            covered.fill(true, start, end);
          }
          if (hit !== null && ja.length === 0) {
            // A notion the documents never talk about (HIPAA, PCI, VPAT …): it weighs like an
            // unknown noun, and its words cannot map to a notion they do talk about (card, country).
            const label = absent.get(src)?.label ?? `!${hit}`;
            absent.set(src, { label, emphasis: Math.max(absent.get(src)?.emphasis ?? 0, part.emphasis), point: (absent.get(src)?.point ?? false) || part.point });
          } else if (hit !== null) {
            translatedTerms.push(...ja);
            const key = ja.join('/');
            entries.set(key, { ja, emphasis: Math.max(entries.get(key)?.emphasis ?? 0, part.emphasis), point: (entries.get(key)?.point ?? false) || part.point });
          }
        }
        for (const m of part.text.matchAll(/[a-z0-9]+/g)) {
          const w = m[0];
          // English words the documents use as they are (TLS, NTP, API, Azure, SLA …), unless a
          // glossary entry already took them (privacy → 個人情報, not also a URL's «privacy»).
          if (!covered[m.index] && this.docFreq(w) > 0 && !ENGLISH_GENERIC.has(w)) {
            words.push(w);
            emphasise(w, part.emphasis, part.point);
          }
          // Words neither the glossary nor the generic list knows: possibly what the documents lack.
          else if (!covered[m.index] && w.length >= 3 && /[a-z]/.test(w) && !isStopword(w) && !ENGLISH_GENERIC.has(w)) {
            unmapped.push(w);
            emphasise(w, part.emphasis, part.point);
          }
        }
      }
      for (const [label, { ja, emphasis: e, point }] of entries) {
        const alternatives: Alternative[] = [];
        for (const t of ja) {
          const ws = this.segmenter.words(normalizeForSearch(t));
          if (ws.length && !alternatives.some((a) => a.terms.join(' ') === ws.join(' '))) alternatives.push({ terms: ws, weight: 1 });
        }
        if (alternatives.length) phrases.push({ label, alternatives, emphasis: e, inPoint: point });
      }
      for (const { label, emphasis: e, point } of absent.values()) phrases.push({ label, alternatives: [], unknownShare: this.options.unknownNounShare, emphasis: e, inPoint: point });
      bigramSource = [...entries.values()].flatMap((x) => x.ja).map(normalizeForSearch);
    } else {
      for (const part of parts)
        for (const w of this.segmenter.words(part.text)) {
          words.push(w);
          emphasise(w, part.emphasis, part.point);
        }
      bigramSource = parts.map((p) => p.text);
    }
    const unique = [...new Set(words)];
    const concepts: Concept[] = unique.map((w) => ({ label: w, alternatives: [{ terms: [w], weight: 1 }], emphasis: emphasis.get(w) ?? 1, inPoint: inPoint.has(w) }));
    this.expandSynonyms(concepts, words);
    for (const p of phrases) this.expandPhrase(p);
    concepts.push(...phrases);
    if (language === 'ja') concepts.push(...this.interrogativeHints(normalized, new Set(unique)));
    for (const w of new Set(unmapped)) concepts.push({ label: w, alternatives: [{ terms: [w], weight: 1 }], unknownShare: this.options.unmappedEnglishShare, emphasis: emphasis.get(w) ?? 1, inPoint: inPoint.has(w) });
    return {
      normalized,
      language,
      concepts,
      bigrams: [...new Set(bigramSource.flatMap(japaneseBigrams))].filter((b) => !this.commonBigrams.has(b)),
      translatedTerms: [...new Set(translatedTerms)],
      structured: allParts.length > 1,
      declarative: language === 'ja' && declarativeForm,
      englishTerms: [...englishTerms].map(([term, e]) => ({ term, emphasis: e })),
      ...(language === 'ja' ? fieldOf(question) : {}),
    };
  }

  private emphasisOf(role: Exclude<PartRole, 'drop'>): number {
    return this.options.emphasis[role];
  }

  private interrogativeHints(normalized: string, present: ReadonlySet<string>): Concept[] {
    const out: Concept[] = [];
    for (const { pattern, label, words } of this.hints) {
      if (!pattern.test(normalized)) continue;
      const terms = words.filter((t) => !present.has(t));
      if (terms.length) out.push({ label, alternatives: terms.map((t) => ({ terms: [t], weight: this.options.hintWeight })), unknownShare: this.options.hintUnknownShare, emphasis: 1, inPoint: true });
    }
    return out;
  }

  /** A glossary concept takes the other members of the groups its alternatives are members of. */
  private expandPhrase(concept: Concept): void {
    for (const alt of [...concept.alternatives]) {
      const key = alt.terms.join(' ');
      for (const group of this.groupsByWord.get(alt.terms[0]!) ?? []) {
        if (!group.some((m) => m.join(' ') === key)) continue;
        for (const member of group) {
          const k = member.join(' ');
          if (!concept.alternatives.some((a) => a.terms.join(' ') === k)) concept.alternatives.push({ terms: member, weight: this.options.synonymWeight });
        }
      }
    }
  }

  /** Adds synonyms to the concept of a word when a whole group member occurs among the question's words. */
  private expandSynonyms(concepts: Concept[], words: readonly string[]): void {
    const present = new Set(concepts.map((c) => c.label));
    const groups = new Set(concepts.flatMap((c) => this.groupsByWord.get(c.label) ?? []));
    // A phrase member (データ提供) counts only where its words stand together in the question.
    const sequence = ` ${words.join(' ')} `;
    for (const group of groups) {
      const hit = group.find((member) => (member.length === 1 ? present.has(member[0]!) : sequence.includes(` ${member.join(' ')} `)));
      if (!hit) continue;
      // The synonyms attach to the member's most specific word: 要素 in 多要素認証, not 認証.
      const head = [...hit].sort((a, b) => this.docFreq(a) - this.docFreq(b))[0]!;
      const anchor = concepts.find((c) => c.label === head);
      if (!anchor) continue;
      for (const member of group) {
        if (member === hit) continue;
        const key = member.join(' ');
        if (anchor.alternatives.some((a) => a.terms.join(' ') === key)) continue;
        anchor.alternatives.push({ terms: member, weight: this.options.synonymWeight });
      }
    }
  }
}
