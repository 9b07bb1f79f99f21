/**
 * End to end through main(): an implementation that crashes, hangs, prints garbage or answers with a field
 * of the wrong type makes `run` exit 3, and every report format names the failed scenario (its index in
 * the run, with the seed) and what went wrong. Runs are tiny: one profile, a few scenarios. Sequential:
 * cli() captures the process's console.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKING } from '../../properties/settings.ts';
import { FAILED_SCENARIO_FORMAT } from '../../src/cli/output.ts';
import { generateCases } from '../../src/harness/suite.ts';
import type { Report } from '../../src/report/report.ts';
import { cleanUp, cli, fakeSim, ROOT, readJson, temporaryDir } from './support.ts';

afterAll(cleanUp);

interface Case {
  sim: string;
  /** Run as a module (in a thread of the suite's process), not as a command line. */
  module?: true;
  args: string[];
  reason: string;
  message: RegExp;
}

const CASES: Record<string, Case> = {
  // Answers the first request of each process, exits with code 3 on the second. Only a behaviour its fixed
  // observation keeps, so no violation is shrunk (each shrink step would restart it).
  crashes: {
    sim: 'crash-second.mjs',
    args: ['--runs', '3', '--only', 'DOC-TIME-ORDER'],
    reason: 'crashed',
    message: /^the process exited with code 3 while running this scenario$/,
  },
  // Never answers: the timeout (plus the 5 s a fresh process gets to start) kills it.
  hangs: {
    sim: 'hang.mjs',
    args: ['--runs', '1', '--timeout', '300'],
    reason: 'hung',
    message:
      /^no response within \d+ ms \(300 ms \+ \d+ ms for a fresh process to start\); the process was killed$/,
  },
  'prints garbage': {
    sim: 'garbage.mjs',
    args: ['--runs', '2'],
    reason: 'protocol',
    message: /^stdout had a line that is not JSON: hello from the simulator, this is not JSON$/,
  },
  // A module ending the process: in the suite's own thread this ended the run with exit code 0, a pass.
  'calls process.exit(0) as a module': {
    sim: 'module-exit.mjs',
    module: true,
    args: ['--runs', '2'],
    reason: 'crashed',
    message: /^its thread ended with exit code 0 \(process\.exit\?\)$/,
  },
  // A module looping for ever: in the suite's own thread nothing could stop it.
  'loops for ever as a module': {
    sim: 'module-spin.mjs',
    module: true,
    args: ['--runs', '2', '--timeout', '300'],
    reason: 'hung',
    message: /^no observation within 300 ms; the module's thread was stopped$/,
  },
  'returns a wrong field': {
    sim: 'wrong-type.mjs',
    args: ['--runs', '2'],
    reason: 'invalid-observation',
    message:
      /^SecurityAlert\[0\]\.TimeGenerated: expected an ISO-8601 timestamp like 2026-01-01T10:00:00\.000Z, received 42$/,
  },
};

