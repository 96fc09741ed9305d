// The structure of a real questionnaire item (issue 10). Items are rarely one clean question:
// 「バックアップの運用：取得頻度／保管世代数／保管場所、および復旧手順の整備状況」 has a title and
// a list of details; CAIQ wraps its point in "established, documented, approved, communicated,
// applied, evaluated, and maintained"; HECVAT adds "If so, …" and "(e.g., …)". Each character of
// the (search-normalized) item gets a role; query analysis weighs a word by the role of the part
// it comes from (RankingOptions.query.emphasis). Shapes only, never a labelled item's words.

export type PartRole = 'point' | 'title' | 'detail' | 'example' | 'condition' | 'followUp' | 'drop';

export interface ItemPart {
  text: string;
  role: PartRole;
}

// Item numbers in front: "1.", "(2)", "3-1-4", "A&A-02.1", "①", "問3".
const NUMBER_PREFIX = /^\s*(?:(?:[a-z]{1,4}&?[a-z]{0,4}-)?\d+(?:[.-]\d+)*[.)、:]?|\(\d+\)|[①-⑳]|問\s*\d+[.:、]?|q\d+[.:]?)\s+/;
// A title: a short head before a colon or the first line break, without a sentence end.
const TITLE_MAX_CHARS = 40;
// Parenthesised examples (Japanese and English markers).
const EXAMPLE_MARKER = /^(?:e\.?g\.?|i\.?e\.?|例|例えば|たとえば|such as|for example|including|like)\b|を含む|含む\)?$|等$|など$|等\)?$/;
// Instructions in angle brackets: <100字以内で記述>.
const INSTRUCTION = /<[^<>]{1,40}>|〈[^〈〉]{1,40}〉|《[^《》]{1,40}》/g;
// English follow-ups: "If so, …", "If yes, please describe …", "If not, why?".
const FOLLOW_UP = /(?:^|(?<=[.?!;]\s?))\s*(?:if (?:so|yes|no|not|applicable|available|any)|please (?:describe|explain|provide|list|specify|elaborate)|describe|explain|provide (?:details|a description|evidence)|otherwise)\b[^.?!]*[.?!]?/g;
// A coordinated list of three or more process verbs (established, documented, approved, … and maintained):
// the CAIQ form of "is there a policy"; the list itself says nothing about the topic.
const PROCESS_VERB_LIST = /\b(?:[a-z]+ed,\s+){2,}(?:[a-z]+ed,?\s+)*(?:and|or)\s+[a-z]+ed\b/g;

// A clause ending in a subordinate marker before a comma (〜場合、〜においては、〜の際は、〜ため、),
// or a means clause (〜することによって) before the main clause.
const SUBORDINATE_CLAUSE = /(?<=^|[、。\s])[^、。\n]+?(?:場合(?:には|は|に|でも)?|においては|においても|に際して(?:は)?|の際(?:には|は|に)?|ため(?:に|には)?)、|(?<=^|[、。\s])[^、。\n]+?ことによ(?:って|り)、?/g;
// An activity given as an example of the point: 〜を制限する等の入退管理, 〜を行う等により.
const VERB_EXAMPLE = /(?<=^|[、。\s])[^、。\n]+?(?:する|させる|される|ている|行う)(?:等|など)(?=の|に|、)/g;
// A second sentence offering an alternative: 「もしくは、同等レベルの他の手段がある。」
const ALTERNATIVE_LEAD = '(?:もしくは|または|又は|あるいは|ないしは)、';
const ALTERNATIVE_SENTENCE = new RegExp(`(?<=。)\\s*${ALTERNATIVE_LEAD}[^。]*。?`, 'g');
const STARTS_ALTERNATIVE = new RegExp(`^${ALTERNATIVE_LEAD}`);

/**
 * Parts of an item (NFKC, lowercased, line breaks kept), in order; their texts together cover the
 * item. `declarative`: whether the item states a requirement (isDeclarativeRequirement), when the
 * caller has it already.
 */
