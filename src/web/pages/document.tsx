// Document pages: the list of source documents (`/documents`) and one whole document as its units
// in order (`/documents/:id`). Each unit's element id is its item, so a citation `#<item>` scrolls
// to it and `:target` highlights it without any script.
import type { DocumentInfo, Unit } from '../../corpus/schema';
import { MarkBadge } from '../components';
import { jaDate, unitHref } from '../labels';
import { Layout } from '../layout';

function docDates(d: Pick<DocumentInfo, 'version' | 'issued' | 'updated'>): string {
  const parts: string[] = [];
  if (d.version) parts.push(`第${d.version}版`);
  if (d.issued) parts.push(`${jaDate(d.issued)}制定`);
  if (d.updated) parts.push(`${jaDate(d.updated)}更新`);
  return parts.length > 0 ? parts.join('・') : '版・日付の記載なし';
}

export function DocumentListPage(props: { documents: readonly DocumentInfo[] }) {
  return (
    <Layout title="公開資料" nav="documents">
      <h1>公開資料</h1>
      <p class="lead">回答の出典となるメーカーの公開資料です。資料名を選ぶと全文を項目ごとに表示します。</p>
      <ul class="doc-list">
        {props.documents.map((d) => (
          <li class="card">
            <h2>
              <a href={`/documents/${encodeURIComponent(d.id)}`}>{d.title}</a>
            </h2>
            <p class="meta">
              {docDates(d)}・{d.unitCount}項目
            </p>
            <p class="meta">対象製品：{d.products.join('、')}</p>
            {d.basis ? <p class="meta">準拠：{d.basis}</p> : null}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function Ranges(props: { unit: Unit }) {
  const r = props.unit.location.ranges.map((x) => (x.start === x.end ? `${x.start}` : `${x.start}〜${x.end}`)).join('、');
  return (
    <p class="loc">
      原文ファイル {props.unit.location.file} の {r} 行目
    </p>
  );
}

export function DocumentPage(props: { doc: DocumentInfo; units: readonly Unit[] }) {
  const { doc, units } = props;
  const docProducts = doc.products.join('、');
  let lastSection = '';
  return (
    <Layout title={doc.title} nav="documents" script="document.js">
      <p class="back">
        <a href="/">← 質問の検索に戻る</a>
      </p>
      <h1>{doc.title}</h1>
      <dl class="doc-meta card">
        <dt>版・日付</dt>
        <dd>{docDates(doc)}</dd>
        <dt>対象製品</dt>
        <dd>{docProducts}</dd>
        {doc.basis ? (
          <>
            <dt>準拠</dt>
            <dd>{doc.basis}</dd>
          </>
        ) : null}
        <dt>項目数</dt>
        <dd>{units.length}</dd>
      </dl>
      <div class="units">
        {units.map((u) => {
          // Top-level section only: deeper levels repeat what the unit heading already says.
          // Units before the first section (the preamble) get their own section title, so headings
          // never skip a level (h1 → h3).
          const section = u.section[0] || (lastSection === '' ? '前書き' : '');
          const showSection = section !== '' && section !== lastSection;
          if (section !== '') lastSection = section;
          const unitProducts = u.products.join('、');
          return (
            <>
              {showSection ? <h2 class="section-title">{section}</h2> : null}
              <article class="unit" id={u.item} tabindex={-1} aria-labelledby={`h-${u.order}`}>
                <div class="unit-head">
                  <span class="item">{u.kind === 'preamble' ? '前書き' : `項番 ${u.item}`}</span>
                  <MarkBadge mark={u.mark} />
                  <span class="target-label">引用箇所</span>
                </div>
                {/* A preamble unit has no heading of its own: name it by its first words (never an empty heading). */}
                <h3 id={`h-${u.order}`} class="unit-heading">
                  {u.heading.trim() !== '' ? u.heading : `前書き：${u.answer.length > 30 ? `${u.answer.slice(0, 30)}…` : u.answer}`}
                </h3>
                {u.hasAnswer ? <div class="answer">{u.answer}</div> : <p class="noanswer">この項目には回答が記載されていません。</p>}
                {u.answerAsPrinted !== undefined && u.answerAsPrinted !== u.answer ? (
                  <p class="asprinted">
                    資料上の記載は「{u.answerAsPrinted}」です
                    {u.sameAs ? (
                      <>
                        （<a href={unitHref(u.sameAs)}>参照先の項目</a>の回答を表示しています）
                      </>
                    ) : null}
                    。
                  </p>
                ) : null}
                {unitProducts !== docProducts ? <p class="meta">対象製品：{unitProducts}</p> : null}
                <Ranges unit={u} />
              </article>
            </>
          );
        })}
      </div>
    </Layout>
  );
}
