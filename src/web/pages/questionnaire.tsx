// Questionnaire page (`/questionnaire`). Without JavaScript the form posts straight to
// POST /api/questionnaire?format=file and the browser downloads the filled file. With
// questionnaire.js the same form is sent for JSON first, so the layout, results, filters and
// alternates can be reviewed and chosen before downloading.
import { ACCEPTED_EXTENSIONS } from '../../questionnaire/formats';
import { MAX_UPLOAD_BYTES } from '../../questionnaire/limits';
import { Layout } from '../layout';

// Every extension of the format registry (.xlsm and .xls included), plus the MIME types some
// browsers match on instead of extensions.
const ACCEPT = [...ACCEPTED_EXTENSIONS, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel.sheet.macroEnabled.12', 'application/vnd.ms-excel', 'text/csv'].join(',');

export function QuestionnairePage(props: { products: readonly string[] }) {
  const maxMb = MAX_UPLOAD_BYTES / 1024 / 1024;
  return (
    <Layout title="チェックシートに一括回答" nav="questionnaire" script="questionnaire.js">
      <h1>チェックシートに一括回答</h1>
      <p class="lead">
        お客様のチェックシート（Excel または CSV）をアップロードすると、各質問に公開資料の原文と出典で回答したファイルを作成します。確度の低い行は「要確認」として記入せずに残します。
      </p>
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
        <div id="qn-error" class="error" role="alert" hidden></div>
        <div id="qn-progress" class="progress" hidden>
          <label for="qn-progress-bar" id="qn-progress-label">
            処理中…
          </label>
          <progress id="qn-progress-bar" max={100}></progress>
        </div>
      </form>

      <section id="qn-results" class="results" aria-labelledby="qn-results-title" hidden>
        <h2 id="qn-results-title" tabindex={-1}>
          回答結果
        </h2>
        <h3>読み取ったレイアウト</h3>
        <div id="qn-layout"></div>
        <p class="hint">
          違う場合は、上の「読み取り位置を指定する」で修正して「回答を作成」を押し直してください。
        </p>
        <ul class="totals" id="qn-totals"></ul>
        <div class="downloads card">
          <h3>ダウンロード</h3>
          <p class="hint">下の表で選んだ候補や空欄にした行を反映して作成します。</p>
          <div class="actions">
            <button type="button" class="btn btn--primary" id="qn-download-file">
              回答を記入したファイル
            </button>
            <button type="button" class="btn" id="qn-download-review">
              確認リスト（CSV）
            </button>
            <span id="qn-download-status" role="status" class="copy-status"></span>
          </div>
        </div>
        <div class="approve-bar card" id="qn-approve-bar">
          <h3>承認</h3>
          <p class="hint">
            記入される回答（選んだ候補を含む）が正しい行を承認すると、次に同じ質問が来たときにその回答で自動的に回答します。保存するのは質問文・製品・回答単位・資料の版・日時・承認者名だけで、ファイルは保存しません。
          </p>
          <div class="approve-grid">
            <div class="field">
              <label for="qn-approver">承認者名（任意）</label>
              <input id="qn-approver" type="text" maxlength={100} autocomplete="name" />
            </div>
            <div class="actions">
              <button type="button" class="btn" id="qn-approve-checked" disabled>
                チェックした行を承認
              </button>
              <span id="qn-approve-status" role="status" class="copy-status"></span>
            </div>
          </div>
        </div>
        <fieldset class="filters" id="qn-filters">
          <legend class="vh">表示する行</legend>
          <label>
            <input type="radio" name="qn-filter" value="all" checked />
            全件 <span data-count="all"></span>
          </label>
          <label>
            <input type="radio" name="qn-filter" value="answered" />
            回答済み <span data-count="answered"></span>
          </label>
          <label>
            <input type="radio" name="qn-filter" value="review" />
            要確認 <span data-count="review"></span>
          </label>
          <label>
            <input type="radio" name="qn-filter" value="none" />
            該当なし <span data-count="none"></span>
          </label>
        </fieldset>
        <div class="table-wrap">
          <table class="rows" id="qn-table">
            <caption class="vh">質問ごとの回答案</caption>
            <thead>
              <tr>
                <th scope="col">行</th>
                <th scope="col">質問</th>
                <th scope="col">回答案（公開資料の原文）</th>
                <th scope="col">確度</th>
                <th scope="col">出典</th>
                <th scope="col">承認</th>
              </tr>
            </thead>
            <tbody id="qn-rows"></tbody>
          </table>
        </div>
        <p id="qn-empty-filter" class="hint" hidden>
          この条件に当てはまる行はありません。
        </p>
      </section>
    </Layout>
  );
}
