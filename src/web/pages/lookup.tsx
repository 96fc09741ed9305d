// Lookup page (`/`). A plain GET form: the question and product live in the URL, so a link
// reproduces the lookup and the page works without JavaScript; lookup.js adds as-you-type results
// by fetching the same results block from `/?q=…&fragment=1`.
import { MAX_QUESTION_CHARS, type LookupResponse } from '../../search/contract';
import { ProductSelect, ResultsContent } from '../components';
import { Layout } from '../layout';

export interface LookupPageProps {
  q: string;
  product: string;
  products: readonly string[];
  res: LookupResponse | null;
  error: string | null;
}

export function LookupPage(props: LookupPageProps) {
  const { q, product, products, res, error } = props;
  const title = q.trim() === '' ? '' : `「${q.trim().slice(0, 40)}」の検索結果`;
  return (
    <Layout title={title} nav="lookup" script="lookup.js">
      <h1>セキュリティ質問への回答を検索</h1>
      <p class="lead">質問を入力すると、メーカーの公開資料（セキュリティホワイトペーパー・チェックシート）から該当する回答を、原文のまま出典付きで表示します。</p>
      <form class="lookup card" method="get" action="/" role="search" id="lookup-form">
        <div class="field field--q">
          <label for="q">質問</label>
          <textarea id="q" name="q" rows={3} maxlength={MAX_QUESTION_CHARS} required autocomplete="off" aria-describedby="q-hint" placeholder="例：データのバックアップは取得していますか？">
            {q}
          </textarea>
          <p class="hint" id="q-hint">
            質問票の文言をそのまま貼り付けられます。
            <span class="js-only" hidden>
              入力すると自動で検索します（Ctrl+Enter で即時検索）。
            </span>
          </p>
        </div>
        <ProductSelect id="product" products={products} selected={product} />
        <div class="actions">
          <button type="submit" class="btn btn--primary">
            検索
          </button>
        </div>
      </form>
      <section id="results" class="results" aria-labelledby="results-title" hidden={res === null && error === null}>
        <h2 id="results-title">検索結果</h2>
        <p id="status" class="vh" role="status" aria-live="polite"></p>
        <div id="results-content">
          <ResultsContent res={res} error={error} />
        </div>
      </section>
    </Layout>
  );
}
