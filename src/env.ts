// Bindings and secrets the Worker reads. `Env` is generated from wrangler.toml by `wrangler types`
// (src/worker-configuration.d.ts; `npm run typecheck` fails when it is stale). Secrets are not in
// wrangler.toml, so they are declared here (see docs/deployment.md).
export interface Bindings extends Env {
  /** When set (wrangler secret put KAITOU_UPLOAD_TOKEN), upload endpoints require it. */
  KAITOU_UPLOAD_TOKEN?: string;
}
export type AppEnv = { Bindings: Bindings };
