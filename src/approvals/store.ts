// Approvals in Cloudflare D1 (schema: migrations/0001_approvals.sql), and the isolate's cached
// copy that lookups read. Writes go to D1 and bump a revision counter in the same transaction;
// lookups never wait for D1 once the copy is loaded:
//  - the first lookup of an isolate loads every approval once (one batch, a consistent snapshot);
//  - a write in this isolate drops the copy, so the next lookup sees it immediately;
//  - writes made by other isolates are noticed by a revision check at most every REVALIDATE_MS,
//    run after the response (waitUntil), never on the request's path;
//  - if D1 fails, lookups go on without approvals (note approvals_unavailable) and D1 is tried
//    again after RETRY_AFTER_FAILURE_MS, so an outage does not add a failing call to every lookup.
import { ApprovalSchema, type Approval } from './schema';
import { ApprovalLibrary } from './library';
import type { ApprovalsState } from './apply';
import { questionKey } from './similarity';

export const REVALIDATE_MS = 10_000;
export const RETRY_AFTER_FAILURE_MS = 5_000;
/** Rows per INSERT … SELECT FROM json_each(?): keeps each bound JSON parameter well under D1's 2 MB value limit. */
const ROWS_PER_STATEMENT = 2_000;
/**
 * D1 refuses a bound string over 2,000,000 bytes: 2,000 rows of long questions (and their normalized
 * keys) passed it, and an import inside the documented bounds got a 503. Rows are packed per
 * statement up to this many UTF-8 bytes of JSON (one row is at most ~40 KB).
 */
export const MAX_STATEMENT_BYTES = 1_000_000;

/** The rows as JSON arrays of at most ROWS_PER_STATEMENT rows and MAX_STATEMENT_BYTES bytes each. */
export function boundChunks(rows: readonly unknown[]): string[] {
  const encoder = new TextEncoder();
  const out: string[] = [];
  let parts: string[] = [];
  let bytes = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    const size = encoder.encode(json).length + 1;
    if (parts.length > 0 && (parts.length >= ROWS_PER_STATEMENT || bytes + size > MAX_STATEMENT_BYTES)) {
      out.push(`[${parts.join(',')}]`);
      parts = [];
      bytes = 2;
    }
    parts.push(json);
    bytes += size;
  }
  if (parts.length > 0) out.push(`[${parts.join(',')}]`);
  return out;
}

interface Row {
  id: string;
  question: string;
  product: string | null;
  unit_ids: string;
  sources: string;
  approved_by: string | null;
  approved_at: string;
}

const COLUMNS = 'id, question, product, unit_ids, sources, approved_by, approved_at';

function fromRow(r: Row): Approval {
  return ApprovalSchema.parse({
    id: r.id,
    question: r.question,
    product: r.product,
    unitIds: JSON.parse(r.unit_ids) as unknown,
    sources: JSON.parse(r.sources) as unknown,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
  });
}

