-- Approved answers (issue 12): a person's explicit confirmation that these official units answer
-- this question. Only what the README's confidentiality section lists is stored: the question
-- text, product, unit ids, the source versions at approval time, the time and an optional name.
CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  question TEXT NOT NULL,
  -- normalized question (NFKC, lower case, no whitespace or punctuation): the exact-match key
  question_key TEXT NOT NULL,
  -- NULL: applies to every product its units apply to
  product TEXT,
  -- product, or '' for NULL: SQLite unique indexes treat NULLs as distinct
  product_key TEXT NOT NULL,
  -- JSON array of 1-3 unit ids, in the approved order
  unit_ids TEXT NOT NULL,
  -- JSON array of {unitId, documentId, version, date} as the corpus stood at approval time
  sources TEXT NOT NULL,
  approved_by TEXT,
  -- ISO 8601 UTC
  approved_at TEXT NOT NULL
);
-- One approval per normalized question and product: approving again replaces it.
CREATE UNIQUE INDEX approvals_question_product ON approvals (question_key, product_key);
-- Newest first listing with keyset pagination.
CREATE INDEX approvals_newest ON approvals (approved_at DESC, id DESC);

-- A counter bumped by every write, so an isolate can tell cheaply whether its cached copy is current.
CREATE TABLE approvals_revision (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  revision INTEGER NOT NULL
);
INSERT INTO approvals_revision (singleton, revision) VALUES (1, 0);
