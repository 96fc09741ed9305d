// Bindings and secrets the Worker reads (see wrangler.toml and docs/deployment.md).
export interface Bindings {
  /** When set (wrangler secret put KAITOU_UPLOAD_TOKEN), upload endpoints require it. */
  KAITOU_UPLOAD_TOKEN?: string;
  /** Workers Rate Limiting binding for the public lookup; absent in local development. */
  LOOKUP_RATE_LIMITER?: { limit(options: { key: string }): Promise<{ success: boolean }> };
  /** D1 database of approved answers (wrangler.toml d1_databases, migrations/); lookups work without it. */
  DB?: D1Database;
}
export type AppEnv = { Bindings: Bindings };
