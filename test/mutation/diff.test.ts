/** Differential testing: the reference against a mutant disagrees on the mutated behaviour, with a shrunk scenario. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../../model/invariants/index.ts';
import { IDEAL } from '../../model/profile.ts';
import { CHECKING } from '../../properties/settings.ts';
import { UsageError } from '../../src/cli/args.ts';
import { diffCommand } from '../../src/cli/commands/diff.ts';
import { referenceRunner } from '../../src/harness/reference-runner.ts';
import { agrees, diffImplementations, renderDiff } from '../../src/mutation/differential.ts';
import { openSut, resolveMutant } from '../../src/mutation/suts.ts';

async function captured(run: () => Promise<number>): Promise<{ code: number; out: string }> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await run(), out };
  } finally {
    process.stdout.write = write;
  }
}

describe('diff', () => {
  it('should name the behaviour a mutant breaks and shrink a scenario for it', async () => {
    const mutant = await openSut('mutant:rule-incident-per-row', 1000);
    const result = await diffImplementations({
      a: referenceRunner(),
      b: mutant.runner,
      behaviours: BEHAVIOURS,
      profile: IDEAL,
      runs: 300,
      seed: CHECKING.seed,
    });
    expect(agrees(result)).toBe(false);
    const broken = result.disagreements.find((d) => d.id === 'RULE-ONE-INCIDENT');
    expect(broken?.aOnly).toBe(0);
    expect(broken?.bOnly).toBeGreaterThan(0);
    expect(broken?.shrunk?.a.verdict).not.toBe('violated');
    expect(broken?.shrunk?.b.verdict).toBe('violated');
    expect(broken?.shrunk?.size).toBeLessThanOrEqual(3);
    expect(broken?.shrunk?.b.timeline.some((line) => line.includes('◀'))).toBe(true);
    const text = renderDiff(result);
    expect(text).toMatch(/RULE-ONE-INCIDENT: shrunk scenario of \d+ steps/);
    expect(text).toContain('alert A1 raised');
  }, 120_000);

  it('should exit 1 and print the disagreement as a timeline from the command', async () => {
    const { code, out } = await captured(() =>
      diffCommand([
        '--a',
        'reference',
        '--b',
        'mutant:tenant-portal-link',
        '--runs',
        '100',
        '--profile',
        'ideal',
      ]),
    );
    expect(code).toBe(1);
    expect(out).toMatch(/^TEN-LINK\s+0\s+\d+/m);
    expect(out).toContain('TEN-LINK: shrunk scenario of');
    expect(out).toMatch(/SecurityAlert row \d+ via tenant connector: A1 New .*◀/);
  }, 120_000);

  it('should exit 0 when both sides are the same implementation', async () => {
    const { code, out } = await captured(() =>
      diffCommand(['--a', 'reference', '--b', 'reference', '--runs', '100', '--profile', 'observed']),
    );
    expect(code).toBe(0);
    expect(out).toContain('no disagreement');
  }, 120_000);

  it('should exit 1, and not claim agreement, when one side runs no scenario', async () => {
    const crashing = fileURLToPath(new URL('../fixtures/fake-sims/module-exit.mjs', import.meta.url));
    const { code, out } = await captured(() =>
      diffCommand(['--a', crashing, '--b', 'reference', '--runs', '3', '--profile', 'ideal']),
    );
    expect(code).toBe(1);
    expect(out).toContain('compared 0 scenarios; A could not run 3, B could not run 0 (not compared)');
    expect(out).toContain('nothing compared: no scenario ran on both sides');
    expect(out).not.toContain('no disagreement');
  });

  it(`should stop after ${CHECKING.brokenStreak} scenarios in a row one side crashed or hung, and say so`, async () => {
    const crashing = fileURLToPath(new URL('../fixtures/fake-sims/module-exit.mjs', import.meta.url));
    const { code, out } = await captured(() =>
      diffCommand(['--a', 'reference', '--b', crashing, '--runs', '5000', '--profile', 'ideal']),
    );
    expect(code).toBe(1);
    const streak = CHECKING.brokenStreak;
    expect(out).toContain(
      `compared 0 scenarios; A could not run 0, B could not run ${streak} (not compared)`,
    );
    expect(out).toContain(
      `stopped after ${streak} of 5000 scenarios: B: ${streak} scenarios in a row crashed or hung, so the implementation is broken`,
    );
  });

  it('should take --stop-after for its streak, and never stop with 0', async () => {
    const crashing = fileURLToPath(new URL('../fixtures/fake-sims/module-exit.mjs', import.meta.url));
    const crashingA = (runs: number, stopAfter: string) =>
      captured(() =>
        diffCommand([
          '--a',
          crashing,
          '--b',
          'reference',
          '--runs',
          `${runs}`,
          '--profile',
          'ideal',
          '--stop-after',
          stopAfter,
        ]),
      );
    const three = await crashingA(50, '3');
    expect(three.code).toBe(1);
    expect(three.out).toContain('stopped after 3 of 50 scenarios: A: 3 scenarios in a row crashed or hung');
    const never = await crashingA(12, '0');
    expect(never.code).toBe(1);
    expect(never.out).toContain('compared 0 scenarios; A could not run 12, B could not run 0 (not compared)');
    expect(never.out).not.toContain('stopped after');
    await expect(diffCommand(['--a', 'reference', '--b', 'reference', '--stop-after', 'x'])).rejects.toThrow(
      UsageError,
    );
  });

  it('should refuse an unknown mutant or a missing side', async () => {
    expect(() => resolveMutant('mutant:nope')).toThrow(UsageError);
    await expect(diffCommand(['--a', 'reference'])).rejects.toThrow(UsageError);
  });
});
