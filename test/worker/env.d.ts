// Bindings the Worker tests see (vitest.config.ts, wrangler.toml).
declare module 'cloudflare:test' {
  interface ProvidedEnv {
    DB: D1Database;
    DB_UNMIGRATED: D1Database;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}
export {};
