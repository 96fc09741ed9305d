// Formula-injection neutralization (OWASP "CSV Injection"): text we write into a customer's
// file must never be read as a formula by Excel, whatever the official text or question says.
// Full-width ＝＋－＠ too: Japanese Excel (IME input, and on CSV import) turns them into formulas.
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/** Prefixes a leading apostrophe when the text starts with a character Excel treats as a formula. */
export function neutralizeFormula(text: string): string {
  const first = text.charAt(0);
  return FORMULA_TRIGGERS.has(first) ? `'${text}` : text;
}
