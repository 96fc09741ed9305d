// The page a browser gets for a refused request (src/http/errors.ts): the catalog's Japanese
// message and a way back. The no-JavaScript questionnaire form posts straight to
// /api/questionnaire, so its refusals come back as this page instead of raw JSON.
import { Layout } from '../layout';

export function ErrorPage(props: { message: string; upload: boolean }) {
  const title = props.upload ? 'アップロードできませんでした' : 'リクエストを処理できませんでした';
  return (
    <Layout title={title} nav={props.upload ? 'questionnaire' : null}>
      <h1>{title}</h1>
      <p class="error" role="alert">
        {props.message}
      </p>
      <p>{props.upload ? <a href="/questionnaire">チェックシートのアップロードに戻る</a> : <a href="/">質問の検索に戻る</a>}</p>
    </Layout>
  );
}
