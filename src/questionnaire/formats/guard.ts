import { AppError } from '../../messages/error';

/** A parser failure on hostile input is the file's fault: a 4xx with no content, never a 500. */
export function guardParser<T>(parse: () => T, onError: () => AppError): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw onError();
  }
}
