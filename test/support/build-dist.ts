/**
 * vitest's global set-up: tests that run the real bin (bin/sentinel-conformance.mjs) run the compiled
 * dist/, so dist/ is rebuilt first when a source is newer than it (npm ci builds it; an edit makes it stale).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
}
