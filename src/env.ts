// Bindings and secrets the Worker reads. `Env` is generated from wrangler.toml by `wrangler types`
// (src/worker-configuration.d.ts; `npm run typecheck` fails when it is stale). Secrets, and the
// optional KV namespace a deployer may bind, are not in wrangler.toml, so they are declared here
// (see docs/deployment.md).
export interface Bindings extends Env {
  /** When set (wrangler secret put KAITOU_UPLOAD_TOKEN), upload endpoints require it. */
  KAITOU_UPLOAD_TOKEN?: string;
  /** Mixed into the session-signing key: set or change it (a secret or var) to end every session at once. */
  KAITOU_SESSION_GENERATION?: string;
  /** Optional KV namespace for revoked session ids (logout); without it the Cache API is used. */
  SESSION_REVOCATIONS?: {
    get(key: string): Promise<string | null>;
    put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  };
}
export type AppEnv = { Bindings: Bindings };
