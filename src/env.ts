// Bindings and secrets the Worker reads (see wrangler.toml and docs/deployment.md).
type RateLimiter = { limit(options: { key: string }): Promise<{ success: boolean }> };

export interface Bindings {
  /** When set (wrangler secret put KAITOU_UPLOAD_TOKEN), upload endpoints require it. */
  KAITOU_UPLOAD_TOKEN?: string;
  /** "production" in wrangler.toml's production environment: uploads fail closed without the token. */
  KAITOU_ENV?: string;
  /** Mixed into the session-signing key: change it to end every session without rotating the token. */
  KAITOU_SESSION_GENERATION?: string;
  /** Optional KV namespace for revoked session ids (logout); without it the Cache API is used. */
  SESSION_REVOCATIONS?: {
    get(key: string): Promise<string | null>;
    put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  };
  /** Workers Rate Limiting binding for the public lookup; absent in local development. */
  LOOKUP_RATE_LIMITER?: RateLimiter;
  /** Workers Rate Limiting binding for login and bearer-token attempts; absent in local development. */
  AUTH_RATE_LIMITER?: RateLimiter;
}
export type AppEnv = { Bindings: Bindings };
