// Test-only bindings of the Worker tests (vitest.config.ts), on top of the generated Env
// (src/worker-configuration.d.ts): `env` from cloudflare:test.
declare namespace Cloudflare {
  interface Env {
    DB_UNMIGRATED: D1Database;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}
