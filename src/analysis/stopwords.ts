// Words that carry no topic in a security question or answer. Two groups:
//  - general function-like content words kuromoji tags as nouns/verbs (する, こと, ため, ...);
//  - questionnaire boilerplate (貴社, 記載, 教える, 有無, ...): customers wrap every question in
//    them, the vendor's answers rarely contain them, and counting them would make every question
//    look partly unanswered.
// Applied to normalized base forms at index and query time alike.
const GENERAL = `
する いる ある なる できる れる られる せる させる おる いただく くださる 下さる ござる いう 行う 行なう
おく しまう みる くる いく 行く 来る やる もらう
こと もの ため よう ところ とき 時 場合 上 中 等 など 他 ほか 際 方 以下 以上 以外 以降 以前 一 二 各
それ これ あれ どれ ここ そこ どこ 何 なに いつ どの どう どのよう どちら
及び および 並び 並びに または 又は かつ 且つ なお また さらに 特に
弊社 当社 お客様 お客さま 本書 本 当該 該当 前述 下記 上記 同様 的 性 化 者 的な 等々
`;
const QUESTIONNAIRE = `
それとも あるいは もしくは でしょう しょう ください 下さい 願い 是非 ぜひ 必ず 現在 現状 通常 一般 実際
貴社 御社 貴殿 あなた 記載 記入 回答 ご回答 教える 説明 ご説明 提示 ご提示 示す 有無 是非 可否 お願い 願う 確認 ご確認
具体 具体的 詳細 内容 状況 概要 について 関する 対する 伴う 含む 含める 考える 思う
you your yours we our ours us they them it its is are was were be been being do does did done have has had
the a an of to in on for at by with from as or and not no yes please describe provide explain list what which who whom
how when where why whether if any all each every there this that these those can could should would will shall may might must
also other such than then into onto over under about after before during within without between per via etc e g i ie
`;

/**
 * English words too generic to be a topic of their own in a security questionnaire: a question
 * word outside the glossary and outside this list is counted as something the documents may not
 * cover (bug bounty, escrow, VPAT).
 */
// The second half: CAIQ/HECVAT boilerplate and process words, by frequency over the public
// templates (npm run glossary:coverage: «policies and procedures», «processes, procedures, and
// technical measures», «reviewed and updated at least annually», «based on», «according to»), and
// English words the documents hold only in URLs and names (web, protocol, docs, …).
export const ENGLISH_GENERIC: ReadonlySet<string> = new Set(
  `service services system systems data customer customers client clients user users information company organization organisation
  vendor vendors supplier product products solution solutions platform application applications app apps software tool tools
  process processes procedure procedures documented document documents documentation ensure ensured support supported use used using
  provide provided offer offered maintain maintained perform performed implement implemented conduct conducted have has include includes
  including require required requirement requirements available make made take taken keep kept done place places manner way ways
  institution institutions university campus school schools our their its applicable appropriate relevant specific general current currently
  method methods practice practices program programme type types level levels frequency often regularly regular periodic periodically
  time times day days month months year years hour hours minute minutes number many much long what which before after prior
  hosted environment environments production within across both either new existing there any
  security policy policies measure measures technical management managed manage managing program programs
  established establish defined define reviewed review reviews updated evaluated approved communicated applied
  least annually monthly quarterly weekly daily based according accordance associated related regarding
  organizational organizationally organization's industry standard standards best principle principles framework
  designed developed followed following fully effectively appropriately timely proper properly ensure ensures
  capability capabilities features feature able enable allow allows upon through throughout regardless
  processing processed provision provisions address internal configured update updates plan plans implementing
  completed automated otherwise own owned part next past date intervals means possible
  asset assets third party parties provider providers business institutional secure operational only identified identify controls control
  web protocol info docs download guide news developer meta default html form ticket requests sales`
    .split(/\s+/)
    .filter(Boolean),
);

export const STOPWORDS: ReadonlySet<string> = new Set(`${GENERAL} ${QUESTIONNAIRE}`.split(/\s+/).filter(Boolean));

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}
