// The one rule that decides whether an error or a not-found answer is an HTML page or JSON.
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';

/**
 * True when the client prefers HTML to JSON: a browser navigating (its Accept names text/html,
 * e.g. `text/html,application/xhtml+xml,…,*\/*;q=0.8`) gets a Japanese page; fetch() and curl
 * (`*\/*`), API clients (`application/json`) and requests without Accept get the JSON error.
 * hono/accepts does the q-value parsing and ordering.
 */
export function prefersHtml(c: Context): boolean {
  return accepts(c, { header: 'Accept', supports: ['application/json', 'text/html'], default: 'application/json' }) === 'text/html';
}
