// The security vocabulary customers use, as groups of interchangeable terms. Expansion happens at
// query time (the index holds the vendor's own words only), with a lower weight than the
// customer's own words, so an exact term still wins over its synonym.
// Maintained by hand: add a group when a questionnaire uses a word the documents do not.
import { ENGLISH_GLOSSARY } from './glossary-en';
import sudachiSeed from './synonyms-sudachi.json';

/** Hand-maintained groups for the security vocabulary. */
const SECURITY_GROUPS: readonly (readonly string[])[] = [
  ['多要素認証', '二要素認証', '2要素認証', '二段階認証', '2段階認証', 'mfa', '2fa', 'ワンタイムパスワード'],
  ['isms', 'iso27001', 'iso/iec27001', 'iso/iec 27001', 'iso 27001', 'jis q 27001', '情報セキュリティマネジメントシステム', 'ism認証'],
  ['ismsクラウドセキュリティ認証', 'iso27017', 'iso/iec 27017', 'iso 27017', 'jip-isms517', 'クラウドセキュリティ認証'],
  ['削除', '消去', '廃棄', '抹消', '破棄', 'データ消去'],
  ['保存', '保管', '保持', '格納'],
  ['委託先', '外部組織', '供給者', 'サプライヤ', '再委託', '外部委託', '委託'],
  ['インフラ', '基盤', 'クラウド基盤', 'iaas', 'ホスティング'],
  ['問い合わせ', '窓口', '連絡先', '問合せ', 'サポート窓口', 'ヘルプデスク'],
  ['dr', '災害対策', 'ディザスタリカバリ', '災害復旧', '災害'],
  ['bcp', '事業継続', '事業継続計画'],
  ['waf', 'ファイアウォール', 'ファイヤーウォール', 'fw'],
  ['ids', 'ips', '不正侵入検知', '侵入検知', '侵入防止', '不正侵入'],
  ['脆弱性診断', 'ペネトレーションテスト', '侵入テスト', 'ペネトレーション', '脆弱性検査', 'セキュリティ診断', '脆弱性スキャン'],
  ['ウイルス対策', 'マルウェア対策', 'アンチウイルス', 'ウイルス', 'マルウェア', 'ウィルス'],
  ['ソフト', 'ソフトウェア', 'ソフトウエア'],
  ['パッチ', '修正プログラム', 'セキュリティアップデート', '更新プログラム', 'セキュリティパッチ'],
  ['障害', 'インシデント', '事故', 'トラブル'],
  ['通知', '連絡', '告知', 'お知らせ', '周知', '報告'],
  ['稼働率', '可用性', 'slo', 'サービスレベル', 'アップタイム'],
  ['sla', 'サービスレベル合意', 'サービスレベルアグリーメント'],
  ['解約', '契約終了', '契約解除', '退会', '利用終了'],
  ['暗号化', '暗号', 'tls', 'ssl', 'https'],
  ['時刻同期', 'ntp', 'クロック', '時刻'],
  // 退室 is what the index keeps of the documents' 入退室 (kuromoji reads 入 as a prefix), so it
  // stands in the group for it; 入退 (入退管理, 入退者) is the same notion in guideline wording.
  ['入退室', '退室', '入館', '入退館', '入室', '入退管理', '入退室管理', '入退', '立ち入り', '立入り', '立入'],
  ['オフィス', '事務所', '執務室', '執務スペース', '執務エリア', '事業所', '社屋'],
  // ハウジング(サーバ設置場所): the MIC 情報開示指針's name for the facility housing the servers
  // (the section title of the documents' MIC check sheet).
  ['データセンター', 'データセンタ', 'サーバールーム', 'サーバ室', 'ハウジング', 'サーバ設置場所'],
  // Equipment: the check sheets say ネットワーク機器 and 機材を設置する部屋.
  ['機器', '機材', 'ハードウェア'],
  ['従業員', '社員', '職員', 'スタッフ'],
  ['教育', '研修', '訓練', 'トレーニング'],
  ['個人情報', 'プライバシー', '個人データ'],
  ['特権', '管理者権限', '特権アカウント', '特権ユーザ', '特権id', '管理者アカウント'],
  ['アクセス制御', 'アクセス制限', 'アクセスコントロール', '権限管理'],
  ['ログ', '記録', '履歴', '監査証跡', 'ログイン履歴'],
  ['改ざん', '改竄', '改変'],
  ['保管場所', '所在地', 'リージョン', '設置場所', '国内', '保存場所'],
  ['準拠法', '適用法令', '管轄裁判所', '裁判管轄', '法域', '裁判所'],
  ['退職', '雇用終了', '退職者', '異動'],
  ['責任分界', '責任範囲', '責任分界点', '責任共有'],
  ['テナント', 'マルチテナント', 'テナント分離'],
  ['記録媒体', '媒体', '電子媒体', 'メディア'],
  ['タイムアウト', 'セッションタイムアウト', '自動ログアウト', '無操作'],
  ['データ移行', '移行', 'マイグレーション'],
  ['返却', '返還', 'エクスポート', 'データ提供', '出力'],
  ['監視', 'モニタリング', '死活監視'],
  ['冗長化', '冗長構成', '二重化', '多重化', '冗長'],
  ['違約金', '解約金', 'ペナルティ', '違約'],
  ['メンテナンス', '保守', '計画停止'],
  ['方針', 'ポリシー', '規程', '規定'],
  ['台帳', '目録', 'インベントリ', '資産管理台帳'],
  ['耐震', '地震', '免震', '耐震構造'],
  ['サービス開始', '提供開始', 'サービス開始日', 'リリース'],
  ['バージョンアップ', 'アップデート', 'アップグレード', '機能追加'],
  ['パスワード', 'パスフレーズ', '認証情報'],
  ['証明書', '証明', '書類'],
  // Facility and operations words of questionnaires, with the wording the documents use.
  ['停電', '非常用電源', '無停電電源装置', 'ups', '自家発電', '電源'],
  ['火災', '消火', '消火設備', '防火'],
  ['落雷', '避雷', '雷対策'],
  ['端末', 'パソコン', 'pc', 'クライアント端末', '業務端末'],
  ['漏えい', '漏洩', '情報漏えい', '情報漏洩'],
  ['誓約', '誓約書', '同意書', '同意'],
  ['定期', '定期的', '年次', '毎年', '年1回'],
  ['手順書', 'マニュアル', '手順', '規程'],
  ['遠隔地', '別拠点', '地理的分散'],
  // Okurigana variants the tokenizer reads as different words.
  ['手続き', '手続'],
  ['取り扱い', '取扱い', '取扱'],
  ['問い合わせ', '問合せ', '問合わせ'],
  ['申し込み', '申込み', '申込'],
  ['引き渡し', '引渡し', '引渡'],
  ['受け付け', '受付'],
  ['割り当て', '割当て', '割当'],
  ['書き込み', '書込み'],
  ['組み込み', '組込み'],
  ['立ち入り', '立入り', '立入'],
  ['貸し出し', '貸出し', '貸出', '貸与'],
  ['見直し', '見直', '再評価', 'レビュー', '棚卸し'],
  ['取り組み', '取組み', '取組'],
  ['預け入れ', '預入れ', '預ける'],
];

/**
 * All groups: the security vocabulary above, then general Japanese synonyms seeded from the
 * Sudachi synonym dictionary (Apache-2.0), limited to groups with a corpus word
 * (scripts/seed-synonyms.ts; refresh with npm run seed-synonyms).
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [...SECURITY_GROUPS, ...(sudachiSeed as { groups: string[][] }).groups];

/** Every term the query side may need segmented (synonyms and glossary targets). */
export const SEARCH_VOCABULARY_SEED: readonly string[] = [...SYNONYM_GROUPS.flat(), ...ENGLISH_GLOSSARY.flatMap(([, ja]) => ja)];
