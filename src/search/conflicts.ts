// Conflict notes: when the matched units of one product state different timings or quantities for
// the same point (e.g. data erased 直ちに / 契約終了日に / 30日後), sales must choose consciously.
import type { Unit } from '../corpus/schema';

// Durations and moments, not calendar dates: «2019年4月1日» (a certification date) is no timing;
// a number of four digits before 年, or a number that is part of a date, is skipped.
const TIMING = /(直ちに|即時|即日|速やかに|(?:契約)?終了日に|(?<![\d/年月-])\d{1,3}\s*(?:営業日|日|か月|ヶ月|カ月|ヵ月|年|週間|時間|分|世代)(?![\d]|\d*月\d)(?:後|以内|間|前|分)?)/g;

export function timingFacts(text: string): string[] {
  return [...new Set([...text.normalize('NFKC').matchAll(TIMING)].map((m) => m[1]!.replace(/\s+/g, '')))].sort();
}

export interface Conflict {
  units: Unit[];
  facts: Map<string, string[]>;
  newest?: Unit;
}

/** Units (already judged relevant) whose timing facts disagree; undefined when they agree or say nothing. */
export function findConflict(units: readonly Unit[]): Conflict | undefined {
  const withFacts = units.map((u) => ({ u, facts: timingFacts(u.answer) })).filter((x) => x.facts.length > 0);
  if (withFacts.length < 2) return undefined;
  const distinct = new Set(withFacts.map((x) => x.facts.join('|')));
  if (distinct.size < 2) return undefined;
  const dated = withFacts.map((x) => ({ u: x.u, date: x.u.updated ?? x.u.issued })).filter((x) => x.date);
  dated.sort((a, b) => (b.date! > a.date! ? 1 : b.date! < a.date! ? -1 : 0));
  const newest = dated.length >= 2 && dated[0]!.date !== dated[1]!.date ? dated[0]!.u : undefined;
  return { units: withFacts.map((x) => x.u), facts: new Map(withFacts.map((x) => [x.u.id, x.facts])), newest };
}
