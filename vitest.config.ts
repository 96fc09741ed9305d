// Three test projects:
//  - node:    build-time code (ingestion, kuromoji analysis, file parsing) in plain Node;
//  - worker:  the real Worker inside workerd via @cloudflare/vitest-plugin (SELF.fetch);
//  - browser: Debian Chromium (playwright-core) against `wrangler dev` (started in globalSetup).
import { defineConfig } from 'vitest/config';

// Vitest 5's reporter prints failures with Map.groupBy (Node 21+); the supported runtime here is
// Node 20, where a failing test would otherwise crash the reporter instead of being shown.
if (typeof (Map as unknown as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    value<T, K>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const out = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const list = out.get(k);
        if (list) list.push(item);
        else out.set(k, [item]);
      }
      return out;
    },
  });
}
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
