// Questionnaire page (`/questionnaire`). Without JavaScript the form posts straight to
// POST /api/questionnaire?format=file and the browser downloads the filled file. With
// questionnaire.js the same form is sent for the review first (?format=html, rendered by
// src/web/review.tsx), so the layout, results, filters and alternates can be reviewed and chosen
// before downloading.
import { ACCEPTED_EXTENSIONS } from '../../questionnaire/formats';
import { MAX_UPLOAD_BYTES } from '../../questionnaire/limits';
import { Layout } from '../layout';

// Every extension of the format registry (.xlsm included), plus the MIME types some
// browsers match on instead of extensions.
const ACCEPT = [...ACCEPTED_EXTENSIONS, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel.sheet.macroEnabled.12', 'application/vnd.ms-excel', 'text/csv'].join(',');

export function QuestionnairePage(props: { products: readonly string[] }) {
  const maxMb = MAX_UPLOAD_BYTES / 1024 / 1024;
  return (
    <Layout title="チェックシートに一括回答" nav="questionnaire" script="questionnaire.js">
      <h1>チェックシートに一括回答</h1>
      <p class="lead">お客様のチェックシート（Excel または CSV）をアップロードすると、各質問に公開資料の原文と出典で回答したファイルを作成します。確度の低い行は「要確認」として記入せずに残します。</p>
      <form id="qn-form" class="card upload-grid" method="post" action="/api/questionnaire?format=file" enctype="multipart/form-data">
        <div class="field">
          <label for="qn-file">チェックシートのファイル</label>
          <div class="dropzone" id="qn-drop">
            <p class="js-only" hidden>
              ここにファイルをドラッグ＆ドロップするか、下のボタンから選択してください。
            </p>
            <p class="file-name" id="qn-file-name" aria-live="polite"></p>
            <input id="qn-file" class="file-input" type="file" name="file" accept={ACCEPT} required aria-describedby="qn-file-hint" />
            <label for="qn-file" class="btn file-button" aria-hidden="true">
              ファイルを選択
            </label>
          </div>
          <p class="hint" id="qn-file-hint">
            Excel（.xlsx / .xlsm / .xls）、CSV（UTF-8 / Shift_JIS）または Unicode テキスト（.txt）、{maxMb}MB まで。.xls は結果の確認のみで、回答の書き込みには .xlsx で保存し直してください。ファイルは回答の作成にだけ使い、保存しません。
          </p>
        </div>
        <div class="field">
          <label for="qn-product">回答する製品</label>
          <select id="qn-product" name="product" required>
            <option value="">製品を選択してください</option>
            {props.products.map((p) => (
              <option value={p}>{p}</option>
            ))}
          </select>
        </div>
        <details id="qn-layout-fields">
          <summary>読み取り位置を指定する（通常は自動で判定します）</summary>
          <p class="hint">自動判定の結果が違うときだけ入力してください。列は「C」のような列記号または列番号で指定します。</p>
          <div class="layout-grid">
            <div class="field">
              <label for="qn-sheet">シート名</label>
              <input id="qn-sheet" type="text" name="sheet" autocomplete="off" />
            </div>
            <div class="field">
              <label for="qn-header-row">見出し行</label>
              <input id="qn-header-row" type="number" name="headerRow" min={1} inputmode="numeric" autocomplete="off" />
            </div>
            <div class="field">
              <label for="qn-question-col">質問の列</label>
              <input id="qn-question-col" type="text" name="questionColumn" autocomplete="off" />
            </div>
            <div class="field">
              <label for="qn-answer-col">回答の列</label>
              <input id="qn-answer-col" type="text" name="answerColumn" autocomplete="off" />
            </div>
            <div class="field">
              <label for="qn-remarks-col">備考の列</label>
              <input id="qn-remarks-col" type="text" name="remarksColumn" autocomplete="off" />
            </div>
          </div>
        </details>
        <div class="field field--check">
          <label>
            <input id="qn-overwrite-placeholders" type="checkbox" name="overwritePlaceholders" value="true" /> 既定値を上書きする
          </label>
          <p class="hint">回答欄が全行同じ既定値（「未確認」、FALSE、点数「1」、選択肢の先頭など）のテンプレートでは、その既定値だけを回答で上書きします。それ以外の記入は変更しません。</p>
        </div>
        <input type="hidden" name="choices" id="qn-choices" value="" />
        <div class="actions">
          <button type="submit" class="btn btn--primary" id="qn-submit">
            回答を作成
          </button>
          <noscript>
            <button type="submit" class="btn" formaction="/api/questionnaire?format=review">
              確認リスト（CSV）を作成
            </button>
          </noscript>
        </div>
        <noscript>
          <p class="hint">JavaScript が無効のため、「回答を作成」で回答を記入したファイルを直接ダウンロードします。行ごとの確認や候補の選択には JavaScript を有効にしてください。</p>
        </noscript>
        {/* Asked before a product change or a new 回答を作成 would take the shown review off the page. */}
        <div id="qn-confirm" class="confirm-box" hidden>
          <p id="qn-confirm-text" role="alert"></p>
          <div class="actions">
            <button type="button" class="btn btn--primary" id="qn-confirm-ok">
              続ける
            </button>
            <button type="button" class="btn" id="qn-confirm-cancel">
              キャンセル
            </button>
          </div>
        </div>
        <div id="qn-error" class="error" role="alert" hidden></div>
        <div id="qn-progress" class="progress" hidden>
          <label for="qn-progress-bar" id="qn-progress-label">
            処理中…
          </label>
          <progress id="qn-progress-bar" max={100}></progress>
        </div>
      </form>

      {/* Filled by questionnaire.js with the server-rendered review (src/web/review.tsx). */}
      <section id="qn-results" class="results" aria-labelledby="qn-results-title" hidden></section>
    </Layout>
  );
}
