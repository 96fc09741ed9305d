// Status-free errors and row messages as data ({code, params}); their wording comes from the
// catalog. Domain code (parsers, detection, answering, the product check) throws AppError; the
// HTTP edge (src/http/errors.ts) and the CLI decide how to show it.
import * as z from 'zod';
import { ERRORS, ROW_MESSAGES, ROW_MESSAGE_CODES, type ErrorCode, type ErrorEntry, type ErrorParams, type RowMessageCode, type RowMessageEntry, type RowMessageParams } from './catalog';

/** Optional params: codes whose messages take none can be raised as `new AppError('no_file')`. */
type ParamsArg<P> = Record<never, never> extends P ? [params?: P] : [params: P];

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly params: ErrorParams<C>;

  constructor(
    readonly code: C,
    ...[params]: ParamsArg<ErrorParams<C>>
  ) {
    const p = (params ?? {}) as ErrorParams<C>;
    super(entryOf(code).en(p));
    this.name = 'AppError';
    this.params = p;
  }

  get status() {
    return entryOf(this.code).status;
  }
  get messageEn(): string {
    return entryOf(this.code).en(this.params);
  }
  get messageJa(): string {
    return entryOf(this.code).ja(this.params);
  }
  get details(): Record<string, unknown> | undefined {
    return entryOf(this.code).details?.(this.params);
  }
}

// The union of entries is not callable with a union of params; each code's params fit its entry.
function entryOf<C extends ErrorCode>(code: C): ErrorEntry<ErrorParams<C>> {
  return ERRORS[code] as unknown as ErrorEntry<ErrorParams<C>>;
}

// ---------------------------------------------------------------------------------------------

export const RowMessageSchema = z.object({
  code: z.enum(ROW_MESSAGE_CODES as [RowMessageCode, ...RowMessageCode[]]),
  /** Scalars, or a list of records (the sides of a conflict: document, item, what each says). */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.record(z.string(), z.string()))])),
  /** The catalog's wording, rendered for clients that only display text. */
  message: z.string(),
  message_ja: z.string(),
});
export type RowMessage = z.infer<typeof RowMessageSchema>;

/** A row message with both renderings from the catalog. */
export function rowMessage<C extends RowMessageCode>(code: C, ...[params]: ParamsArg<RowMessageParams<C>>): RowMessage {
  const p = (params ?? {}) as RowMessageParams<C>;
  const e = ROW_MESSAGES[code] as unknown as RowMessageEntry<RowMessageParams<C>>;
  return { code, params: p as RowMessage['params'], message: e.en(p), message_ja: e.ja(p) };
}
