// Building blocks of the result and document views. Every string from the corpus, the question or
// an uploaded file is passed as a JSX child or attribute, which hono/jsx escapes; nothing here
// uses raw()/dangerouslySetInnerHTML.
import type { Mark } from '../corpus/schema';
import type { LookupResponse, Match, Note } from '../search/contract';
import { CONFIDENCE_LABEL, MARK_LABEL, NOT_FOUND_TITLE, NOTE_LABEL, confidenceLevel, copyText, splitHighlights, HIDDEN_NOTE_KINDS, approvalBadgeText, LINKED_NOTE_KINDS, unitHref, productScopeText } from './labels';
import { getUnit, PRODUCTS } from '../corpus/store';
import { NOTE_TEXTS } from '../messages/catalog';
import { timingFacts } from '../search/conflicts';

/** Text with the matched terms wrapped in <mark>. */
/** The product picker of the lookup and approvals forms: empty value = every product. */
export function ProductSelect(props: { id: string; products: readonly string[]; selected: string; class?: string }) {
  return (
    <div class={props.class ?? 'field field--product'}>
      <label for={props.id}>製品</label>
      <select id={props.id} name="product">
        <option value="" selected={props.selected === ''}>
          すべての製品
        </option>
        {props.products.map((p) => (
          <option value={p} selected={p === props.selected}>
            {p}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Highlight(props: { text: string; terms: readonly string[] }) {
  return <>{splitHighlights(props.text, props.terms).map((p) => (p.hit ? <mark>{p.text}</mark> : p.text))}</>;
}

export function MarkBadge(props: { mark: Mark | null }) {
  const { mark } = props;
  if (!mark) return null;
  // The printed sign plus its meaning in words: never colour or a symbol alone.
  return (
    <span class={`badge mark mark--${mark.value}`}>
      <span aria-hidden="true">{mark.printed}</span> {MARK_LABEL[mark.value]}
    </span>
  );
}

export function ConfidenceBadge(props: { confidence: number; verdict: LookupResponse['verdict']; hasAnswer: boolean }) {
  const level = confidenceLevel(props.confidence, props.verdict, props.hasAnswer);
  return <span class={`badge conf conf--${level}`}>確度: {CONFIDENCE_LABEL[level]}</span>;
}

export function MatchCard(props: { match: Match; verdict: LookupResponse['verdict']; primary: boolean; product: string | null }) {
  const { match: m, verdict, primary, product } = props;
  const level = confidenceLevel(m.confidence, verdict, m.hasAnswer);
  return (
    <article class={`match match--${level}${primary ? ' match--primary' : ''}`} data-unit={m.id}>
      <div class="match-badges">
        <ConfidenceBadge confidence={m.confidence} verdict={verdict} hasAnswer={m.hasAnswer} />
        <MarkBadge mark={m.mark} />
        {m.approval ? <span class="badge approved">{approvalBadgeText(m.approval)}</span> : null}
      </div>
      <h3 class="match-heading">
        <span class="item">項番 {m.item}</span> <Highlight text={m.heading} terms={m.matchedTerms} />
      </h3>
      {m.hasAnswer && m.productAnswer !== undefined && product ? (
        // The unit lists per-product details: the selected product's part first, then the whole text.
        <>
          <p class="part-label">{product} についての記載</p>
          <blockquote class="answer answer--part">
            <Highlight text={m.productAnswer} terms={m.matchedTerms} />
          </blockquote>
          <p class="part-label">項目全体の回答</p>
        </>
      ) : null}
      {m.hasAnswer ? (
        <blockquote class="answer">
          <Highlight text={m.answer} terms={m.matchedTerms} />
        </blockquote>
      ) : (
        <p class="noanswer">公開資料のこの項目には回答が記載されていません。</p>
      )}
      {m.answerAsPrinted !== undefined && m.answerAsPrinted !== m.answer ? <p class="asprinted">資料上の記載は「{m.answerAsPrinted}」です。参照先の回答を表示しています。</p> : null}
      <dl class="cite">
        <dt>出典</dt>
        <dd>
          <a href={m.citation.url}>{m.citation.text}</a>
        </dd>
        <dt>対象製品</dt>
        <dd>{m.products.join('、')}</dd>
      </dl>
      {m.hasAnswer ? (
        // Hidden until the script enables it: without JavaScript there is no clipboard access.
        <>
          <button type="button" class="copy btn btn--small" data-copy={copyText(m, product)} hidden>
            回答と出典をコピー
          </button>{' '}
          <button type="button" class="copy btn btn--small" data-copy={copyText(m, product, true)} hidden>
            回答のみコピー
          </button>
        </>
      ) : null}
    </article>
  );
}

const HIDDEN_NOTES: ReadonlySet<Note['kind']> = new Set(HIDDEN_NOTE_KINDS);
const NOTE_UNIT_LINKS: ReadonlySet<Note['kind']> = new Set(LINKED_NOTE_KINDS);

/** A unit as people cite it: document title and item, never its raw id. */
function unitName(id: string, matches: readonly Match[]): string {
  const m = matches.find((x) => x.id === id);
  const u = m ?? getUnit(id);
  return u ? `${u.documentTitle} 項番 ${u.item}` : id;
}

/** What each conflicting document says (A: 直ちに／B: 30日後), from the message catalog. */
function conflictText(note: Note, matches: readonly Match[]): string {
  const sides = note.units.map((id) => {
    const m = matches.find((x) => x.id === id);
    const u = getUnit(id);
    return { unit: id, document: m?.documentTitle ?? u?.documentTitle ?? id, item: m?.item ?? u?.item ?? '', says: timingFacts(m?.answer ?? u?.answer ?? '').join('・') };
  });
  return NOTE_TEXTS.conflict_sides.ja({ sides });
}

export function Notes(props: { notes: readonly Note[]; matches?: readonly Match[] }) {
  const notes = props.notes.filter((n) => !HIDDEN_NOTES.has(n.kind));
  if (notes.length === 0) return null;
  return (
    <ul class="notes">
      {notes.map((n) => (
        <li class={`note note--${n.kind}`}>
          <strong>{NOTE_LABEL[n.kind]}</strong>
          {/* A conflict in the catalog's words (what each document says, without repeating the label);
              a newer document by its link alone; the others as the lookup wrote them. */}
          {n.kind === 'conflict' ? <span>：{conflictText(n, props.matches ?? [])}</span> : n.message && n.kind !== 'newer_document' ? <span>：{n.message}</span> : null}
          {n.units.length > 0 && NOTE_UNIT_LINKS.has(n.kind) ? (
            <span class="note-units">
              （
              {n.units.map((u, i) => (
                <>
                  {i > 0 ? '、' : ''}
                  <a href={unitHref(u)}>{unitName(u, props.matches ?? [])}</a>
                </>
              ))}
              ）
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * With no product chosen, a first match from only some products' material says whose it is, so a
 * RayKit-only answer is not read as true of every product.
 */
export function ProductScope(props: { match: Pick<Match, 'products'> | null | undefined; product: string | null }) {
  const text = props.match ? productScopeText(props.match, props.product, PRODUCTS) : null;
  return text === null ? null : <p class="product-scope">{text}</p>;
}

/** What a screen reader hears when results arrive (lookup.js announces it from data-announce). */
export function resultsAnnouncement(res: LookupResponse): string {
  return res.verdict === 'answered' ? `回答が見つかりました（候補 ${res.matches.length} 件）` : NOT_FOUND_TITLE;
}

/** The results block of the lookup page, on the page and as the fragment lookup.js swaps in. */
export function Results(props: { res: LookupResponse }) {
  const { res } = props;
  const answered = res.verdict === 'answered';
  return (
    <div class="results-body" data-announce={resultsAnnouncement(res)}>
      {answered ? (
        <p class="verdict verdict--answered">公開資料に回答が見つかりました。出典の原文をご確認のうえご利用ください。</p>
      ) : (
        <div class="verdict verdict--review">
          <p class="verdict-title">{NOT_FOUND_TITLE}</p>
          <p>
            {res.verdict === 'needs_review'
              ? '近い項目はありますが、この質問への回答とは断定できません。下の参考候補の原文を確認し、判断できない場合は担当部署に確認してください。'
              : 'この質問に該当する記載は公開資料に見つかりませんでした。言い換えて検索するか、担当部署に確認してください。'}
          </p>
        </div>
      )}
      <ProductScope match={res.matches[0]} product={res.product} />
      <Notes notes={res.notes} matches={res.matches} />
      {res.matches.length > 0 ? (
        <>
          <p class="list-title">{answered ? '回答' : '参考候補（要確認）'}</p>
          <ol class="matches">
            {res.matches.map((m, i) => (
              <li>
                <MatchCard match={m} verdict={res.verdict} primary={answered && i === 0} product={res.product} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}

/** The content of #results-content: the refusal's Japanese message, the results, or nothing. */
export function ResultsContent(props: { res: LookupResponse | null; error: string | null }) {
  if (props.error !== null) {
    return (
      <p class="error" role="alert">
        {props.error}
      </p>
    );
  }
  return props.res !== null ? <Results res={props.res} /> : null;
}