describe('run against a broken implementation', () => {
  for (const [what, c] of Object.entries(CASES)) {
    it(`one that ${what}: exit 3, and the report names the scenario and what went wrong`, async () => {
      const out = temporaryDir();
      const sut = c.module ? join(ROOT, 'test/fixtures/fake-sims', c.sim) : fakeSim(c.sim);
      const outcome = await cli(['run', '--sut', sut, '--profile', 'ideal', '--out', out, ...c.args]);
      expect(outcome.code).toBe(3);

      const report = readJson(join(out, 'report.json')) as Report;
      const [run] = report.runs;
      expect(run?.implementation).toBe(sut);
      expect(run?.summary.exitCode).toBe(3);
      const failed = run?.errored ?? [];
      expect(failed.length).toBeGreaterThan(0);
      for (const e of failed) {
        expect(e.reason).toBe(c.reason);
        expect(e.message).toMatch(c.message);
        expect(e.run).toBeGreaterThanOrEqual(0);
        expect(e.run).toBeLessThan(run?.runs ?? 0);
      }
      const [first] = failed;
      if (!first) throw new Error('no failed scenario');
      expect(run?.behaviours.some((b) => b.status === 'errored')).toBe(true);

      // Each failed scenario is a file `replay` reads, holding the very scenario the run generated.
      const generated = generateCases(run?.seed ?? 0, run?.runs ?? 0);
      for (const e of failed) {
        const file = readJson(join(out, e.file ?? '')) as Record<string, unknown>;
        expect(file).toMatchObject({
          format: FAILED_SCENARIO_FORMAT,
          run: e.run,
          reason: e.reason,
          profile: 'ideal',
        });
        expect(file.scenario).toEqual(generated[e.run]?.scenario);
      }

      const line = `scenario ${first.run} errored (ideal): ${first.reason}: ${first.message}`;
      expect(outcome.stderr).toContain(line);
      const md = readFileSync(join(out, 'report.md'), 'utf8');
      expect(md).toContain('### Errored scenarios');
      expect(md).toContain(`- run ${first.run}: ${first.reason}: `);
      const xml = readFileSync(join(out, 'report.xml'), 'utf8');
      expect(xml).toContain(`type="${first.reason}"`);
      expect(xml).toContain(`scenario ${first.run} (seed ${run?.seed}): ${first.reason}: `);
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      expect(html).toContain(
        `<td class="num">${first.run}</td><td class="what"><span class="reason">${first.reason}</span>`,
      );
      expect(html).toContain('Broken');
    }, 30_000);
  }
});

// An implementation that fails every scenario would otherwise be run on all of them: 10,000 × (the timeout
// plus a fresh process's start-up) for one that hangs, 83 hours by default. The run stops after
// CHECKING.brokenStreak crashes or hangs in a row, says so in every format, and still exits 3.
describe('run against an implementation that fails every scenario', () => {
  const cases: [string, () => string][] = [
    ['a command that exits at once', () => `"${process.execPath}" -e "process.exit(1)"`],
    ['a module that always ends its thread', () => join(ROOT, 'test/fixtures/fake-sims/module-exit.mjs')],
  ];
  for (const [what, sut] of cases) {
    it(`${what}: stops after ${CHECKING.brokenStreak} in a row, exit 3, and every report says so`, async () => {
      const out = temporaryDir();
      const outcome = await cli(['run', '--sut', sut(), '--profile', 'ideal', '--out', out]);
      expect(outcome.code).toBe(3);
      const streak = CHECKING.brokenStreak;
      const [run] = (readJson(join(out, 'report.json')) as Report).runs;
      expect(run?.runs).toBe(CHECKING.suiteRuns);
      expect(run?.erroredRuns).toBe(streak);
      expect(run?.stopped).toEqual({
        after: streak,
        why: `${streak} scenarios in a row crashed or hung, so the implementation is broken and the rest would only repeat that`,
      });
      const sentence = `The run stopped after ${streak} of ${CHECKING.suiteRuns} scenarios: ${run?.stopped?.why}.`;
      expect(outcome.stderr).toContain(
        `run stopped (ideal) after ${streak} of ${CHECKING.suiteRuns} scenarios`,
      );
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(sentence);
      expect(readFileSync(join(out, 'report.xml'), 'utf8')).toContain(sentence);
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(sentence);
    }, 30_000);
  }
});

describe('--stop-after', () => {
  const exits = `"${process.execPath}" -e "process.exit(1)"`;
  it('stops after the streak it names, and never with 0', async () => {
    const three = temporaryDir();
    const a = await cli(['run', '--sut', exits, '--profile', 'ideal', '--stop-after', '3', '--out', three]);
    expect(a.code).toBe(3);
    expect((readJson(join(three, 'report.json')) as Report).runs[0]?.stopped?.after).toBe(3);
    const never = temporaryDir();
    const b = await cli([
      'run',
      '--sut',
      exits,
      '--profile',
      'ideal',
      '--stop-after',
      '0',
      '--runs',
      '25',
      '--out',
      never,
    ]);
    expect(b.code).toBe(3);
    const [run] = (readJson(join(never, 'report.json')) as Report).runs;
    expect(run?.stopped).toBeUndefined();
    expect(run?.erroredRuns).toBe(25);
  }, 30_000);
});

