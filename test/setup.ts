/**
 * Runs before every test file (vitest.config.ts setupFiles): every fast-check property of the suite runs under
 * one seed, CHECKING.seed (properties/settings.ts; SC_SEED overrides it, SC_SEED=random draws one per run), so
 * two runs give the same cases. A failing fc.assert throws fast-check's own report (seed, path, shrunk
 * counterexample) plus how to replay it, and writes the counterexample to .counterexamples/tests/.
 *
 * SC_PATH replays one case: with SC_SEED and `-t` naming the test, fast-check starts at that path (a path
 * belongs to one property, hence `-t`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { expect } from 'vitest';
import { CHECKING } from '../properties/settings.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const TEST_COUNTEREXAMPLE_DIR = join('.counterexamples', 'tests');
export const TEST_COUNTEREXAMPLE_FORMAT = 'sentinel-conformance/test-counterexample@1';

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/** A shell-safe single-quoted regular expression matching exactly this test name. */
function testPattern(name: string): string {
  const regex = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `'${regex.replace(/'/g, `'\\''`)}'`;
}

/** What to run to see this failure again: the file under the seed, and the one case alone. */
export function replayLines(seed: number, path: string | undefined, file: string, test: string): string[] {
  const lines = [`Replay: SC_SEED=${seed} npx vitest run ${file}`];
  if (path !== undefined && test !== '')
    lines.push(
      `This case alone: SC_SEED=${seed} SC_PATH=${path} npx vitest run ${file} -t ${testPattern(test)}`,
    );
  return lines;
}

function reportWithReplay(details: fc.RunDetails<unknown>): void {
  if (!details.failed) return;
  const state = expect.getState();
  const file = state.testPath ? relative(ROOT, state.testPath) : '<test file>';
  const fullName = state.currentTestName ?? '';
  const test = fullName.split(' > ').at(-1) ?? '';
  const path = details.counterexamplePath ?? undefined;
  // fast-check reports a seed over 2^31 as its signed 32-bit twin (the same cases).
  const global = details.seed === (CHECKING.seed | 0);
  const seed = global ? CHECKING.seed : details.seed;
  const replay = replayLines(seed, path, file, test);
  const seedLine = global
    ? `Global test seed ${CHECKING.seed} (properties/settings.ts; SC_SEED overrides it).`
    : `This property ran under its own seed ${details.seed}, not the global test seed ${CHECKING.seed}: SC_SEED cannot replay it.`;
  let written = '';
  try {
    mkdirSync(join(ROOT, TEST_COUNTEREXAMPLE_DIR), { recursive: true });
    const target = join(TEST_COUNTEREXAMPLE_DIR, `${slug(file)}--${slug(test)}.json`);
    writeFileSync(
      join(ROOT, target),
      `${JSON.stringify(
        {
          format: TEST_COUNTEREXAMPLE_FORMAT,
          file,
          test: fullName,
          seed,
          path: path ?? null,
          counterexample: details.counterexample === null ? null : fc.stringify(details.counterexample),
          error:
            details.errorInstance instanceof Error
              ? details.errorInstance.message
              : String(details.errorInstance),
          replay,
        },
        null,
        2,
      )}\n`,
    );
    written = `Counterexample written to ${target}.`;
  } catch (error) {
    written = `(the counterexample could not be written: ${(error as Error).message})`;
  }
  throw new Error([fc.defaultReportMessage(details) ?? '', '', seedLine, ...replay, written].join('\n'), {
    cause: details.errorInstance,
  });
}

const replayPath = process.env.SC_PATH;
fc.configureGlobal({
  seed: CHECKING.seed,
  reporter: reportWithReplay,
  ...(replayPath ? { path: replayPath, endOnFailure: true } : {}),
});
