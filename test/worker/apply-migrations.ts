// Applies migrations/ to the test pool's D1 database before the Worker tests, the way
// `wrangler d1 migrations apply` does for `npm start` and deploys (idempotent: applied ones are skipped).
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
