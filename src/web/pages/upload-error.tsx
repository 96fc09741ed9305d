// The no-JavaScript questionnaire form posts straight to /api/questionnaire: a refusal then comes
// back as this page (the same Japanese message the script shows) instead of raw JSON.
import { Layout } from '../layout';

export function UploadErrorPage(props: { message: string }) {
  return (
    <Layout title="アップロードできませんでした" nav="questionnaire">
      <h1>アップロードできませんでした</h1>
      <p class="error" role="alert">
        {props.message}
      </p>
      <p>
        <a href="/questionnaire">チェックシートのアップロードに戻る</a>
      </p>
    </Layout>
  );
}