// A module's throw is how it says it cannot run a scenario (a subprocess answers {"error"}): it costs no
// restart, and a run goes on through any number of them.
describe('run against a module that throws on every scenario', () => {
  it('runs every scenario: a throw does not count toward the stop rule', async () => {
    const out = temporaryDir();
    const sut = join(ROOT, 'test/fixtures/fake-sims/module-throws.mjs');
    const runs = 5 * CHECKING.brokenStreak;
    const outcome = await cli([
      'run',
      '--sut',
      sut,
      '--profile',
      'ideal',
      '--runs',
      String(runs),
      '--out',
      out,
    ]);
    expect(outcome.code).toBe(3);
    const [run] = (readJson(join(out, 'report.json')) as Report).runs;
    expect(run?.erroredRuns).toBe(runs);
    expect(run?.stopped).toBeUndefined();
    expect(run?.errored[0]?.message).toBe('threw TypeError: cannot read the timeline');
  }, 30_000);
});

// A failed scenario replays: still failing, exit 3 with the reason; answered, every behaviour judges it.
describe('replay of a failed scenario', () => {
  it('exits 3 while the implementation still fails it, and 0 once it answers without a violation', async () => {
    const out = temporaryDir();
    const garbage = fakeSim('garbage.mjs');
    const run = await cli(['run', '--sut', garbage, '--runs', '2', '--profile', 'ideal', '--out', out]);
    expect(run.code).toBe(3);
    const [entry] = (readJson(join(out, 'report.json')) as Report).runs[0]?.errored ?? [];
    const file = join(out, entry?.file ?? '');
    const still = await cli(['replay', file, '--sut', garbage]);
    expect(still.code).toBe(3);
    expect(still.stdout).toMatch(
      /^replaying failed scenario \d+ \(ideal profile\) against .*; in the run it was protocol: /,
    );
    expect(still.stdout).toMatch(/^errored: protocol: stdout had a line that is not JSON/m);
    const fixed = await cli(['replay', file, '--sut', 'reference']);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/^answers now: a valid observation, and no behaviour is violated by it$/m);
    // The next run of the same implementation and profile into the same --out leaves only its own.
    const again = await cli([
      'run',
      '--sut',
      'reference',
      '--name',
      garbage,
      '--runs',
      '2',
      '--profile',
      'ideal',
      '--out',
      out,
    ]);
    expect(again.code).not.toBe(3);
    expect(existsSync(file)).toBe(false);
  }, 30_000);
});

// A re-run into the same --out after a fix must not leave the old failure's file beside the new report.
describe('counterexample files of an earlier run', () => {
  it('are removed for behaviours this run judged without one, and kept for the others', async () => {
    const out = temporaryDir();
    const broken = join(ROOT, 'test/fixtures/fake-sims/module-ok.mjs'); // one fixed observation for every scenario
    const args = ['--name', 'sim', '--runs', '100', '--profile', 'ideal', '--out', out];
    const first = await cli(['run', '--sut', broken, '--only', 'SUB-FORWARDS,TEN-SCOPE', ...args]);
    expect(first.code).toBe(1);
    const file = (id: string) => join(out, 'counterexamples', `sim-ideal-${id}.json`);
    expect([existsSync(file('SUB-FORWARDS')), existsSync(file('TEN-SCOPE'))]).toEqual([true, true]);

    const fixed = await cli(['run', '--sut', 'reference', '--only', 'SUB-FORWARDS', ...args]);
    expect(fixed.code).toBe(0);
    expect(existsSync(file('SUB-FORWARDS'))).toBe(false);
    expect(fixed.stderr).toContain(`removed ${file('SUB-FORWARDS')}: left by an earlier run`);
    expect(existsSync(file('TEN-SCOPE'))).toBe(true); // not judged this time: not known to be stale
  }, 60_000);
});
