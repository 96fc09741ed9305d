// Worker code imports zod as a namespace: `import { z } from 'zod'` pulls all ~45 message locales
// into the bundle (267 KiB minified, measured), a namespace import is tree-shaken (docs/deployment.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('worker imports', () => {
  it('zod is imported as a namespace everywhere in src/', () => {
    const files = sources('src');
    expect(files.length).toBeGreaterThan(20);
    const named = files.filter((f) => /import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*['"]zod['"]/.test(readFileSync(f, 'utf8')));
    expect(named).toEqual([]);
  });
});