/** A new approval id: random, URL-safe, short enough to read in a list. */
export function newApprovalId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `apr_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface ListOptions {
  product?: string;
  q?: string;
  limit: number;
  cursor?: { approvedAt: string; id: string };
}

/** The approvals table. Every method may throw when D1 is unavailable; callers decide what that means. */
export class ApprovalStore {
  constructor(private readonly db: D1Database) {}

  async revision(): Promise<number> {
    const row = await this.db.prepare('SELECT revision FROM approvals_revision WHERE singleton = 1').first<{ revision: number }>();
    return row?.revision ?? 0;
  }

  /** Every approval and the revision they belong to, read in one transaction. */
  /** How many approvals are stored, and the characters of their questions. */
  async totals(): Promise<{ count: number; questionChars: number }> {
    const row = await this.db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(length(question)), 0) AS chars FROM approvals').first<{ n: number; chars: number }>();
    return { count: row?.n ?? 0, questionChars: row?.chars ?? 0 };
  }

  async loadAll(): Promise<{ approvals: Approval[]; revision: number }> {
    const [rows, rev] = await this.db.batch<Row | { revision: number }>([
      this.db.prepare(`SELECT ${COLUMNS} FROM approvals ORDER BY approved_at DESC, id DESC`),
      this.db.prepare('SELECT revision FROM approvals_revision WHERE singleton = 1'),
    ]);
    return { approvals: (rows!.results as Row[]).map(fromRow), revision: (rev!.results[0] as { revision: number } | undefined)?.revision ?? 0 };
  }

  async get(id: string): Promise<Approval | null> {
    const row = await this.db.prepare(`SELECT ${COLUMNS} FROM approvals WHERE id = ?`).bind(id).first<Row>();
    return row ? fromRow(row) : null;
  }

  /** Newest first; `product` lists that product's approvals and those for every product; `q` matches within the normalized question. */
  async list(o: ListOptions): Promise<{ approvals: Approval[]; nextCursor: { approvedAt: string; id: string } | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (o.product) {
      where.push('(product = ? OR product IS NULL)');
      params.push(o.product);
    }
    const key = o.q ? questionKey(o.q) : '';
    if (key !== '') {
      // instr, not LIKE: the user's text needs no escaping.
      where.push('instr(question_key, ?) > 0');
      params.push(key);
    }
    if (o.cursor) {
      where.push('(approved_at, id) < (?, ?)');
      params.push(o.cursor.approvedAt, o.cursor.id);
    }
    const sql = `SELECT ${COLUMNS} FROM approvals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY approved_at DESC, id DESC LIMIT ?`;
    const { results } = await this.db
      .prepare(sql)
      .bind(...params, o.limit + 1)
      .all<Row>();
    const page = results.slice(0, o.limit).map(fromRow);
    const last = page[page.length - 1];
    return { approvals: page, nextCursor: results.length > o.limit && last ? { approvedAt: last.approvedAt, id: last.id } : null };
  }

  /**
   * Inserts the approvals, replacing any with the same normalized question and product (which
   * keeps its id), all in one transaction with the revision bump: all or nothing.
   */
  async upsertAll(approvals: readonly Approval[]): Promise<void> {
    const statements: D1PreparedStatement[] = [];
    for (const chunk of boundChunks(
      approvals.map((a) => ({
        id: a.id,
        question: a.question,
        question_key: questionKey(a.question),
        product: a.product,
        product_key: a.product ?? '',
        unit_ids: JSON.stringify(a.unitIds),
        sources: JSON.stringify(a.sources),
        approved_by: a.approvedBy,
        approved_at: a.approvedAt,
      })),
    )) {
      statements.push(
        this.db
          .prepare(
            `INSERT INTO approvals (id, question, question_key, product, product_key, unit_ids, sources, approved_by, approved_at)
             SELECT value ->> '$.id', value ->> '$.question', value ->> '$.question_key', value ->> '$.product', value ->> '$.product_key',
                    value ->> '$.unit_ids', value ->> '$.sources', value ->> '$.approved_by', value ->> '$.approved_at'
             FROM json_each(?) WHERE true
             ON CONFLICT (question_key, product_key) DO UPDATE SET
               question = excluded.question, product = excluded.product, unit_ids = excluded.unit_ids,
               sources = excluded.sources, approved_by = excluded.approved_by, approved_at = excluded.approved_at`,
          )
          .bind(chunk),
      );
    }
    statements.push(this.db.prepare('UPDATE approvals_revision SET revision = revision + 1 WHERE singleton = 1'));
    await this.db.batch(statements);
  }

  /** The id of the approval with this normalized question and product, if any. */
  async idFor(question: string, product: string | null): Promise<string | null> {
    const row = await this.db
      .prepare('SELECT id FROM approvals WHERE question_key = ? AND product_key = ?')
      .bind(questionKey(question), product ?? '')
      .first<{ id: string }>();
    return row?.id ?? null;
  }

  async delete(id: string): Promise<boolean> {
    const [del] = await this.db.batch([this.db.prepare('DELETE FROM approvals WHERE id = ?').bind(id), this.db.prepare('UPDATE approvals_revision SET revision = revision + 1 WHERE singleton = 1')]);
    return (del?.meta.changes ?? 0) > 0;
  }
}

// ---- the isolate's cached copy -------------------------------------------------------------

interface CacheEntry {
  library?: ApprovalLibrary;
  revision?: number;
  checkedAt: number;
  failedAt?: number;
  loading?: Promise<void>;
  checking?: boolean;
}

/** Per D1 binding object (tests drive the app with more than one database). */
const cache = new WeakMap<D1Database, CacheEntry>();

async function reload(db: D1Database, entry: CacheEntry): Promise<void> {
  entry.loading ??= (async () => {
    try {
      const { approvals, revision } = await new ApprovalStore(db).loadAll();
      entry.library = new ApprovalLibrary(approvals);
      entry.revision = revision;
      entry.checkedAt = Date.now();
      entry.failedAt = undefined;
    } catch (err) {
      entry.failedAt = Date.now();
      // The error class only: never a query parameter or question text.
      console.error(`approvals: D1 read failed (${err instanceof Error ? err.name : 'error'})`);
    } finally {
      entry.loading = undefined;
    }
  })();
  await entry.loading;
}

/** Checks the revision (after the response); reloads when another isolate wrote. */
async function revalidate(db: D1Database, entry: CacheEntry): Promise<void> {
  if (entry.checking) return;
  entry.checking = true;
  try {
    const revision = await new ApprovalStore(db).revision();
    entry.checkedAt = Date.now();
    if (revision !== entry.revision) await reload(db, entry);
  } catch {
    entry.checkedAt = Date.now(); // keep serving the copy; try again later
  } finally {
    entry.checking = false;
  }
}

/**
 * The approvals a lookup should use. `waitUntil` (the request's ExecutionContext) runs the
 * periodic revision check after the response; without it the check is skipped.
 */
export interface ApprovalsCacheOptions {
  /** How old the isolate's copy may get before a revision check runs after the response. */
  revalidateMs?: number;
  /** After a failed read, how long lookups go on without approvals before D1 is tried again. */
  retryAfterFailureMs?: number;
}

export async function approvalsState(db: D1Database | undefined, waitUntil?: (p: Promise<unknown>) => void, options: ApprovalsCacheOptions = {}): Promise<ApprovalsState> {
  const { revalidateMs = REVALIDATE_MS, retryAfterFailureMs = RETRY_AFTER_FAILURE_MS } = options;
  if (!db) return { ok: false, reason: 'not_configured' };
  let entry = cache.get(db);
  if (!entry) {
    entry = { checkedAt: 0 };
    cache.set(db, entry);
  }
  const now = Date.now();
  if (!entry.library) {
    if (entry.failedAt !== undefined && now - entry.failedAt < retryAfterFailureMs) return { ok: false, reason: 'unavailable' };
    await reload(db, entry);
    return entry.library ? { ok: true, library: entry.library } : { ok: false, reason: 'unavailable' };
  }
  if (waitUntil && now - entry.checkedAt >= revalidateMs && !entry.checking) waitUntil(revalidate(db, entry));
  return { ok: true, library: entry.library };
}

/** After a write in this isolate: the next lookup reads D1 again. */
export function invalidateApprovals(db: D1Database): void {
  cache.delete(db);
}
