// Sign-in for uploads, shown only when KAITOU_UPLOAD_TOKEN is configured. A plain form POST: no
// script needed, and the token never appears in a URL.
import { Layout } from '../layout';

export function LoginPage(props: { next: string; failed: boolean }) {
  return (
    <Layout title="ログイン" nav="questionnaire">
      <h1>チェックシート一括回答へのログイン</h1>
      <p>アップロード機能は社内向けです。管理者から共有されたアップロード用トークンを入力してください。質問の検索と公開資料はログインなしで利用できます。</p>
      {props.failed ? (
        <p class="error" role="alert">
          トークンが正しくありません。入力内容を確認して、もう一度お試しください。
        </p>
      ) : null}
      <form method="post" action="/login" class="card">
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="login-token">アップロード用トークン</label>
          <input id="login-token" type="password" name="token" autocomplete="current-password" required />
        </div>
        <div class="actions">
          <button type="submit" class="btn btn--primary">
            ログイン
          </button>
        </div>
      </form>
    </Layout>
  );
}
