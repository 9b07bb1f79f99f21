/**
 * Bad input to the CLI, through the real bin (node bin/sentinel-conformance.mjs): an unknown option, a bad
 * --runs, an unknown --only ID, a counterexample file that is not JSON or has a wrong field. Each gives a
 * one-line error, exit 3, no stack trace, nothing on stdout, and no report files. The processes run
 * concurrently (each pays tsx's start-up).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTEREXAMPLE_FORMAT } from '../../src/cli/output.ts';
import { config, MDC_RULE, raise, scenario, wait } from '../support/build.ts';
import { bin, cleanUp, cli, type Outcome, ROOT, temporaryDir } from './support.ts';

afterAll(cleanUp);

/** A valid counterexample file's content (one alert, one rule), for the wrong-field variants. */
function counterexample(): Record<string, unknown> {
  return {
    format: COUNTEREXAMPLE_FORMAT,
    suiteVersion: '0.1.0',
    behaviour: { id: 'RULE-ONE-INCIDENT', kind: 'must', quote: '', line: 87, says: '' },
    implementation: 'reference',
    profile: 'ideal',
    seed: 1,
    path: '0',
    message: '',
    witness: { alertRows: [], incidentRows: [], steps: [], alerts: [] },
    scenario: scenario([raise('A1'), wait(10)], config({ tenantConnector: true, incidentRules: [MDC_RULE] })),
    observation: {
      SecurityAlert: [],
      SecurityIncident: [],
      mdc: { alerts: [] },
      xdr: { alerts: [], incidents: [] },
    },
  };
}

/** The one-line error: the first stderr line; a usage error adds a hint line, nothing else. */
function expectOneLineError(outcome: Outcome, error: RegExp): void {
  expect(outcome.code, outcome.stderr).toBe(3);
  expect(outcome.stdout).toBe('');
  const lines = outcome.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(error);
  expect(lines.slice(1).every((line) => line === '(see sentinel-conformance --help)')).toBe(true);
  expect(outcome.stderr).not.toMatch(/^\s+at |Error:|internal error/m);
}