export function itemParts(item: string, declarative = isDeclarativeRequirement(item)): ItemPart[] {
  const normalized = item.replace(/[ \t\u3000]+/g, ' ').trim();
  let text = normalized.replace(NUMBER_PREFIX, '');
  const parts: ItemPart[] = [];
  // Title: head before "：", ":" or a line break, when short and not a sentence.
  const titleMatch = /^([^:\n。?？.]{2,40}?)\s*(?::|\n)\s*(?=\S)/.exec(text);
  // A line break ends a title only in Japanese: English sheets wrap long sentences (CAIQ).
  const isTitle = titleMatch && (titleMatch[0].includes(':') || /[\u3041-\u9fff]/.test(titleMatch[1]!));
  if (titleMatch && isTitle && [...titleMatch[1]!].length <= TITLE_MAX_CHARS && text.length > titleMatch[0].length) {
    parts.push({ text: titleMatch[1]!, role: 'title' });
    text = text.slice(titleMatch[0].length);
  }
  text = text.replace(INSTRUCTION, (m) => {
    parts.push({ text: m, role: 'drop' });
    return ' ';
  });
  text = text.replace(PROCESS_VERB_LIST, (m) => {
    parts.push({ text: m, role: 'drop' });
    return ' ';
  });
  // Parentheses: examples or details of the point.
  text = text.replace(/\(([^()]{1,200})\)/g, (_m, inner: string) => {
    parts.push({ text: inner, role: EXAMPLE_MARKER.test(inner.trim()) ? 'example' : 'detail' });
    return ' ';
  });
  // 「例：…」 / "e.g. …" clauses outside parentheses.
  text = text.replace(/(?:例えば|たとえば|例:|e\.g\.,?|for example,?|such as)[^。.?？]*/g, (m) => {
    parts.push({ text: m, role: 'example' });
    return ' ';
  });
  // Japanese subordinate clauses around the point: a condition or setting (〜した場合、
  // 〜においては、), a means (〜することによって), an activity given as an example (〜を制限する等の
  // 入退管理), an alternative sentence (もしくは、…). The main clause (入退管理を定めている) is the
  // point; the check sheets phrase their requirement without those clauses.
  if (/[\u3041-\u9fff]/.test(text)) {
    const clauses: ItemPart[] = [];
    const take = (role: PartRole) => (m: string) => {
      clauses.push({ text: m, role });
      return ' ';
    };
    let rest = text.replace(ALTERNATIVE_SENTENCE, take('followUp')).replace(VERB_EXAMPLE, take('example'));
    // Only a stated requirement's setting is a side matter: in a question, the condition often
    // is the topic and the main clause a generic ask (サービスを廃止する場合、どのくらい前に知らせて…).
    if (declarative) rest = rest.replace(SUBORDINATE_CLAUSE, take('condition'));
    // Never the whole item: what is left must still say something.
    if (/[\u3041-\u9fff]{2}/.test(rest.replace(/[、。\s]/g, ''))) {
      parts.push(...clauses);
      text = rest;
    }
  }
  // English follow-up sentences, unless they are all there is.
  const followUps: string[] = [];
  const rest = text.replace(FOLLOW_UP, (m) => {
    followUps.push(m);
    return ' ';
  });
  if (/[a-z\u3041-\u9fff]{2}/.test(rest)) {
    for (const f of followUps) parts.push({ text: f, role: 'followUp' });
    text = rest;
  }
  parts.push({ text, role: 'point' });
  // Without a point of its own (a bare title like 「入退管理に関する状況」), the title is the point.
  if (!/[\p{L}\p{N}]{2}/u.test(text)) for (const p of parts) if (p.role === 'title') p.role = 'point';
  return parts;
}

/**
 * What a form field of a questionnaire's cover sheet asks for: a datum about the responding
 * organization (代表者氏名, 提案者(ベンダー名…), 事業の概要 <100字以内で記述>) or the name of the
 * offered service (タイトル(提案サービス名) … サービス名を記入してください). Such an item is not a
 * question about a control: the documents answer it, if at all, in their front matter.
 */
export type FieldSubject = 'organization' | 'service';

