// Approved answers page (`/approvals`): search, delete, export and import the approvals people made
// in the questionnaire review. Plain forms (GET search, POST delete/import) so it works without
// JavaScript; behind the same access as uploads.
import { getUnit } from '../../corpus/store';
import type { ListedApproval } from '../../approvals/schema';
import { jaDate, unitHref } from '../labels';
import { ProductSelect } from '../components';
import { Layout } from '../layout';

export interface ApprovalsPageProps {
  q: string;
  product: string;
  products: readonly string[];
  approvals: readonly ListedApproval[];
  nextCursor: string | null;
  /** Result of the last action (deleted, imported …), shown once. */
  notice: string | null;
  error: string | null;
  /** Line errors of a refused import. */
  importErrors: readonly { line: number; message_ja: string }[];
}

const dateTime = (iso: string) => `${jaDate(iso.slice(0, 10))} ${iso.slice(11, 16)}（UTC）`;

export function ApprovalsPage(props: ApprovalsPageProps) {
  const { q, product, products, approvals, nextCursor, notice, error, importErrors } = props;
  const here = `/approvals?${new URLSearchParams({ ...(q ? { q } : {}), ...(product ? { product } : {}) }).toString()}`;
  const filtered = q !== '' || product !== '';
  return (
    <Layout title="承認済み回答" nav="approvals">
      <h1>承認済み回答</h1>
      <p class="lead">
        チェックシートの確認画面で承認した「質問 → 公開資料の回答」の対応です。同じ質問（表記ゆれ・句読点の違いは同じとみなします）は次回から承認した回答で自動的に回答します。資料が改版されると「要再承認」になり、自動では使いません。
      </p>
      <p class="hint">保存しているのは、質問文・製品・回答単位の ID・承認時の資料の版と日付・承認日時・承認者名（任意）だけです。ファイルやファイル名、他のセル、お客様名は保存しません。</p>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <div class="error" role="alert">
          <p>{error}</p>
          {importErrors.length > 0 ? (
            <ul class="import-errors">
              {importErrors.map((e) => (
                <li>
                  {e.line} 行目：{e.message_ja}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <form class="card approvals-search" method="get" action="/approvals" role="search">
        <div class="field">
          <label for="ap-q">質問で絞り込む</label>
          <input id="ap-q" type="search" name="q" value={q} autocomplete="off" />
        </div>
        <ProductSelect id="ap-product" class="field" products={products} selected={product} />
        <div class="actions">
          <button type="submit" class="btn btn--primary">
            検索
          </button>
          <a class="btn" href="/api/approvals/export" download>
            すべてエクスポート（JSONL）
          </a>
        </div>
      </form>

      <section aria-labelledby="ap-list-title">
        <h2 id="ap-list-title">{filtered ? '検索結果' : '新しい順'}</h2>
        {approvals.length === 0 ? (
          <p class="empty">{filtered ? '条件に当てはまる承認はありません。' : 'まだ承認された回答はありません。チェックシートの確認画面で行を承認すると、ここに表示されます。'}</p>
        ) : (
          <div class="table-wrap">
            <table class="rows approvals-table">
              <caption class="vh">承認済み回答の一覧</caption>
              <thead>
                <tr>
                  <th scope="col">質問</th>
                  <th scope="col">製品</th>
                  <th scope="col">回答（公開資料）</th>
                  <th scope="col">承認</th>
                  <th scope="col">状態</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {approvals.map((a) => (
                  <tr data-approval={a.id}>
                    <td class="q-cell" data-label="質問">
                      {a.question}
                    </td>
                    <td data-label="製品">{a.product ?? 'すべての製品'}</td>
                    <td data-label="回答（公開資料）">
                      <ul class="unit-list">
                        {a.unitIds.map((id) => {
                          const u = getUnit(id);
                          return (
                            <li>
                              <a href={unitHref(id)}>{u ? `${u.documentTitle} ${u.kind === 'item' ? `項番 ${u.item}` : u.heading}` : id}</a>
                            </li>
                          );
                        })}
                      </ul>
                    </td>
                    <td data-label="承認">
                      {dateTime(a.approvedAt)}
                      <br />
                      {a.approvedBy ?? '承認者名なし'}
                    </td>
                    <td data-label="状態">
                      {a.stale ? (
                        <>
                          <span class="badge conf conf--review">要再承認</span>
                          <p class="hint">{a.staleReason}</p>
                        </>
                      ) : (
                        <span class="badge approved">有効</span>
                      )}
                    </td>
                    <td data-label="操作">
                      <form method="post" action={`/approvals/${encodeURIComponent(a.id)}/delete`}>
                        <input type="hidden" name="back" value={here} />
                        <button type="submit" class="btn btn--small" aria-label={`「${a.question.slice(0, 30)}」の承認を削除`}>
                          削除
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {nextCursor ? (
          <p>
            <a href={`${here}${here.endsWith('?') ? '' : '&'}cursor=${encodeURIComponent(nextCursor)}`}>さらに古い承認を表示</a>
          </p>
        ) : null}
      </section>

      <section class="card" aria-labelledby="ap-import-title">
        <h2 id="ap-import-title">インポート</h2>
        <p class="hint">エクスポートしたファイル（1 行に 1 件の JSON）を読み込みます。誤りのある行が 1 行でもあれば何も取り込まず、行番号を表示します。同じ質問・製品の承認は置き換えます。</p>
        <form method="post" action="/approvals/import" enctype="multipart/form-data">
          <div class="field">
            <label for="ap-file">ファイル（.jsonl）</label>
            <input id="ap-file" type="file" name="file" accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson" required />
          </div>
          <div class="actions">
            <button type="submit" class="btn">
              インポート
            </button>
          </div>
        </form>
      </section>
    </Layout>
  );
}
