// The questionnaire review, rendered once on the server: the detected layout, the totals, and one
// table row per question with every state the person can choose for it (the automatic answer,
// each candidate, or blank). POST /api/questionnaire?format=html returns it as a fragment that
// public/static/questionnaire.js puts into the page; the script only shows the chosen state
// (`data-variant`), counts the rows per filter and sends the choices with the downloads.
// To add a per-row action or field, add it to ReviewRow; the script needs no change unless the
// action talks to the server.
import { raw } from 'hono/html';
import type { Match } from '../search/contract';
import type { Layout, QuestionnaireResponse } from '../questionnaire/schema';
import type { RowResult } from '../questionnaire/answer';
import { ConfidenceBadge, MarkBadge, ProductScope } from './components';
import { approvalBadgeText, NOTE_LABEL } from './labels';
import { getUnit } from '../corpus/store';

/** The automatic answer: what the server filled for this row (src/questionnaire/answer.ts). */
function autoOf(row: RowResult): Match | null {
  return row.selection === 'auto' && row.citations.length > 0 ? row.best : null;
}

/** Filter bucket of a row as the server answered it: 回答済み / 要確認 / 該当なし. */
export type Bucket = 'answered' | 'review' | 'none';

export function autoBucket(row: Pick<RowResult, 'verdict' | 'best' | 'selection' | 'citations'>): Bucket {
  if (row.selection === 'cleared') return 'review';
  if (row.citations.length > 0) return 'answered';
  return row.verdict === 'no_match' ? 'none' : 'review';
}

export const BUCKET_LABEL: Record<Bucket | 'all', string> = { all: '全件', answered: '回答済み', review: '要確認', none: '該当なし' };

const FORMAT_NAME: Record<Layout['format'], string> = { xlsx: 'Excel（.xlsx）', csv: 'CSV', text16: 'Unicode テキスト（UTF-16、タブ区切り）' };
const ENCODING_NAME: Record<NonNullable<Layout['encoding']>, string> = { shift_jis: 'Shift_JIS', 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8（BOM 付き）', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE' };