// Shapes of a field: a bare noun phrase (no predicate, no question) or a fill-in instruction.
const FILL_IN_VERB = '(?:を|の)?(?:ご)?(?:記入|記述|明記|記載|入力)';
const FILL_IN = new RegExp(`${FILL_IN_VERB}(?:して|し)?(?:ください|下さい|すること)|\\d+\\s*字以内`);
const PREDICATE = /[かか?？]$|ですか|ますか|している|していること|すること|される|されて|できる|あるか|ないか|なっている|行う|講じ/;
// The datum a field names (the phrase's last noun): the vocabulary of company profile sheets
// (the 事業者 items of MIC's ASP・SaaS 情報開示指針, vendor cover sheets), not any labelled item's
// wording. Alone (代表者氏名, 資本金) such a noun is about the responder; after another noun
// (データセンターの所在地) only when that noun is the organization (事業者の…概要).
const ORGANIZATION_DATUM = /(?:名|名称|商号|氏名|名前|所在地|住所|設立(?:年月日|年月|年)?|資本金|従業員数|社員数|売上高?|株主(?:構成)?|概要|沿革|連絡先|電話番号|メールアドレス|代表者|提案者|回答者|記入者|担当者)$/;
const BARE_ORGANIZATION_DATUM = /^(?:[^のと、,]*(?:氏名|名前)|代表者\S*|提案者|回答者|記入者|担当者\S*|(?:本社)?所在地|住所|設立\S*|資本金|従業員数|社員数|売上高?|株主(?:構成)?|沿革|連絡先|電話番号|メールアドレス)$/;
const ORGANIZATION_SUBJECT = /代表者|提案者|回答者|記入者|事業者|会社|社名|企業|法人|ベンダ|代理店|貴社|御社|本社|資本金|従業員数|株主/;
const SERVICE_NAME = /(?:サービス|製品|システム|ソリューション)(?:の)?(?:名|名称)$/;
const FILL_IN_TAIL = new RegExp(`${FILL_IN_VERB}.*$`);

/** The subject of the datum a form-field item asks for, or undefined for a question about anything else. */
export function fieldRequest(item: string): FieldSubject | undefined {
  const text = item
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[ \t\u3000]+/g, ' ')
    .trim()
    .replace(NUMBER_PREFIX, '');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // Each line is a candidate field: the label (代表者氏名, 提案者(ベンダー名…)) or an instruction
  // that names the datum (…サービス名を記入してください).
  for (const raw of lines) {
    const line = raw.replace(INSTRUCTION, ' ').trim();
    const fillIn = FILL_IN.test(raw);
    const head = line
      .replace(FILL_IN_TAIL, '')
      .replace(/\([^()]*\)/g, ' ')
      .replace(/[\s:・/]+$/u, '')
      .trim();
    if (!head || [...head].length > 40 || (!fillIn && (PREDICATE.test(head) || /[。.]/.test(head)))) continue;
    // その旨を明記 (an instruction about the label) names no datum of its own.
    if (/^その旨/.test(head)) continue;
    if (SERVICE_NAME.test(head)) return 'service';
    // A person's name (代表者氏名, 責任者の氏名) is always a datum about the organization's people.
    if (/(?:氏名|名前)$/.test(head)) return 'organization';
    if (BARE_ORGANIZATION_DATUM.test(head) || (ORGANIZATION_DATUM.test(head) && ORGANIZATION_SUBJECT.test(head))) return 'organization';
  }
  return undefined;
}

// A requirement stated as done or to be done (医療情報 SDS 「〜を設置している。」, 委託先チェック
// 「〜を文書化すること。」): the same form as the check sheets' own requirement headings. A request
// to describe something (〜について記載すること) or a question is not one.
const DECLARATIVE_END = /(?:ている|ていること|ておくこと|すること|であること|ること|うこと|くこと|ぐこと|つこと|ぬこと|ぶこと|むこと|とする)[。.]?$/;
const REQUEST_TO_DESCRIBE = /(?:記載|記述|記入|明記|明示|提出|回答|説明|提示|示す)(?:すること|していること)?[。.]?$|(?:を|について)(?:示す|記載|記述)/;

/** Whether a Japanese item states a requirement (a check sheet's form) rather than asking a question. */
export function isDeclarativeRequirement(item: string): boolean {
  const text = item
    .normalize('NFKC')
    .replace(/[ \t\u3000]+/g, ' ')
    .trim();
  const sentences = text
    .split(/(?<=。)/)
    .map((x) => x.trim())
    .filter(Boolean);
  // An alternative second sentence (もしくは、…) does not change the form of the first.
  const main = sentences.find((x) => !STARTS_ALTERNATIVE.test(x)) ?? text;
  if (/[?？か]\s*[。.]?$/.test(main) || /ください|下さい/.test(text)) return false;
  return DECLARATIVE_END.test(main) && !REQUEST_TO_DESCRIBE.test(main);
}
