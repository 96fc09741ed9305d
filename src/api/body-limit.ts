// Request body caps, applied before a body is read into memory.
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors';

/**
 * Refuses a body over `maxBytes` before it is read into memory (hono/body-limit checks
 * Content-Length, and counts the stream when there is none).
 */
export function limitBody(maxBytes: number, tooLarge?: () => ApiError) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge?.() ?? new ApiError(413, 'body_too_large', `Request body over ${maxBytes} bytes`, `リクエストが大きすぎます（上限 ${maxBytes} バイト）。`);
    },
  });
}