function LayoutTable(props: { layout: Layout; notices: QuestionnaireResponse['notices'] }) {
  const { layout } = props;
  const colText = (col: string | null, header: string | null) => (col === null ? 'なし' : header ? `${col}（${header}）` : col);
  const meta = [`形式: ${FORMAT_NAME[layout.format]}`];
  if (layout.encoding) meta.push(`文字コード: ${ENCODING_NAME[layout.encoding]}`);
  if (layout.skippedSheets.length > 0) meta.push(`対象外のシート: ${layout.skippedSheets.map((s) => `${s.sheet}（${s.reason_ja}）`).join('、')}`);
  const first = layout.sheets[0];
  // What detection chose for the first sheet, shown as placeholders of the correction fields.
  const detected = first
    ? { sheet: first.sheet, headerRow: first.headerRow === null ? '' : String(first.headerRow), questionColumn: first.questionColumn, answerColumn: first.answerColumn ?? '', remarksColumn: first.remarksColumn ?? '' }
    : {};
  return (
    <div id="qn-layout" data-detected={JSON.stringify(detected)}>
      <table class="rows layout-table">
        <thead>
          <tr>
            {['シート', '見出し行', '質問の列', '回答の列', '備考の列', '質問数'].map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {layout.sheets.map((s) => (
            <tr>
              <td data-label="シート">{s.sheet}</td>
              <td data-label="見出し行">{s.headerRow === null ? 'なし' : `${s.headerRow} 行目`}</td>
              <td data-label="質問の列">{colText(s.questionColumn, s.headers.question)}</td>
              <td data-label="回答の列">{colText(s.answerColumn, s.headers.answer) + (s.answerChoices ? `／選択肢: ${s.answerChoices.join('・')}` : '')}</td>
              <td data-label="備考の列">{colText(s.remarksColumn, s.headers.remarks)}</td>
              <td data-label="質問数">{`${s.questionRows} 件`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{meta.join('　')}</p>
      {/* How columns were chosen when no header said so; guesses are flagged for a person to check. */}
      {layout.sheets.flatMap((s) =>
        s.notes
          .filter((n) => n.code !== 'repeated_headers' && n.code !== 'block')
          .map((n) => <p class={n.lowConfidence ? 'hint warning' : 'hint'}>{`${n.lowConfidence ? '【要確認】列の判定に自信がありません — ' : ''}${s.sheet}: ${n.message_ja}`}</p>),
      )}
      {props.notices.map((n) => (
        <p class="hint warning">{n.message_ja}</p>
      ))}
    </div>
  );
}

function CitationLink(props: { match: Match; text: string }) {
  // A new tab keeps this review (and its choices) open.
  return (
    <a href={props.match.citation.url} target="_blank" rel="noopener">
      {props.text}
      <span class="vh">（新しいタブで開きます）</span>
    </a>
  );
}

/** The candidates of a row as a radio group: the automatic choice, each candidate, or blank. */
function Alternates(props: { row: RowResult; candidates: Match[]; index: number }) {
  const { row, candidates, index } = props;
  const name = `alt-${index}`;
  return (
    <details class="alts">
      <summary>{`候補を見る・選ぶ（${candidates.length} 件）`}</summary>
      <fieldset>
        <legend class="vh">{`行 ${row.row} の回答に使う候補`}</legend>
        <label>
          <input type="radio" name={name} value="" checked /> 自動（確度の高い回答のみ記入）
        </label>
        <ol>
          {candidates.map((c) => (
            <li>
              <label>
                <input type="radio" name={name} value={c.id} disabled={!c.hasAnswer} /> {`${c.documentTitle} 項番 ${c.item}：${c.heading}`}
              </label>
              <div>
                <ConfidenceBadge confidence={c.confidence} verdict={row.verdict} hasAnswer={c.hasAnswer} /> <MarkBadge mark={c.mark} />
                {/* A similar question's approved answer (note similar_approval): a suggestion to choose and approve. */}
                {row.notes.some((n) => n.kind === 'similar_approval' && n.units.includes(c.id)) ? (
                  <>
                    {' '}
                    <span class="badge approved">似た質問で承認済み</span>
                  </>
                ) : null}
              </div>
              <span class="alt-text">{c.hasAnswer ? c.answer : '公開資料に回答の記載がないため選べません。'}</span>
              <CitationLink match={c} text="出典を開く" />
            </li>
          ))}
        </ol>
        <label>
          <input type="radio" name={name} value="clear" /> 回答を空欄にする
        </label>
      </fieldset>
    </details>
  );
}

/** A row without any candidate can still be left blank instead of marked. */
function ClearOnly(props: { row: RowResult; index: number }) {
  const name = `alt-${props.index}`;
  return (
    <fieldset class="alts alts--clear">
      <legend class="vh">{`行 ${props.row.row} の記入方法`}</legend>
      <label>
        <input type="radio" name={name} value="" checked /> 【要確認】の印を記入
      </label>
      <label>
        <input type="radio" name={name} value="clear" /> 回答を空欄にする
      </label>
    </fieldset>
  );
}

/** The answer the file gets for a match: the mark and the official text, exactly as written. */
function Written(props: { match: Match }) {
  const { match: m } = props;
  return (
    <>
      {m.mark ? (
        <>
          <MarkBadge mark={m.mark} />
          <br />
        </>
      ) : null}
      {m.answer}
    </>
  );
}

/** The three titles a row can carry: what the salesperson reads first on each row. */
export const VERDICT_TITLE = { answered: '回答あり', candidate: '候補あり・要確認', none: '記載なし' } as const;

/** English text (no Japanese script): marked lang="en" so screen readers read it as English. */
const JAPANESE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
function langOf(text: string): 'en' | undefined {
  return /[A-Za-z]{3}/.test(text) && !JAPANESE_SCRIPT.test(text) ? 'en' : undefined;
}

/** Why the row is left for a person: the catalog's reasons, a conflict's texts side by side. */
function Reasons(props: { row: RowResult; candidates: Match[] }) {
  const reasons = props.row.messages.filter((m) => m.code.startsWith('reason_'));
  if (reasons.length === 0) return null;
  const textOf = (id: string) => props.candidates.find((c) => c.id === id)?.answer ?? getUnit(id)?.answer ?? '';
  return (
    <div class="reasons">
      {reasons.map((m) => (
        <>
          <p class="reason" data-reason={m.code}>
            <span class="reason-label">理由：</span>
            {m.message_ja}
          </p>
          {m.code === 'reason_conflict' && 'sides' in m.params && Array.isArray(m.params.sides) ? (
            <div class="conflict-sides">
              {(m.params.sides as { unit: string; document: string; item: string; says: string }[]).map((side, i) => (
                <figure class="conflict-side">
                  <figcaption>{`${String.fromCharCode(65 + i)}: ${side.document} 項番 ${side.item}`}</figcaption>
                  <blockquote>{textOf(side.unit)}</blockquote>
                </figure>
              ))}
            </div>
          ) : null}
        </>
      ))}
    </div>
  );
}

/** The best candidate with an answer, inline on a row left for review, with its one-click accept. */
function InlineCandidate(props: { row: RowResult; candidate: Match }) {
  const { candidate: c } = props;
  return (
    <div class="inline-cand" data-variant="auto">
      <p class="inline-cand-title">
        {`最も近い候補：${c.documentTitle} 項番 ${c.item}　`}
        <MarkBadge mark={c.mark} />
      </p>
      <blockquote class="inline-cand-text">{c.answer}</blockquote>
      <p class="inline-cand-cite">
        <CitationLink match={c} text="出典を開く" />
      </p>
      <button type="button" class="btn btn--small accept-cand" data-accept={c.id} aria-label={`行 ${props.row.row} をこの候補で回答（${c.documentTitle} 項番 ${c.item}）`}>
        この候補で回答
      </button>
    </div>
  );
}

/**
 * One question row. Each cell holds one element per state (`data-variant`: "auto", a candidate's
 * unit id, "chosen" for any candidate, or "clear"); the script shows the one for the row's choice.
 * `cells` (the cells the file gets for each choice) lets the script keep the "cells to write" count.
 */
export function ReviewRow(props: { row: RowResult; index: number; multiSheet: boolean; product: string | null; cells?: Record<string, number> | undefined }) {
  const { row, index, multiSheet } = props;
  const candidates = row.best ? [row.best, ...row.alternates] : row.alternates;
  const choosable = candidates.filter((c) => c.hasAnswer);
  const auto = autoOf(row);
  const bucket = autoBucket(row);
  const title = auto ? VERDICT_TITLE.answered : choosable.length > 0 ? VERDICT_TITLE.candidate : VERDICT_TITLE.none;
  const where = multiSheet ? `${row.sheet} ${row.row} 行` : `${row.row} 行`;
  return (
    <tr data-key={row.key} data-bucket={bucket} data-auto-bucket={bucket} data-auto-unit={auto?.id ?? ''} data-cells={props.cells ? JSON.stringify(props.cells) : undefined} data-best={auto ? undefined : (choosable[0]?.id ?? undefined)}>
      <td class="row-cell" data-label="ID・行">
        {row.id ? (
          <>
            <span class="qid">{row.id}</span>
            <br />
          </>
        ) : null}
        <span class="row-no">{where}</span>
      </td>
      <td class="q-cell" data-label="質問" lang={langOf(row.question)}>
        {row.question}
      </td>
      <td class="answer-cell" data-label="回答案（公開資料の原文）">
        <div data-variant="auto">
          <p class={`verdict-title verdict-title--${auto ? 'answered' : choosable.length > 0 ? 'candidate' : 'none'}`}>{title}</p>
          {auto ? (
            <>
              <Written match={auto} />
              {/* Only with no product chosen (the page requires one today; the API contract may not). */}
              <ProductScope match={auto} product={props.product} />
              {row.filled.answer !== null && row.filled.answer !== row.filled.remarks ? (
                // The answer cell gets the sheet's own wording for the mark (e.g. はい from its dropdown).
                <p class="filled-cells">{`回答欄に記入: ${row.filled.answer}`}</p>
              ) : null}
            </>
          ) : (
            <>
              <Reasons row={row} candidates={candidates} />
              <p class="hint marker-hint">このままでは「【要確認】」の印を記入します（提出用ファイルでは空欄）。</p>
            </>
          )}
          {/* What happened to the cells under the automatic choice (a chosen candidate is planned when downloading). */}
          {row.messages
            .filter((m) => !m.code.startsWith('reason_'))
            .map((m) => (
              <p class="hint" data-message={m.code}>
                {m.message_ja}
              </p>
            ))}
        </div>
        {!auto && choosable[0] ? <InlineCandidate row={row} candidate={choosable[0]} /> : null}
        {choosable.map((c) => (
          <div data-variant={c.id} hidden>
            <p class="verdict-title verdict-title--answered">{`${VERDICT_TITLE.answered}（選択した候補）`}</p>
            <Written match={c} />
            <br />
            <strong>（選択した候補を記入します）</strong>
          </div>
        ))}
        <div data-variant="clear" hidden>
          空欄にします（記入しません）
        </div>
        {/* Approvals that were not applied: out of date, or a similar question's (a suggestion only). */}
        {row.notes
          .filter((n) => n.kind === 'approval_stale' || n.kind === 'similar_approval')
          .map((n) => (
            <p class={`hint note--${n.kind}`}>{`${NOTE_LABEL[n.kind]}：${n.message}`}</p>
          ))}
        {candidates.length > 0 ? <Alternates row={row} candidates={candidates} index={index} /> : <ClearOnly row={row} index={index} />}
        <p class="moved-note" hidden></p>
        <div class="memo-field">
          <label for={`memo-${index}`}>メモ</label>
          <input id={`memo-${index}`} class="row-memo" type="text" maxlength={1000} autocomplete="off" placeholder="例：情報システム部に確認中" />
        </div>
      </td>
      <td data-label="確度">
        <span data-variant="auto">
          <ConfidenceBadge confidence={row.confidence} verdict={row.verdict} hasAnswer={Boolean(row.best?.hasAnswer)} />
        </span>
        <span data-variant="chosen" class="badge conf conf--medium" hidden>
          選択済み
        </span>
        <span data-variant="clear" class="badge conf conf--medium" hidden>
          空欄
        </span>
      </td>
      <td class="cite-cell" data-label="出典">
        <span data-variant="auto">{auto ? <CitationLink match={auto} text={auto.citation.text} /> : '—'}</span>
        {choosable.map((c) => (
          <span data-variant={c.id} hidden>
            <CitationLink match={c} text={c.citation.text} />
          </span>
        ))}
        <span data-variant="clear" hidden>
          —
        </span>
      </td>
      <td class="approve-cell" data-label="承認">
        {/* The approval of each approved unit (data-approve), the controls for a unit not yet approved,
            and "none" when nothing is written: the script shows the one for the written unit. */}
        {choosable
          .filter((c) => c.approval)
          .map((c) => (
            <div data-approve={c.id} hidden={c.id !== auto?.id}>
              <span class="badge approved">{approvalBadgeText(c.approval!)}</span>
            </div>
          ))}
        <div class="approve-controls" hidden={auto === null || auto.approval !== undefined}>
          <label class="approve-check">
            <input type="checkbox" aria-label={`行 ${row.row} を承認の対象にする`} /> 選択
          </label>
          <br />
          <button type="button" class="btn btn--small approve-one">
            この回答を承認
          </button>
        </div>
        <div data-approve="none" hidden={auto !== null}>
          <span class="hint">回答（候補）を選ぶと承認できます</span>
        </div>
      </td>
    </tr>
  );
}

/** The totals and filter counts; the script recounts them when a choice moves a row. */
function Totals(props: { counts: Record<Bucket | 'all', number>; approved: number; totals: QuestionnaireResponse['totals'] }) {
  const { counts, totals } = props;
  const item = (label: string, key: string, n: number) => (
    <li>
      {label} <strong data-total={key}>{String(n)}</strong> 件
    </li>
  );
  return (
    <ul class="totals" id="qn-totals">
      {item('質問', 'all', counts.all)}
      {item('回答済み', 'answered', counts.answered)}
      {item('要確認', 'review', counts.review)}
      {item('該当なし', 'none', counts.none)}
      {item('候補を選択・空欄', 'chosen', 0)}
      {item('承認済みの回答', 'approved', props.approved)}
      {item('ファイルに記入するセル', 'cells_written', totals.cells_written)}
      {totals.answered_not_written ? item('回答ありだが記入できない行', 'answered_not_written', totals.answered_not_written) : null}
    </ul>
  );
}

const ROWS_SLOT = '<!--qn-rows-->';

/**
 * The whole review section's content (#qn-results). With `rowsSlot`, the table body holds a marker
 * instead of the rows, for reviewStream.
 */
export function QuestionnaireReview(props: { res: QuestionnaireResponse; rowsSlot?: boolean; cells?: ReadonlyMap<string, Record<string, number>> }) {
  const { res } = props;
  const multiSheet = res.layout.sheets.length > 1;
  const counts: Record<Bucket | 'all', number> = { all: res.rows.length, answered: 0, review: 0, none: 0 };
  for (const r of res.rows) counts[autoBucket(r)]++;
  // What the salesperson reads first: how many rows are done, and how many need them, by kind.
  let withCandidate = 0;
  for (const r of res.rows) if (autoBucket(r) === 'review' && [r.best, ...r.alternates].some((m) => m?.hasAnswer)) withCandidate++;
  const sheets = res.layout.sheets.map((s) => s.sheet).filter((s, i, all) => all.indexOf(s) === i);
  return (
    <div class="qn-review">
      <h2 id="qn-results-title">回答結果</h2>
      <div class="summary card" id="qn-summary" tabindex={-1} role="group" aria-labelledby="qn-summary-text">
        <p id="qn-summary-text" class="summary-text">
          {/* The three row titles, counted; the script keeps the figures (data-total) in step with the choices. */}
          <span data-total="all">{String(counts.all)}</span> 問のうち、{VERDICT_TITLE.answered} <span data-total="answered">{String(counts.answered)}</span> 問・{VERDICT_TITLE.candidate}{' '}
          <span data-total="review_candidate">{String(withCandidate)}</span> 問・{VERDICT_TITLE.none} <span data-total="review_none">{String(counts.all - counts.answered - withCandidate)}</span> 問（うち空欄にした行{' '}
          <span data-total="cleared">0</span> 問）。
        </p>
        <p class="hint">回答ありの行には公開資料の原文を記入します。要確認の行には理由と最も近い候補を表示しています。「この候補で回答」か「回答を空欄にする」を選び、最後に「提出用」をダウンロードしてください。</p>
        <div class="actions">
          <button type="button" class="btn" id="qn-next-review">
            次の要確認の行へ
          </button>
          <span class="hint keys-hint">キー操作: N＝次の要確認の行、A＝その行を最も近い候補で回答</span>
        </div>
        <div id="qn-draft" class="draft-bar" hidden>
          <p id="qn-draft-text" class="draft-text"></p>
          <div class="actions">
            <button type="button" class="btn btn--primary" id="qn-draft-resume">
              続きから再開する
            </button>
            <button type="button" class="btn" id="qn-draft-discard">
              下書きを破棄する
            </button>
          </div>
        </div>
      </div>
      <h3>読み取ったレイアウト</h3>
      <LayoutTable layout={res.layout} notices={res.notices} />
      <p class="hint">違う場合は、上の「読み取り位置を指定する」で修正して「回答を作成」を押し直してください。</p>
      <Totals counts={counts} approved={res.rows.filter((r) => autoOf(r)?.approval).length} totals={res.totals} />
      <div class="downloads card">
        <h3>ダウンロード</h3>
        <p class="hint">
          下の表で選んだ候補や空欄にした行を反映して作成します。「回答を記入したファイル」は作業用で、回答できない行に【要確認】の印が入ります。お客様に送るのは「提出用ファイル」です（印を入れず、その行は空欄のままにします）。確認リスト（CSV）には要確認の行とメモが入ります。
        </p>
        <div class="actions">
          <button type="button" class="btn btn--primary" id="qn-download-file" data-download="file">
            回答を記入したファイル
          </button>
          <button type="button" class="btn btn--primary" id="qn-download-submit" data-download="submit">
            提出用ファイル（【要確認】の印なし）
          </button>
          <label class="inline-check">
            <input type="checkbox" id="qn-submit-citations" checked /> 提出用に出典の行を含める
          </label>
          <button type="button" class="btn" id="qn-download-review" data-download="review">
            確認リスト（CSV）
          </button>
          <span id="qn-download-status" role="status" class="copy-status"></span>
        </div>
      </div>
      <div
        class="approve-bar card"
        id="qn-approve-bar"
        data-product={res.product}
        data-badge-named={approvalBadgeText({ approvedAt: new Date().toISOString(), approvedBy: '{by}' })}
        data-badge-anonymous={approvalBadgeText({ approvedAt: new Date().toISOString(), approvedBy: null })}
      >
        <h3>承認</h3>
        <p class="hint">記入される回答（選んだ候補を含む）が正しい行を承認すると、次に同じ質問が来たときにその回答で自動的に回答します。保存するのは質問文・製品・回答単位・資料の版・日時・承認者名だけで、ファイルは保存しません。</p>
        <div class="approve-grid">
          <div class="field">
            <label for="qn-approver">承認者名（任意）</label>
            <input id="qn-approver" type="text" maxlength={100} autocomplete="name" />
          </div>
          <div class="actions">
            <button type="button" class="btn" id="qn-tick-answered">
              回答済みをすべて承認対象にする
            </button>
            <button type="button" class="btn" id="qn-approve-checked" disabled>
              チェックした行を承認
            </button>
            <span id="qn-approve-status" role="status" class="copy-status"></span>
          </div>
        </div>
      </div>
      <div class="table-tools" id="qn-tools">
        <fieldset class="filters" id="qn-filters">
          <legend class="vh">表示する行</legend>
          {(['all', 'answered', 'review', 'none'] as const).map((k) => (
            <label>
              <input type="radio" name="qn-filter" value={k} checked={k === 'all'} />
              {BUCKET_LABEL[k]} <span data-count={k}>{`（${counts[k]}）`}</span>
            </label>
          ))}
        </fieldset>
        {sheets.length > 1 ? (
          <fieldset class="filters sheet-tabs" id="qn-sheets">
            <legend class="vh">シート</legend>
            <label>
              <input type="radio" name="qn-sheet-filter" value="" checked />
              すべてのシート
            </label>
            {sheets.map((name) => (
              <label>
                <input type="radio" name="qn-sheet-filter" value={name} />
                {name}
              </label>
            ))}
          </fieldset>
        ) : null}
        <div class="field search-field">
          <label for="qn-search">質問・ID を検索</label>
          <input id="qn-search" type="search" autocomplete="off" />
        </div>
      </div>
      <p class="legend hint" id="qn-legend">
        確度：<strong>高</strong>＝公開資料の記載がそのまま回答になる見込みが高い／<strong>中</strong>＝回答として記入するが念のため確認／<strong>要確認</strong>＝自動では記入しない（候補を選ぶか空欄に）
      </p>
      <div class="table-wrap">
        <table class="rows" id="qn-table">
          <caption class="vh">質問ごとの回答案</caption>
          <thead>
            <tr>
              <th scope="col">ID・行</th>
              <th scope="col">質問</th>
              <th scope="col">回答案（公開資料の原文）</th>
              <th scope="col">確度</th>
              <th scope="col">出典</th>
              <th scope="col">承認</th>
            </tr>
          </thead>
          <tbody id="qn-rows">{props.rowsSlot ? raw(ROWS_SLOT) : res.rows.map((row, i) => <ReviewRow row={row} index={i} multiSheet={multiSheet} product={res.product} cells={props.cells?.get(row.key)} />)}</tbody>
        </table>
      </div>
      <p id="qn-empty-filter" class="hint" hidden>
        この条件に当てはまる行はありません。
      </p>
    </div>
  );
}

/** Rows rendered per pull of the stream: small strings, few enqueues. */
const ROWS_PER_CHUNK = 50;

/**
 * The review as UTF-8, rendered row by row as the client reads it (POST /api/questionnaire?format=html).
 * Rendered whole, a 5,000-row review is a 19-million-character string that held 105 MB of heap
 * (measured in Node): more than the Worker's 128 MB leaves. Streamed, only one chunk of rows exists
 * as text at a time.
 */
export function reviewStream(res: QuestionnaireResponse, cells?: ReadonlyMap<string, Record<string, number>>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const [head = '', tail = ''] = String(QuestionnaireReview({ res, rowsSlot: true })).split(ROWS_SLOT);
  const multiSheet = res.layout.sheets.length > 1;
  let next = -1; // -1: the head is still to send
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next === -1) {
        controller.enqueue(encoder.encode(head));
        next = 0;
        return;
      }
      if (next >= res.rows.length) {
        controller.enqueue(encoder.encode(tail));
        controller.close();
        return;
      }
      let html = '';
      const end = Math.min(res.rows.length, next + ROWS_PER_CHUNK);
      for (; next < end; next++) html += String(ReviewRow({ row: res.rows[next]!, index: next, multiSheet, product: res.product, cells: cells?.get(res.rows[next]!.key) }));
      controller.enqueue(encoder.encode(html));
    },
  });
}