describe('bad input: one line, exit 3, no stack trace, no report', () => {
  let dir: string;
  let good: string;
  beforeAll(() => {
    dir = temporaryDir();
    good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(counterexample()));
  });

  it('a valid counterexample file replays (the control for the wrong-field cases)', async () => {
    const outcome = await cli(['replay', good, '--sut', 'reference']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^holds: RULE-ONE-INCIDENT/m);
  });

  const runCases: [string, string[], RegExp][] = [
    ['an unknown option', ['--bogus'], /^error: Unknown option '--bogus'/],
    [
      'a --runs that is no positive integer',
      ['--runs', 'many'],
      /^error: --runs must be a positive integer, got 'many'$/,
    ],
    ['a --runs of 0', ['--runs', '0'], /^error: --runs must be a positive integer, got '0'$/],
    // Node's timers fire at once past 2^31 − 1 ms: every scenario would have been reported hung.
    [
      'a --timeout longer than a day',
      ['--timeout', '99999999999'],
      /^error: --timeout must be at most 86400000 ms \(a day\), got '99999999999'$/,
    ],
    // fast-check reads 32 bits of a seed: 2^32 + 5 would run seed 5's cases under another seed's name.
    [
      'a --seed over 32 bits',
      ['--seed', '4294967301'],
      /^error: --seed must be at most 4294967295 \(fast-check reads 32 bits: a larger seed repeats a smaller one's cases\), got '4294967301'$/,
    ],
    [
      'a negative --stop-after',
      ['--stop-after=-1'],
      /^error: --stop-after must be a non-negative integer, got '-1'$/,
    ],
    [
      'an unknown --only ID',
      ['--only', 'RULE-ONE-INCIDENT,NO-SUCH-ID'],
      /^error: --only names unknown behaviour IDs: NO-SUCH-ID$/,
    ],
    // An empty shell variable (`--only "$IDS"`) used to check nothing and conform, exit 0.
    [
      'an --only that names nothing',
      ['--only', ''],
      /^error: --only names no behaviour: give IDs separated by commas$/,
    ],
    [
      'an --only of commas alone',
      ['--only', ' , '],
      /^error: --only names no behaviour: give IDs separated by commas$/,
    ],
    [
      'an empty --sut',
      ['--sut', ' '],
      /^error: the implementation is empty: give reference, a module path or a command line$/,
    ],
  ];
  describe.concurrent('run', () => {
    for (const [what, args, error] of runCases) {
      it(`with ${what}`, async () => {
        const out = join(dir, `out-${what.replace(/\W+/g, '-')}`);
        const outcome = await bin(['run', '--sut', 'reference', '--runs', '5', ...args, '--out', out]);
        expectOneLineError(outcome, error);
        expect(readdirSync(dir).filter((f) => f.startsWith('out-'))).toEqual([]);
      });
    }
  });

  const files: [string, (path: string) => void, RegExp][] = [
    [
      'is not JSON',
      (path) => writeFileSync(path, '{"format": "sentinel-conformance/counterexample@1",'),
      /: not JSON \(/,
    ],
    [
      'has a wrong format field',
      (path) => writeFileSync(path, JSON.stringify({ ...counterexample(), format: 'junit' })),
      /: field 'format' must be 'sentinel-conformance\/counterexample@1' or 'sentinel-conformance\/failed-scenario@1', got "junit"$/,
    ],
    [
      'has a wrong profile',
      (path) => writeFileSync(path, JSON.stringify({ ...counterexample(), profile: 'fast' })),
      /: field 'profile' must be 'ideal' or 'observed', got "fast"$/,
    ],
    [
      'has a scenario step with a wrong field',
      (path) => {
        const data = counterexample();
        const timeline = (data.scenario as { timeline: Record<string, unknown>[] }).timeline;
        (timeline[0] as Record<string, unknown>).severity = 'Urgent';
        writeFileSync(path, JSON.stringify(data));
      },
      /: field 'scenario\.timeline\[0\]\.severity': /,
    ],
    [
      'names an unknown behaviour',
      (path) => writeFileSync(path, JSON.stringify({ ...counterexample(), behaviour: { id: 'NOPE' } })),
      /: field 'behaviour\.id': unknown behaviour 'NOPE'$/,
    ],
  ];
  describe.concurrent('replay of a counterexample file that', () => {
    for (const [what, write, error] of files) {
      it(what, async () => {
        const own = temporaryDir();
        const path = join(own, 'counterexample.json');
        write(path);
        const outcome = await bin(['replay', path, '--sut', 'reference']);
        expectOneLineError(outcome, error);
        expect(outcome.stderr.split('\n')[0]).toContain(path);
        expect(readdirSync(own)).toEqual(['counterexample.json']);
      });
    }
  });

  it('replay of a file that does not exist', async () => {
    const outcome = await bin(['replay', join(dir, 'missing.json'), '--sut', 'reference']);
    expectOneLineError(outcome, /missing\.json: cannot be read$/);
  });

  it('an --out that cannot hold reports fails before anything runs, naming the path', async () => {
    const own = temporaryDir();
    const blocker = join(own, 'a-file');
    writeFileSync(blocker, 'kept');
    const cases: [string[], RegExp][] = [
      [
        ['run', '--sut', 'reference', '--runs', '2', '--out', blocker],
        /a-file exists and is not a directory$/,
      ],
      [
        ['run', '--sut', 'reference', '--out', join(blocker, 'deeper')],
        /a-file exists and is not a directory$/,
      ],
      [
        ['mutants', '--only', 'rule-incident-per-row', '--out', blocker],
        /a-file exists and is not a directory$/,
      ],
      [['matrix', '--out', own], /cannot write .*: it is a directory$/],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => bin(args)));
    outcomes.forEach((outcome, i) => {
      const [, error] = cases[i] as [string[], RegExp];
      expectOneLineError(outcome, error);
      expect(outcome.stderr).not.toMatch(/scenario|reference \(|see sentinel-conformance/);
    });
    expect(readdirSync(own)).toEqual(['a-file']);
  });

  it('an implementation module that does not load or exports no function, for run and replay', async () => {
    const missing = join(dir, 'no-such-simulator.mjs');
    const none = join(ROOT, 'test/fixtures/fake-sims/module-none.mjs');
    const [run, replay, empty] = await Promise.all([
      bin(['run', '--sut', missing, '--runs', '1', '--out', join(dir, 'never')]),
      bin(['replay', good, '--sut', missing]),
      bin(['run', '--sut', none, '--runs', '1', '--out', join(dir, 'never')]),
    ]);
    expectOneLineError(
      run,
      /^error: cannot load implementation module .*no-such-simulator\.mjs: no such file$/,
    );
    expectOneLineError(
      replay,
      /^error: cannot load implementation module .*no-such-simulator\.mjs: no such file$/,
    );
    expectOneLineError(empty, /^error: implementation module .*module-none\.mjs exports no function/);
    expect(readdirSync(dir)).not.toContain('never');
  });
});
