// Bindings the Worker tests see (vitest.config.ts, wrangler.toml): `env` from cloudflare:test.
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    DB_UNMIGRATED: D1Database;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}
