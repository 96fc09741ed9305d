// Page shell shared by every HTML page. No inline script or style anywhere: the Worker's CSP is
// `script-src 'self'; style-src 'self'`, so CSS and JS come from /static/* (Workers Static Assets).
import { createContext, useContext, type Child } from 'hono/jsx';

/** Whether the request carries an upload session: the header then offers ログアウト (POST /logout). */
export const SignedInContext = createContext(false);

type Nav = 'lookup' | 'questionnaire' | 'approvals' | 'documents' | null;

export function Layout(props: { title: string; nav: Nav; script?: string; children?: Child }) {
  const { title, nav, script, children } = props;
  const signedIn = useContext(SignedInContext);
  const link = (key: Exclude<Nav, null>, href: string, label: string) => (
    <li>
      <a href={href} aria-current={nav === key ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{title === '' ? 'kaitou｜セキュリティ回答検索' : `${title}｜kaitou`}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/app.css" />
        {script ? <script type="module" src={`/static/${script}`}></script> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          本文へスキップ
        </a>
        <header class="site">
          <div class="wrap site-inner">
            <a class="brand" href="/">
              kaitou<span class="brand-sub">セキュリティ回答検索</span>
            </a>
            <nav aria-label="メインメニュー">
              <ul>
                {link('lookup', '/', '質問を検索')}
                {link('questionnaire', '/questionnaire', 'チェックシートに一括回答')}
                {link('approvals', '/approvals', '承認済み回答')}
                {link('documents', '/documents', '公開資料')}
              </ul>
            </nav>
            {signedIn ? (
              <form method="post" action="/logout" class="logout-form">
                <button type="submit" class="btn btn--small">
                  ログアウト
                </button>
              </form>
            ) : null}
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {children}
        </main>
        <footer class="site">
          <div class="wrap">回答はすべてメーカーの公開資料の原文です。本ツールが文章を作成・要約することはありません。提出前に出典の資料で内容をご確認ください。</div>
        </footer>
      </body>
    </html>
  );
}
