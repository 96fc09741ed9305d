// Form fields of questionnaires' cover sheets (issue 10): an item that asks for a datum about the
// responding organization or the service's name is recognised by its shape, shows the documents'
// front matter first and is never `answered`. Items are written for this test in the shape of
// public cover sheets (MIC ASP・SaaS 情報開示指針, vendor proposal forms), not taken from eval rows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type CorpusArtifact } from '../../src/search/engine';
import type { SearchArtifact } from '../../src/index/fields';
import { fieldRequest } from '../../src/analysis/structure';
import { LookupRequestSchema } from '../../src/search/contract';

const generated = path.resolve(import.meta.dirname, '../../src/generated');
const engine = createEngine(JSON.parse(readFileSync(path.join(generated, 'corpus.json'), 'utf8')) as CorpusArtifact, JSON.parse(readFileSync(path.join(generated, 'search-index.json'), 'utf8')) as SearchArtifact);
const ask = (question: string, product?: string) => engine.lookup(LookupRequestSchema.parse({ question, product, limit: 5 }));

describe('fieldRequest', () => {
  it('recognises data about the organization', () => {
    for (const item of ['会社名', '本社所在地', '設立年月日', '資本金', '従業員数', '情報セキュリティ責任者の氏名', '事業者の事業概要 <200字以内で記述>', '回答者(部署・氏名)']) expect(fieldRequest(item), item).toBe('organization');
  });
  it('recognises the name of the offered service, also in a fill-in instruction', () => {
    expect(fieldRequest('サービス名称')).toBe('service');
    expect(fieldRequest('製品名\n対象となる製品名をご記入ください。')).toBe('service');
  });
  it('leaves questions and topics alone, also when they end in a datum noun', () => {
    for (const item of [
      'データセンターの所在地',
      'サーバの所在地域',
      'インシデント発生時の連絡先を記載してください。',
      'サービスの概要',
      '入退管理に関する状況',
      '特権IDの管理状況',
      '代表者による情報セキュリティ方針の承認を行っていますか。',
      'Company name',
    ])
      expect(fieldRequest(item), item).toBeUndefined();
  });
});

describe('a form field in a lookup', () => {
  it('shows the front matter first, with a note, and is not answered', () => {
    const res = ask('代表者氏名', 'LeySer System');
    expect(res.verdict).toBe('needs_review');
    expect(res.matches[0]?.id).toMatch(/#scope$/);
    expect(res.notes.find((n) => n.kind === 'form_field')?.units).toContain(res.matches[0]!.id);
  });
  it('keeps to the product: RayKit front matter for a RayKit product', () => {
    const res = ask('提案サービス名', 'RayPen');
    expect(res.matches[0]?.id).toBe('raykit-checksheet-meti#scope');
    expect(res.matches.every((m) => m.products.includes('RayPen'))).toBe(true);
  });
  it('a question about a control is not a field', () => {
    expect(ask('データセンターの所在地', 'LeySer System').notes.some((n) => n.kind === 'form_field')).toBe(false);
  });
});
