// Three test projects:
//  - node:    build-time code (ingestion, kuromoji analysis, file parsing) in plain Node;
//  - worker:  the real Worker inside workerd via @cloudflare/vitest-plugin (SELF.fetch);
//  - browser: Chromium (test/browser/chromium.ts) driven by playwright-core against `wrangler dev`
//             (started in globalSetup).
import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // DB as in wrangler.toml, migrated by test/worker/apply-migrations.ts; DB_UNMIGRATED is a
              // real D1 database without the schema, to test lookups while approvals cannot be read.
              d1Databases: ['DB', 'DB_UNMIGRATED'],
              bindings: { TEST_MIGRATIONS: await readD1Migrations('./migrations') },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          setupFiles: ['test/worker/apply-migrations.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
