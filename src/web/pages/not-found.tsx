// The Japanese not-found page: unknown documents, and any URL a browser navigates to that has no route (src/http/errors.ts).
import { Layout } from '../layout';

export function NotFoundPage(props: { what: 'document' | 'page' }) {
  return (
    <Layout title="見つかりません" nav={null}>
      <h1>{props.what === 'document' ? '資料が見つかりません' : 'ページが見つかりません'}</h1>
      <p>
        URL が正しいかご確認ください。<a href="/documents">公開資料の一覧</a>または<a href="/">質問の検索</a>からお探しいただけます。
      </p>
    </Layout>
  );
}
