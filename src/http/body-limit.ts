// Request body caps, applied before a body is read into memory.
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../messages/error';

/**
 * Refuses a body over `maxBytes` before it is read into memory (hono/body-limit checks
 * Content-Length, and counts the stream when there is none).
 */
export function limitBody(maxBytes: number, tooLarge?: () => AppError) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge?.() ?? new AppError('body_too_large', { maxBytes });
    },
  });
}
