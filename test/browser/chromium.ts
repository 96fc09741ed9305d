// Which Chromium the browser tests drive. In order:
//  1. CHROMIUM_PATH, when set (must be an executable file);
//  2. a system Chromium at /usr/bin/chromium, when present and executable (Debian's package);
//  3. the headless Chromium shipped inside the npm package @sparticuz/chromium — so a fresh machine
//     with only Node and npm runs the browser tests (it unpacks once into the temp directory; it
//     needs libnss3/libnspr4/libexpat1, which Debian images have).
// Resolved once in the browser project's global setup; a failure is reported to every browser test
// instead of throwing there, so a missing browser never stops the node and Workers projects.
import { accessSync, constants, statSync } from 'node:fs';

export interface ChromiumChoice {
  executablePath: string;
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
  /** Extra launch flags the chosen build needs. */
  args: string[];
}

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export async function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const override = env.CHROMIUM_PATH;
  if (override) {
    if (!isExecutableFile(override)) throw new Error(`CHROMIUM_PATH=${override} is not an executable file.`);
    return { executablePath: override, source: 'CHROMIUM_PATH', args: [] };
  }
  if (isExecutableFile(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, source: 'system', args: [] };
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    const executablePath = await packaged.executablePath();
    // The packaged build is made for sandbox-less serverless hosts: it runs single-process.
    return { executablePath, source: '@sparticuz/chromium', args: ['--single-process'] };
  } catch (err) {
    throw new Error(
      `No Chromium for the browser tests: no CHROMIUM_PATH, no ${SYSTEM_CHROMIUM}, and @sparticuz/chromium could not be unpacked ` + `(${err instanceof Error ? err.message : String(err)}). Run \`npm install\` again, or set CHROMIUM_PATH.`,
      { cause: err },
    );
  }
}
