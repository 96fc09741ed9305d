// Bindings and secrets the Worker reads (see wrangler.toml and docs/deployment.md).
export interface Bindings {
  /** When set (wrangler secret put KAITOU_UPLOAD_TOKEN), upload endpoints require it. */
  KAITOU_UPLOAD_TOKEN?: string;
  /** Workers Rate Limiting binding for the public lookup; absent in local development. */
  LOOKUP_RATE_LIMITER?: { limit(options: { key: string }): Promise<{ success: boolean }> };
}
export type AppEnv = { Bindings: Bindings };
